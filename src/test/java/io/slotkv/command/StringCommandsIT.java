package io.slotkv.command;

import static io.slotkv.testing.JedisText.error;
import static io.slotkv.testing.JedisText.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slotkv.store.WrongTypeException;
import io.slotkv.testing.Resp3;
import io.slotkv.testing.ServerExtension;
import io.slotkv.testing.TestServer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/** The string commands over real sockets, with the replies and error texts of Redis 7. */
class StringCommandsIT {
    private static final String WRONGTYPE = WrongTypeException.MESSAGE;
    private static final String SYNTAX = "ERR syntax error";
    private static final String NOT_INTEGER = "ERR value is not an integer or out of range";
    private static final String NOT_FLOAT = "ERR value is not a valid float";

    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    private final Jedis jedis = server.connection();

    // ---- GET SET ----

    @Test
    void setReplacesAnyTypeAndClearsTheExpiry() {
        assertThat(send(jedis, "GET", "set:k")).isNull();
        assertThat(send(jedis, "SET", "set:k", "v1", "EX", "100")).isEqualTo("OK");
        assertThat(send(jedis, "GET", "set:k")).isEqualTo("v1");
        assertThat(jedis.ttl("set:k")).isBetween(99L, 100L);
        assertThat(send(jedis, "SET", "set:k", "v2")).isEqualTo("OK");
        assertThat(jedis.ttl("set:k")).isEqualTo(-1L);

        jedis.rpush("set:list", "a");
        assertThat(error(jedis, "GET", "set:list")).isEqualTo(WRONGTYPE);
        assertThat(send(jedis, "SET", "set:list", "s")).isEqualTo("OK");
        assertThat(jedis.type("set:list")).isEqualTo("string");
        assertThat(send(jedis, "SET", "set:empty", "")).isEqualTo("OK");
        assertThat(send(jedis, "GET", "set:empty")).isEqualTo("");
    }

    @Test
    void setOptionSyntaxAndExpireErrors() {
        for (String[] options : List.of(
                new String[] {"EX", "10", "PX", "10"},
                new String[] {"NX", "XX"},
                new String[] {"XX", "NX"},
                new String[] {"KEEPTTL", "EX", "10"},
                new String[] {"EX", "5", "KEEPTTL"},
                new String[] {"EXAT", "10", "PXAT", "10"},
                new String[] {"PERSIST"},
                new String[] {"EX"},
                new String[] {"EX", "10", "EX"},
                new String[] {"FOO"})) {
            assertThat(error(jedis, concat(new String[] {"SET", "opt:k", "v"}, options)))
                    .as(Arrays.toString(options)).isEqualTo(SYNTAX);
        }
        assertThat(error(jedis, "SET", "opt:k", "v", "EX", "abc")).isEqualTo(NOT_INTEGER);
        for (String[] expiry : List.of(
                new String[] {"EX", "0"},
                new String[] {"EX", "-1"},
                new String[] {"PX", "0"},
                new String[] {"EXAT", "0"},
                new String[] {"PXAT", "-5"},
                new String[] {"EX", "9223372036854775807"},
                new String[] {"PX", "9223372036854775807"},
                new String[] {"EXAT", "9223372036854776"})) {
            assertThat(error(jedis, concat(new String[] {"SET", "opt:k", "v"}, expiry)))
                    .as(Arrays.toString(expiry)).isEqualTo("ERR invalid expire time in 'set' command");
        }
        assertThat(jedis.exists("opt:k")).isFalse();
        assertThat(send(jedis, "SET", "opt:k", "v", "ex", "10", "EX", "20", "nx", "NX")).isEqualTo("OK");
        assertThat(jedis.ttl("opt:k")).isBetween(19L, 20L);
    }

