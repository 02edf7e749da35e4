package io.slotkv.command;

import static io.slotkv.testing.JedisText.error;
import static io.slotkv.testing.JedisText.list;
import static io.slotkv.testing.JedisText.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.slotkv.testing.Resp3;
import io.slotkv.testing.ServerExtension;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

class SetCommandsIT {
    private static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";

    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    private final Jedis jedis = server.connection();

    private Set<Object> members(String key) {
        List<Object> members = list(jedis, "smembers", key);
        Set<Object> set = new HashSet<>(members);
        assertThat(set).as("SMEMBERS repeats a member").hasSameSizeAs(members);
        return set;
    }

    @Test
    void saddAndSremCountChangesAndSremDeletesTheEmptiedSet() {
        assertThat(send(jedis, "sadd", "sadd:s", "a", "b", "c", "a")).isEqualTo(3L);
        assertThat(send(jedis, "sadd", "sadd:s", "c", "d")).isEqualTo(1L);
        assertThat(send(jedis, "scard", "sadd:s")).isEqualTo(4L);
        assertThat(send(jedis, "scard", "sadd:missing")).isEqualTo(0L);
        assertThat(send(jedis, "srem", "sadd:s", "a", "x", "a")).isEqualTo(1L);
        assertThat(members("sadd:s")).containsExactlyInAnyOrder("b", "c", "d");
        assertThat(send(jedis, "srem", "sadd:missing", "a")).isEqualTo(0L);
        assertThat(send(jedis, "srem", "sadd:s", "b", "c", "d")).isEqualTo(3L);
        assertThat(jedis.exists("sadd:s")).isFalse();
    }

    @Test
    void smembersIsASetInResp3() {
        send(jedis, "sadd", "smem:s", "x", "y");
        assertThat(members("smem:s")).containsExactlyInAnyOrder("x", "y");
        assertThat(list(jedis, "smembers", "smem:missing")).isEmpty();
        assertThat(Resp3.cli(server.port(), "smembers", "smem:s")).isIn("1~ \"x\"\n2~ \"y\"", "1~ \"y\"\n2~ \"x\"");
        assertThat(Resp3.cli(server.port(), "smembers", "smem:missing")).isEqualTo("(empty set)");
        try (Jedis resp3 = Resp3.jedis(server.port())) {
            assertThat(resp3.smembers("smem:s")).containsExactlyInAnyOrder("x", "y");
        }
    }

    @Test
    void sismemberAndSmismember() {
        send(jedis, "sadd", "sis:s", "a", "b");
        assertThat(send(jedis, "sismember", "sis:s", "a")).isEqualTo(1L);
        assertThat(send(jedis, "sismember", "sis:s", "z")).isEqualTo(0L);
        assertThat(send(jedis, "sismember", "sis:missing", "a")).isEqualTo(0L);
        assertThat(list(jedis, "smismember", "sis:s", "b", "z", "a")).isEqualTo(List.of(1L, 0L, 1L));
        assertThat(list(jedis, "smismember", "sis:missing", "a")).isEqualTo(List.of(0L));
        assertThat(Resp3.cli(server.port(), "smismember", "sis:s", "a", "z"))
                .isEqualTo("1) (integer) 1\n2) (integer) 0");
    }

    @Test
    void spopRemovesWhatItReturns() {
        send(jedis, "sadd", "spop:s", "a", "b", "c", "d", "e");
        Object one = send(jedis, "spop", "spop:s");
        assertThat(List.of("a", "b", "c", "d", "e")).contains((String) one);
        assertThat(send(jedis, "sismember", "spop:s", (String) one)).isEqualTo(0L);
        assertThat(send(jedis, "scard", "spop:s")).isEqualTo(4L);

        Set<Object> before = members("spop:s");
        List<Object> two = list(jedis, "spop", "spop:s", "2");
        assertThat(two).hasSize(2).doesNotHaveDuplicates();
        assertThat(before).containsAll(two);
        Set<Object> rest = new HashSet<>(before);
        two.forEach(rest::remove);
        assertThat(members("spop:s")).isEqualTo(rest);

        assertThat(list(jedis, "spop", "spop:s", "0")).isEmpty();
        assertThat(send(jedis, "scard", "spop:s")).isEqualTo(2L);
        assertThat(list(jedis, "spop", "spop:s", "5")).containsExactlyInAnyOrderElementsOf(rest);
        assertThat(jedis.exists("spop:s")).isFalse();
        assertThat(send(jedis, "spop", "spop:s")).isNull();
        assertThat(list(jedis, "spop", "spop:s", "3")).isEmpty();

        send(jedis, "sadd", "spop:last", "only");
        assertThat(send(jedis, "spop", "spop:last")).isEqualTo("only");
        assertThat(jedis.exists("spop:last")).isFalse();
    }

