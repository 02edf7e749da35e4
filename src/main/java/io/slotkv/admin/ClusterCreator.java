package io.slotkv.admin;

import io.slotkv.protocol.HashSlot;
import io.slotkv.protocol.RespClient;
import java.io.IOException;
import java.util.List;

/**
 * Makes a cluster of fresh nodes the way {@code redis-cli --cluster create} does: even slot ranges, distinct
 * config epochs (so no collision has to be resolved), every node introduced to the first with CLUSTER MEET, then
 * waits until every node knows all the others and says the cluster is ok.
 */
final class ClusterCreator {
    private ClusterCreator() {}

    /** The first slot of node {@code index} of {@code count}; node i serves [start(i), start(i + 1)). */
    static int rangeStart(int index, int count) {
        return (int) ((long) HashSlot.COUNT * index / count);
    }

    static void create(List<LocalServer> nodes, long timeoutMillis) throws IOException, InterruptedException {
        int count = nodes.size();
        for (int i = 0; i < count; i++) {
            try (RespClient client = nodes.get(i).client()) {
                client.call("CLUSTER", "ADDSLOTSRANGE", rangeStart(i, count), rangeStart(i + 1, count) - 1);
                client.call("CLUSTER", "SET-CONFIG-EPOCH", i + 1);
            }
        }
        try (RespClient first = nodes.get(0).client()) {
            for (int i = 1; i < count; i++) {
                first.call("CLUSTER", "MEET", "127.0.0.1", nodes.get(i).port());
            }
        }
        long deadline = System.currentTimeMillis() + timeoutMillis;
        for (LocalServer node : nodes) {
            while (!ready(node, count)) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IOException("the cluster did not form within " + timeoutMillis + " ms (node "
                            + node.port() + ")");
                }
                Thread.sleep(100);
            }
        }
    }

    private static boolean ready(LocalServer node, int count) throws IOException {
        try (RespClient client = node.client()) {
            String info = RespClient.text(client.call("CLUSTER", "INFO"));
            return info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:" + count + "\r\n");
        }
    }
}