    @Test
    void setNxXxAndGet() {
        assertThat(send(jedis, "SET", "cond:k", "v", "XX")).isNull();
        assertThat(send(jedis, "SET", "cond:k", "v", "XX", "GET")).isNull();
        assertThat(jedis.exists("cond:k")).isFalse();
        assertThat(send(jedis, "SET", "cond:k", "v", "GET")).isNull();
        assertThat(send(jedis, "SET", "cond:k", "v2", "NX")).isNull();
        assertThat(send(jedis, "SET", "cond:k", "v2", "NX", "GET")).isEqualTo("v");
        assertThat(jedis.get("cond:k")).isEqualTo("v");
        assertThat(send(jedis, "SET", "cond:k", "v3", "XX", "GET")).isEqualTo("v");
        assertThat(send(jedis, "SET", "cond:k", "v4", "XX")).isEqualTo("OK");
        assertThat(send(jedis, "SET", "cond:new", "v", "NX")).isEqualTo("OK");
        assertThat(jedis.get("cond:k")).isEqualTo("v4");

        jedis.rpush("cond:list", "a");
        for (String[] options : List.of(new String[] {"GET"}, new String[] {"NX", "GET"}, new String[] {"XX", "GET"})) {
            assertThat(error(jedis, concat(new String[] {"SET", "cond:list", "v"}, options))).isEqualTo(WRONGTYPE);
        }
        assertThat(jedis.type("cond:list")).isEqualTo("list");
        assertThat(send(jedis, "SET", "cond:list", "v", "NX")).isNull();
        assertThat(send(jedis, "SET", "cond:list", "v", "XX")).isEqualTo("OK");
        assertThat(jedis.type("cond:list")).isEqualTo("string");
        assertThat(Resp3.replies(server.port(), "SET cond:k x NX", "SET cond:none x XX GET", "GET cond:none"))
                .isEqualTo("_\r\n_\r\n_\r\n");
    }

    @Test
    void setExpiryOptions() {
        send(jedis, "SET", "ttl:k", "v", "EX", "100");
        assertThat(send(jedis, "SET", "ttl:k", "v2", "KEEPTTL")).isEqualTo("OK");
        assertThat(jedis.ttl("ttl:k")).isBetween(99L, 100L);
        assertThat(jedis.get("ttl:k")).isEqualTo("v2");
        jedis.rpush("ttl:list", "a");
        jedis.expire("ttl:list", 200);
        assertThat(send(jedis, "SET", "ttl:list", "v", "KEEPTTL")).isEqualTo("OK");
        assertThat(jedis.ttl("ttl:list")).isBetween(199L, 200L);

        long at = System.currentTimeMillis() + 300_000;
        assertThat(send(jedis, "SET", "ttl:k", "v", "PXAT", Long.toString(at))).isEqualTo("OK");
        assertThat(jedis.pexpireTime("ttl:k")).isEqualTo(at);
        assertThat(send(jedis, "SET", "ttl:k", "v", "EXAT", Long.toString(at / 1000))).isEqualTo("OK");
        assertThat(jedis.expireTime("ttl:k")).isEqualTo(at / 1000);
        assertThat(send(jedis, "SET", "ttl:k", "v", "PX", "100000")).isEqualTo("OK");
        assertThat(jedis.pttl("ttl:k")).isBetween(99_000L, 100_000L);

        assertThat(send(jedis, "SET", "ttl:k", "v", "EXAT", "1")).isEqualTo("OK");
        assertThat(jedis.exists("ttl:k")).isFalse();
        jedis.set("ttl:k", "old");
        assertThat(send(jedis, "SET", "ttl:k", "v", "PXAT", "1", "GET")).isEqualTo("old");
        assertThat(jedis.exists("ttl:k")).isFalse();

        assertThat(send(jedis, "SET", "ttl:short", "v", "PX", "100")).isEqualTo("OK");
        await().atMost(Duration.ofSeconds(5)).until(() -> send(jedis, "GET", "ttl:short") == null);
    }