    @Test
    void spopValidatesItsCountAndAnswersASetInResp3() {
        send(jedis, "sadd", "spope:s", "a");
        assertThat(error(jedis, "spop", "spope:s", "-1")).isEqualTo("ERR value is out of range, must be positive");
        assertThat(error(jedis, "spop", "spope:s", "x")).isEqualTo("ERR value is out of range, must be positive");
        assertThat(error(jedis, "spop", "spope:s", "1", "2")).isEqualTo("ERR syntax error");
        assertThat(send(jedis, "scard", "spope:s")).isEqualTo(1L);
        assertThat(Resp3.cli(server.port(), "spop", "spope:missing", "2")).isEqualTo("(empty set)");
        assertThat(Resp3.cli(server.port(), "spop", "spope:missing")).isEqualTo("(nil)");
        assertThat(Resp3.cli(server.port(), "spop", "spope:s", "1")).isEqualTo("1~ \"a\"");
    }

    @Test
    void srandmemberPicksWithoutRemoving() {
        send(jedis, "sadd", "srand:s", "a", "b", "c");
        Set<String> all = Set.of("a", "b", "c");
        assertThat(all).contains((String) send(jedis, "srandmember", "srand:s"));
        assertThat(list(jedis, "srandmember", "srand:s", "2")).hasSize(2).doesNotHaveDuplicates().isSubsetOf(all);
        assertThat(list(jedis, "srandmember", "srand:s", "10")).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(list(jedis, "srandmember", "srand:s", "-8")).hasSize(8).isSubsetOf(all);
        assertThat(list(jedis, "srandmember", "srand:s", "0")).isEmpty();
        assertThat(send(jedis, "scard", "srand:s")).isEqualTo(3L);
        assertThat(send(jedis, "srandmember", "srand:missing")).isNull();
        assertThat(list(jedis, "srandmember", "srand:missing", "-3")).isEmpty();

        assertThat(error(jedis, "srandmember", "srand:s", "x"))
                .isEqualTo("ERR value is not an integer or out of range");
        assertThat(error(jedis, "srandmember", "srand:s", "1", "2")).isEqualTo("ERR syntax error");
        assertThat(error(jedis, "srandmember", "srand:s", "-9223372036854775808")).isEqualTo(
                "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");

        // an array even in RESP3, as picks may repeat
        send(jedis, "sadd", "srand:one", "x");
        assertThat(Resp3.cli(server.port(), "srandmember", "srand:one", "-2")).isEqualTo("1) \"x\"\n2) \"x\"");
        assertThat(Resp3.cli(server.port(), "srandmember", "srand:missing", "2")).isEqualTo("(empty array)");
    }

    @Test
    void smoveMovesOneMember() {
        send(jedis, "sadd", "smove:a", "x", "y");
        assertThat(send(jedis, "smove", "smove:a", "smove:b", "x")).isEqualTo(1L);
        assertThat(members("smove:a")).containsExactly("y");
        assertThat(members("smove:b")).containsExactly("x");
        assertThat(send(jedis, "smove", "smove:a", "smove:b", "nope")).isEqualTo(0L);
        assertThat(send(jedis, "smove", "smove:missing", "smove:b", "x")).isEqualTo(0L);
        // same source and destination: only tells whether the member is there
        assertThat(send(jedis, "smove", "smove:a", "smove:a", "y")).isEqualTo(1L);
        assertThat(send(jedis, "smove", "smove:a", "smove:a", "x")).isEqualTo(0L);
        assertThat(members("smove:a")).containsExactly("y");
        // moving the last member deletes the source
        assertThat(send(jedis, "smove", "smove:a", "smove:b", "y")).isEqualTo(1L);
        assertThat(jedis.exists("smove:a")).isFalse();
        assertThat(members("smove:b")).containsExactlyInAnyOrder("x", "y");
    }

