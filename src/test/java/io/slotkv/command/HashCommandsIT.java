package io.slotkv.command;

import static io.slotkv.testing.JedisText.error;
import static io.slotkv.testing.JedisText.list;
import static io.slotkv.testing.JedisText.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.slotkv.testing.Resp3;
import io.slotkv.testing.ServerExtension;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

class HashCommandsIT {
    private static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";

    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    private final Jedis jedis = server.connection();

    /** redis-cli's lines without their "1# " / "1) " position prefixes, for unordered comparison. */
    private static Set<String> unnumbered(String output) {
        Set<String> lines = new HashSet<>();
        for (String line : output.split("\n")) {
            lines.add(line.strip().replaceFirst("^\\d+[#)~] ", ""));
        }
        return lines;
    }

    @Test
    void hsetCountsNewFieldsAndHgetReadsThem() {
        assertThat(send(jedis, "hset", "hset:h", "a", "1", "b", "2")).isEqualTo(2L);
        assertThat(send(jedis, "hset", "hset:h", "a", "10", "c", "3")).isEqualTo(1L);
        assertThat(send(jedis, "hget", "hset:h", "a")).isEqualTo("10");
        assertThat(send(jedis, "hget", "hset:h", "nope")).isNull();
        assertThat(send(jedis, "hget", "hset:missing", "a")).isNull();
        assertThat(send(jedis, "hmset", "hset:h", "d", "4", "a", "11")).isEqualTo("OK");
        assertThat(send(jedis, "hget", "hset:h", "a")).isEqualTo("11");
        assertThat(send(jedis, "hlen", "hset:h")).isEqualTo(4L);
        assertThat(send(jedis, "hset", "hset:bin", "", "")).isEqualTo(1L);
        assertThat(send(jedis, "hget", "hset:bin", "")).isEqualTo("");
    }

    @Test
    void oddFieldValueListsAreArityErrors() {
        assertThat(error(jedis, "hset", "hodd:h", "a", "1", "b"))
                .isEqualTo("ERR wrong number of arguments for 'hset' command");
        assertThat(error(jedis, "hmset", "hodd:h", "a")).isEqualTo("ERR wrong number of arguments for 'hmset' command");
        assertThat(error(jedis, "hset", "hodd:h", "a")).isEqualTo("ERR wrong number of arguments for 'hset' command");
        assertThat(jedis.exists("hodd:h")).isFalse();
    }

    @Test
    void hsetnxSetsOnlyNewFields() {
        assertThat(send(jedis, "hsetnx", "hnx:h", "a", "1")).isEqualTo(1L);
        assertThat(send(jedis, "hsetnx", "hnx:h", "a", "2")).isEqualTo(0L);
        assertThat(send(jedis, "hget", "hnx:h", "a")).isEqualTo("1");
    }

    @Test
    void hmgetAnswersNullForMissingFieldsAndKeys() {
        send(jedis, "hset", "hmget:h", "a", "1", "b", "2");
        assertThat(list(jedis, "hmget", "hmget:h", "b", "x", "a")).isEqualTo(Arrays.asList("2", null, "1"));
        assertThat(list(jedis, "hmget", "hmget:missing", "a", "b")).isEqualTo(Arrays.asList(null, null));
        assertThat(Resp3.cli(server.port(), "hmget", "hmget:h", "a", "x")).isEqualTo("1) \"1\"\n2) (nil)");
    }

    @Test
    void hdelCountsRemovedFieldsAndDeletesTheEmptiedHash() {
        send(jedis, "hset", "hdel:h", "a", "1", "b", "2", "c", "3");
        assertThat(send(jedis, "hdel", "hdel:h", "a", "a", "x")).isEqualTo(1L);
        assertThat(send(jedis, "hlen", "hdel:h")).isEqualTo(2L);
        assertThat(jedis.exists("hdel:h")).isTrue();
        assertThat(send(jedis, "hdel", "hdel:h", "b", "c")).isEqualTo(2L);
        assertThat(jedis.exists("hdel:h")).isFalse();
        assertThat(send(jedis, "hdel", "hdel:missing", "a")).isEqualTo(0L);
    }