    @Test
    void setnxSetexAndPsetex() {
        assertThat(send(jedis, "SETNX", "nx:k", "a")).isEqualTo(1L);
        assertThat(send(jedis, "SETNX", "nx:k", "b")).isEqualTo(0L);
        assertThat(jedis.get("nx:k")).isEqualTo("a");
        jedis.rpush("nx:list", "a");
        assertThat(send(jedis, "SETNX", "nx:list", "b")).isEqualTo(0L);

        assertThat(error(jedis, "SETEX", "ex:k", "0", "v")).isEqualTo("ERR invalid expire time in 'setex' command");
        assertThat(error(jedis, "SETEX", "ex:k", "abc", "v")).isEqualTo(NOT_INTEGER);
        assertThat(error(jedis, "PSETEX", "ex:k", "-5", "v")).isEqualTo("ERR invalid expire time in 'psetex' command");
        assertThat(jedis.exists("ex:k")).isFalse();
        assertThat(send(jedis, "SETEX", "nx:list", "100", "v")).isEqualTo("OK");
        assertThat(jedis.get("nx:list")).isEqualTo("v");
        assertThat(jedis.ttl("nx:list")).isBetween(99L, 100L);
        assertThat(send(jedis, "PSETEX", "ex:k", "100", "v")).isEqualTo("OK");
        assertThat(jedis.get("ex:k")).isEqualTo("v");
        await().atMost(Duration.ofSeconds(5)).until(() -> !jedis.exists("ex:k"));
    }

    @Test
    void getsetAndGetdel() {
        assertThat(send(jedis, "GETSET", "gs:k", "a")).isNull();
        jedis.expire("gs:k", 100);
        assertThat(send(jedis, "GETSET", "gs:k", "b")).isEqualTo("a");
        assertThat(jedis.ttl("gs:k")).isEqualTo(-1L);
        assertThat(send(jedis, "GETDEL", "gs:k")).isEqualTo("b");
        assertThat(send(jedis, "GETDEL", "gs:k")).isNull();
        assertThat(jedis.exists("gs:k")).isFalse();
        jedis.rpush("gs:list", "a");
        assertThat(error(jedis, "GETSET", "gs:list", "x")).isEqualTo(WRONGTYPE);
        assertThat(error(jedis, "GETDEL", "gs:list")).isEqualTo(WRONGTYPE);
        assertThat(jedis.type("gs:list")).isEqualTo("list");
        assertThat(Resp3.replies(server.port(), "GETDEL gs:none", "GETSET gs:new 1")).isEqualTo("_\r\n_\r\n");
    }

