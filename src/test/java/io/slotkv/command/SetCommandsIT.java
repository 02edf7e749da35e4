package io.slotkv.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.slotkv.testing.RedisCli;
import io.slotkv.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.exceptions.JedisDataException;

class SetCommandsIT {
    private static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";

    private static TestServer server;
    private static Jedis jedis;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        jedis = server.jedis();
    }

    @AfterAll
    static void stop() {
        jedis.close();
        server.close();
    }

    /** Sends a command over RESP2 and returns its reply with bulk strings decoded (arrays as lists). */
    private static Object send(String... args) {
        byte[][] rest = new byte[args.length - 1][];
        for (int i = 1; i < args.length; i++) {
            rest[i - 1] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return decode(jedis.sendCommand(() -> args[0].getBytes(StandardCharsets.UTF_8), rest));
    }

    private static Object decode(Object reply) {
        if (reply instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (reply instanceof List<?> list) {
            return list.stream().map(SetCommandsIT::decode).toList();
        }
        return reply;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(String... args) {
        return (List<Object>) send(args);
    }

    /** The error reply of a command that must fail. */
    private static String error(String... args) {
        try {
            send(args);
        } catch (JedisDataException e) {
            return e.getMessage();
        }
        throw new AssertionError("no error from " + Arrays.toString(args));
    }

    /** What redis-cli prints for a command over RESP3, with reply types shown. */
    private static String resp3(String... args) {
        List<String> command = new ArrayList<>(List.of("-3", "--no-raw"));
        command.addAll(List.of(args));
        return RedisCli.run(server.port(), command.toArray(String[]::new)).strip();
    }

    /** Whether {@code key} is absent: HLEN answers 0 for a missing key and WRONGTYPE for a set. */
    private static boolean absent(String key) {
        try {
            return Long.valueOf(0).equals(send("hlen", key));
        } catch (JedisDataException e) {
            assertThat(e.getMessage()).isEqualTo(WRONGTYPE);
            return false;
        }
    }

    private static Set<Object> members(String key) {
        List<Object> members = list("smembers", key);
        Set<Object> set = new HashSet<>(members);
        assertThat(set).as("SMEMBERS repeats a member").hasSameSizeAs(members);
        return set;
    }

    @Test
    void saddAndSremCountChangesAndSremDeletesTheEmptiedSet() {
        assertThat(send("sadd", "sadd:s", "a", "b", "c", "a")).isEqualTo(3L);
        assertThat(send("sadd", "sadd:s", "c", "d")).isEqualTo(1L);
        assertThat(send("scard", "sadd:s")).isEqualTo(4L);
        assertThat(send("scard", "sadd:missing")).isEqualTo(0L);
        assertThat(send("srem", "sadd:s", "a", "x", "a")).isEqualTo(1L);
        assertThat(members("sadd:s")).containsExactlyInAnyOrder("b", "c", "d");
        assertThat(send("srem", "sadd:missing", "a")).isEqualTo(0L);
        assertThat(send("srem", "sadd:s", "b", "c", "d")).isEqualTo(3L);
        assertThat(absent("sadd:s")).isTrue();
    }

    @Test
    void smembersIsASetInResp3() {
        send("sadd", "smem:s", "x", "y");
        assertThat(members("smem:s")).containsExactlyInAnyOrder("x", "y");
        assertThat(list("smembers", "smem:missing")).isEmpty();
        assertThat(resp3("smembers", "smem:s")).isIn("1~ \"x\"\n2~ \"y\"", "1~ \"y\"\n2~ \"x\"");
        assertThat(resp3("smembers", "smem:missing")).isEqualTo("(empty set)");
        try (Jedis resp3 = new Jedis(HostAndPort.from("127.0.0.1:" + server.port()),
                DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP3).build())) {
            assertThat(resp3.smembers("smem:s")).containsExactlyInAnyOrder("x", "y");
        }
    }

    @Test
    void sismemberAndSmismember() {
        send("sadd", "sis:s", "a", "b");
        assertThat(send("sismember", "sis:s", "a")).isEqualTo(1L);
        assertThat(send("sismember", "sis:s", "z")).isEqualTo(0L);
        assertThat(send("sismember", "sis:missing", "a")).isEqualTo(0L);
        assertThat(list("smismember", "sis:s", "b", "z", "a")).isEqualTo(List.of(1L, 0L, 1L));
        assertThat(list("smismember", "sis:missing", "a")).isEqualTo(List.of(0L));
        assertThat(resp3("smismember", "sis:s", "a", "z")).isEqualTo("1) (integer) 1\n2) (integer) 0");
    }

    @Test
    void spopRemovesWhatItReturns() {
        send("sadd", "spop:s", "a", "b", "c", "d", "e");
        Object one = send("spop", "spop:s");
        assertThat(List.of("a", "b", "c", "d", "e")).contains((String) one);
        assertThat(send("sismember", "spop:s", (String) one)).isEqualTo(0L);
        assertThat(send("scard", "spop:s")).isEqualTo(4L);

        Set<Object> before = members("spop:s");
        List<Object> two = list("spop", "spop:s", "2");
        assertThat(two).hasSize(2).doesNotHaveDuplicates();
        assertThat(before).containsAll(two);
        Set<Object> rest = new HashSet<>(before);
        two.forEach(rest::remove);
        assertThat(members("spop:s")).isEqualTo(rest);

        assertThat(list("spop", "spop:s", "0")).isEmpty();
        assertThat(send("scard", "spop:s")).isEqualTo(2L);
        assertThat(list("spop", "spop:s", "5")).containsExactlyInAnyOrderElementsOf(rest);
        assertThat(absent("spop:s")).isTrue();
        assertThat(send("spop", "spop:s")).isNull();
        assertThat(list("spop", "spop:s", "3")).isEmpty();

        send("sadd", "spop:last", "only");
        assertThat(send("spop", "spop:last")).isEqualTo("only");
        assertThat(absent("spop:last")).isTrue();
    }

    @Test
    void spopValidatesItsCountAndAnswersASetInResp3() {
        send("sadd", "spope:s", "a");
        assertThat(error("spop", "spope:s", "-1")).isEqualTo("ERR value is out of range, must be positive");
        assertThat(error("spop", "spope:s", "x")).isEqualTo("ERR value is out of range, must be positive");
        assertThat(error("spop", "spope:s", "1", "2")).isEqualTo("ERR syntax error");
        assertThat(send("scard", "spope:s")).isEqualTo(1L);
        assertThat(resp3("spop", "spope:missing", "2")).isEqualTo("(empty set)");
        assertThat(resp3("spop", "spope:missing")).isEqualTo("(nil)");
        assertThat(resp3("spop", "spope:s", "1")).isEqualTo("1~ \"a\"");
    }

    @Test
    void srandmemberPicksWithoutRemoving() {
        send("sadd", "srand:s", "a", "b", "c");
        Set<String> all = Set.of("a", "b", "c");
        assertThat(all).contains((String) send("srandmember", "srand:s"));
        assertThat(list("srandmember", "srand:s", "2")).hasSize(2).doesNotHaveDuplicates().isSubsetOf(all);
        assertThat(list("srandmember", "srand:s", "10")).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(list("srandmember", "srand:s", "-8")).hasSize(8).isSubsetOf(all);
        assertThat(list("srandmember", "srand:s", "0")).isEmpty();
        assertThat(send("scard", "srand:s")).isEqualTo(3L);
        assertThat(send("srandmember", "srand:missing")).isNull();
        assertThat(list("srandmember", "srand:missing", "-3")).isEmpty();

        assertThat(error("srandmember", "srand:s", "x")).isEqualTo("ERR value is not an integer or out of range");
        assertThat(error("srandmember", "srand:s", "1", "2")).isEqualTo("ERR syntax error");
        assertThat(error("srandmember", "srand:s", "-9223372036854775808")).isEqualTo(
                "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");

        // an array even in RESP3, as picks may repeat
        send("sadd", "srand:one", "x");
        assertThat(resp3("srandmember", "srand:one", "-2")).isEqualTo("1) \"x\"\n2) \"x\"");
        assertThat(resp3("srandmember", "srand:missing", "2")).isEqualTo("(empty array)");
    }

    @Test
    void smoveMovesOneMember() {
        send("sadd", "smove:a", "x", "y");
        assertThat(send("smove", "smove:a", "smove:b", "x")).isEqualTo(1L);
        assertThat(members("smove:a")).containsExactly("y");
        assertThat(members("smove:b")).containsExactly("x");
        assertThat(send("smove", "smove:a", "smove:b", "nope")).isEqualTo(0L);
        assertThat(send("smove", "smove:missing", "smove:b", "x")).isEqualTo(0L);
        // same source and destination: only tells whether the member is there
        assertThat(send("smove", "smove:a", "smove:a", "y")).isEqualTo(1L);
        assertThat(send("smove", "smove:a", "smove:a", "x")).isEqualTo(0L);
        assertThat(members("smove:a")).containsExactly("y");
        // moving the last member deletes the source
        assertThat(send("smove", "smove:a", "smove:b", "y")).isEqualTo(1L);
        assertThat(absent("smove:a")).isTrue();
        assertThat(members("smove:b")).containsExactlyInAnyOrder("x", "y");
    }

    @Test
    void smoveChecksBothTypesBeforeMoving() {
        send("sadd", "smovet:s", "m");
        send("hset", "smovet:h", "f", "v");
        assertThat(error("smove", "smovet:s", "smovet:h", "m")).isEqualTo(WRONGTYPE);
        assertThat(error("smove", "smovet:s", "smovet:h", "absent")).isEqualTo(WRONGTYPE);
        assertThat(members("smovet:s")).containsExactly("m");
        assertThat(error("smove", "smovet:h", "smovet:s", "m")).isEqualTo(WRONGTYPE);
        // as in Redis, a missing source answers 0 before the destination's type is looked at
        assertThat(send("smove", "smovet:missing", "smovet:h", "m")).isEqualTo(0L);
    }

    @Test
    void sinterSunionAndSdiff() {
        send("sadd", "alg:a", "1", "2", "3", "4");
        send("sadd", "alg:b", "2", "3", "5");
        send("sadd", "alg:c", "3", "4", "5", "6");
        assertThat(list("sinter", "alg:a", "alg:b", "alg:c")).containsExactly("3");
        assertThat(list("sinter", "alg:a", "alg:b")).containsExactlyInAnyOrder("2", "3");
        assertThat(list("sinter", "alg:a")).containsExactlyInAnyOrder("1", "2", "3", "4");
        assertThat(list("sinter", "alg:a", "alg:missing")).isEmpty();
        assertThat(list("sunion", "alg:a", "alg:b", "alg:missing"))
                .containsExactlyInAnyOrder("1", "2", "3", "4", "5");
        assertThat(list("sunion", "alg:missing")).isEmpty();
        assertThat(list("sdiff", "alg:a", "alg:b")).containsExactlyInAnyOrder("1", "4");
        assertThat(list("sdiff", "alg:a", "alg:b", "alg:c")).containsExactly("1");
        assertThat(list("sdiff", "alg:a", "alg:missing")).containsExactlyInAnyOrder("1", "2", "3", "4");
        assertThat(list("sdiff", "alg:missing", "alg:a")).isEmpty();
        assertThat(list("sdiff", "alg:a", "alg:a")).isEmpty();
        assertThat(resp3("sinter", "alg:a", "alg:b", "alg:c")).isEqualTo("1~ \"3\"");
        assertThat(resp3("sunion", "alg:missing")).isEqualTo("(empty set)");
        assertThat(resp3("sdiff", "alg:a", "alg:b", "alg:c")).isEqualTo("1~ \"1\"");
    }

    @Test
    void setAlgebraChecksTheTypeOfEveryKey() {
        send("sadd", "algt:s", "a");
        send("hset", "algt:h", "f", "v");
        for (String command : List.of("sinter", "sunion", "sdiff")) {
            assertThat(error(command, "algt:s", "algt:h")).as(command).isEqualTo(WRONGTYPE);
            assertThat(error(command, "algt:missing", "algt:h")).as(command).isEqualTo(WRONGTYPE);
            assertThat(error(command + "store", "algt:dst", "algt:missing", "algt:h")).as(command).isEqualTo(WRONGTYPE);
        }
        assertThat(absent("algt:dst")).isTrue();
    }

    @Test
    void storeFormsReplaceTheDestination() {
        send("sadd", "st:a", "1", "2", "3");
        send("sadd", "st:b", "2", "3", "4");
        send("sadd", "st:dst", "old");
        assertThat(send("sinterstore", "st:dst", "st:a", "st:b")).isEqualTo(2L);
        assertThat(members("st:dst")).containsExactlyInAnyOrder("2", "3");
        assertThat(send("sunionstore", "st:dst", "st:a", "st:b")).isEqualTo(4L);
        assertThat(members("st:dst")).containsExactlyInAnyOrder("1", "2", "3", "4");
        assertThat(send("sdiffstore", "st:dst", "st:a", "st:b")).isEqualTo(1L);
        assertThat(members("st:dst")).containsExactly("1");
        // a destination of another type is replaced too
        send("hset", "st:hash", "f", "v");
        assertThat(send("sunionstore", "st:hash", "st:a")).isEqualTo(3L);
        assertThat(members("st:hash")).containsExactlyInAnyOrder("1", "2", "3");
        // the sources are untouched
        assertThat(members("st:a")).containsExactlyInAnyOrder("1", "2", "3");
        assertThat(members("st:b")).containsExactlyInAnyOrder("2", "3", "4");
    }

    @Test
    void storeFormsDeleteTheDestinationWhenTheResultIsEmpty() {
        send("sadd", "ste:a", "1");
        send("sadd", "ste:b", "2");
        send("hset", "ste:dst", "f", "v");
        assertThat(send("sinterstore", "ste:dst", "ste:a", "ste:b")).isEqualTo(0L);
        assertThat(absent("ste:dst")).isTrue();
        send("sadd", "ste:dst", "x");
        assertThat(send("sunionstore", "ste:dst", "ste:missing")).isEqualTo(0L);
        assertThat(absent("ste:dst")).isTrue();
        send("sadd", "ste:dst", "x");
        assertThat(send("sdiffstore", "ste:dst", "ste:a", "ste:a")).isEqualTo(0L);
        assertThat(absent("ste:dst")).isTrue();
        assertThat(send("sinterstore", "ste:dst", "ste:missing", "ste:a")).isEqualTo(0L);
        assertThat(absent("ste:dst")).isTrue();
    }

    @Test
    void storeFormsWorkWhenTheDestinationIsASource() {
        send("sadd", "sts:a", "1", "2", "3");
        send("sadd", "sts:b", "3", "4");
        assertThat(send("sunionstore", "sts:a", "sts:a", "sts:b")).isEqualTo(4L);
        assertThat(members("sts:a")).containsExactlyInAnyOrder("1", "2", "3", "4");
        assertThat(send("sdiffstore", "sts:a", "sts:a", "sts:b")).isEqualTo(2L);
        assertThat(members("sts:a")).containsExactlyInAnyOrder("1", "2");
        assertThat(send("sunionstore", "sts:b", "sts:a", "sts:b")).isEqualTo(4L);
        assertThat(send("sinterstore", "sts:b", "sts:b", "sts:a")).isEqualTo(2L);
        assertThat(members("sts:b")).containsExactlyInAnyOrder("1", "2");
        assertThat(send("sdiffstore", "sts:b", "sts:b", "sts:a")).isEqualTo(0L);
        assertThat(absent("sts:b")).isTrue();
    }

    @Test
    void sintercardCountsTheIntersection() {
        send("sadd", "card:a", "1", "2", "3", "4");
        send("sadd", "card:b", "2", "3", "4", "5");
        assertThat(send("sintercard", "2", "card:a", "card:b")).isEqualTo(3L);
        assertThat(send("sintercard", "1", "card:a")).isEqualTo(4L);
        assertThat(send("sintercard", "2", "card:a", "card:b", "LIMIT", "2")).isEqualTo(2L);
        assertThat(send("sintercard", "2", "card:a", "card:b", "limit", "0")).isEqualTo(3L);
        assertThat(send("sintercard", "2", "card:a", "card:b", "LIMIT", "10")).isEqualTo(3L);
        assertThat(send("sintercard", "2", "card:a", "card:missing")).isEqualTo(0L);
        assertThat(resp3("sintercard", "2", "card:a", "card:b")).isEqualTo("(integer) 3");
    }

    @Test
    void sintercardValidatesItsArguments() {
        send("sadd", "carde:a", "1");
        send("hset", "carde:h", "f", "v");
        assertThat(error("sintercard", "0", "carde:a")).isEqualTo("ERR numkeys should be greater than 0");
        assertThat(error("sintercard", "-1", "carde:a")).isEqualTo("ERR numkeys should be greater than 0");
        assertThat(error("sintercard", "x", "carde:a")).isEqualTo("ERR numkeys should be greater than 0");
        assertThat(error("sintercard", "3", "carde:a", "carde:b"))
                .isEqualTo("ERR Number of keys can't be greater than number of args");
        assertThat(error("sintercard", "1", "carde:a", "LIMIT", "-1")).isEqualTo("ERR LIMIT can't be negative");
        assertThat(error("sintercard", "1", "carde:a", "LIMIT", "x")).isEqualTo("ERR LIMIT can't be negative");
        assertThat(error("sintercard", "1", "carde:a", "LIMIT")).isEqualTo("ERR syntax error");
        assertThat(error("sintercard", "1", "carde:a", "carde:b")).isEqualTo("ERR syntax error");
        assertThat(error("sintercard", "2", "carde:missing", "carde:h")).isEqualTo(WRONGTYPE);
    }

    /** The elements of a complete SSCAN reply, whose cursor must be 0. */
    private static List<Object> scanned(List<Object> reply) {
        assertThat(reply.get(0)).isEqualTo("0");
        return new ArrayList<>((List<?>) reply.get(1));
    }

    @Test
    void sscanReturnsEveryMatchingMemberAtOnce() {
        send("sadd", "sscan:s", "apple", "avocado", "banana");
        List<Object> all = list("sscan", "sscan:s", "0");
        assertThat(scanned(all)).containsExactlyInAnyOrder("apple", "avocado", "banana");
        List<Object> matched = list("sscan", "sscan:s", "0", "MATCH", "a*", "COUNT", "1");
        assertThat(scanned(matched)).containsExactlyInAnyOrder("apple", "avocado");
        assertThat(list("sscan", "sscan:s", "0", "MATCH", "z*")).isEqualTo(List.of("0", List.of()));
        assertThat(list("sscan", "sscan:missing", "0")).isEqualTo(List.of("0", List.of()));
        assertThat(error("sscan", "sscan:s", "0", "COUNT", "0")).isEqualTo("ERR syntax error");
        assertThat(error("sscan", "sscan:s", "0", "FOO", "1")).isEqualTo("ERR syntax error");
        assertThat(error("sscan", "sscan:s", "x")).isEqualTo("ERR invalid cursor");
    }

    @Test
    void everySetCommandRefusesOtherTypes() {
        send("hset", "swrong:h", "f", "v");
        List<String[]> commands = List.of(
                new String[] {"sadd", "swrong:h", "m"},
                new String[] {"srem", "swrong:h", "m"},
                new String[] {"smembers", "swrong:h"},
                new String[] {"sismember", "swrong:h", "m"},
                new String[] {"smismember", "swrong:h", "m"},
                new String[] {"scard", "swrong:h"},
                new String[] {"spop", "swrong:h"},
                new String[] {"spop", "swrong:h", "1"},
                new String[] {"srandmember", "swrong:h"},
                new String[] {"srandmember", "swrong:h", "1"},
                new String[] {"sintercard", "1", "swrong:h"},
                new String[] {"sscan", "swrong:h", "0"});
        for (String[] command : commands) {
            assertThat(error(command)).as(String.join(" ", command)).isEqualTo(WRONGTYPE);
        }
        assertThat(send("hget", "swrong:h", "f")).isEqualTo("v");
    }
}