    @Test
    void hlenHstrlenAndHexists() {
        send(jedis, "hset", "hlen:h", "a", "hello", "b", "");
        assertThat(send(jedis, "hlen", "hlen:h")).isEqualTo(2L);
        assertThat(send(jedis, "hlen", "hlen:missing")).isEqualTo(0L);
        assertThat(send(jedis, "hstrlen", "hlen:h", "a")).isEqualTo(5L);
        assertThat(send(jedis, "hstrlen", "hlen:h", "b")).isEqualTo(0L);
        assertThat(send(jedis, "hstrlen", "hlen:h", "x")).isEqualTo(0L);
        assertThat(send(jedis, "hstrlen", "hlen:missing", "a")).isEqualTo(0L);
        assertThat(send(jedis, "hexists", "hlen:h", "b")).isEqualTo(1L);
        assertThat(send(jedis, "hexists", "hlen:h", "x")).isEqualTo(0L);
        assertThat(send(jedis, "hexists", "hlen:missing", "a")).isEqualTo(0L);
        assertThat(Resp3.cli(server.port(), "hexists", "hlen:h", "a")).isEqualTo("(integer) 1");
    }

    @Test
    void hkeysHvalsAndHgetallReturnEverything() {
        send(jedis, "hset", "hall:h", "a", "1", "b", "2", "c", "3");
        send(jedis, "hdel", "hall:h", "a");
        send(jedis, "hset", "hall:h", "d", "4");
        assertThat(list(jedis, "hkeys", "hall:h")).containsExactlyInAnyOrder("b", "c", "d");
        assertThat(list(jedis, "hvals", "hall:h")).containsExactlyInAnyOrder("2", "3", "4");
        assertThat(jedis.hgetAll("hall:h")).isEqualTo(Map.of("b", "2", "c", "3", "d", "4"));
        // RESP2 flattens the map; each value follows its field
        List<Object> flat = list(jedis, "hgetall", "hall:h");
        assertThat(flat).hasSize(6);
        for (int i = 0; i < flat.size(); i += 2) {
            assertThat(send(jedis, "hget", "hall:h", (String) flat.get(i))).isEqualTo(flat.get(i + 1));
        }
        assertThat(list(jedis, "hkeys", "hall:missing")).isEmpty();
        assertThat(list(jedis, "hvals", "hall:missing")).isEmpty();
        assertThat(list(jedis, "hgetall", "hall:missing")).isEmpty();
    }

    @Test
    void hgetallIsAMapInResp3() {
        send(jedis, "hset", "hmap:h", "a", "1", "b", "2");
        assertThat(unnumbered(Resp3.cli(server.port(), "hgetall", "hmap:h")))
                .containsExactlyInAnyOrder("\"a\" => \"1\"", "\"b\" => \"2\"");
        assertThat(Resp3.cli(server.port(), "hgetall", "hmap:h")).startsWith("1# ");
        assertThat(Resp3.cli(server.port(), "hgetall", "hmap:missing")).isEqualTo("(empty hash)");
        assertThat(Resp3.cli(server.port(), "hkeys", "hmap:missing")).isEqualTo("(empty array)");
        try (Jedis resp3 = Resp3.jedis(server.port())) {
            assertThat(resp3.hgetAll("hmap:h")).isEqualTo(Map.of("a", "1", "b", "2"));
            assertThat(resp3.hrandfieldWithValues("hmap:h", 5)).hasSize(2)
                    .allSatisfy(e -> assertThat(resp3.hget("hmap:h", e.getKey())).isEqualTo(e.getValue()));
        }
    }

    @Test
    void hincrbyAddsToIntegerFields() {
        assertThat(send(jedis, "hincrby", "hincr:h", "n", "5")).isEqualTo(5L);
        assertThat(send(jedis, "hincrby", "hincr:h", "n", "-7")).isEqualTo(-2L);
        assertThat(send(jedis, "hget", "hincr:h", "n")).isEqualTo("-2");
        send(jedis, "hset", "hincr:h", "s", "abc", "sp", " 1", "max", "9223372036854775807");
        assertThat(error(jedis, "hincrby", "hincr:h", "s", "1")).isEqualTo("ERR hash value is not an integer");
        assertThat(error(jedis, "hincrby", "hincr:h", "sp", "1")).isEqualTo("ERR hash value is not an integer");
        assertThat(error(jedis, "hincrby", "hincr:h", "n", "1.5"))
                .isEqualTo("ERR value is not an integer or out of range");
        assertThat(error(jedis, "hincrby", "hincr:h", "n", "9223372036854775808"))
                .isEqualTo("ERR value is not an integer or out of range");
        assertThat(error(jedis, "hincrby", "hincr:h", "max", "1"))
                .isEqualTo("ERR increment or decrement would overflow");
        assertThat(send(jedis, "hget", "hincr:h", "max")).isEqualTo("9223372036854775807");
        assertThat(error(jedis, "hincrby", "hincr:new", "n", "x"))
                .isEqualTo("ERR value is not an integer or out of range");
        assertThat(jedis.exists("hincr:new")).isFalse();
    }

