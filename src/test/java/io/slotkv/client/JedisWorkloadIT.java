package io.slotkv.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.slotkv.testing.ServerExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Transaction;

/**
 * Jedis, the way applications use it: a connection pool shared by threads, pipelines and transactions, over all
 * data types, with results checked afterwards (each thread owns its keys, so the final state is known exactly).
 */
class JedisWorkloadIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    @Test
    void concurrentMixedWorkloadLeavesExactlyTheExpectedState() throws Exception {
        int threads = 4;
        int rounds = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (JedisPooled jedis = new JedisPooled("127.0.0.1", server.port())) {
            jedis.flushAll();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String me = "t" + t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < rounds; i++) {
                        jedis.set(me + ":s:" + i, "v" + i);
                        jedis.incr(me + ":counter");
                        jedis.incr("shared:counter");
                        jedis.rpush(me + ":list", Integer.toString(i));
                        jedis.hset(me + ":hash", "f" + i, Integer.toString(i));
                        jedis.sadd(me + ":set", Integer.toString(i % 50));
                        jedis.zadd(me + ":zset", i, "m" + i);
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
            assertThat(jedis.get("shared:counter")).isEqualTo(Integer.toString(threads * rounds));
            for (int t = 0; t < threads; t++) {
                String me = "t" + t;
                assertThat(jedis.get(me + ":counter")).isEqualTo(Integer.toString(rounds));
                assertThat(jedis.llen(me + ":list")).isEqualTo(rounds);
                assertThat(jedis.lindex(me + ":list", -1)).isEqualTo(Integer.toString(rounds - 1));
                assertThat(jedis.hlen(me + ":hash")).isEqualTo(rounds);
                assertThat(jedis.scard(me + ":set")).isEqualTo(50);
                assertThat(jedis.zcard(me + ":zset")).isEqualTo(rounds);
                assertThat(jedis.zrank(me + ":zset", "m10")).isEqualTo(10);
            }
            assertThat(jedis.dbSize()).isEqualTo(threads * (rounds + 5L) + 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void pipelinesAndTransactions() {
        try (Jedis jedis = server.jedis()) {
            jedis.del("p:list", "p:hash", "p:n");
            Pipeline pipeline = jedis.pipelined();
            for (int i = 0; i < 1000; i++) {
                pipeline.rpush("p:list", Integer.toString(i));
            }
            pipeline.hset("p:hash", Map.of("a", "1", "b", "2"));
            pipeline.sync();
            assertThat(jedis.llen("p:list")).isEqualTo(1000);
            Transaction tx = jedis.multi();
            tx.incrBy("p:n", 5);
            tx.hincrBy("p:hash", "a", 10);
            tx.lpop("p:list");
            List<Object> results = tx.exec();
            assertThat(results).containsExactly(5L, 11L, "0");
        }
    }
}
