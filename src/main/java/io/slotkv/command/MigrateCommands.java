package io.slotkv.command;

import io.slotkv.migration.MigrateJob;
import io.slotkv.migration.MigrateRequest;
import io.slotkv.protocol.Numbers;
import java.util.ArrayList;
import java.util.List;

/**
 * MIGRATE host port key|"" destination-db timeout [COPY] [REPLACE] [AUTH password] [AUTH2 username password]
 * [KEYS key ...], with Redis's syntax, checks and replies. The move itself is a {@link MigrateJob}: the client
 * waits for its reply while every other client is served.
 */
final class MigrateCommands {
    private static final String KEYS_NEED_EMPTY_KEY =
            "ERR When using MIGRATE KEYS option, the key argument must be set to the empty string";
    /** Redis's default when the timeout given is not positive. */
    private static final long DEFAULT_TIMEOUT_MILLIS = 1000;

    private MigrateCommands() {}

    static void migrate(Call call) {
        boolean copy = false;
        boolean replace = false;
        byte[] username = null;
        byte[] password = null;
        int firstKey = 3;
        int keyCount = 1;
        for (int i = 6; i < call.argc(); i++) {
            int more = call.argc() - 1 - i;
            if (call.is(i, "COPY")) {
                copy = true;
            } else if (call.is(i, "REPLACE")) {
                replace = true;
            } else if (call.is(i, "AUTH")) {
                Call.require(more >= 1, Errors.SYNTAX);
                username = null;
                password = call.arg(++i);
            } else if (call.is(i, "AUTH2")) {
                Call.require(more >= 2, Errors.SYNTAX);
                username = call.arg(++i);
                password = call.arg(++i);
            } else if (call.is(i, "KEYS")) {
                Call.require(call.arg(3).length == 0, KEYS_NEED_EMPTY_KEY);
                firstKey = i + 1;
                keyCount = call.argc() - i - 1;
                break;
            } else {
                throw new CommandException(Errors.SYNTAX);
            }
        }
        long timeout = call.longArg(5);
        long db = call.longArg(4);
        List<byte[]> keys = new ArrayList<>(keyCount);
        for (int i = firstKey; i < firstKey + keyCount; i++) {
            if (call.db().exists(call.arg(i))) {
                keys.add(call.arg(i));
            }
        }
        if (keys.isEmpty()) {
            call.reply().simple("NOKEY");
            return;
        }
        // A port that is no port fails to connect, as in Redis; the target itself refuses a database it lacks.
        int port = (int) Math.max(0, Math.min(65_536, Numbers.parseLong(call.arg(2), 0)));
        MigrateJob.start(call.server(), call.client(), new MigrateRequest(call.text(1), port, db,
                timeout <= 0 ? DEFAULT_TIMEOUT_MILLIS : timeout, copy, replace, username, password, keys));
    }
}