    @Test
    void hincrbyfloatAddsExactDecimals() {
        assertThat(send(jedis, "hincrbyfloat", "hfloat:h", "f", "10.5")).isEqualTo("10.5");
        assertThat(send(jedis, "hincrbyfloat", "hfloat:h", "f", "0.1")).isEqualTo("10.6");
        assertThat(send(jedis, "hincrbyfloat", "hfloat:h", "f", "-0.6")).isEqualTo("10");
        assertThat(send(jedis, "hincrbyfloat", "hfloat:h", "g", "5.0e3")).isEqualTo("5000");
        assertThat(send(jedis, "hget", "hfloat:h", "g")).isEqualTo("5000");
        send(jedis, "hset", "hfloat:h", "z", "0.1", "s", "abc", "inf", "inf");
        assertThat(send(jedis, "hincrbyfloat", "hfloat:h", "z", "0.2")).isEqualTo("0.3");
        assertThat(error(jedis, "hincrbyfloat", "hfloat:h", "s", "1")).isEqualTo("ERR hash value is not a float");
        assertThat(error(jedis, "hincrbyfloat", "hfloat:h", "f", "abc")).isEqualTo("ERR value is not a valid float");
        assertThat(error(jedis, "hincrbyfloat", "hfloat:h", "f", "inf")).isEqualTo("ERR value is NaN or Infinity");
        assertThat(error(jedis, "hincrbyfloat", "hfloat:h", "inf", "1"))
                .isEqualTo("ERR increment would produce NaN or Infinity");
        assertThat(send(jedis, "hget", "hfloat:h", "f")).isEqualTo("10");
        assertThat(Resp3.cli(server.port(), "hincrbyfloat", "hfloat:h", "f", "1.5")).isEqualTo("\"11.5\"");
    }

    @Test
    void hscanReturnsEverythingAtOnceAndMatchesFields() {
        send(jedis, "hset", "hscan:h", "apple", "x", "avocado", "y", "banana", "apricot");
        List<Object> all = list(jedis, "hscan", "hscan:h", "0");
        assertThat(all.get(0)).isEqualTo("0");
        assertThat(pairs((List<?>) all.get(1)))
                .isEqualTo(Map.of("apple", "x", "avocado", "y", "banana", "apricot"));
        // MATCH looks at fields only: banana's value starts with "a" but is not returned
        List<Object> matched = list(jedis, "hscan", "hscan:h", "0", "MATCH", "a*", "COUNT", "1");
        assertThat(pairs((List<?>) matched.get(1))).isEqualTo(Map.of("apple", "x", "avocado", "y"));
        assertThat(list(jedis, "hscan", "hscan:h", "0", "match", "zz*")).isEqualTo(List.of("0", List.of()));
        assertThat(list(jedis, "hscan", "hscan:missing", "0")).isEqualTo(List.of("0", List.of()));
        assertThat(error(jedis, "hscan", "hscan:h", "0", "COUNT", "0")).isEqualTo("ERR syntax error");
        assertThat(error(jedis, "hscan", "hscan:h", "0", "NOVALUES")).isEqualTo("ERR syntax error");
        assertThat(error(jedis, "hscan", "hscan:h", "0", "MATCH")).isEqualTo("ERR syntax error");
        assertThat(error(jedis, "hscan", "hscan:h", "abc")).isEqualTo("ERR invalid cursor");
        // as in Redis, the options of a missing key are not looked at
        assertThat(list(jedis, "hscan", "hscan:missing", "0", "COUNT", "0")).isEqualTo(List.of("0", List.of()));
    }

    private static Map<Object, Object> pairs(List<?> flat) {
        Map<Object, Object> map = new java.util.HashMap<>();
        for (int i = 0; i < flat.size(); i += 2) {
            assertThat(map.put(flat.get(i), flat.get(i + 1))).as("duplicate field %s", flat.get(i)).isNull();
        }
        return map;
    }

    @Test
    void hrandfieldPicksFields() {
        send(jedis, "hset", "hrand:h", "a", "1", "b", "2", "c", "3");
        Set<String> fields = Set.of("a", "b", "c");
        assertThat(fields).contains((String) send(jedis, "hrandfield", "hrand:h"));
        assertThat(send(jedis, "hrandfield", "hrand:missing")).isNull();
        assertThat(list(jedis, "hrandfield", "hrand:h", "0")).isEmpty();
        assertThat(list(jedis, "hrandfield", "hrand:h", "10")).containsExactlyInAnyOrder("a", "b", "c");
        List<Object> two = list(jedis, "hrandfield", "hrand:h", "2");
        assertThat(two).hasSize(2).doesNotHaveDuplicates();
        assertThat(fields).containsAll(two.stream().map(String.class::cast).toList());
        List<Object> repeated = list(jedis, "hrandfield", "hrand:h", "-7");
        assertThat(repeated).hasSize(7);
        assertThat(fields).containsAll(repeated.stream().map(String.class::cast).toList());
        assertThat(list(jedis, "hrandfield", "hrand:missing", "3")).isEmpty();
        assertThat(list(jedis, "hrandfield", "hrand:missing", "-3", "WITHVALUES")).isEmpty();
    }