    @Test
    void getexChangesOrRemovesTheExpiry() {
        jedis.setex("gx:k", 10, "v");
        assertThat(send(jedis, "GETEX", "gx:k")).isEqualTo("v");
        assertThat(jedis.ttl("gx:k")).isBetween(9L, 10L);
        assertThat(send(jedis, "GETEX", "gx:k", "PERSIST")).isEqualTo("v");
        assertThat(jedis.ttl("gx:k")).isEqualTo(-1L);
        assertThat(send(jedis, "GETEX", "gx:k", "EX", "10", "EX", "20")).isEqualTo("v");
        assertThat(jedis.ttl("gx:k")).isBetween(19L, 20L);
        assertThat(send(jedis, "GETEX", "gx:k", "PX", "100000")).isEqualTo("v");
        assertThat(jedis.pttl("gx:k")).isBetween(99_000L, 100_000L);
        assertThat(send(jedis, "GETEX", "gx:k", "EXAT", "4000000000")).isEqualTo("v");
        assertThat(jedis.expireTime("gx:k")).isEqualTo(4_000_000_000L);
        assertThat(send(jedis, "GETEX", "gx:k", "PERSIST", "PERSIST")).isEqualTo("v");

        for (String[] options : List.of(new String[] {"EX", "10", "PX", "10"}, new String[] {"PERSIST", "EX", "10"},
                new String[] {"KEEPTTL"}, new String[] {"NX"}, new String[] {"GET"}, new String[] {"EX"},
                new String[] {"foo"})) {
            assertThat(error(jedis, concat(new String[] {"GETEX", "gx:k"}, options)))
                    .as(Arrays.toString(options)).isEqualTo(SYNTAX);
        }
        assertThat(error(jedis, "GETEX", "gx:k", "EX", "0")).isEqualTo("ERR invalid expire time in 'getex' command");
        assertThat(error(jedis, "GETEX", "gx:k", "EX", "abc")).isEqualTo(NOT_INTEGER);
        assertThat(jedis.ttl("gx:k")).isEqualTo(-1L);
        assertThat(send(jedis, "GETEX", "gx:none", "EX", "abc")).isNull();
        assertThat(error(jedis, "GETEX", "gx:none", "foo")).isEqualTo(SYNTAX);

        jedis.rpush("gx:list", "a");
        assertThat(error(jedis, "GETEX", "gx:list")).isEqualTo(WRONGTYPE);
        assertThat(error(jedis, "GETEX", "gx:list", "EX", "10")).isEqualTo(WRONGTYPE);

        assertThat(send(jedis, "GETEX", "gx:k", "EXAT", "1")).isEqualTo("v");
        assertThat(jedis.exists("gx:k")).isFalse();
        jedis.set("gx:k", "v");
        assertThat(send(jedis, "GETEX", "gx:k", "PX", "100")).isEqualTo("v");
        await().atMost(Duration.ofSeconds(5)).until(() -> send(jedis, "GETEX", "gx:k") == null);
        assertThat(Resp3.replies(server.port(), "GETEX gx:none PERSIST")).isEqualTo("_\r\n");
    }

    // ---- MGET MSET MSETNX ----

    @Test
    void mgetMsetAndMsetnx() {
        jedis.rpush("m:list", "a");
        jedis.setex("m:a", 100, "old");
        assertThat(send(jedis, "MSET", "m:a", "1", "m:b", "2", "m:a", "3")).isEqualTo("OK");
        assertThat(send(jedis, "MGET", "m:a", "m:b", "m:list", "m:none")).isEqualTo(Arrays.asList("3", "2", null, null));
        assertThat(jedis.ttl("m:a")).isEqualTo(-1L);
        assertThat(Resp3.replies(server.port(), "MGET m:b m:list")).isEqualTo("*2\r\n$1\r\n2\r\n_\r\n");
        assertThat(error(jedis, "MSET", "m:a", "1", "m:b")).isEqualTo("ERR wrong number of arguments for 'mset' command");
        assertThat(error(jedis, "MSETNX", "m:x")).isEqualTo("ERR wrong number of arguments for 'msetnx' command");

        assertThat(send(jedis, "MSETNX", "m:c", "1", "m:a", "2")).isEqualTo(0L);
        assertThat(send(jedis, "MSETNX", "m:c", "1", "m:list", "2")).isEqualTo(0L);
        assertThat(jedis.exists("m:c")).isFalse();
        assertThat(send(jedis, "MSETNX", "m:c", "1", "m:d", "2", "m:c", "3")).isEqualTo(1L);
        assertThat(send(jedis, "MGET", "m:c", "m:d")).isEqualTo(List.of("3", "2"));
    }

    // ---- INCR family ----

