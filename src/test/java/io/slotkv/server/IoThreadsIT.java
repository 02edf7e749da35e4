package io.slotkv.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.slotkv.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/**
 * With {@code io-threads 2} connections parse on their own event loops and hand commands to the shard thread:
 * replies must stay in order per connection, commands stay atomic, and blocking commands still work.
 */
class IoThreadsIT {
    @Test
    void pipelinedRepliesStayInOrderAcrossIoThreads() throws Exception {
        try (TestServer server = TestServer.start("io-threads 2")) {
            List<CompletableFuture<Void>> clients = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                String prefix = "c" + c + ":";
                clients.add(CompletableFuture.runAsync(() -> {
                    try (Jedis jedis = server.jedis()) {
                        Pipeline pipeline = jedis.pipelined();
                        List<Response<Long>> replies = new ArrayList<>();
                        for (int i = 0; i < 2000; i++) {
                            replies.add(pipeline.rpush(prefix + "list", Integer.toString(i)));
                            pipeline.incr("shared");
                        }
                        pipeline.sync();
                        for (int i = 0; i < replies.size(); i++) {
                            assertThat(replies.get(i).get()).isEqualTo(i + 1L);
                        }
                    }
                }));
            }
            CompletableFuture.allOf(clients.toArray(new CompletableFuture[0])).get();
            try (Jedis jedis = server.jedis()) {
                assertThat(jedis.get("shared")).isEqualTo("8000");
                assertThat(jedis.lrange("c3:list", -1, -1)).containsExactly("1999");
            }
        }
    }

    @Test
    void blockedClientIsServedAcrossIoThreads() throws Exception {
        try (TestServer server = TestServer.start("io-threads 2");
                Jedis waiter = server.jedis();
                Jedis pusher = server.jedis()) {
            CompletableFuture<List<String>> popped = CompletableFuture.supplyAsync(() -> waiter.blpop(10, "q"));
            org.awaitility.Awaitility.await().until(() -> server.server().blocking().blockedClients() == 1);
            pusher.rpush("q", "job");
            assertThat(popped.get()).containsExactly("q", "job");
        }
    }
}
