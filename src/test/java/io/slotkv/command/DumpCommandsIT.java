package io.slotkv.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slotkv.testing.RealRedis;
import io.slotkv.testing.ServerExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.RestoreParams;
import redis.clients.jedis.resps.Tuple;

/**
 * DUMP, RESTORE and RESTORE-ASKING: round trips of every type, Redis's checks in Redis's order, and payloads moved
 * both ways between slotkv and a real redis-server.
 */
class DumpCommandsIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    @TempDir
    static Path dir;

    @BeforeEach
    void flush() {
        try (Jedis jedis = server.jedis()) {
            jedis.flushAll();
        }
    }

    private static byte[] b(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static void fillEveryType(Jedis jedis) {
        jedis.set("str", "hello");
        jedis.set("int", "-12345");
        jedis.rpush("list", "a", "b", "c", "a");
        jedis.sadd("set", "x", "y", "z");
        jedis.sadd("ints", "1", "2", "300000");
        jedis.hset("hash", Map.of("f1", "v1", "f2", "v2"));
        jedis.zadd("zset", Map.of("m1", 1.5, "m2", -2.0, "m3", Double.NEGATIVE_INFINITY));
        Map<String, String> big = new HashMap<>();
        for (int i = 0; i < 2000; i++) {
            big.put("field-" + i, "value-" + i);
        }
        jedis.hset("bighash", big);
    }

    static final String[] KEYS = {"str", "int", "list", "set", "ints", "hash", "zset", "bighash"};

    static void assertEveryType(Jedis jedis, String suffix) {
        assertThat(jedis.get("str" + suffix)).isEqualTo("hello");
        assertThat(jedis.get("int" + suffix)).isEqualTo("-12345");
        assertThat(jedis.lrange("list" + suffix, 0, -1)).containsExactly("a", "b", "c", "a");
        assertThat(jedis.smembers("set" + suffix)).containsExactlyInAnyOrder("x", "y", "z");
        assertThat(jedis.smembers("ints" + suffix)).containsExactlyInAnyOrder("1", "2", "300000");
        assertThat(jedis.hgetAll("hash" + suffix)).isEqualTo(Map.of("f1", "v1", "f2", "v2"));
        assertThat(jedis.zrangeWithScores("zset" + suffix, 0, -1)).containsExactly(
                new Tuple("m3", Double.NEGATIVE_INFINITY), new Tuple("m2", -2.0), new Tuple("m1", 1.5));
        assertThat(jedis.hlen("bighash" + suffix)).isEqualTo(2000);
        assertThat(jedis.hget("bighash" + suffix, "field-1999")).isEqualTo("value-1999");
    }

    @Test
    void everyTypeRoundTrips() {
        try (Jedis jedis = server.jedis()) {
            fillEveryType(jedis);
            for (String key : KEYS) {
                byte[] payload = jedis.dump(key);
                assertThat(jedis.restore(key + ":copy", 0, payload)).isEqualTo("OK");
            }
            assertEveryType(jedis, ":copy");
            assertThat(jedis.dump("missing")).isNull();
        }
    }

    @Test
    void timeToLiveIsRelativeOrAbsolute() {
        try (Jedis jedis = server.jedis()) {
            jedis.set("k", "v");
            byte[] payload = jedis.dump("k");
            jedis.restore("rel", 100_000, payload);
            assertThat(jedis.pttl("rel")).isBetween(99_000L, 100_000L);
            long at = System.currentTimeMillis() + 50_000;
            jedis.restore("abs", at, payload, RestoreParams.restoreParams().absTtl());
            assertThat(jedis.pexpireTime("abs")).isEqualTo(at);
            jedis.rpush("list", "a");
            jedis.restore("listttl", 100_000, jedis.dump("list"));
            assertThat(jedis.pttl("listttl")).isBetween(99_000L, 100_000L);
            // an absolute time already past: nothing is created, and REPLACE deletes what was there
            assertThat(jedis.restore("gone", 1, payload, RestoreParams.restoreParams().absTtl())).isEqualTo("OK");
            assertThat(jedis.exists("gone")).isFalse();
            assertThat(jedis.restore("rel", 1, payload, RestoreParams.restoreParams().absTtl().replace()))
                    .isEqualTo("OK");
            assertThat(jedis.exists("rel")).isFalse();
        }
    }

    @Test
    void checksComeInRedisOrder() {
        try (Jedis jedis = server.jedis()) {
            jedis.set("k", "v");
            byte[] payload = jedis.dump("k");
            assertError(jedis, "ERR syntax error", "RESTORE", "x", "0", payload, "BOGUS");
            assertError(jedis, "ERR Invalid IDLETIME value, must be >= 0", "RESTORE", "x", "0", payload,
                    "IDLETIME", "-1");
            assertError(jedis, "ERR Invalid FREQ value, must be >= 0 and <= 255", "RESTORE", "x", "0", payload,
                    "FREQ", "256");
            assertError(jedis, "ERR syntax error", "RESTORE", "x", "0", payload, "IDLETIME", "1", "FREQ", "1");
            assertError(jedis, "ERR value is not an integer or out of range", "RESTORE", "x", "0", payload,
                    "FREQ", "x");
            assertError(jedis, "BUSYKEY Target key name already exists.", "RESTORE", "k", "-5", "junk");
            assertError(jedis, "ERR Invalid TTL value, must be >= 0", "RESTORE", "x", "-5", payload);
            assertError(jedis, "ERR value is not an integer or out of range", "RESTORE", "x", "soon", payload);
            assertError(jedis, "ERR DUMP payload version or checksum are wrong", "RESTORE", "x", "0", "junk");
            byte[] corrupt = payload.clone();
            corrupt[1] ^= 1;
            assertError(jedis, "ERR DUMP payload version or checksum are wrong", "RESTORE", "x", "0", corrupt);
            assertThat(jedis.exists("x")).isFalse();
            assertThat(jedis.restore("x", 0, payload, RestoreParams.restoreParams().idleTime(5))).isEqualTo("OK");
            assertThat(jedis.get("x")).isEqualTo("v");
        }
    }

    private static void assertError(Jedis jedis, String message, Object... args) {
        byte[][] raw = new byte[args.length - 1][];
        for (int i = 1; i < args.length; i++) {
            raw[i - 1] = args[i] instanceof byte[] bytes ? bytes : b(args[i].toString());
        }
        assertThatThrownBy(() -> jedis.sendCommand(() -> b(args[0].toString()), raw)).hasMessage(message);
    }

    @Test
    void replaceOverwritesAnyType() {
        try (Jedis jedis = server.jedis()) {
            jedis.set("s", "string");
            jedis.rpush("l", "x", "y");
            assertThat(jedis.restore("l", 0, jedis.dump("s"), RestoreParams.restoreParams().replace()))
                    .isEqualTo("OK");
            assertThat(jedis.get("l")).isEqualTo("string");
        }
    }

    @Test
    void restoreAskingIsRestore() {
        try (Jedis jedis = server.jedis()) {
            jedis.set("k", "v");
            Object reply = jedis.sendCommand(() -> b("RESTORE-ASKING"), b("k2"), b("0"), jedis.dump("k"));
            assertThat(new String((byte[]) reply, StandardCharsets.UTF_8)).isEqualTo("OK");
            assertThat(jedis.get("k2")).isEqualTo("v");
        }
    }

    @Test
    void payloadsMoveBothWaysWithARealRedisServer() {
        try (RealRedis redis = RealRedis.start(dir, "--list-max-listpack-size", "4",
                "--hash-max-listpack-entries", "16", "--set-max-intset-entries", "8");
                Jedis real = new Jedis("127.0.0.1", redis.port()); Jedis jedis = server.jedis()) {
            fillEveryType(real);
            real.rpush("quicklist", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
            fillEveryType(jedis);
            for (String key : KEYS) {
                assertThat(jedis.restore(key + ":from-redis", 0, real.dump(key))).isEqualTo("OK");
                assertThat(real.restore(key + ":from-slotkv", 0, jedis.dump(key))).isEqualTo("OK");
            }
            assertEveryType(jedis, ":from-redis");
            assertEveryType(real, ":from-slotkv");
            jedis.restore("quicklist", 0, real.dump("quicklist"));
            assertThat(jedis.lrange("quicklist", 0, -1)).containsExactly("1", "2", "3", "4", "5", "6", "7", "8",
                    "9", "10");
        }
    }
}
