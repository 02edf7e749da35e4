package io.slotkv.command;

import io.slotkv.server.Server;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Server commands: INFO, DBSIZE, FLUSHDB, FLUSHALL, TIME, SHUTDOWN, DEBUG, MONITOR. */
final class ServerCommands {
    private ServerCommands() {}

    static void info(Call call) {
        List<String> sections = new ArrayList<>();
        for (int i = 1; i < call.argc(); i++) {
            sections.add(call.text(i).toLowerCase(Locale.ROOT));
        }
        call.reply().verbatim(InfoSections.render(call.server(), sections));
    }

    static void dbsize(Call call) {
        call.reply().integer(call.db().size());
    }

    static void flushdb(Call call) {
        flushMode(call);
        call.db().flush();
        call.server().watches().touchDatabase(call.client().db());
        call.reply().ok();
    }

    static void flushall(Call call) {
        flushMode(call);
        Server server = call.server();
        for (int i = 0; i < server.engine().databases(); i++) {
            server.database(i).flush();
        }
        server.watches().touchDatabase(-1);
        call.reply().ok();
    }

    /** FLUSHDB/FLUSHALL [ASYNC|SYNC]: both are accepted; slotkv frees memory at once either way. */
    private static void flushMode(Call call) {
        if (call.argc() > 2 || (call.argc() == 2 && !call.is(1, "ASYNC") && !call.is(1, "SYNC"))) {
            throw new CommandException(Errors.SYNTAX);
        }
    }

    static void time(Call call) {
        long micros = System.currentTimeMillis() * 1000 + (System.nanoTime() / 1000) % 1000;
        call.reply().array(2);
        call.reply().bulkDecimal(micros / 1_000_000);
        call.reply().bulkDecimal(micros % 1_000_000);
    }

    /** SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]: on success the connection simply closes, as in Redis. */
    static void shutdown(Call call) {
        for (int i = 1; i < call.argc(); i++) {
            if (call.is(i, "ABORT")) {
                throw new CommandException("ERR No shutdown in progress.");
            }
            if (!call.is(i, "NOSAVE") && !call.is(i, "SAVE") && !call.is(i, "NOW") && !call.is(i, "FORCE")) {
                throw new CommandException(Errors.SYNTAX);
            }
        }
        call.server().log().warning("User requested shutdown...");
        call.server().shutdown();
    }

    /** DEBUG SLEEP seconds | LOG message | HELP. SLEEP blocks the server, as in Redis: it is for tests. */
    static void debug(Call call) {
        if (call.is(1, "SLEEP") && call.argc() == 3) {
            double seconds = call.doubleArg(2);
            try {
                Thread.sleep((long) (seconds * 1000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            call.reply().ok();
        } else if (call.is(1, "LOG") && call.argc() == 3) {
            call.server().log().warning("DEBUG LOG: " + call.text(2));
            call.reply().ok();
        } else if (call.is(1, "HELP") && call.argc() == 2) {
            Help.reply(call, "DEBUG",
                    "LOG <message>",
                    "    Write <message> to the server log.",
                    "SLEEP <seconds>",
                    "    Stop the server for <seconds>. Decimals allowed.");
        } else {
            throw new CommandException("ERR Unknown subcommand or wrong number of arguments for '" + call.text(1)
                    + "'. Try DEBUG HELP.");
        }
    }

    static void monitor(Call call) {
        if (call.client().inMulti()) {
            throw new CommandException("ERR MONITOR isn't allowed in MULTI");
        }
        call.server().monitors().add(call.client());
        call.reply().ok();
    }
}
