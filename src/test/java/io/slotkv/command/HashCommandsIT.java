package io.slotkv.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.slotkv.testing.RedisCli;
import io.slotkv.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.exceptions.JedisDataException;

class HashCommandsIT {
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
            return list.stream().map(HashCommandsIT::decode).toList();
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

    /** redis-cli's lines without their "1# " / "1) " position prefixes, for unordered comparison. */
    private static Set<String> unnumbered(String output) {
        Set<String> lines = new HashSet<>();
        for (String line : output.split("\n")) {
            lines.add(line.strip().replaceFirst("^\\d+[#)~] ", ""));
        }
        return lines;
    }

    /** Whether {@code key} is absent: SCARD answers 0 for a missing key and WRONGTYPE for a hash. */
    private static boolean absent(String key) {
        try {
            return Long.valueOf(0).equals(send("scard", key));
        } catch (JedisDataException e) {
            assertThat(e.getMessage()).isEqualTo(WRONGTYPE);
            return false;
        }
    }

    @Test
    void hsetCountsNewFieldsAndHgetReadsThem() {
        assertThat(send("hset", "hset:h", "a", "1", "b", "2")).isEqualTo(2L);
        assertThat(send("hset", "hset:h", "a", "10", "c", "3")).isEqualTo(1L);
        assertThat(send("hget", "hset:h", "a")).isEqualTo("10");
        assertThat(send("hget", "hset:h", "nope")).isNull();
        assertThat(send("hget", "hset:missing", "a")).isNull();
        assertThat(send("hmset", "hset:h", "d", "4", "a", "11")).isEqualTo("OK");
        assertThat(send("hget", "hset:h", "a")).isEqualTo("11");
        assertThat(send("hlen", "hset:h")).isEqualTo(4L);
        assertThat(send("hset", "hset:bin", "", "")).isEqualTo(1L);
        assertThat(send("hget", "hset:bin", "")).isEqualTo("");
    }

    @Test
    void oddFieldValueListsAreArityErrors() {
        assertThat(error("hset", "hodd:h", "a", "1", "b")).isEqualTo("ERR wrong number of arguments for 'hset' command");
        assertThat(error("hmset", "hodd:h", "a")).isEqualTo("ERR wrong number of arguments for 'hmset' command");
        assertThat(error("hset", "hodd:h", "a")).isEqualTo("ERR wrong number of arguments for 'hset' command");
        assertThat(absent("hodd:h")).isTrue();
    }

    @Test
    void hsetnxSetsOnlyNewFields() {
        assertThat(send("hsetnx", "hnx:h", "a", "1")).isEqualTo(1L);
        assertThat(send("hsetnx", "hnx:h", "a", "2")).isEqualTo(0L);
        assertThat(send("hget", "hnx:h", "a")).isEqualTo("1");
    }

    @Test
    void hmgetAnswersNullForMissingFieldsAndKeys() {
        send("hset", "hmget:h", "a", "1", "b", "2");
        assertThat(list("hmget", "hmget:h", "b", "x", "a")).isEqualTo(Arrays.asList("2", null, "1"));
        assertThat(list("hmget", "hmget:missing", "a", "b")).isEqualTo(Arrays.asList(null, null));
        assertThat(resp3("hmget", "hmget:h", "a", "x")).isEqualTo("1) \"1\"\n2) (nil)");
    }

    @Test
    void hdelCountsRemovedFieldsAndDeletesTheEmptiedHash() {
        send("hset", "hdel:h", "a", "1", "b", "2", "c", "3");
        assertThat(send("hdel", "hdel:h", "a", "a", "x")).isEqualTo(1L);
        assertThat(send("hlen", "hdel:h")).isEqualTo(2L);
        assertThat(absent("hdel:h")).isFalse();
        assertThat(send("hdel", "hdel:h", "b", "c")).isEqualTo(2L);
        assertThat(absent("hdel:h")).isTrue();
        assertThat(send("hdel", "hdel:missing", "a")).isEqualTo(0L);
    }