    @Test
    void smoveChecksBothTypesBeforeMoving() {
        send(jedis, "sadd", "smovet:s", "m");
        send(jedis, "hset", "smovet:h", "f", "v");
        assertThat(error(jedis, "smove", "smovet:s", "smovet:h", "m")).isEqualTo(WRONGTYPE);
        assertThat(error(jedis, "smove", "smovet:s", "smovet:h", "absent")).isEqualTo(WRONGTYPE);
        assertThat(members("smovet:s")).containsExactly("m");
        assertThat(error(jedis, "smove", "smovet:h", "smovet:s", "m")).isEqualTo(WRONGTYPE);
        // as in Redis, a missing source answers 0 before the destination's type is looked at
        assertThat(send(jedis, "smove", "smovet:missing", "smovet:h", "m")).isEqualTo(0L);
    }

    @Test
    void sinterSunionAndSdiff() {
        send(jedis, "sadd", "alg:a", "1", "2", "3", "4");
        send(jedis, "sadd", "alg:b", "2", "3", "5");
        send(jedis, "sadd", "alg:c", "3", "4", "5", "6");
        assertThat(list(jedis, "sinter", "alg:a", "alg:b", "alg:c")).containsExactly("3");
        assertThat(list(jedis, "sinter", "alg:a", "alg:b")).containsExactlyInAnyOrder("2", "3");
        assertThat(list(jedis, "sinter", "alg:a")).containsExactlyInAnyOrder("1", "2", "3", "4");
        assertThat(list(jedis, "sinter", "alg:a", "alg:missing")).isEmpty();
        assertThat(list(jedis, "sunion", "alg:a", "alg:b", "alg:missing"))
                .containsExactlyInAnyOrder("1", "2", "3", "4", "5");
        assertThat(list(jedis, "sunion", "alg:missing")).isEmpty();
        assertThat(list(jedis, "sdiff", "alg:a", "alg:b")).containsExactlyInAnyOrder("1", "4");
        assertThat(list(jedis, "sdiff", "alg:a", "alg:b", "alg:c")).containsExactly("1");
        assertThat(list(jedis, "sdiff", "alg:a", "alg:missing")).containsExactlyInAnyOrder("1", "2", "3", "4");
        assertThat(list(jedis, "sdiff", "alg:missing", "alg:a")).isEmpty();
        assertThat(list(jedis, "sdiff", "alg:a", "alg:a")).isEmpty();
        assertThat(Resp3.cli(server.port(), "sinter", "alg:a", "alg:b", "alg:c")).isEqualTo("1~ \"3\"");
        assertThat(Resp3.cli(server.port(), "sunion", "alg:missing")).isEqualTo("(empty set)");
        assertThat(Resp3.cli(server.port(), "sdiff", "alg:a", "alg:b", "alg:c")).isEqualTo("1~ \"1\"");
    }

    @Test
    void setAlgebraChecksTheTypeOfEveryKey() {
        send(jedis, "sadd", "algt:s", "a");
        send(jedis, "hset", "algt:h", "f", "v");
        for (String command : List.of("sinter", "sunion", "sdiff")) {
            assertThat(error(jedis, command, "algt:s", "algt:h")).as(command).isEqualTo(WRONGTYPE);
            assertThat(error(jedis, command, "algt:missing", "algt:h")).as(command).isEqualTo(WRONGTYPE);
            assertThat(error(jedis, command + "store", "algt:dst", "algt:missing", "algt:h")).as(command)
                    .isEqualTo(WRONGTYPE);
        }
        assertThat(jedis.exists("algt:dst")).isFalse();
    }

