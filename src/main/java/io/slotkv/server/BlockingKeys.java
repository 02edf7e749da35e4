package io.slotkv.server;

import io.slotkv.store.ValueType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Clients blocked on keys (BLPOP, BLMOVE, BZPOPMIN, ...), in arrival order per key, as Redis serves them.
 *
 * <p>How a blocked client is served: a write command signals its keys; after that command completes the
 * dispatcher calls {@link #serveReady()}, which runs each waiting client's command again, first come first
 * served. A command that still finds nothing calls {@link #block} again, which keeps the client waiting in its
 * place. Owned by the shard thread; timeouts are scheduled on it too.
 */
public final class BlockingKeys {
    private final Server server;
    private final Map<DbKey, ArrayDeque<Client>> waiting = new HashMap<>();
    private final LinkedHashSet<DbKey> ready = new LinkedHashSet<>();
    private int blockedClients;

    BlockingKeys(Server server) {
        this.server = server;
    }

    /**
     * Blocks {@code client} until one of {@code keys} holds a value of {@code type} or {@code timeoutMillis} pass
     * (0: forever);
     * writes nothing. When called while the command is run again after a signal, keeps the client waiting.
     */
    public void block(Client client, ValueType type, List<byte[]> keys, long timeoutMillis, Runnable onTimeout,
            byte[][] argv) {
        Blocked current = client.blocked();
        if (current != null && current.retrying) {
            current.retrying = false;
            return;
        }
        List<DbKey> dbKeys = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
            DbKey dbKey = DbKey.of(client.db(), key);
            if (!dbKeys.contains(dbKey)) {
                dbKeys.add(dbKey);
                waiting.computeIfAbsent(dbKey, k -> new ArrayDeque<>()).add(client);
            }
        }
        Blocked blocked = new Blocked(dbKeys, type, argv, onTimeout);
        client.setBlocked(blocked);
        blockedClients++;
        if (timeoutMillis > 0) {
            blocked.timer = server.shard().schedule(() -> timeout(client, blocked), timeoutMillis,
                    TimeUnit.MILLISECONDS);
        }
    }

    private void timeout(Client client, Blocked blocked) {
        if (client.blocked() != blocked) {
            return;
        }
        unblock(client);
        blocked.onTimeout.run();
        server.resume(client);
    }

    /**
     * A command modified {@code key}: clients waiting on it get a chance after the command, if the key now holds a
     * value (a deleted key can serve nobody).
     */
    public void signal(DbKey key) {
        if (!waiting.isEmpty() && waiting.containsKey(key) && server.database(key.db()).exists(key.key())) {
            ready.add(key);
        }
    }

    /**
     * Runs the commands of clients waiting on keys that received data, in arrival order per key; see the class
     * comment. A key holding another type than a client waits for leaves it blocked, as in Redis. Served clients
     * continue with their pipelined commands only after every ready key was served, so those commands cannot
     * jump ahead of clients that were blocked before them.
     */
    public void serveReady() {
        List<Client> served = new ArrayList<>();
        while (!ready.isEmpty()) {
            DbKey key = ready.removeFirst();
            ArrayDeque<Client> queue = waiting.get(key);
            if (queue == null) {
                continue;
            }
            ValueType present = server.database(key.db()).type(key.key());
            for (Client client : new ArrayList<>(queue)) {
                Blocked blocked = client.blocked();
                if (blocked == null || blocked.type != present) {
                    continue;
                }
                blocked.retrying = true;
                server.dispatcher().rerun(client, blocked.argv);
                if (blocked.retrying) {
                    unblock(client);
                    served.add(client);
                }
            }
        }
        served.forEach(server::resume);
    }

    /** Removes {@code client} from every wait queue and cancels its timeout. */
    public void unblock(Client client) {
        Blocked blocked = client.blocked();
        if (blocked == null) {
            return;
        }
        for (DbKey key : blocked.keys) {
            ArrayDeque<Client> queue = waiting.get(key);
            if (queue != null) {
                queue.remove(client);
                if (queue.isEmpty()) {
                    waiting.remove(key);
                }
            }
        }
        if (blocked.timer != null) {
            blocked.timer.cancel(false);
        }
        client.setBlocked(null);
        blockedClients--;
    }

    public int blockedClients() {
        return blockedClients;
    }
}