    @Test
    void hlenHstrlenAndHexists() {
        send("hset", "hlen:h", "a", "hello", "b", "");
        assertThat(send("hlen", "hlen:h")).isEqualTo(2L);
        assertThat(send("hlen", "hlen:missing")).isEqualTo(0L);
        assertThat(send("hstrlen", "hlen:h", "a")).isEqualTo(5L);
        assertThat(send("hstrlen", "hlen:h", "b")).isEqualTo(0L);
        assertThat(send("hstrlen", "hlen:h", "x")).isEqualTo(0L);
        assertThat(send("hstrlen", "hlen:missing", "a")).isEqualTo(0L);
        assertThat(send("hexists", "hlen:h", "b")).isEqualTo(1L);
        assertThat(send("hexists", "hlen:h", "x")).isEqualTo(0L);
        assertThat(send("hexists", "hlen:missing", "a")).isEqualTo(0L);
        assertThat(resp3("hexists", "hlen:h", "a")).isEqualTo("(integer) 1");
    }

    @Test
    void hkeysHvalsAndHgetallReturnEverything() {
        send("hset", "hall:h", "a", "1", "b", "2", "c", "3");
        send("hdel", "hall:h", "a");
        send("hset", "hall:h", "d", "4");
        assertThat(list("hkeys", "hall:h")).containsExactlyInAnyOrder("b", "c", "d");
        assertThat(list("hvals", "hall:h")).containsExactlyInAnyOrder("2", "3", "4");
        assertThat(jedis.hgetAll("hall:h")).isEqualTo(Map.of("b", "2", "c", "3", "d", "4"));
        // RESP2 flattens the map; each value follows its field
        List<Object> flat = list("hgetall", "hall:h");
        assertThat(flat).hasSize(6);
        for (int i = 0; i < flat.size(); i += 2) {
            assertThat(send("hget", "hall:h", (String) flat.get(i))).isEqualTo(flat.get(i + 1));
        }
        assertThat(list("hkeys", "hall:missing")).isEmpty();
        assertThat(list("hvals", "hall:missing")).isEmpty();
        assertThat(list("hgetall", "hall:missing")).isEmpty();
    }