    @Test
    void storeFormsReplaceTheDestination() {
        send(jedis, "sadd", "st:a", "1", "2", "3");
        send(jedis, "sadd", "st:b", "2", "3", "4");
        send(jedis, "sadd", "st:dst", "old");
        assertThat(send(jedis, "sinterstore", "st:dst", "st:a", "st:b")).isEqualTo(2L);
        assertThat(members("st:dst")).containsExactlyInAnyOrder("2", "3");
        assertThat(send(jedis, "sunionstore", "st:dst", "st:a", "st:b")).isEqualTo(4L);
        assertThat(members("st:dst")).containsExactlyInAnyOrder("1", "2", "3", "4");
        assertThat(send(jedis, "sdiffstore", "st:dst", "st:a", "st:b")).isEqualTo(1L);
        assertThat(members("st:dst")).containsExactly("1");
        // a destination of another type is replaced too
        send(jedis, "hset", "st:hash", "f", "v");
        assertThat(send(jedis, "sunionstore", "st:hash", "st:a")).isEqualTo(3L);
        assertThat(members("st:hash")).containsExactlyInAnyOrder("1", "2", "3");
        // the sources are untouched
        assertThat(members("st:a")).containsExactlyInAnyOrder("1", "2", "3");
        assertThat(members("st:b")).containsExactlyInAnyOrder("2", "3", "4");
    }

    @Test
    void storeFormsDeleteTheDestinationWhenTheResultIsEmpty() {
        send(jedis, "sadd", "ste:a", "1");
        send(jedis, "sadd", "ste:b", "2");
        send(jedis, "hset", "ste:dst", "f", "v");
        assertThat(send(jedis, "sinterstore", "ste:dst", "ste:a", "ste:b")).isEqualTo(0L);
        assertThat(jedis.exists("ste:dst")).isFalse();
        send(jedis, "sadd", "ste:dst", "x");
        assertThat(send(jedis, "sunionstore", "ste:dst", "ste:missing")).isEqualTo(0L);
        assertThat(jedis.exists("ste:dst")).isFalse();
        send(jedis, "sadd", "ste:dst", "x");
        assertThat(send(jedis, "sdiffstore", "ste:dst", "ste:a", "ste:a")).isEqualTo(0L);
        assertThat(jedis.exists("ste:dst")).isFalse();
        assertThat(send(jedis, "sinterstore", "ste:dst", "ste:missing", "ste:a")).isEqualTo(0L);
        assertThat(jedis.exists("ste:dst")).isFalse();
    }

    @Test
    void storeFormsWorkWhenTheDestinationIsASource() {
        send(jedis, "sadd", "sts:a", "1", "2", "3");
        send(jedis, "sadd", "sts:b", "3", "4");
        assertThat(send(jedis, "sunionstore", "sts:a", "sts:a", "sts:b")).isEqualTo(4L);
        assertThat(members("sts:a")).containsExactlyInAnyOrder("1", "2", "3", "4");
        assertThat(send(jedis, "sdiffstore", "sts:a", "sts:a", "sts:b")).isEqualTo(2L);
        assertThat(members("sts:a")).containsExactlyInAnyOrder("1", "2");
        assertThat(send(jedis, "sunionstore", "sts:b", "sts:a", "sts:b")).isEqualTo(4L);
        assertThat(send(jedis, "sinterstore", "sts:b", "sts:b", "sts:a")).isEqualTo(2L);
        assertThat(members("sts:b")).containsExactlyInAnyOrder("1", "2");
        assertThat(send(jedis, "sdiffstore", "sts:b", "sts:b", "sts:a")).isEqualTo(0L);
        assertThat(jedis.exists("sts:b")).isFalse();
    }

