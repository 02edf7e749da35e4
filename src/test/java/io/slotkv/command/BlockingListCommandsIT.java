package io.slotkv.command;

import static io.slotkv.testing.RespText.NULL3;
import static io.slotkv.testing.RespText.NULL_ARRAY;
import static io.slotkv.testing.RespText.NULL_BULK;
import static io.slotkv.testing.RespText.array;
import static io.slotkv.testing.RespText.bulk;
import static io.slotkv.testing.RespText.bulks;
import static io.slotkv.testing.RespText.error;
import static io.slotkv.testing.RespText.integer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slotkv.store.WrongTypeException;
import io.slotkv.testing.InfoFields;
import io.slotkv.testing.RawConnection;
import io.slotkv.testing.ServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * BLPOP, BRPOP and BLMOVE with several real connections: clients blocked on empty keys are served by later writes
 * from other connections, first come first served, time out with Redis's null replies, never block inside
 * MULTI/EXEC, and keep their pipelined commands waiting until they are served.
 */
class BlockingListCommandsIT {
    private static final String WRONGTYPE = error(WrongTypeException.MESSAGE);

    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    private final List<RawConnection> clients = new ArrayList<>();

    @BeforeAll
    static void storeAString() {
        try (Jedis jedis = server.jedis()) {
            jedis.set("str", "x");
        }
    }

    @AfterEach
    void disconnectAll() {
        clients.forEach(RawConnection::close);
        awaitBlocked(0);
    }

    private RawConnection connect() {
        RawConnection client = new RawConnection(server.port());
        clients.add(client);
        return client;
    }

    /** The clients blocked right now, as INFO counts them. */
    private static long blockedClients() {
        return InfoFields.number(server.connection().info("clients"), "blocked_clients");
    }

