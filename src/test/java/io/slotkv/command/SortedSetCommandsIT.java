package io.slotkv.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slotkv.store.Keyspace;
import io.slotkv.store.ValueType;
import io.slotkv.testing.RedisCli;
import io.slotkv.testing.TestServer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sorted-set commands over real sockets, in RESP2 and RESP3. Replies are rendered with their types so that tests
 * see exactly what a client gets: {@code :3} integer, {@code ,1.5} double, {@code abc} bulk string, {@code nil}
 * null bulk, {@code nilarray} null array, {@code null} RESP3 null, {@code [a, b]} array, {@code -ERR ...} error.
 * Expected replies and errors were taken from redis-server.
 */
class SortedSetCommandsIT {
    private static final String WRONGTYPE = "-WRONGTYPE Operation against a key holding the wrong kind of value";
    private static final String SYNTAX = "-ERR syntax error";
    private static final String NOT_INTEGER = "-ERR value is not an integer or out of range";
    private static final String NOT_FLOAT = "-ERR value is not a valid float";
    private static final String MIN_MAX_FLOAT = "-ERR min or max is not a float";
    private static final String MIN_MAX_STRING = "-ERR min or max not valid string range item";

    private static TestServer server;
    private static Conn resp2;
    private static Conn resp3;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        resp2 = new Conn(2);
        resp3 = new Conn(3);
    }

    @AfterAll
    static void stop() {
        resp2.close();
        resp3.close();
        server.close();
    }

    private static String r2(String... args) {
        return resp2.call(args);
    }

    private static String r3(String... args) {
        return resp3.call(args);
    }

    /** Runs {@code action} on database 0 on the shard thread, where the keyspace lives, and commits. */
    private static <T> T onShard(Function<Keyspace, T> action) {
        try {
            return server.server().shard().submit(() -> {
                Keyspace db = server.server().database(0);
                T result = action.apply(db);
                db.commit();
                return result;
            }).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** TYPE's answer for {@code key} ("none" when absent). */
    private static String type(String key) {
        ValueType type = onShard(db -> db.type(bytes(key)));
        return type == null ? "none" : type.redisName();
    }

    private static void putString(String key) {
        onShard(db -> {
            db.putString(bytes(key), bytes("text"), Keyspace.NO_EXPIRY);
            return null;
        });
    }

    private static void putSet(String key, String... members) {
        onShard(db -> {
            for (String member : members) {
                db.set(bytes(key), true).add(bytes(member));
            }
            return null;
        });
    }

    private static int blockedClients() {
        return onShard(db -> server.server().blocking().blockedClients());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- ZADD, ZINCRBY

    @Test
    void zaddCountsNewMembersOrChangedOnesWithCh() {
        assertThat(r2("ZADD", "add", "1", "a", "2", "b", "3", "c")).isEqualTo(":3");
        assertThat(r2("ZADD", "add", "10", "a", "2", "b", "4", "d")).isEqualTo(":1");
        assertThat(r2("ZADD", "add", "CH", "11", "a", "2", "b", "5", "e")).isEqualTo(":2");
        assertThat(r2("ZADD", "add", "1.5", "c", "-inf", "lo", "+inf", "hi")).isEqualTo(":2");
        assertThat(r2("ZRANGE", "add", "0", "-1", "WITHSCORES"))
                .isEqualTo("[lo, -inf, c, 1.5, b, 2, d, 4, e, 5, a, 11, hi, inf]");
        assertThat(r2("ZCARD", "add")).isEqualTo(":7");
        assertThat(r2("ZCARD", "add:missing")).isEqualTo(":0");
    }

    @Test
    void zaddConditionsChooseWhatChanges() {
        r2("ZADD", "cond", "5", "a", "5", "b");
        assertThat(r2("ZADD", "cond", "NX", "CH", "1", "a", "1", "new")).isEqualTo(":1");
        assertThat(r2("ZADD", "cond", "XX", "CH", "6", "a", "1", "other")).isEqualTo(":1");
        assertThat(r2("ZADD", "cond", "GT", "CH", "4", "a", "9", "b", "3", "gt-new")).isEqualTo(":2");
        assertThat(r2("ZADD", "cond", "LT", "CH", "7", "a", "1", "b")).isEqualTo(":1");
        assertThat(r2("ZRANGE", "cond", "0", "-1", "WITHSCORES")).isEqualTo("[b, 1, new, 1, gt-new, 3, a, 6]");
        assertThat(r2("ZADD", "cond:missing", "XX", "1", "a")).isEqualTo(":0");
        assertThat(type("cond:missing")).isEqualTo("none");
    }

    @Test
    void zaddRefusesBadOptionsBeforeChangingAnything() {
        assertThat(r2("ZADD", "bad", "NX", "XX", "1", "a"))
                .isEqualTo("-ERR XX and NX options at the same time are not compatible");
        assertThat(r2("ZADD", "bad", "GT", "LT", "1", "a"))
                .isEqualTo("-ERR GT, LT, and/or NX options at the same time are not compatible");
        assertThat(r2("ZADD", "bad", "nx", "gt", "1", "a"))
                .isEqualTo("-ERR GT, LT, and/or NX options at the same time are not compatible");
        assertThat(r2("ZADD", "bad", "INCR", "1", "a", "2", "b"))
                .isEqualTo("-ERR INCR option supports a single increment-element pair");
        assertThat(r2("ZADD", "bad", "1", "a", "2")).isEqualTo(SYNTAX);
        assertThat(r2("ZADD", "bad", "NX", "XX", "1", "a", "2")).isEqualTo(SYNTAX);
        assertThat(r2("ZADD", "bad", "1")).isEqualTo("-ERR wrong number of arguments for 'zadd' command");
        assertThat(r2("ZADD", "bad", "1", "a", "x", "b")).isEqualTo(NOT_FLOAT);
        assertThat(r2("ZADD", "bad", "1", "a", "nan", "b")).isEqualTo(NOT_FLOAT);
        assertThat(type("bad")).isEqualTo("none");
    }

    @Test
    void zaddIncrAndZincrbyReturnTheNewScore() {
        assertThat(r2("ZADD", "incr", "INCR", "2.5", "a")).isEqualTo("2.5");
        assertThat(r3("ZADD", "incr", "INCR", "1", "a")).isEqualTo(",3.5");
        assertThat(r2("ZINCRBY", "incr", "-0.5", "a")).isEqualTo("3");
        assertThat(r3("ZINCRBY", "incr", "10", "b")).isEqualTo(",10");
        assertThat(r2("ZADD", "incr", "NX", "INCR", "1", "a")).isEqualTo("nil");
        assertThat(r3("ZADD", "incr", "XX", "INCR", "1", "nope")).isEqualTo("null");
        assertThat(r2("ZADD", "incr", "GT", "INCR", "-1", "a")).isEqualTo("nil");
        assertThat(r2("ZADD", "incr", "GT", "INCR", "0", "a")).isEqualTo("nil");
        assertThat(r2("ZADD", "incr", "INCR", "0", "a")).isEqualTo("3");
        assertThat(r2("ZADD", "incr", "LT", "INCR", "-1", "a")).isEqualTo("2");
        assertThat(r2("ZADD", "incr:missing", "XX", "INCR", "1", "a")).isEqualTo("nil");
        assertThat(type("incr:missing")).isEqualTo("none");
        assertThat(r2("ZINCRBY", "incr", "x", "a")).isEqualTo(NOT_FLOAT);
        assertThat(r2("ZSCORE", "incr", "a")).isEqualTo("2");
        assertThat(r2("ZINCRBY", "incr:new", "7", "m")).isEqualTo("7");
        assertThat(type("incr:new")).isEqualTo("zset");
    }

    @Test
    void infinityPlusMinusInfinityIsRefused() {
        r2("ZADD", "nan", "inf", "a");
        assertThat(r2("ZADD", "nan", "INCR", "-inf", "a")).isEqualTo("-ERR resulting score is not a number (NaN)");
        assertThat(r2("ZINCRBY", "nan", "-inf", "a")).isEqualTo("-ERR resulting score is not a number (NaN)");
        assertThat(r2("ZINCRBY", "nan", "1", "a")).isEqualTo("inf");
    }

    @Test
    void scoresAndBoundsParseAsRedisReadsThem() {
        assertThat(r2("ZADD", "parse", "1e400", "a")).isEqualTo(NOT_FLOAT);
        assertThat(r2("ZADD", "parse", "-0", "zero", "0x10", "hex")).isEqualTo(":2");
        assertThat(r3("ZSCORE", "parse", "zero")).isEqualTo(",0");
        assertThat(r2("ZSCORE", "parse", "hex")).isEqualTo("16");
        // range bounds are read with plain strtod, which takes numbers beyond the double range
        assertThat(r2("ZRANGE", "parse", "-1e400", "1e400", "BYSCORE")).isEqualTo("[zero, hex]");
        assertThat(r2("ZCOUNT", "parse", "(-1e-400", "0")).isEqualTo(":0");
        assertThat(r2("ZCOUNT", "parse", "1e400x", "+inf")).isEqualTo(MIN_MAX_FLOAT);
    }

    // ---------------------------------------------------------------- single-member reads and writes

    @Test
    void zremRemovesAndDeletesTheEmptiedKey() {
        r2("ZADD", "rem", "1", "a", "2", "b");
        assertThat(r2("ZREM", "rem", "a", "nope", "a")).isEqualTo(":1");
        assertThat(r2("ZREM", "rem", "b")).isEqualTo(":1");
        assertThat(type("rem")).isEqualTo("none");
        assertThat(r2("ZREM", "rem", "b")).isEqualTo(":0");
    }

    @Test
    void scoresAreBulkStringsInResp2AndDoublesInResp3() {
        r2("ZADD", "score", "1.5", "a", "-2", "b", "1e20", "c");
        assertThat(r2("ZSCORE", "score", "a")).isEqualTo("1.5");
        assertThat(r3("ZSCORE", "score", "c")).isEqualTo(",1e+20");
        assertThat(r2("ZSCORE", "score", "nope")).isEqualTo("nil");
        assertThat(r3("ZSCORE", "score:missing", "a")).isEqualTo("null");
        assertThat(r2("ZMSCORE", "score", "a", "nope", "b")).isEqualTo("[1.5, nil, -2]");
        assertThat(r3("ZMSCORE", "score", "a", "nope", "b")).isEqualTo("[,1.5, null, ,-2]");
        assertThat(r2("ZMSCORE", "score:missing", "a", "b")).isEqualTo("[nil, nil]");
    }

    @Test
    void zrankCountsFromEitherEnd() {
        r2("ZADD", "rank", "1", "a", "2", "b", "3", "c");
        assertThat(r2("ZRANK", "rank", "a")).isEqualTo(":0");
        assertThat(r2("ZREVRANK", "rank", "a")).isEqualTo(":2");
        assertThat(r2("ZRANK", "rank", "nope")).isEqualTo("nil");
        assertThat(r3("ZREVRANK", "rank:missing", "a")).isEqualTo("null");
        assertThat(r2("ZRANK", "rank", "b", "WITHSCORE")).isEqualTo("[:1, 2]");
        assertThat(r3("ZREVRANK", "rank", "c", "withscore")).isEqualTo("[:0, ,3]");
        assertThat(r2("ZRANK", "rank", "nope", "WITHSCORE")).isEqualTo("nilarray");
        assertThat(r2("ZRANK", "rank", "a", "WITHSCORES")).isEqualTo(SYNTAX);
        assertThat(r2("ZRANK", "rank", "a", "WITHSCORE", "x"))
                .isEqualTo("-ERR wrong number of arguments for 'zrank' command");
    }

    @Test
    void everyCommandRefusesAnotherType() {
        putString("str");
        r2("ZADD", "zs", "1", "a");
        String[][] commands = {
            {"ZADD", "str", "1", "a"}, {"ZINCRBY", "str", "1", "a"}, {"ZREM", "str", "a"}, {"ZCARD", "str"},
            {"ZSCORE", "str", "a"}, {"ZMSCORE", "str", "a"}, {"ZRANK", "str", "a"}, {"ZREVRANK", "str", "a"},
            {"ZRANGE", "str", "0", "-1"}, {"ZRANGESTORE", "dst", "str", "0", "-1"}, {"ZRANGEBYSCORE", "str", "0", "1"},
            {"ZREVRANGEBYSCORE", "str", "1", "0"}, {"ZRANGEBYLEX", "str", "-", "+"},
            {"ZREVRANGEBYLEX", "str", "+", "-"},
            {"ZREVRANGE", "str", "0", "1"}, {"ZCOUNT", "str", "0", "1"}, {"ZLEXCOUNT", "str", "-", "+"},
            {"ZPOPMIN", "str"}, {"ZPOPMAX", "str", "2"}, {"BZPOPMIN", "str", "0"}, {"BZPOPMAX", "zs:none", "str", "0"},
            {"ZREMRANGEBYRANK", "str", "0", "1"}, {"ZREMRANGEBYSCORE", "str", "0", "1"},
            {"ZREMRANGEBYLEX", "str", "-", "+"}, {"ZUNION", "2", "zs", "str"}, {"ZINTER", "1", "str"},
            {"ZDIFF", "2", "zs", "str"}, {"ZUNIONSTORE", "dst", "1", "str"}, {"ZINTERSTORE", "dst", "2", "zs", "str"},
            {"ZDIFFSTORE", "dst", "1", "str"}, {"ZRANDMEMBER", "str"}, {"ZRANDMEMBER", "str", "2"},
            {"ZSCAN", "str", "0"},
        };
        for (String[] command : commands) {
            assertThat(r2(command)).as(String.join(" ", command)).isEqualTo(WRONGTYPE);
        }
        assertThat(type("str")).isEqualTo("string");
        assertThat(type("dst")).isEqualTo("none");
    }

    @Test
    void argumentErrorsComeBeforeTypeErrorsAsInRedis() {
        putString("order:str");
        assertThat(r2("ZADD", "order:str", "x", "a")).isEqualTo(NOT_FLOAT);
        assertThat(r2("ZRANGE", "order:str", "x", "1")).isEqualTo(NOT_INTEGER);
        assertThat(r2("ZCOUNT", "order:str", "x", "1")).isEqualTo(MIN_MAX_FLOAT);
        assertThat(r2("ZPOPMIN", "order:str", "x")).isEqualTo("-ERR value is out of range, must be positive");
        assertThat(r2("ZRANDMEMBER", "order:str", "0")).isEqualTo("[]");
        // set operations look at the keys' types before their options, and ZSCAN at its options after the type
        assertThat(r2("ZUNION", "1", "order:str", "WEIGHTS", "x")).isEqualTo(WRONGTYPE);
        assertThat(r2("ZSCAN", "order:str", "0", "COUNT", "0")).isEqualTo(WRONGTYPE);
    }

    // ---------------------------------------------------------------- ranges

    private static void fiveMembers(String key) {
        r2("ZADD", key, "1", "a", "2", "b", "3", "c", "4", "d", "5", "e");
    }

    @Test
    void zrangeByRankUsesRedisIndexes() {
        fiveMembers("idx");
        assertThat(r2("ZRANGE", "idx", "0", "-1")).isEqualTo("[a, b, c, d, e]");
        assertThat(r2("ZRANGE", "idx", "-2", "100")).isEqualTo("[d, e]");
        assertThat(r2("ZRANGE", "idx", "-100", "1")).isEqualTo("[a, b]");
        assertThat(r2("ZRANGE", "idx", "3", "1")).isEqualTo("[]");
        assertThat(r2("ZRANGE", "idx", "5", "10")).isEqualTo("[]");
        assertThat(r2("ZRANGE", "idx", "0", "1", "REV")).isEqualTo("[e, d]");
        assertThat(r2("ZRANGE", "idx", "-1", "-1", "REV", "WITHSCORES")).isEqualTo("[a, 1]");
        assertThat(r2("ZREVRANGE", "idx", "1", "2", "WITHSCORES")).isEqualTo("[d, 4, c, 3]");
        assertThat(r2("ZRANGE", "idx:missing", "0", "-1")).isEqualTo("[]");
        assertThat(r2("ZRANGE", "idx", "a", "1")).isEqualTo(NOT_INTEGER);
    }

    @Test
    void withScoresNestsPairsInResp3() {
        fiveMembers("nest");
        assertThat(r2("ZRANGE", "nest", "0", "1", "WITHSCORES")).isEqualTo("[a, 1, b, 2]");
        assertThat(r3("ZRANGE", "nest", "0", "1", "WITHSCORES")).isEqualTo("[[a, ,1], [b, ,2]]");
        assertThat(r3("ZRANGEBYSCORE", "nest", "(4", "+inf", "WITHSCORES")).isEqualTo("[[e, ,5]]");
        assertThat(r3("ZREVRANGE", "nest", "0", "0", "WITHSCORES")).isEqualTo("[[e, ,5]]");
        assertThat(r3("ZRANGE", "nest", "0", "1")).isEqualTo("[a, b]");
        assertThat(RedisCli.run(server.port(), "-3", "--no-raw", "ZRANGE", "nest", "0", "1", "WITHSCORES"))
                .isEqualTo("1) 1) \"a\"\n   2) (double) 1\n2) 1) \"b\"\n   2) (double) 2\n");
    }

    @Test
    void zrangeByScoreHandlesBoundsDirectionAndLimit() {
        fiveMembers("sc");
        assertThat(r2("ZRANGE", "sc", "(1", "3", "BYSCORE")).isEqualTo("[b, c]");
        assertThat(r2("ZRANGE", "sc", "-inf", "(3", "BYSCORE", "WITHSCORES")).isEqualTo("[a, 1, b, 2]");
        assertThat(r2("ZRANGE", "sc", "4", "2", "BYSCORE", "REV")).isEqualTo("[d, c, b]");
        assertThat(r2("ZRANGE", "sc", "+inf", "-inf", "BYSCORE", "REV", "LIMIT", "1", "2")).isEqualTo("[d, c]");
        assertThat(r2("ZRANGE", "sc", "1", "5", "BYSCORE", "LIMIT", "3", "-1")).isEqualTo("[d, e]");
        assertThat(r2("ZRANGE", "sc", "1", "5", "BYSCORE", "LIMIT", "-1", "2")).isEqualTo("[]");
        assertThat(r2("ZRANGE", "sc", "1", "5", "BYSCORE", "LIMIT", "1", "0")).isEqualTo("[]");
        assertThat(r2("ZRANGE", "sc", "(2", "(2", "BYSCORE")).isEqualTo("[]");
        assertThat(r2("ZRANGE", "sc", "3", "1", "BYSCORE")).isEqualTo("[]");
        assertThat(r2("ZRANGE", "sc", "(inf", "+inf", "BYSCORE")).isEqualTo("[]");
        // strtod's leniency, as Redis: leading spaces, and an empty bound is 0
        assertThat(r2("ZRANGE", "sc", " 4", "(", "BYSCORE", "REV")).isEqualTo("[d, c, b, a]");
        assertThat(r2("ZRANGE", "sc", "1 ", "3", "BYSCORE")).isEqualTo(MIN_MAX_FLOAT);
        assertThat(r2("ZRANGE", "sc", "((1", "3", "BYSCORE")).isEqualTo(MIN_MAX_FLOAT);
        assertThat(r2("ZRANGE", "sc", "nan", "3", "BYSCORE")).isEqualTo(MIN_MAX_FLOAT);
        assertThat(r2("ZRANGE", "sc", "1", "5", "BYSCORE", "LIMIT", "x", "1")).isEqualTo(NOT_INTEGER);
    }

    @Test
    void zrangeByLexHandlesBoundsDirectionAndLimit() {
        r2("ZADD", "lex", "0", "a", "0", "aa", "0", "b", "0", "c", "0", "d");
        assertThat(r2("ZRANGE", "lex", "-", "+", "BYLEX")).isEqualTo("[a, aa, b, c, d]");
        assertThat(r2("ZRANGE", "lex", "[aa", "(c", "BYLEX")).isEqualTo("[aa, b]");
        assertThat(r2("ZRANGE", "lex", "(a", "[c", "BYLEX", "LIMIT", "1", "5")).isEqualTo("[b, c]");
        assertThat(r2("ZRANGE", "lex", "+", "(b", "BYLEX", "REV")).isEqualTo("[d, c]");
        assertThat(r2("ZRANGE", "lex", "-", "+", "BYLEX", "REV")).isEqualTo("[]");
        assertThat(r2("ZRANGE", "lex", "+", "-", "BYLEX")).isEqualTo("[]");
        assertThat(r2("ZRANGE", "lex", "[c", "[a", "BYLEX")).isEqualTo("[]");
        assertThat(r2("ZRANGE", "lex", "(", "+", "BYLEX")).isEqualTo("[a, aa, b, c, d]");
        assertThat(r2("ZRANGE", "lex", "a", "+", "BYLEX")).isEqualTo(MIN_MAX_STRING);
        assertThat(r2("ZRANGE", "lex", "-", "+x", "BYLEX")).isEqualTo(MIN_MAX_STRING);
        assertThat(r2("ZRANGE", "lex", "", "+", "BYLEX")).isEqualTo(MIN_MAX_STRING);
    }

    @Test
    void zrangeOptionErrorsMatchRedis() {
        fiveMembers("opt");
        String limitError = "-ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX";
        String lexScores = "-ERR syntax error, WITHSCORES not supported in combination with BYLEX";
        assertThat(r2("ZRANGE", "opt", "0", "-1", "LIMIT", "0", "1")).isEqualTo(limitError);
        assertThat(r2("ZREVRANGE", "opt", "0", "-1", "LIMIT", "0", "1")).isEqualTo(limitError);
        assertThat(r2("ZRANGE", "opt", "0", "-1", "LIMIT", "0", "-1")).isEqualTo("[a, b, c, d, e]");
        assertThat(r2("ZRANGE", "opt", "-", "+", "BYLEX", "WITHSCORES")).isEqualTo(lexScores);
        assertThat(r2("ZRANGEBYLEX", "opt", "-", "+", "WITHSCORES")).isEqualTo(lexScores);
        assertThat(r2("ZRANGE", "opt", "0", "-1", "LIMIT", "0")).isEqualTo(SYNTAX);
        assertThat(r2("ZRANGE", "opt", "0", "-1", "REV", "REV")).isEqualTo(SYNTAX);
        assertThat(r2("ZRANGE", "opt", "0", "1", "BYSCORE", "BYLEX")).isEqualTo(SYNTAX);
        assertThat(r2("ZRANGE", "opt", "0", "1", "BYSCORE", "BYSCORE")).isEqualTo(SYNTAX);
        assertThat(r2("ZRANGEBYSCORE", "opt", "0", "1", "REV")).isEqualTo(SYNTAX);
        assertThat(r2("ZRANGEBYSCORE", "opt", "0", "1", "BYSCORE")).isEqualTo(SYNTAX);
        assertThat(r2("ZREVRANGE", "opt", "0", "1", "REV")).isEqualTo(SYNTAX);
        assertThat(r2("ZRANGE", "opt", "0", "1", "foo")).isEqualTo(SYNTAX);
        assertThat(r2("ZRANGESTORE", "opt:dst", "opt", "0", "-1", "WITHSCORES")).isEqualTo(SYNTAX);
        assertThat(r2("ZRANGE", "opt", "0", "0", "withscores", "WITHSCORES")).isEqualTo("[a, 1]");
    }

    @Test
    void legacyRangeCommandsAreZrangeWithFixedOptions() {
        r2("ZADD", "legacy", "1", "a", "2", "b", "2", "bb", "3", "c", "4", "d");
        r2("ZADD", "legacy:lex", "0", "a", "0", "b", "0", "c", "0", "d");
        String[][] pairs = {
            {"ZRANGEBYSCORE legacy (1 3 WITHSCORES LIMIT 1 2", "ZRANGE legacy (1 3 BYSCORE WITHSCORES LIMIT 1 2"},
            {"ZREVRANGEBYSCORE legacy +inf (1 LIMIT 0 3", "ZRANGE legacy +inf (1 BYSCORE REV LIMIT 0 3"},
            {"ZRANGEBYLEX legacy:lex [b + LIMIT 1 1", "ZRANGE legacy:lex [b + BYLEX LIMIT 1 1"},
            {"ZREVRANGEBYLEX legacy:lex (d - ", "ZRANGE legacy:lex (d - BYLEX REV"},
            {"ZREVRANGE legacy 1 -2 WITHSCORES", "ZRANGE legacy 1 -2 REV WITHSCORES"},
        };
        for (String[] pair : pairs) {
            String[] legacy = pair[0].strip().split(" ");
            String[] modern = pair[1].split(" ");
            assertThat(r2(legacy)).as(pair[0]).isEqualTo(r2(modern)).isNotEqualTo("[]");
            assertThat(r3(legacy)).as(pair[0]).isEqualTo(r3(modern));
        }
        assertThat(r2("ZRANGEBYSCORE", "legacy", "(1", "3", "WITHSCORES", "LIMIT", "1", "2"))
                .isEqualTo("[bb, 2, c, 3]");
    }

    @Test
    void zrangestoreStoresReplacesAndDeletes() {
        fiveMembers("src");
        putString("store:dst");
        assertThat(r2("ZRANGESTORE", "store:dst", "src", "4", "2", "BYSCORE", "REV", "LIMIT", "1", "5"))
                .isEqualTo(":2");
        assertThat(r2("ZRANGE", "store:dst", "0", "-1", "WITHSCORES")).isEqualTo("[b, 2, c, 3]");
        assertThat(r2("ZRANGESTORE", "store:dst", "src", "[d", "+", "BYLEX")).isEqualTo(":2");
        assertThat(r2("ZRANGE", "store:dst", "0", "-1")).isEqualTo("[d, e]");
        assertThat(r2("ZRANGESTORE", "src", "src", "0", "1")).isEqualTo(":2");
        assertThat(r2("ZRANGE", "src", "0", "-1")).isEqualTo("[a, b]");
        assertThat(r2("ZRANGESTORE", "store:dst", "src:missing", "0", "-1")).isEqualTo(":0");
        assertThat(type("store:dst")).isEqualTo("none");
    }

    @Test
    void zcountAndZlexcount() {
        fiveMembers("cnt");
        assertThat(r2("ZCOUNT", "cnt", "(1", "(4")).isEqualTo(":2");
        assertThat(r2("ZCOUNT", "cnt", "-inf", "+inf")).isEqualTo(":5");
        assertThat(r2("ZCOUNT", "cnt", "4", "1")).isEqualTo(":0");
        assertThat(r2("ZCOUNT", "cnt:missing", "0", "1")).isEqualTo(":0");
        assertThat(r2("ZCOUNT", "cnt", "x", "1")).isEqualTo(MIN_MAX_FLOAT);
        assertThat(r2("ZLEXCOUNT", "cnt", "-", "+")).isEqualTo(":5");
        assertThat(r2("ZLEXCOUNT", "cnt", "(b", "[d")).isEqualTo(":2");
        assertThat(r2("ZLEXCOUNT", "cnt", "+", "-")).isEqualTo(":0");
        assertThat(r2("ZLEXCOUNT", "cnt:missing", "-", "+")).isEqualTo(":0");
        assertThat(r2("ZLEXCOUNT", "cnt", "a", "+")).isEqualTo(MIN_MAX_STRING);
    }

    @Test
    void zremrangeRemovesWhatTheRangeSelects() {
        fiveMembers("rr");
        assertThat(r2("ZREMRANGEBYRANK", "rr", "1", "-2")).isEqualTo(":3");
        assertThat(r2("ZRANGE", "rr", "0", "-1")).isEqualTo("[a, e]");
        assertThat(r2("ZREMRANGEBYRANK", "rr", "5", "10")).isEqualTo(":0");
        fiveMembers("rr");
        assertThat(r2("ZREMRANGEBYSCORE", "rr", "(1", "3")).isEqualTo(":2");
        assertThat(r2("ZREMRANGEBYLEX", "rr", "[d", "+")).isEqualTo(":2");
        assertThat(r2("ZRANGE", "rr", "0", "-1")).isEqualTo("[a]");
        assertThat(r2("ZREMRANGEBYSCORE", "rr", "-inf", "+inf")).isEqualTo(":1");
        assertThat(type("rr")).isEqualTo("none");
        assertThat(r2("ZREMRANGEBYLEX", "rr", "-", "+")).isEqualTo(":0");
        assertThat(r2("ZREMRANGEBYRANK", "rr", "x", "1")).isEqualTo(NOT_INTEGER);
        assertThat(r2("ZREMRANGEBYSCORE", "rr", "x", "1")).isEqualTo(MIN_MAX_FLOAT);
        assertThat(r2("ZREMRANGEBYLEX", "rr", "a", "b")).isEqualTo(MIN_MAX_STRING);
    }

    // ---------------------------------------------------------------- pops

    @Test
    void zpopReplyShapesFollowRedis() {
        fiveMembers("pop");
        assertThat(r2("ZPOPMIN", "pop")).isEqualTo("[a, 1]");
        assertThat(r3("ZPOPMAX", "pop")).isEqualTo("[e, ,5]");
        assertThat(r3("ZPOPMIN", "pop", "1")).isEqualTo("[[b, ,2]]");
        assertThat(r2("ZPOPMAX", "pop", "0")).isEqualTo("[]");
        assertThat(r2("ZPOPMAX", "pop", "10")).isEqualTo("[d, 4, c, 3]");
        assertThat(type("pop")).isEqualTo("none");
        assertThat(r2("ZPOPMIN", "pop")).isEqualTo("[]");
        assertThat(r3("ZPOPMIN", "pop", "2")).isEqualTo("[]");
        assertThat(r2("ZPOPMIN", "pop", "-1")).isEqualTo("-ERR value is out of range, must be positive");
        assertThat(r2("ZPOPMIN", "pop", "x")).isEqualTo("-ERR value is out of range, must be positive");
        assertThat(r2("ZPOPMIN", "pop", "1", "2")).isEqualTo(SYNTAX);
    }

    @Test
    void bzpopPopsAtOnceFromTheFirstNonEmptyKey() {
        r2("ZADD", "bz:b", "3", "x", "4", "y");
        assertThat(r2("BZPOPMIN", "bz:a", "bz:b", "0")).isEqualTo("[bz:b, x, 3]");
        assertThat(r3("BZPOPMAX", "bz:a", "bz:b", "0")).isEqualTo("[bz:b, y, ,4]");
        assertThat(type("bz:b")).isEqualTo("none");
        assertThat(r2("BZPOPMIN", "bz:a", "x")).isEqualTo("-ERR timeout is not a float or out of range");
        assertThat(r2("BZPOPMIN", "bz:a", "-1")).isEqualTo("-ERR timeout is negative");
    }

    @Test
    void bzpopminIsServedByALaterZaddFromAnotherConnection() {
        try (Conn waiter = new Conn(3); Conn other = new Conn(2)) {
            waiter.send("BZPOPMIN", "wait:a", "wait:b", "0");
            await().atMost(Duration.ofSeconds(10)).until(() -> blockedClients() == 1);
            other.call("SELECT", "1");
            assertThat(other.call("ZADD", "wait:b", "1", "elsewhere")).isEqualTo(":1");
            assertThat(blockedClients()).as("a write to another database wakes nobody").isEqualTo(1);
            other.call("SELECT", "0");
            assertThat(other.call("ZADD", "wait:b", "2", "m", "1", "first")).isEqualTo(":2");
            assertThat(waiter.read()).isEqualTo("[wait:b, first, ,1]");
            assertThat(blockedClients()).isZero();
            assertThat(other.call("ZRANGE", "wait:b", "0", "-1")).isEqualTo("[m]");
            assertThat(waiter.call("PING")).isEqualTo("+PONG");
        }
    }

    @Test
    void bzpopmaxTimesOutWithANullArray() {
        try (Conn waiter = new Conn(2)) {
            long started = System.nanoTime();
            assertThat(waiter.call("BZPOPMAX", "timeout:a", "0.2")).isEqualTo("nilarray");
            assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(190));
        }
        assertThat(r3("BZPOPMAX", "timeout:a", "0.05")).isEqualTo("null");
        assertThat(blockedClients()).isZero();
    }

    // ---------------------------------------------------------------- ZUNION, ZINTER, ZDIFF and their STORE forms

    private static void twoSets(String prefix) {
        r2("ZADD", prefix + ":1", "1", "a", "2", "b", "3", "c");
        r2("ZADD", prefix + ":2", "10", "b", "20", "d");
    }

    @Test
    void setOperationsWeighAndAggregate() {
        twoSets("op");
        assertThat(r2("ZUNION", "2", "op:1", "op:2", "WITHSCORES")).isEqualTo("[a, 1, c, 3, b, 12, d, 20]");
        assertThat(r2("ZUNION", "2", "op:1", "op:2")).isEqualTo("[a, c, b, d]");
        assertThat(r2("ZUNION", "2", "op:1", "op:2", "WEIGHTS", "1", "2", "AGGREGATE", "MAX", "WITHSCORES"))
                .isEqualTo("[a, 1, c, 3, b, 20, d, 40]");
        assertThat(r2("ZINTER", "2", "op:1", "op:2", "WITHSCORES")).isEqualTo("[b, 12]");
        assertThat(r2("ZINTER", "2", "op:1", "op:2", "aggregate", "min", "WITHSCORES")).isEqualTo("[b, 2]");
        assertThat(r2("ZINTER", "2", "op:1", "op:2", "WEIGHTS", "2", "-1", "AGGREGATE", "MAX", "WITHSCORES"))
                .isEqualTo("[b, 4]");
        assertThat(r2("ZDIFF", "2", "op:1", "op:2", "WITHSCORES")).isEqualTo("[a, 1, c, 3]");
        assertThat(r2("ZDIFF", "2", "op:2", "op:1")).isEqualTo("[d]");
        assertThat(r3("ZUNION", "2", "op:1", "op:2", "WITHSCORES")).isEqualTo("[[a, ,1], [c, ,3], [b, ,12], [d, ,20]]");
        assertThat(r3("ZINTER", "2", "op:1", "op:2")).isEqualTo("[b]");
        assertThat(r2("ZUNION", "1", "op:1", "WEIGHTS", "1", "WEIGHTS", "2", "WITHSCORES"))
                .isEqualTo("[a, 2, b, 4, c, 6]");
    }

    @Test
    void missingKeysArEmptyAndPlainSetsScoreOne() {
        twoSets("mix");
        putSet("mix:set", "a", "d", "x");
        assertThat(r2("ZUNION", "2", "mix:1", "mix:set", "WITHSCORES")).isEqualTo("[d, 1, x, 1, a, 2, b, 2, c, 3]");
        assertThat(r2("ZINTER", "2", "mix:1", "mix:set", "WEIGHTS", "1", "5", "WITHSCORES")).isEqualTo("[a, 6]");
        assertThat(r2("ZDIFF", "2", "mix:1", "mix:set", "WITHSCORES")).isEqualTo("[b, 2, c, 3]");
        assertThat(r2("ZDIFF", "2", "mix:set", "mix:1")).isEqualTo("[d, x]");
        assertThat(r2("ZINTER", "3", "mix:1", "mix:2", "mix:missing")).isEqualTo("[]");
        assertThat(r2("ZUNION", "2", "mix:missing", "mix:2")).isEqualTo("[b, d]");
        assertThat(r2("ZDIFF", "2", "mix:missing", "mix:1")).isEqualTo("[]");
    }

    @Test
    void infinitiesThatCancelOutScoreZero() {
        r2("ZADD", "inf:pos", "inf", "a");
        r2("ZADD", "inf:neg", "-inf", "a");
        assertThat(r2("ZUNION", "2", "inf:pos", "inf:neg", "WITHSCORES")).isEqualTo("[a, 0]");
        assertThat(r2("ZINTER", "2", "inf:pos", "inf:neg", "WITHSCORES")).isEqualTo("[a, 0]");
        assertThat(r2("ZUNION", "2", "inf:pos", "inf:neg", "WEIGHTS", "0", "1", "WITHSCORES")).isEqualTo("[a, -inf]");
        assertThat(r2("ZINTER", "2", "inf:pos", "inf:neg", "AGGREGATE", "MAX", "WITHSCORES")).isEqualTo("[a, inf]");
    }

    @Test
    void setOperationErrorsMatchRedis() {
        twoSets("err");
        assertThat(r2("ZUNION", "0", "err:1")).isEqualTo("-ERR at least 1 input key is needed for 'zunion' command");
        assertThat(r2("ZINTERSTORE", "err:d", "-1", "err:1"))
                .isEqualTo("-ERR at least 1 input key is needed for 'zinterstore' command");
        assertThat(r2("ZDIFFSTORE", "err:d", "0", "err:1"))
                .isEqualTo("-ERR at least 1 input key is needed for 'zdiffstore' command");
        assertThat(r2("ZUNION", "x", "err:1")).isEqualTo(NOT_INTEGER);
        assertThat(r2("ZUNION", "3", "err:1", "err:2")).isEqualTo(SYNTAX);
        assertThat(r2("ZUNION", "2", "err:1", "err:2", "WEIGHTS", "1")).isEqualTo(SYNTAX);
        assertThat(r2("ZUNION", "2", "err:1", "err:2", "WEIGHTS", "1", "x"))
                .isEqualTo("-ERR weight value is not a float");
        assertThat(r2("ZUNION", "2", "err:1", "err:2", "AGGREGATE", "avg")).isEqualTo(SYNTAX);
        assertThat(r2("ZUNION", "2", "err:1", "err:2", "AGGREGATE")).isEqualTo(SYNTAX);
        assertThat(r2("ZDIFF", "2", "err:1", "err:2", "WEIGHTS", "1", "1")).isEqualTo(SYNTAX);
        assertThat(r2("ZDIFF", "2", "err:1", "err:2", "AGGREGATE", "SUM")).isEqualTo(SYNTAX);
        assertThat(r2("ZUNIONSTORE", "err:d", "2", "err:1", "err:2", "WITHSCORES")).isEqualTo(SYNTAX);
        assertThat(type("err:d")).isEqualTo("none");
    }

    @Test
    void storeFormsReplaceTheDestination() {
        twoSets("st");
        putString("st:dst");
        assertThat(r2("ZUNIONSTORE", "st:dst", "2", "st:1", "st:2", "WEIGHTS", "2", "1")).isEqualTo(":4");
        assertThat(r2("ZRANGE", "st:dst", "0", "-1", "WITHSCORES")).isEqualTo("[a, 2, c, 6, b, 14, d, 20]");
        assertThat(r2("ZDIFFSTORE", "st:dst", "2", "st:1", "st:2")).isEqualTo(":2");
        assertThat(r2("ZRANGE", "st:dst", "0", "-1", "WITHSCORES")).isEqualTo("[a, 1, c, 3]");
        assertThat(r2("ZINTERSTORE", "st:1", "2", "st:1", "st:2")).isEqualTo(":1");
        assertThat(r2("ZRANGE", "st:1", "0", "-1", "WITHSCORES")).isEqualTo("[b, 12]");
        assertThat(r2("ZINTERSTORE", "st:dst", "2", "st:1", "st:missing")).isEqualTo(":0");
        assertThat(type("st:dst")).isEqualTo("none");
    }

    // ---------------------------------------------------------------- ZRANDMEMBER, ZSCAN

    @Test
    void zrandmemberPicksMembersWithTheirScores() {
        fiveMembers("rnd");
        Set<String> members = Set.of("a", "b", "c", "d", "e");
        for (int i = 0; i < 20; i++) {
            assertThat(r2("ZRANDMEMBER", "rnd")).isIn(members);
            List<String> distinct = elements(r2("ZRANDMEMBER", "rnd", "3"));
            assertThat(distinct).hasSize(3).doesNotHaveDuplicates().isSubsetOf(members);
            assertThat(elements(r2("ZRANDMEMBER", "rnd", "-8"))).hasSize(8).isSubsetOf(members);
        }
        assertThat(new HashSet<>(elements(r2("ZRANDMEMBER", "rnd", "10")))).isEqualTo(members);
        List<String> pairs = elements(r2("ZRANDMEMBER", "rnd", "-3", "WITHSCORES"));
        assertThat(pairs).hasSize(6);
        for (int i = 0; i < pairs.size(); i += 2) {
            assertThat(pairs.get(i + 1)).isEqualTo(r2("ZSCORE", "rnd", pairs.get(i)));
        }
        assertThat(r3("ZRANDMEMBER", "rnd", "1", "WITHSCORES")).matches("\\[\\[([a-e]), ,[1-5]]]");
        assertThat(r2("ZRANDMEMBER", "rnd", "0")).isEqualTo("[]");
        assertThat(r2("ZRANDMEMBER", "rnd:missing")).isEqualTo("nil");
        assertThat(r3("ZRANDMEMBER", "rnd:missing")).isEqualTo("null");
        assertThat(r2("ZRANDMEMBER", "rnd:missing", "-3", "WITHSCORES")).isEqualTo("[]");
    }

    @Test
    void zrandmemberErrorsMatchRedis() {
        fiveMembers("rnderr");
        assertThat(r2("ZRANDMEMBER", "rnderr", "x")).isEqualTo(NOT_INTEGER);
        assertThat(r2("ZRANDMEMBER", "rnderr", "1", "foo")).isEqualTo(SYNTAX);
        assertThat(r2("ZRANDMEMBER", "rnderr", "1", "WITHSCORES", "x")).isEqualTo(SYNTAX);
        assertThat(r2("ZRANDMEMBER", "rnderr", "-9223372036854775807", "WITHSCORES"))
                .isEqualTo("-ERR value is out of range");
        assertThat(r2("ZRANDMEMBER", "rnderr", "-9223372036854775808")).isEqualTo(
                "-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
    }

    @Test
    void zscanReturnsEverythingAtOnce() {
        r2("ZADD", "scan", "1", "a", "2.5", "b", "10", "c");
        assertThat(r2("ZSCAN", "scan", "0")).isEqualTo("[0, [a, 1, b, 2.5, c, 10]]");
        assertThat(r3("ZSCAN", "scan", "0", "MATCH", "[ab]", "COUNT", "1")).isEqualTo("[0, [a, 1, b, 2.5]]");
        assertThat(r2("ZSCAN", "scan:missing", "0")).isEqualTo("[0, []]");
        assertThat(r2("ZSCAN", "scan", "x")).isEqualTo("-ERR invalid cursor");
        assertThat(r2("ZSCAN", "scan", "0", "MATCH")).isEqualTo(SYNTAX);
        assertThat(r2("ZSCAN", "scan", "0", "COUNT", "0")).isEqualTo(SYNTAX);
        assertThat(r2("ZSCAN", "scan:missing", "0", "COUNT", "0")).isEqualTo("[0, []]");
    }

    /** The elements of a rendered flat array of bulk strings. */
    private static List<String> elements(String rendered) {
        assertThat(rendered).startsWith("[").endsWith("]");
        String inner = rendered.substring(1, rendered.length() - 1);
        return inner.isEmpty() ? List.of() : List.of(inner.split(", "));
    }

    /** A RESP connection to the test server that renders each reply with its type (see the class comment). */
    private static final class Conn implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Conn(int protocol) {
            try {
                socket = new Socket("127.0.0.1", server.port());
                socket.setSoTimeout(10_000);
                in = new BufferedInputStream(socket.getInputStream());
                out = socket.getOutputStream();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (protocol == 3) {
                assertThat(call("HELLO", "3")).startsWith("{");
            }
        }

        String call(String... args) {
            send(args);
            return read();
        }

        void send(String... args) {
            ByteArrayOutputStream command = new ByteArrayOutputStream();
            command.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (String arg : args) {
                byte[] bytes = bytes(arg);
                command.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                command.writeBytes(bytes);
                command.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            try {
                out.write(command.toByteArray());
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String read() {
            try {
                return readValue();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private String readValue() throws IOException {
            int type = in.read();
            String line = readLine();
            return switch (type) {
                case '+', '-' -> (char) type + line;
                case ':', ',' -> (char) type + line;
                case '_' -> "null";
                case '#' -> "#" + line;
                case '$' -> {
                    int length = Integer.parseInt(line);
                    if (length < 0) {
                        yield "nil";
                    }
                    String value = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                    in.readNBytes(2);
                    yield value;
                }
                case '*', '~', '%' -> {
                    int length = Integer.parseInt(line);
                    if (length < 0) {
                        yield "nilarray";
                    }
                    List<String> items = new ArrayList<>();
                    for (int i = 0; i < (type == '%' ? 2 * length : length); i++) {
                        items.add(readValue());
                    }
                    String joined = String.join(", ", items);
                    yield type == '%' ? "{" + joined + "}" : (type == '~' ? "~" : "") + "[" + joined + "]";
                }
                default -> throw new IllegalStateException("unexpected reply type " + (char) type + line);
            };
        }

        private String readLine() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\r'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("connection closed");
                }
                line.append((char) c);
            }
            in.read();
            return line.toString();
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
