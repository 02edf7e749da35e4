package io.slotkv.command;

import static io.slotkv.testing.JedisText.error;
import static io.slotkv.testing.JedisText.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slotkv.testing.Resp3;
import io.slotkv.testing.ServerExtension;
import io.slotkv.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * DEL, EXISTS, TYPE, RENAME, COPY, the EXPIRE and TTL families, KEYS, SCAN, RANDOMKEY, TOUCH and OBJECT over real
 * sockets, with the replies and error texts of Redis 7.
 */
class KeyCommandsIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    private final Jedis jedis = server.connection();

    // ---- DEL EXISTS TYPE TOUCH ----

    @Test
    void delUnlinkExistsAndTouchCountEveryNamedKey() {
        jedis.set("del:a", "1");
        jedis.set("del:b", "2");
        jedis.rpush("del:list", "x");
        assertThat(send(jedis, "EXISTS", "del:a", "del:a", "del:none", "del:list")).isEqualTo(3L);
        assertThat(send(jedis, "TOUCH", "del:a", "del:b", "del:none", "del:a")).isEqualTo(3L);
        assertThat(send(jedis, "DEL", "del:a", "del:a", "del:none", "del:list")).isEqualTo(2L);
        assertThat(send(jedis, "UNLINK", "del:b", "del:b")).isEqualTo(1L);
        assertThat(send(jedis, "EXISTS", "del:a", "del:b", "del:list")).isEqualTo(0L);
        assertThat(send(jedis, "DEL", "del:none")).isEqualTo(0L);
        assertThat(error(jedis, "DEL")).isEqualTo("ERR wrong number of arguments for 'del' command");
    }

    @Test
    void typeNamesEachValueType() {
        jedis.set("type:s", "v");
        jedis.rpush("type:l", "x");
        assertThat(send(jedis, "TYPE", "type:s")).isEqualTo("string");
        assertThat(send(jedis, "TYPE", "type:l")).isEqualTo("list");
        assertThat(send(jedis, "TYPE", "type:none")).isEqualTo("none");
    }

    // ---- RENAME RENAMENX COPY ----

    @Test
    void renameMovesValueAndExpiry() {
        assertThat(error(jedis, "RENAME", "ren:none", "ren:x")).isEqualTo("ERR no such key");
        assertThat(error(jedis, "RENAMENX", "ren:none", "ren:x")).isEqualTo("ERR no such key");
        jedis.set("ren:a", "1");
        assertThat(send(jedis, "RENAME", "ren:a", "ren:a")).isEqualTo("OK");
        assertThat(send(jedis, "RENAMENX", "ren:a", "ren:a")).isEqualTo(0L);
        assertThat(jedis.get("ren:a")).isEqualTo("1");

        send(jedis, "SET", "ren:a", "1", "EX", "100");
        assertThat(send(jedis, "RENAME", "ren:a", "ren:b")).isEqualTo("OK");
        assertThat(jedis.exists("ren:a")).isFalse();
        assertThat(jedis.get("ren:b")).isEqualTo("1");
        assertThat(jedis.ttl("ren:b")).isBetween(99L, 100L);

        jedis.set("ren:c", "2");
        assertThat(send(jedis, "RENAME", "ren:c", "ren:b")).isEqualTo("OK");
        assertThat(jedis.get("ren:b")).isEqualTo("2");
        assertThat(jedis.ttl("ren:b")).isEqualTo(-1L);

        jedis.set("ren:d", "3");
        assertThat(send(jedis, "RENAMENX", "ren:d", "ren:b")).isEqualTo(0L);
        assertThat(send(jedis, "RENAMENX", "ren:d", "ren:e")).isEqualTo(1L);
        assertThat(jedis.get("ren:e")).isEqualTo("3");

        jedis.rpush("ren:list", "x");
        assertThat(send(jedis, "RENAME", "ren:list", "ren:e")).isEqualTo("OK");
        assertThat(jedis.type("ren:e")).isEqualTo("list");
    }

    @Test
    void copyChecksOptionsAndCopiesValueAndExpiry() {
        send(jedis, "SET", "copy:src", "v", "EX", "100");
        assertThat(send(jedis, "COPY", "copy:none", "copy:x")).isEqualTo(0L);
        assertThat(error(jedis, "COPY", "copy:src", "copy:src")).isEqualTo("ERR source and destination objects are the same");
        assertThat(error(jedis, "COPY", "copy:src", "copy:src", "DB", "0"))
                .isEqualTo("ERR source and destination objects are the same");
        assertThat(error(jedis, "COPY", "copy:src", "copy:x", "DB", "16")).isEqualTo("ERR DB index is out of range");
        assertThat(error(jedis, "COPY", "copy:src", "copy:x", "DB", "-1")).isEqualTo("ERR DB index is out of range");
        assertThat(error(jedis, "COPY", "copy:src", "copy:x", "DB", "abc"))
                .isEqualTo("ERR value is not an integer or out of range");
        assertThat(error(jedis, "COPY", "copy:src", "copy:x", "DB", "2147483648"))
                .isEqualTo("ERR value is out of range, value must between -2147483648 and 2147483647");
        assertThat(error(jedis, "COPY", "copy:src", "copy:x", "DB")).isEqualTo("ERR syntax error");
        assertThat(error(jedis, "COPY", "copy:src", "copy:x", "FOO")).isEqualTo("ERR syntax error");
        assertThat(error(jedis, "COPY", "copy:none", "copy:x", "DB", "abc"))
                .isEqualTo("ERR value is not an integer or out of range");
        assertThat(jedis.exists("copy:x")).isFalse();

        assertThat(send(jedis, "COPY", "copy:src", "copy:x", "DB", "0")).isEqualTo(1L);
        assertThat(jedis.get("copy:x")).isEqualTo("v");
        assertThat(jedis.ttl("copy:x")).isBetween(99L, 100L);
        assertThat(jedis.get("copy:src")).isEqualTo("v");

        jedis.set("copy:src", "w");
        assertThat(send(jedis, "COPY", "copy:src", "copy:x")).isEqualTo(0L);
        assertThat(jedis.get("copy:x")).isEqualTo("v");
        assertThat(send(jedis, "COPY", "copy:src", "copy:x", "REPLACE", "REPLACE")).isEqualTo(1L);
        assertThat(jedis.get("copy:x")).isEqualTo("w");
        assertThat(jedis.ttl("copy:x")).isEqualTo(-1L);

        jedis.rpush("copy:list", "a", "b");
        assertThat(send(jedis, "COPY", "copy:list", "copy:x", "REPLACE")).isEqualTo(1L);
        assertThat(jedis.type("copy:x")).isEqualTo("list");
        assertThat(jedis.type("copy:list")).isEqualTo("list");
    }

    @Test
    void copyToAnotherDatabaseIsRefusedOnlyWhenItWouldCopy() {
        jedis.set("xdb:src", "v");
        assertThat(send(jedis, "COPY", "xdb:none", "xdb:x", "DB", "1")).isEqualTo(0L);
        assertThat(error(jedis, "COPY", "xdb:src", "xdb:src", "DB", "1"))
                .isEqualTo("ERR Copying to another database is not supported yet");
        try (Jedis other = server.jedis()) {
            other.select(1);
            other.set("xdb:taken", "1");
        }
        assertThat(send(jedis, "COPY", "xdb:src", "xdb:taken", "DB", "1")).isEqualTo(0L);
        assertThat(error(jedis, "COPY", "xdb:src", "xdb:taken", "DB", "1", "REPLACE"))
                .isEqualTo("ERR Copying to another database is not supported yet");
    }

    // ---- EXPIRE family, TTL family, PERSIST ----

    @Test
    void expireOptionErrors() {
        jedis.set("exo:k", "v");
        String incompatible = "ERR NX and XX, GT or LT options at the same time are not compatible";
        assertThat(error(jedis, "EXPIRE", "exo:k", "100", "NX", "XX")).isEqualTo(incompatible);
        assertThat(error(jedis, "EXPIRE", "exo:k", "100", "nx", "gt")).isEqualTo(incompatible);
        assertThat(error(jedis, "PEXPIRE", "exo:none", "100", "LT", "NX")).isEqualTo(incompatible);
        assertThat(error(jedis, "EXPIRE", "exo:k", "100", "GT", "LT"))
                .isEqualTo("ERR GT and LT options at the same time are not compatible");
        assertThat(error(jedis, "EXPIRE", "exo:k", "100", "foo")).isEqualTo("ERR Unsupported option foo");
        assertThat(error(jedis, "EXPIRE", "exo:k", "abc", "foo")).isEqualTo("ERR Unsupported option foo");
        assertThat(error(jedis, "EXPIRE", "exo:k", "abc")).isEqualTo("ERR value is not an integer or out of range");
        assertThat(error(jedis, "EXPIRE", "exo:none", "1.5")).isEqualTo("ERR value is not an integer or out of range");
        assertThat(error(jedis, "EXPIRE", "exo:k", "9223372036854775807"))
                .isEqualTo("ERR invalid expire time in 'expire' command");
        assertThat(error(jedis, "EXPIRE", "exo:k", "-9223372036854775808"))
                .isEqualTo("ERR invalid expire time in 'expire' command");
        assertThat(error(jedis, "PEXPIRE", "exo:k", "9223372036854775807"))
                .isEqualTo("ERR invalid expire time in 'pexpire' command");
        assertThat(error(jedis, "EXPIREAT", "exo:k", "9223372036854776"))
                .isEqualTo("ERR invalid expire time in 'expireat' command");
        assertThat(jedis.ttl("exo:k")).isEqualTo(-1L);
        assertThat(send(jedis, "EXPIRE", "exo:k", "100", "NX", "NX")).isEqualTo(1L);
    }

    @Test
    void expireConditionsFollowRedis7() {
        assertThat(send(jedis, "EXPIRE", "exc:none", "100")).isEqualTo(0L);
        jedis.set("exc:k", "v");
        assertThat(send(jedis, "EXPIRE", "exc:k", "100", "XX")).isEqualTo(0L);
        assertThat(send(jedis, "EXPIRE", "exc:k", "100", "GT")).isEqualTo(0L); // no expiry counts as infinite
        assertThat(send(jedis, "EXPIRE", "exc:k", "100", "LT")).isEqualTo(1L);
        assertThat(send(jedis, "EXPIRE", "exc:k", "50", "GT")).isEqualTo(0L);
        assertThat(send(jedis, "EXPIRE", "exc:k", "200", "LT")).isEqualTo(0L);
        assertThat(send(jedis, "EXPIRE", "exc:k", "50", "LT")).isEqualTo(1L);
        assertThat(jedis.ttl("exc:k")).isBetween(49L, 50L);
        assertThat(send(jedis, "EXPIRE", "exc:k", "60", "NX")).isEqualTo(0L);
        assertThat(send(jedis, "EXPIRE", "exc:k", "70", "XX", "GT")).isEqualTo(1L);
        assertThat(send(jedis, "EXPIRE", "exc:k", "65", "xx", "lt")).isEqualTo(1L);
        assertThat(jedis.ttl("exc:k")).isBetween(64L, 65L);
        assertThat(send(jedis, "PEXPIRE", "exc:k", "90000")).isEqualTo(1L);
        assertThat(jedis.pttl("exc:k")).isBetween(89_000L, 90_000L);
        assertThat(send(jedis, "EXPIRE", "exc:k", "-1", "GT")).isEqualTo(0L);
        assertThat(jedis.exists("exc:k")).isTrue();
    }

    @Test
    void expiryInThePastDeletesAndAnswersOne() {
        for (String[] command : List.of(
                new String[] {"EXPIRE", "exp:k", "-1"},
                new String[] {"EXPIRE", "exp:k", "0"},
                new String[] {"PEXPIRE", "exp:k", "-9223372036854775808"},
                new String[] {"EXPIREAT", "exp:k", "1"},
                new String[] {"PEXPIREAT", "exp:k", "-9223372036854775808"},
                new String[] {"EXPIRE", "exp:k", "-5", "NX"},
                new String[] {"EXPIRE", "exp:k", "-5", "LT"})) {
            jedis.set("exp:k", "v");
            assertThat(send(jedis, command)).as(Arrays.toString(command)).isEqualTo(1L);
            assertThat(jedis.exists("exp:k")).as(Arrays.toString(command)).isFalse();
        }
        assertThat(send(jedis, "EXPIRE", "exp:none", "-1")).isEqualTo(0L);
    }

    @Test
    void ttlFamilyReportsMissingPersistentAndRoundedTimes() {
        for (String command : List.of("TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME")) {
            assertThat(send(jedis, command, "ttl:none")).isEqualTo(-2L);
        }
        jedis.set("ttl:k", "v");
        for (String command : List.of("TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME")) {
            assertThat(send(jedis, command, "ttl:k")).isEqualTo(-1L);
        }
        assertThat(send(jedis, "EXPIREAT", "ttl:k", "4000000000")).isEqualTo(1L);
        assertThat(send(jedis, "EXPIRETIME", "ttl:k")).isEqualTo(4_000_000_000L);
        assertThat(send(jedis, "PEXPIRETIME", "ttl:k")).isEqualTo(4_000_000_000_000L);
        send(jedis, "PEXPIREAT", "ttl:k", "4000000000499");
        assertThat(send(jedis, "EXPIRETIME", "ttl:k")).isEqualTo(4_000_000_000L);
        send(jedis, "PEXPIREAT", "ttl:k", "4000000000500");
        assertThat(send(jedis, "EXPIRETIME", "ttl:k")).isEqualTo(4_000_000_001L);
        send(jedis, "PEXPIREAT", "ttl:k", "9223372036854775807");
        assertThat(send(jedis, "EXPIRETIME", "ttl:k")).isEqualTo(9_223_372_036_854_776L);
        assertThat(send(jedis, "PEXPIRE", "ttl:k", "100500")).isEqualTo(1L);
        assertThat((Long) send(jedis, "TTL", "ttl:k")).isBetween(100L, 101L);
        assertThat(send(jedis, "PERSIST", "ttl:k")).isEqualTo(1L);
        assertThat(send(jedis, "PERSIST", "ttl:k")).isEqualTo(0L);
        assertThat(send(jedis, "PERSIST", "ttl:none")).isEqualTo(0L);
        assertThat(send(jedis, "TTL", "ttl:k")).isEqualTo(-1L);
    }

    @Test
    void keysExpireAfterTheirTime() {
        jedis.set("late:a", "v");
        jedis.rpush("late:list", "x");
        assertThat(send(jedis, "PEXPIRE", "late:a", "150")).isEqualTo(1L);
        assertThat(send(jedis, "PEXPIREAT", "late:list", Long.toString(System.currentTimeMillis() + 150)))
                .isEqualTo(1L);
        assertThat(jedis.exists("late:a")).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> send(jedis, "EXISTS", "late:a", "late:list").equals(0L));
        assertThat(send(jedis, "TTL", "late:a")).isEqualTo(-2L);
        assertThat(send(jedis, "TYPE", "late:list")).isEqualTo("none");
    }

    // ---- KEYS SCAN RANDOMKEY ----

    @Test
    void keysMatchesGlobsAndSkipsExpiredKeys() {
        jedis.select(3);
        send(jedis, "MSET", "hello", "1", "hallo", "2", "hxllo", "3", "world", "4");
        jedis.rpush("hlist", "x");
        assertThat(asSet(send(jedis, "KEYS", "*"))).containsExactlyInAnyOrder("hello", "hallo", "hxllo", "world", "hlist");
        assertThat(asSet(send(jedis, "KEYS", "h?llo"))).containsExactlyInAnyOrder("hello", "hallo", "hxllo");
        assertThat(asSet(send(jedis, "KEYS", "h[ae]llo"))).containsExactlyInAnyOrder("hello", "hallo");
        assertThat(asSet(send(jedis, "KEYS", "h[^e]llo"))).containsExactlyInAnyOrder("hallo", "hxllo");
        assertThat(send(jedis, "KEYS", "nothing*")).isEqualTo(List.of());
        send(jedis, "PEXPIRE", "world", "100");
        await().atMost(Duration.ofSeconds(5)).until(() -> !asSet(send(jedis, "KEYS", "*")).contains("world"));
        assertThat(asSet(send(jedis, "KEYS", "*"))).containsExactlyInAnyOrder("hello", "hallo", "hxllo", "hlist");
    }

    @Test
    void scanVisitsEveryKeyOnceAndFilters() {
        jedis.select(4);
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            jedis.set("scan:" + i, "v");
            expected.add("scan:" + i);
        }
        jedis.rpush("scan:list", "x");
        List<String> seen = new ArrayList<>();
        String cursor = "0";
        int calls = 0;
        do {
            List<?> reply = (List<?>) send(jedis, "SCAN", cursor, "COUNT", "3", "TYPE", "string");
            cursor = (String) reply.get(0);
            ((List<?>) reply.get(1)).forEach(key -> seen.add((String) key));
            calls++;
        } while (!cursor.equals("0") && calls < 20_000);
        assertThat(cursor).isEqualTo("0");
        assertThat(calls).isGreaterThan(1);
        assertThat(seen).hasSize(50).containsExactlyInAnyOrderElementsOf(expected);

        List<?> all = (List<?>) send(jedis, "SCAN", "0", "COUNT", "1000");
        assertThat(all.get(0)).isEqualTo("0");
        assertThat((List<?>) all.get(1)).hasSize(51);
        assertThat(send(jedis, "SCAN", "0", "COUNT", "1000", "MATCH", "scan:1?"))
                .isEqualTo(List.of("0", keysMatching(all, "scan:1\\d")));
        assertThat(send(jedis, "SCAN", "0", "COUNT", "1000", "TYPE", "LIST")).isEqualTo(List.of("0", List.of("scan:list")));
        assertThat(send(jedis, "SCAN", "0", "COUNT", "1000", "TYPE", "hash")).isEqualTo(List.of("0", List.of()));
        assertThat(send(jedis, "SCAN", "0", "TYPE", "nosuchtype", "COUNT", "1000")).isEqualTo(List.of("0", List.of()));
        assertThat(send(jedis, "SCAN", "18446744073709551615")).isEqualTo(List.of("0", List.of()));
        assertThat(send(jedis, "SCAN", "2147483648")).isEqualTo(List.of("0", List.of()));
    }

    /** The keys of a SCAN reply that match {@code regex}, in reply order. */
    private static List<?> keysMatching(List<?> scanReply, String regex) {
        return ((List<?>) scanReply.get(1)).stream().filter(key -> ((String) key).matches(regex)).toList();
    }

    @Test
    void scanErrors() {
        assertThat(error(jedis, "SCAN", "abc")).isEqualTo("ERR invalid cursor");
        assertThat(error(jedis, "SCAN", "18446744073709551616")).isEqualTo("ERR invalid cursor");
        assertThat(error(jedis, "SCAN", "0", "COUNT", "0")).isEqualTo("ERR syntax error");
        assertThat(error(jedis, "SCAN", "0", "COUNT", "x")).isEqualTo("ERR value is not an integer or out of range");
        assertThat(error(jedis, "SCAN", "0", "MATCH")).isEqualTo("ERR syntax error");
        assertThat(error(jedis, "SCAN", "0", "FOO", "bar")).isEqualTo("ERR syntax error");
    }

    @Test
    void randomkeyAnswersNullOnEmptyDatabaseAndAKeyOtherwise() {
        jedis.select(5);
        assertThat(send(jedis, "RANDOMKEY")).isNull();
        assertThat(Resp3.replies(server.port(), "SELECT 5", "RANDOMKEY")).isEqualTo("+OK\r\n_\r\n");
        jedis.set("only", "v");
        assertThat(send(jedis, "RANDOMKEY")).isEqualTo("only");
    }

    // ---- OBJECT ----

    @Test
    void objectSubcommands() {
        jedis.set("obj:int", "12345");
        jedis.set("obj:big", "12345678901234567890");
        jedis.set("obj:raw", "x".repeat(45));
        jedis.rpush("obj:list", "x");
        assertThat(send(jedis, "OBJECT", "ENCODING", "obj:int")).isEqualTo("int");
        assertThat(send(jedis, "OBJECT", "ENCODING", "obj:big")).isEqualTo("embstr");
        assertThat(send(jedis, "OBJECT", "ENCODING", "obj:raw")).isEqualTo("raw");
        assertThat(send(jedis, "OBJECT", "ENCODING", "obj:list")).isNotNull();
        assertThat(send(jedis, "OBJECT", "REFCOUNT", "obj:int")).isEqualTo(1L);
        assertThat((Long) send(jedis, "OBJECT", "IDLETIME", "obj:int")).isBetween(0L, 2L);
        for (String sub : List.of("ENCODING", "REFCOUNT", "IDLETIME", "FREQ")) {
            assertThat(send(jedis, "OBJECT", sub, "obj:none")).as(sub).isNull();
        }
        assertThat(error(jedis, "OBJECT", "FREQ", "obj:int")).isEqualTo("ERR An LFU maxmemory policy is not selected, "
                + "access frequency not tracked. Please note that when switching between policies at runtime LRU and "
                + "LFU data will take some time to adjust.");
        assertThat(Resp3.replies(server.port(), "OBJECT ENCODING obj:none", "OBJECT IDLETIME obj:none"))
                .isEqualTo("_\r\n_\r\n");
        assertThat(error(jedis, "OBJECT", "ENCODING"))
                .isEqualTo("ERR wrong number of arguments for 'object|encoding' command");
    }

    @Test
    void objectHelpListsSubcommands() {
        List<Object> help = List.copyOf((List<?>) send(jedis, "OBJECT", "HELP"));
        assertThat(help.get(0)).isEqualTo("OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        assertThat(help).contains("ENCODING <key>", "FREQ <key>", "IDLETIME <key>", "REFCOUNT <key>", "HELP")
                .hasSize(15);
    }

    @Test
    void objectFreqAndIdletimeUnderAnLfuPolicy() {
        try (TestServer lfu = TestServer.start("maxmemory-policy allkeys-lfu"); Jedis client = lfu.jedis()) {
            client.set("k", "v");
            assertThat(send(client, "OBJECT", "FREQ", "k")).isEqualTo(0L);
            assertThat(send(client, "OBJECT", "IDLETIME", "none")).isNull();
            assertThat(error(client, "OBJECT", "IDLETIME", "k")).isEqualTo("ERR An LFU maxmemory policy is selected, "
                    + "idle time not tracked. Please note that when switching between policies at runtime LRU and "
                    + "LFU data will take some time to adjust.");
        }
    }

    private static Set<Object> asSet(Object reply) {
        return new HashSet<>((List<?>) reply);
    }
}