    @Test
    void integerIncrementsKeepTheExpiry() {
        assertThat(send(jedis, "INCR", "n:a")).isEqualTo(1L);
        assertThat(send(jedis, "INCRBY", "n:a", "41")).isEqualTo(42L);
        assertThat(send(jedis, "DECR", "n:a")).isEqualTo(41L);
        assertThat(send(jedis, "DECRBY", "n:a", "-9")).isEqualTo(50L);
        assertThat(send(jedis, "DECRBY", "n:b", "5")).isEqualTo(-5L);
        assertThat(jedis.get("n:a")).isEqualTo("50");
        jedis.expire("n:a", 100);
        assertThat(send(jedis, "INCR", "n:a")).isEqualTo(51L);
        assertThat(jedis.ttl("n:a")).isBetween(99L, 100L);

        jedis.set("n:max", "9223372036854775807");
        assertThat(error(jedis, "INCR", "n:max")).isEqualTo("ERR increment or decrement would overflow");
        assertThat(error(jedis, "INCRBY", "n:a", "9223372036854775807"))
                .isEqualTo("ERR increment or decrement would overflow");
        jedis.set("n:min", "-9223372036854775808");
        assertThat(error(jedis, "DECR", "n:min")).isEqualTo("ERR increment or decrement would overflow");
        assertThat(error(jedis, "DECRBY", "n:a", "-9223372036854775808")).isEqualTo("ERR decrement would overflow");
        assertThat(send(jedis, "INCRBY", "n:min", "9223372036854775807")).isEqualTo(-1L);
        assertThat(jedis.get("n:max")).isEqualTo("9223372036854775807");
    }

    @Test
    void integerIncrementsRefuseNonIntegers() {
        for (String value : List.of("abc", " 1", "1 ", "01", "+1", "1.0", "", "9223372036854775808")) {
            jedis.set("ni:k", value);
            assertThat(error(jedis, "INCR", "ni:k")).as("'%s'", value).isEqualTo(NOT_INTEGER);
        }
        jedis.set("ni:k", "1");
        assertThat(error(jedis, "INCRBY", "ni:k", "1.5")).isEqualTo(NOT_INTEGER);
        assertThat(error(jedis, "DECRBY", "ni:k", "x")).isEqualTo(NOT_INTEGER);
        jedis.rpush("ni:list", "a");
        assertThat(error(jedis, "INCR", "ni:list")).isEqualTo(WRONGTYPE);
        assertThat(error(jedis, "INCRBY", "ni:list", "x")).isEqualTo(NOT_INTEGER);
        assertThat(jedis.get("ni:k")).isEqualTo("1");
    }

    @Test
    void incrbyfloatUsesDecimalArithmeticAndKeepsTheExpiry() {
        assertThat(send(jedis, "INCRBYFLOAT", "f:a", "10.5")).isEqualTo("10.5");
        assertThat(send(jedis, "INCRBYFLOAT", "f:a", "0.1")).isEqualTo("10.6");
        assertThat(send(jedis, "INCRBYFLOAT", "f:b", "0.1")).isEqualTo("0.1");
        assertThat(send(jedis, "INCRBYFLOAT", "f:b", "0.2")).isEqualTo("0.3");
        assertThat(send(jedis, "INCRBYFLOAT", "f:b", "-0.3")).isEqualTo("0");
        assertThat(send(jedis, "INCRBYFLOAT", "f:c", "3e2")).isEqualTo("300");
        assertThat(send(jedis, "INCRBYFLOAT", "f:d", "-0")).isEqualTo("0");
        assertThat(send(jedis, "INCRBYFLOAT", "f:e", "1.10")).isEqualTo("1.1");
        assertThat(send(jedis, "INCRBYFLOAT", "f:g", "1e-20")).isEqualTo("0");
        jedis.set("f:exp", "5.0e3");
        assertThat(send(jedis, "INCRBYFLOAT", "f:exp", "1")).isEqualTo("5001");
        assertThat(jedis.get("f:exp")).isEqualTo("5001");
        jedis.setex("f:ttl", 100, "1");
        assertThat(send(jedis, "INCRBYFLOAT", "f:ttl", "1.5")).isEqualTo("2.5");
        assertThat(jedis.ttl("f:ttl")).isBetween(99L, 100L);
        assertThat(Resp3.replies(server.port(), "INCRBYFLOAT f:ttl 1")).isEqualTo("$3\r\n3.5\r\n");
    }

