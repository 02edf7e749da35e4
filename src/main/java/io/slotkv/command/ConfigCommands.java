package io.slotkv.command;

import io.slotkv.config.ConfigException;
import io.slotkv.config.Directives;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** CONFIG GET | SET | RESETSTAT | HELP over the directives of {@link Directives}. */
final class ConfigCommands {
    private ConfigCommands() {}

    /** CONFIG GET pattern [pattern ...]: a map of every matching directive. */
    static void get(Call call) {
        Map<String, String> values = call.server().config().snapshot();
        Map<String, String> matched = new LinkedHashMap<>();
        for (int i = 2; i < call.argc(); i++) {
            byte[] pattern = call.arg(i);
            for (String name : Directives.ALL.keySet()) {
                if (Glob.matchesIgnoreCase(pattern, name.getBytes(StandardCharsets.US_ASCII))) {
                    matched.put(name, values.get(name));
                }
            }
        }
        call.reply().map(matched.size());
        matched.forEach((name, value) -> {
            call.reply().bulk(name);
            call.reply().bulk(value);
        });
    }

    /** CONFIG SET name value [name value ...]: all changes or none. */
    static void set(Call call) {
        if (call.argc() % 2 != 0) {
            throw new CommandException(Errors.SYNTAX);
        }
        List<Map.Entry<String, String>> changes = new ArrayList<>();
        for (int i = 2; i < call.argc(); i += 2) {
            changes.add(Map.entry(call.text(i), call.text(i + 1)));
        }
        try {
            call.server().config().set(changes, call.server()::configChanged);
        } catch (ConfigException e) {
            throw new CommandException(e.getMessage());
        }
        call.reply().ok();
    }

    static void resetStat(Call call) {
        call.server().stats().reset();
        call.reply().ok();
    }

    static void help(Call call) {
        Help.reply(call, "CONFIG",
                "GET <pattern>",
                "    Return parameters matching the glob-like <pattern> and their values.",
                "SET <directive> <value>",
                "    Set the configuration <directive> to <value>.",
                "RESETSTAT",
                "    Reset statistics reported by the INFO command.");
    }
}
