package io.slotkv.command;

import io.slotkv.server.Server;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Server commands: INFO, DBSIZE, FLUSHDB, FLUSHALL, TIME, SHUTDOWN, DEBUG, MONITOR. */
final class ServerCommands {
    /** The options of SHUTDOWN. */
    private enum ShutdownFlag { NOSAVE, SAVE, NOW, FORCE, ABORT }

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
        touchWatchersOfExistingKeys(call.server(), call.client().db());
        call.db().flush();
        call.reply().ok();
    }

    static void flushall(Call call) {
        flushMode(call);
        Server server = call.server();
        touchWatchersOfExistingKeys(server, -1);
        for (int i = 0; i < server.engine().databases(); i++) {
            server.database(i).flush();
        }
        call.reply().ok();
    }

    /**
     * Before a flush of database {@code db} (all when negative): fails the transactions watching a key the flush
     * deletes. As in Redis, watching a key that does not exist is not affected.
     */
    private static void touchWatchersOfExistingKeys(Server server, int db) {
        server.watches().touchDatabase(db, key -> server.database(key.db()).exists(key.key()));
    }

    /** FLUSHDB/FLUSHALL [ASYNC|SYNC]: both are accepted; slotkv frees memory at once either way. */
    private static void flushMode(Call call) {
        if (call.argc() > 2 || (call.argc() == 2 && !call.is(1, "ASYNC") && !call.is(1, "SYNC"))) {
            throw new CommandException(Errors.SYNTAX);
        }
    }

    /** TIME: [seconds, microseconds] of the wall clock. */
    static void time(Call call) {
        Instant now = Instant.now();
        call.reply().array(2);
        call.reply().bulkDecimal(now.getEpochSecond());
        call.reply().bulkDecimal(now.getNano() / 1000);
    }

    /**
     * SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] | SHUTDOWN ABORT: on success the connection simply closes, as in Redis.
     * There is never a shutdown in progress to abort: slotkv's shutdown does not wait for anything.
     */
    static void shutdown(Call call) {
        Set<ShutdownFlag> flags = EnumSet.noneOf(ShutdownFlag.class);
        for (int i = 1; i < call.argc(); i++) {
            flags.add(shutdownFlag(call, i));
        }
        boolean abort = flags.contains(ShutdownFlag.ABORT);
        if ((abort && flags.size() > 1) || flags.containsAll(EnumSet.of(ShutdownFlag.SAVE, ShutdownFlag.NOSAVE))) {
            throw new CommandException(Errors.SYNTAX);
        }
        if (abort) {
            throw new CommandException("ERR No shutdown in progress.");
        }
        call.server().log().warning("User requested shutdown...");
        call.server().shutdown();
    }

    private static ShutdownFlag shutdownFlag(Call call, int index) {
        for (ShutdownFlag flag : ShutdownFlag.values()) {
            if (call.is(index, flag.name())) {
                return flag;
            }
        }
        throw new CommandException(Errors.SYNTAX);
    }

    /**
     * DEBUG SLEEP seconds | LOG message | HELP. SLEEP blocks the server, as in Redis: it is for tests. A negative
     * time does not sleep.
     */
    static void debug(Call call) {
        if (call.is(1, "SLEEP") && call.argc() == 3) {
            double seconds = Math.max(0, call.doubleArg(2));
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
            throw new CommandException("ERR unknown subcommand or wrong number of arguments for '" + call.text(1)
                    + "'. Try DEBUG HELP.");
        }
    }

    /**
     * MONITOR: from now on the client receives every command the server runs. Queued in MULTI, it fails in EXEC, as
     * in Redis; a client already monitoring gets no reply at all, as in Redis.
     */
    static void monitor(Call call) {
        if (call.client().inExec()) {
            throw new CommandException("ERR MONITOR isn't allowed for DENY BLOCKING client");
        }
        if (call.client().isMonitor()) {
            return;
        }
        call.server().monitors().add(call.client());
        call.reply().ok();
    }
}
