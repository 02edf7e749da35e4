package io.slotkv.command;

import io.slotkv.protocol.Numbers;
import io.slotkv.protocol.RespWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * COMMAND and its subcommands (COUNT, INFO, DOCS, GETKEYS, LIST, HELP), in Redis 7's reply shapes, all derived
 * from the {@link CommandTable} rows.
 */
final class CommandCommands {
    private CommandCommands() {}

    static void all(Call call) {
        List<CommandSpec> specs = new ArrayList<>(call.server().commands().all());
        call.reply().array(specs.size());
        specs.forEach(spec -> writeInfo(call.reply(), spec));
    }

    static void count(Call call) {
        call.reply().integer(call.server().commands().all().size());
    }

    /** COMMAND INFO [name ...]: one entry per name, null for unknown names; all commands without names. */
    static void info(Call call) {
        if (call.argc() == 2) {
            all(call);
            return;
        }
        call.reply().array(call.argc() - 2);
        for (int i = 2; i < call.argc(); i++) {
            CommandSpec spec = find(call, call.arg(i));
            if (spec == null) {
                call.reply().nullBulk();
            } else {
                writeInfo(call.reply(), spec);
            }
        }
    }

    /** A command by name, or a subcommand by "container|sub". */
    private static CommandSpec find(Call call, byte[] name) {
        String text = new String(name, StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT);
        int bar = text.indexOf('|');
        if (bar < 0) {
            return call.server().commands().lookup(text);
        }
        CommandSpec container = call.server().commands().lookup(text.substring(0, bar));
        return container == null ? null : container.subcommands().get(text.substring(bar + 1));
    }

    /** [name, arity, flags, first key, last key, step, categories, tips, key specs, subcommands]. */
    private static void writeInfo(RespWriter reply, CommandSpec spec) {
        KeySpec keys = spec.keys();
        reply.array(10);
        reply.bulk(spec.name());
        reply.integer(spec.arity());
        List<String> flags = spec.flagNames();
        reply.set(flags.size());
        flags.forEach(reply::simple);
        reply.integer(keys.first());
        reply.integer(keys.last());
        reply.integer(keys.step());
        List<String> categories = spec.categories();
        reply.set(categories.size());
        categories.forEach(reply::simple);
        reply.array(0);
        reply.array(0);
        reply.array(spec.subcommands().size());
        spec.subcommands().values().forEach(sub -> writeInfo(reply, sub));
    }

    /** COMMAND DOCS [name ...]: a map from name to its summary, first version, group and subcommands. */
    static void docs(Call call) {
        List<CommandSpec> specs = new ArrayList<>();
        if (call.argc() == 2) {
            specs.addAll(call.server().commands().all());
        } else {
            for (int i = 2; i < call.argc(); i++) {
                CommandSpec spec = find(call, call.arg(i));
                if (spec != null) {
                    specs.add(spec);
                }
            }
        }
        call.reply().map(specs.size());
        specs.forEach(spec -> writeDocs(call.reply(), spec));
    }

    private static void writeDocs(RespWriter reply, CommandSpec spec) {
        reply.bulk(spec.name());
        boolean container = !spec.subcommands().isEmpty();
        reply.map(container ? 4 : 3);
        reply.bulk("summary");
        reply.bulk(spec.summary());
        reply.bulk("since");
        reply.bulk(spec.since());
        reply.bulk("group");
        reply.bulk(spec.group());
        if (container) {
            reply.bulk("subcommands");
            reply.map(spec.subcommands().size());
            spec.subcommands().values().forEach(sub -> writeDocs(reply, sub));
        }
    }

    /**
     * COMMAND GETKEYS command [arg ...]: the keys the table says the command touches. Checked in Redis's order:
     * unknown command or subcommand, no keys at all, arity, then the arguments that locate the keys.
     */
    static void getKeys(Call call) {
        byte[][] argv = Arrays.copyOfRange(call.argv(), 2, call.argc());
        CommandSpec spec = call.server().commands().lookup(argv[0]);
        if (spec != null && !spec.subcommands().isEmpty() && argv.length > 1) {
            spec = call.server().commands().subcommand(spec, argv[1]);
        }
        if (spec == null) {
            throw new CommandException("ERR Invalid command specified");
        }
        KeySpec keys = spec.keys();
        if (keys.equals(KeySpec.NONE)) {
            throw new CommandException("ERR The command has no key arguments");
        }
        if (!spec.arityAccepts(argv.length)) {
            throw new CommandException("ERR Invalid number of arguments specified for command");
        }
        int[] positions = keys.positions(argv);
        if (positions == null || positions.length == 0
                || (keys.numkeysIndex() > 0 && Numbers.parseLong(argv[keys.numkeysIndex()], 0) < 1)) {
            // every numkeys command needs at least one key, so "numkeys 0" is invalid too, as in Redis
            throw new CommandException("ERR Invalid arguments specified for command");
        }
        call.reply().array(positions.length);
        for (int position : positions) {
            call.reply().bulk(argv[position]);
        }
    }

    /**
     * COMMAND LIST [FILTERBY ACLCAT category | PATTERN pattern | MODULE name]: names of commands and, as
     * "container|sub", of their subcommands; patterns and categories ignore case, as in Redis.
     */
    static void list(Call call) {
        if (call.argc() != 2 && call.argc() != 5) {
            throw new CommandException(Errors.SYNTAX);
        }
        if (call.argc() == 5 && !call.is(2, "FILTERBY")) {
            throw new CommandException(Errors.SYNTAX);
        }
        List<String> names = new ArrayList<>();
        for (CommandSpec command : call.server().commands().all()) {
            List<CommandSpec> specs = new ArrayList<>();
            specs.add(command);
            specs.addAll(command.subcommands().values());
            for (CommandSpec spec : specs) {
                if (call.argc() == 2 || filter(call, spec)) {
                    names.add(spec.name());
                }
            }
        }
        call.reply().array(names.size());
        names.forEach(call.reply()::bulk);
    }

    private static boolean filter(Call call, CommandSpec spec) {
        if (call.is(3, "MODULE")) {
            return false;
        }
        if (call.is(3, "ACLCAT")) {
            return spec.categories().contains("@" + call.text(4).toLowerCase(java.util.Locale.ROOT));
        }
        if (call.is(3, "PATTERN")) {
            return Glob.matchesIgnoreCase(call.arg(4), spec.name().getBytes(StandardCharsets.UTF_8));
        }
        throw new CommandException(Errors.SYNTAX);
    }

    static void help(Call call) {
        Help.reply(call, "COMMAND",
                "(no subcommand)",
                "    Return details about all commands.",
                "COUNT",
                "    Return the total number of commands in this server.",
                "LIST",
                "    Return a list of all commands in this server.",
                "INFO [<command-name> ...]",
                "    Return details about multiple commands.",
                "DOCS [<command-name> ...]",
                "    Return documentation details about multiple commands.",
                "GETKEYS <full-command>",
                "    Return the keys from a full command.");
    }
}
