package io.slotkv.admin;

import io.slotkv.protocol.HashSlot;
import io.slotkv.protocol.RespClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cluster-aware client for the admin tool: routes each command by the slot of its first key (argument 1) to the
 * node serving it, follows MOVED (updating its slot map) and ASK (with ASKING), and pipelines across nodes while
 * keeping replies in the order commands were sent. The slot map comes from CLUSTER SLOTS of the seed node.
 * Not thread-safe: one per thread.
 */
final class ClusterClient implements AutoCloseable {
    private static final int MAX_REDIRECTS = 5;

    private final Map<String, RespClient> connections = new LinkedHashMap<>();
    private final String[] owners = new String[HashSlot.COUNT];
    private final String seed;
    /** Commands sent and not yet read, with the node each went to. */
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();

    private record Pending(String node, Object[] command) {}

    ClusterClient(String host, int port) throws IOException {
        seed = host + ":" + port;
        refreshSlots();
    }

    /** Reloads the slot map from CLUSTER SLOTS. */
    private void refreshSlots() throws IOException {
        Object reply = connection(seed).call("CLUSTER", "SLOTS");
        for (Object range : (List<?>) reply) {
            List<?> fields = (List<?>) range;
            List<?> master = (List<?>) fields.get(2);
            String node = RespClient.text(master.get(0)) + ":" + master.get(1);
            for (long slot = (Long) fields.get(0); slot <= (Long) fields.get(1); slot++) {
                owners[(int) slot] = node;
            }
        }
    }

    private RespClient connection(String node) throws IOException {
        RespClient client = connections.get(node);
        if (client == null) {
            int colon = node.lastIndexOf(':');
            client = new RespClient(node.substring(0, colon), Integer.parseInt(node.substring(colon + 1)), 10_000);
            connections.put(node, client);
        }
        return client;
    }

    private String nodeFor(Object[] command) {
        if (command.length < 2) {
            return seed;
        }
        byte[] key = command[1] instanceof byte[] bytes ? bytes
                : String.valueOf(command[1]).getBytes(StandardCharsets.UTF_8);
        String owner = owners[HashSlot.of(key)];
        return owner == null ? seed : owner;
    }

    /** Queues a command for the node serving its key. */
    void send(Object... command) throws IOException {
        String node = nodeFor(command);
        connection(node).send(command);
        pending.add(new Pending(node, command));
    }

    void flush() throws IOException {
        for (RespClient client : connections.values()) {
            client.flush();
        }
    }

    /** The reply to the oldest command not yet read, after following redirections. */
    Object read() throws IOException {
        Pending next = pending.remove();
        try {
            return connection(next.node()).read();
        } catch (RespClient.RespError e) {
            return redirected(next.command(), e, MAX_REDIRECTS);
        }
    }

    Object call(Object... command) throws IOException {
        send(command);
        flush();
        return read();
    }

    /** Follows a MOVED or ASK answer; any other error is the reply. */
    private Object redirected(Object[] command, RespClient.RespError error, int left) throws IOException {
        String[] words = error.getMessage().split(" ");
        boolean moved = words[0].equals("MOVED");
        if ((!moved && !words[0].equals("ASK")) || words.length < 3 || left == 0) {
            throw error;
        }
        String node = words[2];
        if (moved) {
            owners[Integer.parseInt(words[1])] = node;
        }
        RespClient target = connection(node);
        try {
            if (!moved) {
                target.call("ASKING");
            }
            return target.call(command);
        } catch (RespClient.RespError again) {
            return redirected(command, again, left - 1);
        }
    }

    @Override
    public void close() throws IOException {
        for (RespClient client : connections.values()) {
            client.close();
        }
    }
}