    @Test
    void hrandfieldWithValuesPairsFieldsAndValues() {
        send(jedis, "hset", "hrandv:h", "a", "1", "b", "2", "c", "3");
        List<Object> flat = list(jedis, "hrandfield", "hrandv:h", "-6", "withvalues");
        assertThat(flat).hasSize(12);
        for (int i = 0; i < flat.size(); i += 2) {
            assertThat(send(jedis, "hget", "hrandv:h", (String) flat.get(i))).isEqualTo(flat.get(i + 1));
        }
        assertThat(pairs(list(jedis, "hrandfield", "hrandv:h", "3", "WITHVALUES")))
                .isEqualTo(Map.of("a", "1", "b", "2", "c", "3"));
        // RESP3: an array of [field, value] arrays, as Redis 7 sends it
        String out = Resp3.cli(server.port(), "hrandfield", "hrandv:h", "1", "WITHVALUES");
        java.util.regex.Matcher pair = java.util.regex.Pattern.compile("1\\) 1\\) \"(.)\"\\n   2\\) \"(.)\"").matcher(out);
        assertThat(pair.matches()).as(out).isTrue();
        assertThat(send(jedis, "hget", "hrandv:h", pair.group(1))).isEqualTo(pair.group(2));
        assertThat(Resp3.cli(server.port(), "hrandfield", "hrandv:missing")).isEqualTo("(nil)");
        assertThat(Resp3.cli(server.port(), "hrandfield", "hrandv:h", "0", "WITHVALUES")).isEqualTo("(empty array)");
    }

    @Test
    void hrandfieldValidatesItsArguments() {
        send(jedis, "hset", "hrande:h", "a", "1");
        assertThat(error(jedis, "hrandfield", "hrande:h", "x"))
                .isEqualTo("ERR value is not an integer or out of range");
        assertThat(error(jedis, "hrandfield", "hrande:h", "1", "WITHVALUE")).isEqualTo("ERR syntax error");
        assertThat(error(jedis, "hrandfield", "hrande:h", "1", "WITHVALUES", "x")).isEqualTo("ERR syntax error");
        assertThat(error(jedis, "hrandfield", "hrande:missing", "1", "x")).isEqualTo("ERR syntax error");
        assertThat(error(jedis, "hrandfield", "hrande:h", "-9223372036854775808")).isEqualTo(
                "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
        assertThat(error(jedis, "hrandfield", "hrande:h", "-9223372036854775807", "WITHVALUES"))
                .isEqualTo("ERR value is out of range");
    }

    @Test
    void everyHashCommandRefusesOtherTypes() {
        send(jedis, "sadd", "hwrong:s", "m");
        List<String[]> commands = List.of(
                new String[] {"hset", "hwrong:s", "f", "v"},
                new String[] {"hsetnx", "hwrong:s", "f", "v"},
                new String[] {"hget", "hwrong:s", "f"},
                new String[] {"hmset", "hwrong:s", "f", "v"},
                new String[] {"hmget", "hwrong:s", "f"},
                new String[] {"hdel", "hwrong:s", "f"},
                new String[] {"hlen", "hwrong:s"},
                new String[] {"hstrlen", "hwrong:s", "f"},
                new String[] {"hexists", "hwrong:s", "f"},
                new String[] {"hkeys", "hwrong:s"},
                new String[] {"hvals", "hwrong:s"},
                new String[] {"hgetall", "hwrong:s"},
                new String[] {"hincrby", "hwrong:s", "f", "1"},
                new String[] {"hincrbyfloat", "hwrong:s", "f", "1"},
                new String[] {"hscan", "hwrong:s", "0"},
                new String[] {"hrandfield", "hwrong:s"},
                new String[] {"hrandfield", "hwrong:s", "0"});
        for (String[] command : commands) {
            assertThat(error(jedis, command)).as(String.join(" ", command)).isEqualTo(WRONGTYPE);
        }
        assertThat(list(jedis, "smembers", "hwrong:s")).isEqualTo(List.of("m"));
    }
}