    @Test
    void sintercardCountsTheIntersection() {
        send(jedis, "sadd", "card:a", "1", "2", "3", "4");
        send(jedis, "sadd", "card:b", "2", "3", "4", "5");
        assertThat(send(jedis, "sintercard", "2", "card:a", "card:b")).isEqualTo(3L);
        assertThat(send(jedis, "sintercard", "1", "card:a")).isEqualTo(4L);
        assertThat(send(jedis, "sintercard", "2", "card:a", "card:b", "LIMIT", "2")).isEqualTo(2L);
        assertThat(send(jedis, "sintercard", "2", "card:a", "card:b", "limit", "0")).isEqualTo(3L);
        assertThat(send(jedis, "sintercard", "2", "card:a", "card:b", "LIMIT", "10")).isEqualTo(3L);
        assertThat(send(jedis, "sintercard", "2", "card:a", "card:missing")).isEqualTo(0L);
        assertThat(Resp3.cli(server.port(), "sintercard", "2", "card:a", "card:b")).isEqualTo("(integer) 3");
    }

    @Test
    void sintercardValidatesItsArguments() {
        send(jedis, "sadd", "carde:a", "1");
        send(jedis, "hset", "carde:h", "f", "v");
        assertThat(error(jedis, "sintercard", "0", "carde:a")).isEqualTo("ERR numkeys should be greater than 0");
        assertThat(error(jedis, "sintercard", "-1", "carde:a")).isEqualTo("ERR numkeys should be greater than 0");
        assertThat(error(jedis, "sintercard", "x", "carde:a")).isEqualTo("ERR numkeys should be greater than 0");
        assertThat(error(jedis, "sintercard", "3", "carde:a", "carde:b"))
                .isEqualTo("ERR Number of keys can't be greater than number of args");
        assertThat(error(jedis, "sintercard", "1", "carde:a", "LIMIT", "-1")).isEqualTo("ERR LIMIT can't be negative");
        assertThat(error(jedis, "sintercard", "1", "carde:a", "LIMIT", "x")).isEqualTo("ERR LIMIT can't be negative");
        assertThat(error(jedis, "sintercard", "1", "carde:a", "LIMIT")).isEqualTo("ERR syntax error");
        assertThat(error(jedis, "sintercard", "1", "carde:a", "carde:b")).isEqualTo("ERR syntax error");
        assertThat(error(jedis, "sintercard", "2", "carde:missing", "carde:h")).isEqualTo(WRONGTYPE);
    }

    /** The elements of a complete SSCAN reply, whose cursor must be 0. */
    private static List<Object> scanned(List<Object> reply) {
        assertThat(reply.get(0)).isEqualTo("0");
        return new ArrayList<>((List<?>) reply.get(1));
    }

    @Test
    void sscanReturnsEveryMatchingMemberAtOnce() {
        send(jedis, "sadd", "sscan:s", "apple", "avocado", "banana");
        List<Object> all = list(jedis, "sscan", "sscan:s", "0");
        assertThat(scanned(all)).containsExactlyInAnyOrder("apple", "avocado", "banana");
        List<Object> matched = list(jedis, "sscan", "sscan:s", "0", "MATCH", "a*", "COUNT", "1");
        assertThat(scanned(matched)).containsExactlyInAnyOrder("apple", "avocado");
        assertThat(list(jedis, "sscan", "sscan:s", "0", "MATCH", "z*")).isEqualTo(List.of("0", List.of()));
        assertThat(list(jedis, "sscan", "sscan:missing", "0")).isEqualTo(List.of("0", List.of()));
        assertThat(error(jedis, "sscan", "sscan:s", "0", "COUNT", "0")).isEqualTo("ERR syntax error");
        assertThat(error(jedis, "sscan", "sscan:s", "0", "FOO", "1")).isEqualTo("ERR syntax error");
        assertThat(error(jedis, "sscan", "sscan:s", "x")).isEqualTo("ERR invalid cursor");
    }

    @Test
    void everySetCommandRefusesOtherTypes() {
        send(jedis, "hset", "swrong:h", "f", "v");
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
            assertThat(error(jedis, command)).as(String.join(" ", command)).isEqualTo(WRONGTYPE);
        }
        assertThat(send(jedis, "hget", "swrong:h", "f")).isEqualTo("v");
    }
}
