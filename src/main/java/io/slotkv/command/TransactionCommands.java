package io.slotkv.command;

import io.slotkv.server.Client;
import io.slotkv.server.DbKey;
import io.slotkv.store.Keyspace;
import java.util.List;
import java.util.Map;

/**
 * MULTI, EXEC, DISCARD, WATCH, UNWATCH. Queued commands run inside EXEC one after another on the shard thread with
 * nothing in between, so a transaction is atomic; WATCH turns it into a check-and-set that fails (null reply) when
 * a watched key was written, or expired, after WATCH.
 */
final class TransactionCommands {
    private TransactionCommands() {}

    static void multi(Call call) {
        if (call.client().inMulti()) {
            throw new CommandException(Errors.NESTED_MULTI);
        }
        call.client().beginMulti();
        call.reply().ok();
    }

    static void exec(Call call) {
        Client client = call.client();
        if (!client.inMulti()) {
            throw new CommandException(Errors.EXEC_WITHOUT_MULTI);
        }
        boolean aborted = client.multiDirty();
        List<byte[][]> commands = client.endMulti();
        boolean stale = client.watchDirty() || watchedKeyExpired(call);
        call.server().watches().unwatchAll(client);
        if (aborted) {
            throw new CommandException(Errors.EXECABORT);
        }
        if (stale) {
            call.reply().nullArray();
            return;
        }
        call.reply().array(commands.size());
        client.setInExec(true);
        // The queued commands reach the disk as one unit: Dispatcher#drain groups every command it runs, EXEC's too.
        try {
            for (byte[][] argv : commands) {
                call.server().dispatcher().call(client, call.server().dispatcher().resolve(argv), argv);
            }
        } finally {
            client.setInExec(false);
        }
    }

    /** A watched key that had a time to live and is gone now expired after WATCH: Redis fails the EXEC. */
    private static boolean watchedKeyExpired(Call call) {
        for (Map.Entry<DbKey, Long> watched : call.client().watched().entrySet()) {
            if (watched.getValue() >= 0) {
                Keyspace db = call.server().database(watched.getKey().db());
                if (!db.exists(watched.getKey().key())) {
                    return true;
                }
            }
        }
        return false;
    }

    static void discard(Call call) {
        if (!call.client().inMulti()) {
            throw new CommandException(Errors.DISCARD_WITHOUT_MULTI);
        }
        call.client().endMulti();
        call.server().watches().unwatchAll(call.client());
        call.reply().ok();
    }

    static void watch(Call call) {
        if (call.client().inMulti()) {
            throw new CommandException(Errors.WATCH_IN_MULTI);
        }
        for (int i = 1; i < call.argc(); i++) {
            byte[] key = call.arg(i);
            call.server().watches().watch(call.client(), DbKey.of(call.client().db(), key), call.db().expireAt(key));
        }
        call.reply().ok();
    }

    static void unwatch(Call call) {
        call.server().watches().unwatchAll(call.client());
        call.reply().ok();
    }
}