    @Test
    void incrbyfloatErrors() {
        jedis.set("fe:k", "1");
        assertThat(error(jedis, "INCRBYFLOAT", "fe:k", "abc")).isEqualTo(NOT_FLOAT);
        assertThat(error(jedis, "INCRBYFLOAT", "fe:k", "1.5 ")).isEqualTo(NOT_FLOAT);
        assertThat(error(jedis, "INCRBYFLOAT", "fe:k", "inf")).isEqualTo("ERR increment would produce NaN or Infinity");
        jedis.set("fe:inf", "inf");
        assertThat(error(jedis, "INCRBYFLOAT", "fe:inf", "1")).isEqualTo("ERR increment would produce NaN or Infinity");
        for (String value : List.of("abc", " 1", "1.5 ", "")) {
            jedis.set("fe:bad", value);
            assertThat(error(jedis, "INCRBYFLOAT", "fe:bad", "1")).as("'%s'", value).isEqualTo(NOT_FLOAT);
        }
        assertThat(error(jedis, "INCRBYFLOAT", "fe:k", "1e-999999999")).isEqualTo(NOT_FLOAT);
        jedis.set("fe:tiny", "1e-99999");
        assertThat(error(jedis, "INCRBYFLOAT", "fe:tiny", "1")).isEqualTo(NOT_FLOAT);
        assertThat(send(jedis, "INCRBYFLOAT", "fe:zero", "0e-999999999")).isEqualTo("0");
        assertThat(send(jedis, "INCRBYFLOAT", "fe:zero", "-1e-4000")).isEqualTo("0");
        jedis.rpush("fe:list", "a");
        assertThat(error(jedis, "INCRBYFLOAT", "fe:list", "1")).isEqualTo(WRONGTYPE);
        assertThat(jedis.get("fe:k")).isEqualTo("1");
    }

    // ---- APPEND STRLEN GETRANGE SETRANGE ----

    @Test
    void appendAndStrlen() {
        assertThat(send(jedis, "STRLEN", "ap:k")).isEqualTo(0L);
        assertThat(send(jedis, "APPEND", "ap:k", "abc")).isEqualTo(3L);
        jedis.expire("ap:k", 100);
        assertThat(send(jedis, "APPEND", "ap:k", "de")).isEqualTo(5L);
        assertThat(send(jedis, "APPEND", "ap:k", "")).isEqualTo(5L);
        assertThat(jedis.get("ap:k")).isEqualTo("abcde");
        assertThat(jedis.ttl("ap:k")).isBetween(99L, 100L);
        assertThat(send(jedis, "STRLEN", "ap:k")).isEqualTo(5L);
        jedis.rpush("ap:list", "a");
        assertThat(error(jedis, "APPEND", "ap:list", "x")).isEqualTo(WRONGTYPE);
        assertThat(error(jedis, "STRLEN", "ap:list")).isEqualTo(WRONGTYPE);
    }

    @Test
    void getrangeClampsLikeRedis() {
        jedis.set("gr:k", "abcde");
        String[][] cases = {
            {"0", "-1", "abcde"}, {"-2", "-1", "de"}, {"3", "1", ""}, {"10", "20", ""}, {"-100", "1", "ab"},
            {"0", "-100", "a"}, {"-1", "-5", ""}, {"-100", "-200", ""}, {"0", "9223372036854775807", "abcde"},
            {"-9223372036854775808", "-1", "abcde"}, {"4", "4", "e"},
        };
        for (String[] c : cases) {
            assertThat(send(jedis, "GETRANGE", "gr:k", c[0], c[1])).as("%s %s", c[0], c[1]).isEqualTo(c[2]);
        }
        jedis.set("gr:empty", "");
        assertThat(send(jedis, "GETRANGE", "gr:empty", "0", "-1")).isEqualTo("");
        assertThat(send(jedis, "GETRANGE", "gr:none", "0", "-1")).isEqualTo("");
        assertThat(Resp3.replies(server.port(), "GETRANGE gr:none 0 -1")).isEqualTo("$0\r\n\r\n");
        assertThat(error(jedis, "GETRANGE", "gr:k", "a", "1")).isEqualTo(NOT_INTEGER);
        jedis.rpush("gr:list", "a");
        assertThat(error(jedis, "GETRANGE", "gr:list", "0", "1")).isEqualTo(WRONGTYPE);
    }