    @Test
    void hgetallIsAMapInResp3() {
        send("hset", "hmap:h", "a", "1", "b", "2");
        assertThat(unnumbered(resp3("hgetall", "hmap:h"))).containsExactlyInAnyOrder("\"a\" => \"1\"", "\"b\" => \"2\"");
        assertThat(resp3("hgetall", "hmap:h")).startsWith("1# ");
        assertThat(resp3("hgetall", "hmap:missing")).isEqualTo("(empty hash)");
        assertThat(resp3("hkeys", "hmap:missing")).isEqualTo("(empty array)");
        try (Jedis resp3 = new Jedis(HostAndPort.from("127.0.0.1:" + server.port()),
                DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP3).build())) {
            assertThat(resp3.hgetAll("hmap:h")).isEqualTo(Map.of("a", "1", "b", "2"));
            assertThat(resp3.hrandfieldWithValues("hmap:h", 5)).hasSize(2)
                    .allSatisfy(e -> assertThat(resp3.hget("hmap:h", e.getKey())).isEqualTo(e.getValue()));
        }
    }

    @Test
    void hincrbyAddsToIntegerFields() {
        assertThat(send("hincrby", "hincr:h", "n", "5")).isEqualTo(5L);
        assertThat(send("hincrby", "hincr:h", "n", "-7")).isEqualTo(-2L);
        assertThat(send("hget", "hincr:h", "n")).isEqualTo("-2");
        send("hset", "hincr:h", "s", "abc", "sp", " 1", "max", "9223372036854775807");
        assertThat(error("hincrby", "hincr:h", "s", "1")).isEqualTo("ERR hash value is not an integer");
        assertThat(error("hincrby", "hincr:h", "sp", "1")).isEqualTo("ERR hash value is not an integer");
        assertThat(error("hincrby", "hincr:h", "n", "1.5")).isEqualTo("ERR value is not an integer or out of range");
        assertThat(error("hincrby", "hincr:h", "n", "9223372036854775808"))
                .isEqualTo("ERR value is not an integer or out of range");
        assertThat(error("hincrby", "hincr:h", "max", "1")).isEqualTo("ERR increment or decrement would overflow");
        assertThat(send("hget", "hincr:h", "max")).isEqualTo("9223372036854775807");
        assertThat(error("hincrby", "hincr:new", "n", "x")).isEqualTo("ERR value is not an integer or out of range");
        assertThat(absent("hincr:new")).isTrue();
    }

    @Test
    void hincrbyfloatAddsExactDecimals() {
        assertThat(send("hincrbyfloat", "hfloat:h", "f", "10.5")).isEqualTo("10.5");
        assertThat(send("hincrbyfloat", "hfloat:h", "f", "0.1")).isEqualTo("10.6");
        assertThat(send("hincrbyfloat", "hfloat:h", "f", "-0.6")).isEqualTo("10");
        assertThat(send("hincrbyfloat", "hfloat:h", "g", "5.0e3")).isEqualTo("5000");
        assertThat(send("hget", "hfloat:h", "g")).isEqualTo("5000");
        send("hset", "hfloat:h", "z", "0.1", "s", "abc", "inf", "inf");
        assertThat(send("hincrbyfloat", "hfloat:h", "z", "0.2")).isEqualTo("0.3");
        assertThat(error("hincrbyfloat", "hfloat:h", "s", "1")).isEqualTo("ERR hash value is not a float");
        assertThat(error("hincrbyfloat", "hfloat:h", "f", "abc")).isEqualTo("ERR value is not a valid float");
        assertThat(error("hincrbyfloat", "hfloat:h", "f", "inf")).isEqualTo("ERR value is NaN or Infinity");
        assertThat(error("hincrbyfloat", "hfloat:h", "inf", "1"))
                .isEqualTo("ERR increment would produce NaN or Infinity");
        assertThat(send("hget", "hfloat:h", "f")).isEqualTo("10");
        assertThat(resp3("hincrbyfloat", "hfloat:h", "f", "1.5")).isEqualTo("\"11.5\"");
    }

    @Test
    void hscanReturnsEverythingAtOnceAndMatchesFields() {
        send("hset", "hscan:h", "apple", "x", "avocado", "y", "banana", "apricot");
        List<Object> all = list("hscan", "hscan:h", "0");
        assertThat(all.get(0)).isEqualTo("0");
        assertThat(pairs((List<?>) all.get(1)))
                .isEqualTo(Map.of("apple", "x", "avocado", "y", "banana", "apricot"));
        // MATCH looks at fields only: banana's value starts with "a" but is not returned
        List<Object> matched = list("hscan", "hscan:h", "0", "MATCH", "a*", "COUNT", "1");
        assertThat(pairs((List<?>) matched.get(1))).isEqualTo(Map.of("apple", "x", "avocado", "y"));
        assertThat(list("hscan", "hscan:h", "0", "match", "zz*")).isEqualTo(List.of("0", List.of()));
        assertThat(list("hscan", "hscan:missing", "0")).isEqualTo(List.of("0", List.of()));
        assertThat(error("hscan", "hscan:h", "0", "COUNT", "0")).isEqualTo("ERR syntax error");
        assertThat(error("hscan", "hscan:h", "0", "NOVALUES")).isEqualTo("ERR syntax error");
        assertThat(error("hscan", "hscan:h", "0", "MATCH")).isEqualTo("ERR syntax error");
        assertThat(error("hscan", "hscan:h", "abc")).isEqualTo("ERR invalid cursor");
        // as in Redis, the options of a missing key are not looked at
        assertThat(list("hscan", "hscan:missing", "0", "COUNT", "0")).isEqualTo(List.of("0", List.of()));
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
        send("hset", "hrand:h", "a", "1", "b", "2", "c", "3");
        Set<String> fields = Set.of("a", "b", "c");
        assertThat(fields).contains((String) send("hrandfield", "hrand:h"));
        assertThat(send("hrandfield", "hrand:missing")).isNull();
        assertThat(list("hrandfield", "hrand:h", "0")).isEmpty();
        assertThat(list("hrandfield", "hrand:h", "10")).containsExactlyInAnyOrder("a", "b", "c");
        List<Object> two = list("hrandfield", "hrand:h", "2");
        assertThat(two).hasSize(2).doesNotHaveDuplicates();
        assertThat(fields).containsAll(two.stream().map(String.class::cast).toList());
        List<Object> repeated = list("hrandfield", "hrand:h", "-7");
        assertThat(repeated).hasSize(7);
        assertThat(fields).containsAll(repeated.stream().map(String.class::cast).toList());
        assertThat(list("hrandfield", "hrand:missing", "3")).isEmpty();
        assertThat(list("hrandfield", "hrand:missing", "-3", "WITHVALUES")).isEmpty();
    }

    @Test
    void hrandfieldWithValuesPairsFieldsAndValues() {
        send("hset", "hrandv:h", "a", "1", "b", "2", "c", "3");
        List<Object> flat = list("hrandfield", "hrandv:h", "-6", "withvalues");
        assertThat(flat).hasSize(12);
        for (int i = 0; i < flat.size(); i += 2) {
            assertThat(send("hget", "hrandv:h", (String) flat.get(i))).isEqualTo(flat.get(i + 1));
        }
        assertThat(pairs(list("hrandfield", "hrandv:h", "3", "WITHVALUES")))
                .isEqualTo(Map.of("a", "1", "b", "2", "c", "3"));
        // RESP3: an array of [field, value] arrays, as Redis 7 sends it
        String out = resp3("hrandfield", "hrandv:h", "1", "WITHVALUES");
        java.util.regex.Matcher pair = java.util.regex.Pattern.compile("1\\) 1\\) \"(.)\"\\n   2\\) \"(.)\"").matcher(out);
        assertThat(pair.matches()).as(out).isTrue();
        assertThat(send("hget", "hrandv:h", pair.group(1))).isEqualTo(pair.group(2));
        assertThat(resp3("hrandfield", "hrandv:missing")).isEqualTo("(nil)");
        assertThat(resp3("hrandfield", "hrandv:h", "0", "WITHVALUES")).isEqualTo("(empty array)");
    }

    @Test
    void hrandfieldValidatesItsArguments() {
        send("hset", "hrande:h", "a", "1");
        assertThat(error("hrandfield", "hrande:h", "x")).isEqualTo("ERR value is not an integer or out of range");
        assertThat(error("hrandfield", "hrande:h", "1", "WITHVALUE")).isEqualTo("ERR syntax error");
        assertThat(error("hrandfield", "hrande:h", "1", "WITHVALUES", "x")).isEqualTo("ERR syntax error");
        assertThat(error("hrandfield", "hrande:missing", "1", "x")).isEqualTo("ERR syntax error");
        assertThat(error("hrandfield", "hrande:h", "-9223372036854775808")).isEqualTo(
                "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
        assertThat(error("hrandfield", "hrande:h", "-9223372036854775807", "WITHVALUES"))
                .isEqualTo("ERR value is out of range");
    }

    @Test
    void everyHashCommandRefusesOtherTypes() {
        send("sadd", "hwrong:s", "m");
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
            assertThat(error(command)).as(String.join(" ", command)).isEqualTo(WRONGTYPE);
        }
        assertThat(list("smembers", "hwrong:s")).isEqualTo(List.of("m"));
    }
}
