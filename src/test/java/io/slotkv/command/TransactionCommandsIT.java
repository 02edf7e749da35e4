package io.slotkv.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.slotkv.protocol.RespClient;
import io.slotkv.testing.ServerExtension;
import io.slotkv.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.args.FlushMode;
import redis.clients.jedis.params.SetParams;

/**
 * MULTI, EXEC, DISCARD, WATCH and UNWATCH, with the replies of Debian's redis-server 7.0, plus the server commands
 * whose behaviour depends on data (DBSIZE, FLUSHDB, FLUSHALL, INFO keyspace).
 *
 * <p>DATA-DEPENDENT: most of these tests store keys with SET, INCR, LPUSH and friends, which are implemented in
 * other branches; until those are merged they fail with "ERR not implemented". The transaction tests that need no
 * data are here too, so that all transaction behaviour is in one place.
 */
class TransactionCommandsIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    @BeforeEach
    void flush() {
        try (Jedis jedis = server.jedis()) {
            jedis.flushAll();
        }
    }

    // ---------------------------------------------------------------- MULTI / EXEC / DISCARD

    @Test
    void execReturnsTheResultOfEveryQueuedCommand() throws IOException {
        try (RespClient client = server.respClient()) {
            assertThat(client.call("MULTI")).isEqualTo("OK");
            assertThat(client.call("SET", "k", "v")).isEqualTo("QUEUED");
            assertThat(client.call("INCR", "n")).isEqualTo("QUEUED");
            assertThat(client.call("INCR", "n")).isEqualTo("QUEUED");
            assertThat(client.call("GET", "k")).isEqualTo("QUEUED");
            assertThat(client.call("LPUSH", "l", "a", "b")).isEqualTo("QUEUED");
            assertThat(client.call("PING")).isEqualTo("QUEUED");
            List<Object> results = list(client.call("EXEC"));
            assertThat(results).hasSize(6);
            assertThat(results.subList(0, 3)).containsExactly("OK", 1L, 2L);
            assertThat(results.get(3)).isEqualTo(bytes("v"));
            assertThat(results.subList(4, 6)).containsExactly(2L, "PONG");
            assertThatThrownBy(() -> client.call("EXEC")).hasMessage("ERR EXEC without MULTI");
        }
    }

    @Test
    void anErrorWhileQueueingDiscardsTheTransaction() throws IOException {
        try (RespClient client = server.respClient()) {
            client.call("MULTI");
            assertThatThrownBy(() -> client.call("SET", "k"))
                    .hasMessage("ERR wrong number of arguments for 'set' command");
            assertThat(client.call("SET", "k", "v")).isEqualTo("QUEUED");
            assertThatThrownBy(() -> client.call("EXEC"))
                    .hasMessage("EXECABORT Transaction discarded because of previous errors.");
            assertThat(client.call("GET", "k")).isNull();
            client.call("MULTI");
            assertThatThrownBy(() -> client.call("NOSUCH")).hasMessageStartingWith("ERR unknown command 'NOSUCH'");
            assertThatThrownBy(() -> client.call("EXEC"))
                    .hasMessage("EXECABORT Transaction discarded because of previous errors.");
            assertThat(client.call("PING")).as("not in MULTI any more").isEqualTo("PONG");
        }
    }

    @Test
    void aRefusedExecEndsTheTransaction() throws IOException {
        try (RespClient client = server.respClient()) {
            client.call("MULTI");
            assertThat(client.call("PING")).isEqualTo("QUEUED");
            assertThatThrownBy(() -> client.call("EXEC", "x")).hasMessage(
                    "EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command");
            assertThat(client.call("PING")).as("not in MULTI any more").isEqualTo("PONG");
        }
        try (TestServer secured = TestServer.start("requirepass s3cret");
                RespClient client = secured.respClient()) {
            assertThatThrownBy(() -> client.call("EXEC")).hasMessage(
                    "EXECABORT Transaction discarded because of: NOAUTH Authentication required.");
        }
    }

    @Test
    void aRefusedExecForgetsTheWatchedKeys() throws IOException {
        try (RespClient client = server.respClient(); RespClient other = server.respClient()) {
            client.call("WATCH", "k");
            assertThatThrownBy(() -> client.call("EXEC", "x")).hasMessageStartingWith("EXECABORT");
            other.call("SET", "k", "v");
            client.call("MULTI");
            client.call("PING");
            assertThat(list(client.call("EXEC"))).containsExactly("PONG");
        }
    }

    @Test
    void anErrorWhileExecutingDoesNotStopTheOthers() throws IOException {
        try (RespClient client = server.respClient()) {
            client.call("MULTI");
            client.call("SET", "k", "v");
            client.call("LPUSH", "k", "x");
            client.call("GET", "k");
            List<Object> results = list(client.call("EXEC"));
            assertThat(results.get(0)).isEqualTo("OK");
            assertThat((Throwable) results.get(1)).isInstanceOf(RespClient.RespError.class).hasMessage(
                    "WRONGTYPE Operation against a key holding the wrong kind of value");
            assertThat(results.get(2)).isEqualTo(bytes("v"));
        }
    }

    @Test
    void discardDropsTheQueuedCommands() throws IOException {
        try (RespClient client = server.respClient()) {
            client.call("SET", "k", "old");
            client.call("MULTI");
            client.call("SET", "k", "new");
            assertThat(client.call("DISCARD")).isEqualTo("OK");
            assertThat(client.call("GET", "k")).isEqualTo(bytes("old"));
            assertThatThrownBy(() -> client.call("DISCARD")).hasMessage("ERR DISCARD without MULTI");
        }
    }

    @Test
    void nestedMultiAndWatchInsideMultiAreRefusedWithoutAbortingTheTransaction() throws IOException {
        try (RespClient client = server.respClient()) {
            client.call("MULTI");
            assertThatThrownBy(() -> client.call("MULTI")).hasMessage("ERR MULTI calls can not be nested");
            assertThatThrownBy(() -> client.call("WATCH", "k")).hasMessage("ERR WATCH inside MULTI is not allowed");
            client.call("SET", "k", "v");
            assertThat(list(client.call("EXEC"))).containsExactly("OK");
        }
    }

    // ---------------------------------------------------------------- WATCH

    @Test
    void aWriteByAnotherClientFailsTheTransaction() {
        try (Jedis jedis = server.jedis(); Jedis other = server.jedis()) {
            jedis.set("k", "1");
            assertThat(jedis.watch("k")).isEqualTo("OK");
            other.set("k", "2");
            Transaction tx = jedis.multi();
            tx.set("k", "3");
            assertThat(tx.exec()).isNull();
            assertThat(jedis.get("k")).isEqualTo("2");
        }
    }

    @Test
    void rewritingTheSameValueStillCounts() {
        try (Jedis jedis = server.jedis(); Jedis other = server.jedis()) {
            jedis.set("k", "1");
            jedis.watch("k");
            other.set("k", "1");
            Transaction tx = jedis.multi();
            tx.incr("k");
            assertThat(tx.exec()).isNull();
        }
    }

    @Test
    void withoutAWriteTheTransactionRuns() {
        try (Jedis jedis = server.jedis(); Jedis other = server.jedis()) {
            jedis.set("k", "1");
            jedis.watch("k", "missing");
            assertThat(other.get("k")).isEqualTo("1");
            other.set("unrelated", "x");
            Transaction tx = jedis.multi();
            tx.set("k", "3");
            assertThat(tx.exec()).containsExactly("OK");
            assertThat(jedis.get("k")).isEqualTo("3");
        }
    }

    @Test
    void ownWritesCountToo() {
        try (Jedis jedis = server.jedis()) {
            jedis.watch("k");
            jedis.set("k", "mine");
            Transaction tx = jedis.multi();
            tx.set("k", "tx");
            assertThat(tx.exec()).isNull();
            assertThat(jedis.get("k")).isEqualTo("mine");
        }
    }

    @Test
    void unwatchAndDiscardForgetTheWatchedKeys() {
        try (Jedis jedis = server.jedis(); Jedis other = server.jedis()) {
            jedis.watch("k");
            assertThat(jedis.unwatch()).isEqualTo("OK");
            other.set("k", "1");
            Transaction tx = jedis.multi();
            tx.incr("k");
            assertThat(tx.exec()).containsExactly(2L);

            jedis.watch("k");
            jedis.multi().discard();
            other.set("k", "5");
            Transaction again = jedis.multi();
            again.incr("k");
            assertThat(again.exec()).containsExactly(6L);
        }
    }

    @Test
    void aWatchedKeyThatExpiresFailsTheTransaction() {
        try (Jedis jedis = server.jedis(); Jedis other = server.jedis()) {
            jedis.set("short", "v", SetParams.setParams().px(50));
            jedis.watch("short");
            await().atMost(Duration.ofSeconds(5)).until(() -> other.pttl("short") == -2);
            Transaction tx = jedis.multi();
            tx.set("x", "1");
            assertThat(tx.exec()).isNull();
            assertThat(jedis.exists("x")).isFalse();

            jedis.set("long", "v", SetParams.setParams().px(60_000));
            jedis.watch("long");
            Transaction kept = jedis.multi();
            kept.set("x", "1");
            assertThat(kept.exec()).as("a time to live alone changes nothing").containsExactly("OK");
        }
    }

    @Test
    void flushesFailTransactionsWatchingExistingKeys() {
        try (Jedis jedis = server.jedis(); Jedis other = server.jedis()) {
            jedis.set("k", "v");
            jedis.watch("k");
            other.flushAll();
            Transaction tx = jedis.multi();
            tx.set("k", "again");
            assertThat(tx.exec()).isNull();

            jedis.set("k", "v");
            jedis.watch("k");
            other.flushDB();
            Transaction tx2 = jedis.multi();
            tx2.get("k");
            assertThat(tx2.exec()).isNull();
        }
    }

    @Test
    void flushesLeaveOtherWatchersAlone() {
        try (Jedis jedis = server.jedis(); Jedis other = server.jedis()) {
            // as in Redis 7.0: a flush touches only watched keys that existed
            jedis.watch("missing");
            other.flushAll();
            Transaction tx = jedis.multi();
            tx.set("k", "1");
            assertThat(tx.exec()).containsExactly("OK");

            jedis.watch("k");
            other.select(1);
            other.set("k", "in db 1");
            other.flushDB();
            Transaction tx2 = jedis.multi();
            tx2.set("k", "2");
            assertThat(tx2.exec()).as("FLUSHDB of another database").containsExactly("OK");
        }
    }

    // ---------------------------------------------------------------- atomicity

    @Test
    void transactionsOfDifferentClientsNeverInterleave() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Void>> runs = new ArrayList<>();
            for (int c = 0; c < 2; c++) {
                runs.add(pool.submit(() -> {
                    try (Jedis jedis = server.jedis()) {
                        for (int i = 0; i < 200; i++) {
                            Transaction tx = jedis.multi();
                            Response<Long> first = tx.incr("x");
                            Response<Long> second = tx.incr("x");
                            Response<String> read = tx.get("x");
                            tx.exec();
                            assertThat(second.get()).isEqualTo(first.get() + 1);
                            assertThat(read.get()).isEqualTo(Long.toString(second.get()));
                        }
                    }
                    return null;
                }));
            }
            for (Future<Void> run : runs) {
                run.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        try (Jedis jedis = server.jedis()) {
            assertThat(jedis.get("x")).isEqualTo("800");
        }
    }

    // ---------------------------------------------------------------- server commands that need data

    /** DATA-DEPENDENT server commands: DBSIZE, FLUSHDB, FLUSHALL and INFO keyspace with keys present. */
    @Nested
    class ServerCommandsWithData {
        @Test
        void dbsizeCountsTheSelectedDatabase() {
            try (Jedis jedis = server.jedis()) {
                jedis.set("a", "1");
                jedis.set("b", "2");
                assertThat(jedis.dbSize()).isEqualTo(2);
                jedis.select(1);
                assertThat(jedis.dbSize()).isZero();
                jedis.set("c", "3");
                assertThat(jedis.dbSize()).isEqualTo(1);
            }
        }

        @Test
        void flushdbEmptiesOnlyTheSelectedDatabaseAndFlushallEveryOne() {
            try (Jedis jedis = server.jedis()) {
                jedis.set("a", "1");
                jedis.select(2);
                jedis.set("b", "2");
                assertThat(jedis.flushDB()).isEqualTo("OK");
                assertThat(jedis.dbSize()).isZero();
                jedis.select(0);
                assertThat(jedis.dbSize()).isEqualTo(1);
                jedis.select(2);
                jedis.set("b", "2");
                assertThat(jedis.flushAll(FlushMode.ASYNC)).isEqualTo("OK");
                assertThat(jedis.dbSize()).isZero();
                jedis.select(0);
                assertThat(jedis.exists("a")).isFalse();
            }
        }

        @Test
        void monitorShowsABlockedCommandOnceAndWritesWithTheirArguments() throws Exception {
            try (RespClient monitor = server.respClient(); RespClient blocked = server.respClient();
                    Jedis writer = server.jedis()) {
                writer.ping();
                assertThat(monitor.call("MONITOR")).isEqualTo("OK");
                blocked.send("blpop", "queue", "5");
                blocked.flush();
                assertThat((String) monitor.read()).endsWith(" \"blpop\" \"queue\" \"5\"");
                writer.rpush("queue", "job");
                assertThat(list(blocked.read())).containsExactly(bytes("queue"), bytes("job"));
                writer.set("k", "v w");
                assertThat((String) monitor.read()).endsWith(" \"RPUSH\" \"queue\" \"job\"");
                assertThat((String) monitor.read()).as("BLPOP is not shown again when served")
                        .endsWith(" \"SET\" \"k\" \"v w\"");
            }
        }

        @Test
        void infoKeyspaceListsNonEmptyDatabases() {
            try (Jedis jedis = server.jedis()) {
                jedis.set("a", "1");
                jedis.set("b", "2", SetParams.setParams().ex(100));
                jedis.select(5);
                jedis.lpush("l", "x");
                String keyspace = jedis.info("keyspace");
                assertThat(keyspace).startsWith("# Keyspace\r\n")
                        .containsPattern("(?m)^db0:keys=2,expires=1,avg_ttl=\\d+$")
                        .containsPattern("(?m)^db5:keys=1,expires=0,avg_ttl=\\d+$")
                        .doesNotContain("db1:");
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object reply) {
        return (List<Object>) reply;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