    @Test
    void setrangePadsWithZerosAndKeepsTheExpiry() {
        assertThat(send(jedis, "SETRANGE", "sr:new", "2", "ab")).isEqualTo(4L);
        assertThat(jedis.get("sr:new".getBytes())).containsExactly(0, 0, 'a', 'b');
        assertThat(send(jedis, "SETRANGE", "sr:none", "5", "")).isEqualTo(0L);
        assertThat(jedis.exists("sr:none")).isFalse();
        jedis.setex("sr:k", 100, "abcde");
        assertThat(send(jedis, "SETRANGE", "sr:k", "1", "ZZ")).isEqualTo(5L);
        assertThat(send(jedis, "SETRANGE", "sr:k", "0", "")).isEqualTo(5L);
        assertThat(send(jedis, "SETRANGE", "sr:k", "536870911", "")).isEqualTo(5L);
        assertThat(send(jedis, "SETRANGE", "sr:k", "7", "X")).isEqualTo(8L);
        assertThat(jedis.get("sr:k".getBytes())).containsExactly('a', 'Z', 'Z', 'd', 'e', 0, 0, 'X');
        assertThat(jedis.ttl("sr:k")).isBetween(99L, 100L);
        jedis.set("sr:int", "12345");
        assertThat(send(jedis, "SETRANGE", "sr:int", "1", "9")).isEqualTo(5L);
        assertThat(jedis.get("sr:int")).isEqualTo("19345");
        jedis.set("sr:empty", "");
        assertThat(send(jedis, "SETRANGE", "sr:empty", "0", "")).isEqualTo(0L);
        assertThat(jedis.exists("sr:empty")).isTrue();
    }

    @Test
    void setrangeErrors() {
        jedis.set("sre:k", "abc");
        assertThat(error(jedis, "SETRANGE", "sre:k", "-1", "x")).isEqualTo("ERR offset is out of range");
        assertThat(error(jedis, "SETRANGE", "sre:k", "abc", "x")).isEqualTo(NOT_INTEGER);
        String tooLong = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";
        assertThat(error(jedis, "SETRANGE", "sre:k", "536870912", "x")).isEqualTo(tooLong);
        assertThat(error(jedis, "SETRANGE", "sre:k", "536870911", "xx")).isEqualTo(tooLong);
        assertThat(error(jedis, "SETRANGE", "sre:none", "9223372036854775807", "x")).isEqualTo(tooLong);
        jedis.rpush("sre:list", "a");
        assertThat(error(jedis, "SETRANGE", "sre:list", "-1", "x")).isEqualTo("ERR offset is out of range");
        assertThat(error(jedis, "SETRANGE", "sre:list", "0", "x")).isEqualTo(WRONGTYPE);
        assertThat(error(jedis, "SETRANGE", "sre:list", "0", "")).isEqualTo(WRONGTYPE);
        assertThat(jedis.get("sre:k")).isEqualTo("abc");
    }

    @Test
    void lengthLimitFollowsProtoMaxBulkLen() {
        long limit = 1024 * 1024;
        String tooLong = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";
        try (TestServer small = TestServer.start("proto-max-bulk-len 1mb"); Jedis client = small.jedis()) {
            assertThat(error(client, "SETRANGE", "k", Long.toString(limit), "x")).isEqualTo(tooLong);
            assertThat(send(client, "SETRANGE", "k", Long.toString(limit - 1), "x")).isEqualTo(limit);
            assertThat(error(client, "APPEND", "k", "y")).isEqualTo(tooLong);
            assertThat(send(client, "STRLEN", "k")).isEqualTo(limit);
        }
    }

    private static String[] concat(String[] head, String[] tail) {
        String[] all = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