    private static void awaitBlocked(long count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> blockedClients() == count);
    }

    /** A new connection that sent {@code pipeline} and is now blocked in its first command. */
    private RawConnection blocked(String[]... pipeline) {
        RawConnection client = connect();
        long before = blockedClients();
        client.send(pipeline);
        awaitBlocked(before + 1);
        return client;
    }

    /** A new connection blocked in {@code command}. */
    private RawConnection blocked(String... command) {
        return blocked(new String[][] {command});
    }

    @Test
    void blpopIsServedByALaterPushFromAnotherConnection() {
        RawConnection pusher = connect();
        RawConnection waiter = blocked("BLPOP", "served1", "served2", "0");
        assertThat(waiter.hasPendingReply()).isFalse();
        assertThat(pusher.call("RPUSH", "served2", "a", "b")).isEqualTo(integer(2));
        assertThat(waiter.read()).isEqualTo(bulks("served2", "a"));
        assertThat(blockedClients()).isZero();
        assertThat(pusher.call("LRANGE", "served2", "0", "-1")).isEqualTo(bulks("b"));
    }

    @Test
    void brpopIsServedFromTheTail() {
        RawConnection pusher = connect();
        RawConnection waiter = blocked("BRPOP", "tail", "0");
        assertThat(pusher.call("RPUSH", "tail", "a", "b", "c")).isEqualTo(integer(3));
        assertThat(waiter.read()).isEqualTo(bulks("tail", "c"));
        assertThat(pusher.call("LRANGE", "tail", "0", "-1")).isEqualTo(bulks("a", "b"));
    }

    @Test
    void dataAlreadyThereIsTakenAtOnceFromTheFirstNonEmptyKey() {
        RawConnection client = connect();
        client.call("RPUSH", "now2", "x", "y");
        client.call("RPUSH", "now3", "z");
        assertThat(client.call("BRPOP", "now1", "now2", "now3", "0")).isEqualTo(bulks("now2", "y"));
        assertThat(client.call("BLPOP", "now3", "now2", "0")).isEqualTo(bulks("now3", "z"));
        assertThat(client.call("BLPOP", "now2", "str", "0")).isEqualTo(bulks("now2", "x"));
        assertThat(client.call("BLPOP", "now1", "str", "0")).isEqualTo(WRONGTYPE);
        assertThat(blockedClients()).isZero();
    }

    @Test
    void blockedClientsAreServedFirstComeFirstServed() {
        RawConnection pusher = connect();
        RawConnection first = blocked("BLPOP", "fifo", "0");
        RawConnection second = blocked("BLPOP", "fifo", "0");
        pusher.call("RPUSH", "fifo", "x");
        assertThat(first.read()).isEqualTo(bulks("fifo", "x"));
        awaitBlocked(1);
        assertThat(second.hasPendingReply()).isFalse();
        pusher.call("RPUSH", "fifo", "y", "z");
        assertThat(second.read()).isEqualTo(bulks("fifo", "y"));
        assertThat(pusher.call("LRANGE", "fifo", "0", "-1")).isEqualTo(bulks("z"));
    }

    @Test
    void onePushOfSeveralElementsServesSeveralClientsInOrder() {
        RawConnection pusher = connect();
        RawConnection first = blocked("BRPOP", "many", "0");
        RawConnection second = blocked("BLPOP", "many", "0");
        assertThat(pusher.call("RPUSH", "many", "a", "b")).isEqualTo(integer(2));
        assertThat(first.read()).isEqualTo(bulks("many", "b"));
        assertThat(second.read()).isEqualTo(bulks("many", "a"));
        assertThat(server.connection().exists("many")).isFalse();
    }

    @Test
    void timeoutsAnswerNullAfterTheirTime() {
        RawConnection client = connect();
        long started = System.nanoTime();
        assertThat(client.call("BLPOP", "timeout", "0.1")).isEqualTo(NULL_ARRAY);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(100),
                Duration.ofSeconds(5));
        assertThat(client.call("BRPOP", "timeout", "other", "0.05")).isEqualTo(NULL_ARRAY);
        // Redis 7 answers a BLMOVE timeout with a null array too (not LMOVE's null bulk string).
        assertThat(client.call("BLMOVE", "timeout", "dst", "LEFT", "RIGHT", "0.05")).isEqualTo(NULL_ARRAY);
        assertThat(server.connection().exists("dst")).isFalse();
        assertThat(blockedClients()).isZero();
        assertThat(client.call("RPUSH", "timeout", "late")).isEqualTo(integer(1));
        assertThat(client.call("LRANGE", "timeout", "0", "-1")).isEqualTo(bulks("late"));
    }

    @Test
    void timeoutsInResp3AnswerTheNullType() {
        RawConnection client = connect();
        client.call("HELLO", "3");
        assertThat(client.call("BLPOP", "timeout3", "0.05")).isEqualTo(NULL3);
        assertThat(client.call("BLMOVE", "timeout3", "dst3", "RIGHT", "LEFT", "0.05")).isEqualTo(NULL3);
        client.call("RPUSH", "timeout3", "a");
        assertThat(client.call("BRPOP", "timeout3", "0")).isEqualTo(bulks("timeout3", "a"));
    }

    @Test
    void badTimeoutsAndSidesAreRefusedWithoutBlocking() {
        RawConnection client = connect();
        assertThat(client.call("BLPOP", "bad", "-1")).isEqualTo(error("ERR timeout is negative"));
        assertThat(client.call("BRPOP", "bad", "x")).isEqualTo(error("ERR timeout is not a float or out of range"));
        assertThat(client.call("BLPOP", "str", "x")).isEqualTo(error("ERR timeout is not a float or out of range"));
        assertThat(client.call("BLMOVE", "bad", "dst", "LEFT", "MIDDLE", "x")).isEqualTo(error(Errors.SYNTAX));
        assertThat(client.call("BLMOVE", "bad", "dst", "LEFT", "RIGHT", "x"))
                .isEqualTo(error("ERR timeout is not a float or out of range"));
        assertThat(client.call("BLMOVE", "str", "dst", "LEFT", "RIGHT", "0")).isEqualTo(WRONGTYPE);
        assertThat(blockedClients()).isZero();
    }

    @Test
    void blmoveIsServedAndItsPushServesTheNextClient() {
        RawConnection pusher = connect();
        RawConnection mover = blocked("BLMOVE", "mvsrc", "mvdst", "RIGHT", "LEFT", "0");
        RawConnection popper = blocked("BLPOP", "mvdst", "0");
        assertThat(pusher.call("RPUSH", "mvsrc", "a", "b")).isEqualTo(integer(2));
        assertThat(mover.read()).isEqualTo(bulk("b"));
        assertThat(popper.read()).isEqualTo(bulks("mvdst", "b"));
        assertThat(pusher.call("LRANGE", "mvsrc", "0", "-1")).isEqualTo(bulks("a"));
        assertThat(server.connection().exists("mvdst")).isFalse();
        assertThat(pusher.call("BLMOVE", "mvsrc", "mvsrc2", "LEFT", "RIGHT", "0")).isEqualTo(bulk("a"));
    }

    @Test
    void blockingCommandsInsideMultiAnswerAtOnce() {
        RawConnection client = connect();
        assertThat(client.call("MULTI")).isEqualTo("+OK\r\n");
        client.call("RPUSH", "multifull", "a");
        client.call("BLPOP", "multi", "0");
        client.call("BRPOP", "multi", "0");
        client.call("BLMOVE", "multi", "multidst", "LEFT", "RIGHT", "0");
        client.call("BLPOP", "multi", "multifull", "0");
        assertThat(client.call("EXEC")).isEqualTo(
                array(integer(1), NULL_ARRAY, NULL_ARRAY, NULL_BULK, bulks("multifull", "a")));
        assertThat(blockedClients()).isZero();
        assertThat(server.connection().exists("multidst")).isFalse();
    }

    @Test
    void aClientThatDisconnectsWhileBlockedIsForgotten() {
        RawConnection pusher = connect();
        RawConnection leaving = blocked("BLPOP", "gone", "0");
        RawConnection staying = blocked("BLPOP", "gone", "0");
        leaving.close();
        awaitBlocked(1);
        pusher.call("RPUSH", "gone", "a");
        assertThat(staying.read()).isEqualTo(bulks("gone", "a"));

        RawConnection alone = blocked("BLPOP", "gone2", "0");
        alone.close();
        awaitBlocked(0);
        assertThat(pusher.call("RPUSH", "gone2", "kept")).isEqualTo(integer(1));
        assertThat(pusher.call("LRANGE", "gone2", "0", "-1")).isEqualTo(bulks("kept"));
    }

    @Test
    void pipelinedCommandsRunAfterTheBlockedOneIsServed() {
        RawConnection pusher = connect();
        RawConnection waiter = blocked(new String[] {"BLPOP", "pipe", "0"}, new String[] {"PING"},
                new String[] {"LLEN", "pipe"}, new String[] {"BLPOP", "pipe", "0"}, new String[] {"BLPOP", "pipe", "0"});
        assertThat(waiter.hasPendingReply()).isFalse();
        assertThat(pusher.call("RPUSH", "pipe", "a", "b", "c")).isEqualTo(integer(3));
        assertThat(waiter.read()).isEqualTo(bulks("pipe", "a"));
        assertThat(waiter.read()).isEqualTo("+PONG\r\n");
        assertThat(waiter.read()).isEqualTo(integer(2));
        assertThat(waiter.read()).isEqualTo(bulks("pipe", "b"));
        assertThat(waiter.read()).isEqualTo(bulks("pipe", "c"));
        assertThat(blockedClients()).isZero();
    }

    /**
     * Redis serves every client blocked on a key before any served client's pipelined commands run, so the first
     * client's pipelined LPOP finds the list empty.
     */
    @Test
    void servedClientsPipelinedCommandsWaitUntilEveryBlockedClientIsServed() {
        RawConnection pusher = connect();
        RawConnection first = blocked(new String[] {"BLPOP", "fair", "0"}, new String[] {"LPOP", "fair"});
        RawConnection second = blocked("BLPOP", "fair", "0");
        pusher.call("RPUSH", "fair", "a", "b");
        assertThat(first.read()).isEqualTo(bulks("fair", "a"));
        assertThat(first.read()).isEqualTo(NULL_BULK);
        assertThat(second.read()).isEqualTo(bulks("fair", "b"));
    }

    @Test
    void pipelinedCommandsRunAfterATimeout() {
        RawConnection waiter = connect();
        waiter.send(new String[] {"BLPOP", "pipe2", "0.1"}, new String[] {"RPUSH", "pipe2", "a"},
                new String[] {"BLPOP", "pipe2", "0"});
        assertThat(waiter.read()).isEqualTo(NULL_ARRAY);
        assertThat(waiter.read()).isEqualTo(integer(1));
        assertThat(waiter.read()).isEqualTo(bulks("pipe2", "a"));
    }
}
