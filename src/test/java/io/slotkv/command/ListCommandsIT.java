package io.slotkv.command;

import static io.slotkv.testing.RespText.NULL3;
import static io.slotkv.testing.RespText.NULL_ARRAY;
import static io.slotkv.testing.RespText.NULL_BULK;
import static io.slotkv.testing.RespText.OK;
import static io.slotkv.testing.RespText.array;
import static io.slotkv.testing.RespText.bulk;
import static io.slotkv.testing.RespText.bulks;
import static io.slotkv.testing.RespText.error;
import static io.slotkv.testing.RespText.integer;
import static org.assertj.core.api.Assertions.assertThat;

import io.slotkv.store.WrongTypeException;
import io.slotkv.testing.RawConnection;
import io.slotkv.testing.RedisCli;
import io.slotkv.testing.ServerExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The non-blocking list commands over a real socket, compared byte for byte with what Redis 7 answers (checked
 * against redis-server 7.0.15), in RESP2 and RESP3.
 */
class ListCommandsIT {
    private static final String WRONGTYPE = error(WrongTypeException.MESSAGE);
    private static final String NOT_INTEGER = error(Errors.NOT_INTEGER);
    private static final String NOT_POSITIVE = error(Errors.NOT_POSITIVE);
    private static final String SYNTAX = error(Errors.SYNTAX);

    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    private RawConnection client;

    @BeforeEach
    void connect() {
        client = new RawConnection(server.port());
        call("SET", "str", "x");
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    private String call(String... args) {
        return client.call(args);
    }

    @Test
    void pushesReplyWithTheNewLengthInArgumentOrder() {
        assertThat(call("RPUSH", "push", "a", "b")).isEqualTo(integer(2));
        assertThat(call("LPUSH", "push", "c", "d")).isEqualTo(integer(4));
        assertThat(call("LPUSHX", "push", "e", "f")).isEqualTo(integer(6));
        assertThat(call("RPUSHX", "push", "g")).isEqualTo(integer(7));
        assertThat(call("LRANGE", "push", "0", "-1")).isEqualTo(bulks("f", "e", "d", "c", "a", "b", "g"));
        assertThat(call("LLEN", "push")).isEqualTo(integer(7));
    }

    @Test
    void pushxNeverCreatesAList() {
        assertThat(call("LPUSHX", "pushx", "a")).isEqualTo(integer(0));
        assertThat(call("RPUSHX", "pushx", "a", "b")).isEqualTo(integer(0));
        assertThat(call("EXISTS", "pushx")).isEqualTo(integer(0));
        assertThat(call("LLEN", "pushx")).isEqualTo(integer(0));
    }

    @Test
    void everyCommandRefusesAKeyOfAnotherType() {
        for (String[] command : new String[][] {
            {"LPUSH", "str", "a"}, {"RPUSH", "str", "a"}, {"LPUSHX", "str", "a"}, {"RPUSHX", "str", "a"},
            {"LPOP", "str"}, {"RPOP", "str", "1"}, {"LLEN", "str"}, {"LRANGE", "str", "0", "-1"},
            {"LINDEX", "str", "0"}, {"LINDEX", "str", "x"}, {"LSET", "str", "x", "v"},
            {"LINSERT", "str", "BEFORE", "a", "b"}, {"LREM", "str", "0", "a"}, {"LTRIM", "str", "0", "1"},
            {"LPOS", "str", "a"}, {"LMOVE", "str", "wtdst", "LEFT", "LEFT"}, {"RPOPLPUSH", "str", "wtdst"},
        }) {
            assertThat(call(command)).as(String.join(" ", command)).isEqualTo(WRONGTYPE);
        }
        assertThat(call("EXISTS", "wtdst")).isEqualTo(integer(0));
    }

    @Test
    void popTakesFromEitherEndAndDeletesTheEmptiedList() {
        call("RPUSH", "pop", "a", "b", "c");
        assertThat(call("LPOP", "pop")).isEqualTo(bulk("a"));
        assertThat(call("RPOP", "pop")).isEqualTo(bulk("c"));
        assertThat(call("RPOP", "pop")).isEqualTo(bulk("b"));
        assertThat(call("EXISTS", "pop")).isEqualTo(integer(0));
        assertThat(call("LPOP", "pop")).isEqualTo(NULL_BULK);
        assertThat(call("RPOP", "pop")).isEqualTo(NULL_BULK);
    }

    @Test
    void popWithCountRepliesWithAnArray() {
        call("RPUSH", "popn", "a", "b", "c", "d");
        assertThat(call("LPOP", "popn", "0")).isEqualTo(array());
        assertThat(call("LPOP", "popn", "2")).isEqualTo(bulks("a", "b"));
        assertThat(call("RPOP", "popn", "1")).isEqualTo(bulks("d"));
        assertThat(call("RPOP", "popn", "10")).isEqualTo(bulks("c"));
        assertThat(call("EXISTS", "popn")).isEqualTo(integer(0));
        assertThat(call("LPOP", "popn", "0")).isEqualTo(NULL_ARRAY);
        assertThat(call("RPOP", "popn", "3")).isEqualTo(NULL_ARRAY);
    }

    @Test
    void popCountMustBeANonNegativeIntegerCheckedBeforeTheType() {
        call("RPUSH", "popbad", "a");
        assertThat(call("LPOP", "popbad", "-1")).isEqualTo(NOT_POSITIVE);
        assertThat(call("RPOP", "popbad", "x")).isEqualTo(NOT_POSITIVE);
        assertThat(call("LPOP", "str", "-1")).isEqualTo(NOT_POSITIVE);
        assertThat(call("LPOP", "popbad", "1", "2")).isEqualTo(error(Errors.arity("lpop")));
        assertThat(call("RPOP", "popbad", "1", "2")).isEqualTo(error(Errors.arity("rpop")));
        assertThat(call("LRANGE", "popbad", "0", "-1")).isEqualTo(bulks("a"));
    }

    @Test
    void lrangeCountsNegativeIndexesFromTheEndAndClamps() {
        call("RPUSH", "range", "a", "b", "c", "d", "e");
        assertThat(call("LRANGE", "range", "1", "2")).isEqualTo(bulks("b", "c"));
        assertThat(call("LRANGE", "range", "-2", "-1")).isEqualTo(bulks("d", "e"));
        assertThat(call("LRANGE", "range", "-100", "100")).isEqualTo(bulks("a", "b", "c", "d", "e"));
        assertThat(call("LRANGE", "range", "3", "1")).isEqualTo(array());
        assertThat(call("LRANGE", "range", "5", "10")).isEqualTo(array());
        assertThat(call("LRANGE", "range", "0", "-6")).isEqualTo(array());
        assertThat(call("LRANGE", "nolist", "0", "-1")).isEqualTo(array());
        assertThat(call("LRANGE", "nolist", "x", "1")).isEqualTo(NOT_INTEGER);
        assertThat(call("LRANGE", "str", "0", "1.5")).isEqualTo(NOT_INTEGER);
    }

    @Test
    void lindexReadsByPositionFromEitherEnd() {
        call("RPUSH", "index", "a", "b", "c");
        assertThat(call("LINDEX", "index", "0")).isEqualTo(bulk("a"));
        assertThat(call("LINDEX", "index", "-1")).isEqualTo(bulk("c"));
        assertThat(call("LINDEX", "index", "-3")).isEqualTo(bulk("a"));
        assertThat(call("LINDEX", "index", "3")).isEqualTo(NULL_BULK);
        assertThat(call("LINDEX", "index", "-4")).isEqualTo(NULL_BULK);
        assertThat(call("LINDEX", "index", "x")).isEqualTo(NOT_INTEGER);
        // Redis looks the key up first: a missing key answers nil whatever the index.
        assertThat(call("LINDEX", "nolist", "x")).isEqualTo(NULL_BULK);
    }

    @Test
    void lsetReplacesInRangeOnly() {
        call("RPUSH", "lset", "a", "b", "c");
        assertThat(call("LSET", "lset", "0", "A")).isEqualTo(OK);
        assertThat(call("LSET", "lset", "-1", "C")).isEqualTo(OK);
        assertThat(call("LSET", "lset", "3", "D")).isEqualTo(error("ERR index out of range"));
        assertThat(call("LSET", "lset", "-4", "D")).isEqualTo(error("ERR index out of range"));
        assertThat(call("LSET", "lset", "x", "D")).isEqualTo(NOT_INTEGER);
        assertThat(call("LRANGE", "lset", "0", "-1")).isEqualTo(bulks("A", "b", "C"));
        assertThat(call("LSET", "nolist", "0", "v")).isEqualTo(error("ERR no such key"));
        assertThat(call("LSET", "nolist", "x", "v")).isEqualTo(error("ERR no such key"));
        assertThat(call("EXISTS", "nolist")).isEqualTo(integer(0));
    }

    @Test
    void linsertPlacesAroundTheFirstPivot() {
        call("RPUSH", "ins", "a", "b", "a");
        assertThat(call("LINSERT", "ins", "BEFORE", "a", "x")).isEqualTo(integer(4));
        assertThat(call("LINSERT", "ins", "after", "a", "y")).isEqualTo(integer(5));
        assertThat(call("LINSERT", "ins", "AFTER", "b", "z")).isEqualTo(integer(6));
        assertThat(call("LRANGE", "ins", "0", "-1")).isEqualTo(bulks("x", "a", "y", "b", "z", "a"));
        assertThat(call("LINSERT", "ins", "BEFORE", "missing", "v")).isEqualTo(integer(-1));
        assertThat(call("LINSERT", "nolist", "BEFORE", "a", "v")).isEqualTo(integer(0));
        assertThat(call("EXISTS", "nolist")).isEqualTo(integer(0));
        assertThat(call("LINSERT", "ins", "MIDDLE", "a", "v")).isEqualTo(SYNTAX);
        assertThat(call("LINSERT", "nolist", "MIDDLE", "a", "v")).isEqualTo(SYNTAX);
        assertThat(call("LINSERT", "str", "MIDDLE", "a", "v")).isEqualTo(SYNTAX);
        assertThat(call("LLEN", "ins")).isEqualTo(integer(6));
    }

    @Test
    void lremRemovesFromTheHeadTheTailOrEverywhere() {
        call("RPUSH", "rem", "a", "b", "a", "c", "a", "b", "a");
        assertThat(call("LREM", "rem", "2", "a")).isEqualTo(integer(2));
        assertThat(call("LRANGE", "rem", "0", "-1")).isEqualTo(bulks("b", "c", "a", "b", "a"));
        assertThat(call("LREM", "rem", "-1", "b")).isEqualTo(integer(1));
        assertThat(call("LRANGE", "rem", "0", "-1")).isEqualTo(bulks("b", "c", "a", "a"));
        assertThat(call("LREM", "rem", "0", "a")).isEqualTo(integer(2));
        assertThat(call("LRANGE", "rem", "0", "-1")).isEqualTo(bulks("b", "c"));
        assertThat(call("LREM", "rem", "0", "zz")).isEqualTo(integer(0));
        assertThat(call("LREM", "rem", "-9223372036854775808", "c")).isEqualTo(integer(1));
        assertThat(call("LREM", "rem", "5", "b")).isEqualTo(integer(1));
        assertThat(call("EXISTS", "rem")).isEqualTo(integer(0));
        assertThat(call("LREM", "rem", "0", "a")).isEqualTo(integer(0));
        assertThat(call("LREM", "rem", "x", "a")).isEqualTo(NOT_INTEGER);
        assertThat(call("LREM", "str", "x", "a")).isEqualTo(NOT_INTEGER);
    }

    @Test
    void lremFromTheTailKeepsTheOrderOfTheRest() {
        call("RPUSH", "remtail", "x", "1", "x", "2", "x", "3", "x");
        assertThat(call("LREM", "remtail", "-3", "x")).isEqualTo(integer(3));
        assertThat(call("LRANGE", "remtail", "0", "-1")).isEqualTo(bulks("x", "1", "2", "3"));
        assertThat(call("LREM", "remtail", "-5", "x")).isEqualTo(integer(1));
        assertThat(call("LRANGE", "remtail", "0", "-1")).isEqualTo(bulks("1", "2", "3"));
    }

    @Test
    void ltrimKeepsARangeAndDeletesWhenNothingRemains() {
        call("RPUSH", "trim", "a", "b", "c", "d", "e");
        assertThat(call("LTRIM", "trim", "1", "-2")).isEqualTo(OK);
        assertThat(call("LRANGE", "trim", "0", "-1")).isEqualTo(bulks("b", "c", "d"));
        assertThat(call("LTRIM", "trim", "-100", "100")).isEqualTo(OK);
        assertThat(call("LRANGE", "trim", "0", "-1")).isEqualTo(bulks("b", "c", "d"));
        assertThat(call("LTRIM", "trim", "x", "1")).isEqualTo(NOT_INTEGER);
        assertThat(call("LTRIM", "trim", "2", "1")).isEqualTo(OK);
        assertThat(call("EXISTS", "trim")).isEqualTo(integer(0));
        assertThat(call("LTRIM", "trim", "0", "1")).isEqualTo(OK);
        assertThat(call("EXISTS", "trim")).isEqualTo(integer(0));
    }

    @Test
    void lposFindsMatchesByRankCountAndMaxlen() {
        call("RPUSH", "pos", "a", "b", "c", "a", "b", "c", "a");
        assertThat(call("LPOS", "pos", "a")).isEqualTo(integer(0));
        assertThat(call("LPOS", "pos", "c")).isEqualTo(integer(2));
        assertThat(call("LPOS", "pos", "a", "RANK", "-1")).isEqualTo(integer(6));
        assertThat(call("LPOS", "pos", "a", "rank", "2")).isEqualTo(integer(3));
        assertThat(call("LPOS", "pos", "a", "RANK", "4")).isEqualTo(NULL_BULK);
        assertThat(call("LPOS", "pos", "a", "RANK", "9223372036854775807")).isEqualTo(NULL_BULK);
        assertThat(call("LPOS", "pos", "z")).isEqualTo(NULL_BULK);
        assertThat(call("LPOS", "pos", "a", "COUNT", "0")).isEqualTo(array(integer(0), integer(3), integer(6)));
        assertThat(call("LPOS", "pos", "a", "RANK", "2", "COUNT", "0")).isEqualTo(array(integer(3), integer(6)));
        assertThat(call("LPOS", "pos", "a", "COUNT", "0", "RANK", "-2")).isEqualTo(array(integer(3), integer(0)));
        assertThat(call("LPOS", "pos", "a", "COUNT", "2", "RANK", "-1", "MAXLEN", "4"))
                .isEqualTo(array(integer(6), integer(3)));
        assertThat(call("LPOS", "pos", "a", "MAXLEN", "2", "COUNT", "0")).isEqualTo(array(integer(0)));
        assertThat(call("LPOS", "pos", "a", "COUNT", "2", "MAXLEN", "0")).isEqualTo(array(integer(0), integer(3)));
        assertThat(call("LPOS", "pos", "c", "MAXLEN", "2")).isEqualTo(NULL_BULK);
        assertThat(call("LPOS", "pos", "z", "COUNT", "0")).isEqualTo(array());
        assertThat(call("LPOS", "pos", "a", "RANK", "1", "RANK", "2")).isEqualTo(integer(3));
        assertThat(call("LPOS", "nolist", "a")).isEqualTo(NULL_BULK);
        assertThat(call("LPOS", "nolist", "a", "COUNT", "1")).isEqualTo(array());
    }

    @Test
    void lposOptionErrorsComeBeforeTheKeyLookup() {
        call("RPUSH", "poserr", "a");
        String rankZero = error("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... "
                + "or use negative to start from the end of the list");
        assertThat(call("LPOS", "poserr", "a", "RANK", "0")).isEqualTo(rankZero);
        assertThat(call("LPOS", "str", "a", "RANK", "0")).isEqualTo(rankZero);
        assertThat(call("LPOS", "nolist", "a", "RANK", "0")).isEqualTo(rankZero);
        assertThat(call("LPOS", "poserr", "a", "RANK", "-9223372036854775808")).isEqualTo(
                error("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"));
        assertThat(call("LPOS", "poserr", "a", "RANK", "x")).isEqualTo(NOT_INTEGER);
        assertThat(call("LPOS", "poserr", "a", "COUNT", "-1")).isEqualTo(error("ERR COUNT can't be negative"));
        assertThat(call("LPOS", "poserr", "a", "COUNT", "x")).isEqualTo(error("ERR COUNT can't be negative"));
        assertThat(call("LPOS", "poserr", "a", "MAXLEN", "-1")).isEqualTo(error("ERR MAXLEN can't be negative"));
        assertThat(call("LPOS", "poserr", "a", "MAXLEN", "x")).isEqualTo(error("ERR MAXLEN can't be negative"));
        assertThat(call("LPOS", "poserr", "a", "FOO", "1")).isEqualTo(SYNTAX);
        assertThat(call("LPOS", "poserr", "a", "RANK")).isEqualTo(SYNTAX);
        assertThat(call("LPOS", "poserr", "a", "COUNT", "1", "MAXLEN")).isEqualTo(SYNTAX);
        assertThat(call("LPOS", "str", "a", "FOO")).isEqualTo(SYNTAX);
    }

    @Test
    void lmoveMovesBetweenAnyEnds() {
        call("RPUSH", "src", "a", "b", "c", "d");
        assertThat(call("LMOVE", "src", "dst", "LEFT", "RIGHT")).isEqualTo(bulk("a"));
        assertThat(call("LMOVE", "src", "dst", "right", "left")).isEqualTo(bulk("d"));
        assertThat(call("LMOVE", "src", "dst", "LEFT", "LEFT")).isEqualTo(bulk("b"));
        assertThat(call("LMOVE", "src", "dst", "RIGHT", "RIGHT")).isEqualTo(bulk("c"));
        assertThat(call("EXISTS", "src")).isEqualTo(integer(0));
        assertThat(call("LRANGE", "dst", "0", "-1")).isEqualTo(bulks("b", "d", "a", "c"));
        assertThat(call("RPOPLPUSH", "dst", "src")).isEqualTo(bulk("c"));
        assertThat(call("LRANGE", "src", "0", "-1")).isEqualTo(bulks("c"));
        assertThat(call("LRANGE", "dst", "0", "-1")).isEqualTo(bulks("b", "d", "a"));
    }

    @Test
    void lmoveOnOneKeyRotates() {
        call("RPUSH", "rot", "a", "b", "c");
        assertThat(call("LMOVE", "rot", "rot", "LEFT", "RIGHT")).isEqualTo(bulk("a"));
        assertThat(call("RPOPLPUSH", "rot", "rot")).isEqualTo(bulk("a"));
        assertThat(call("LRANGE", "rot", "0", "-1")).isEqualTo(bulks("a", "b", "c"));
        call("RPUSH", "single", "x");
        assertThat(call("LMOVE", "single", "single", "RIGHT", "LEFT")).isEqualTo(bulk("x"));
        assertThat(call("LRANGE", "single", "0", "-1")).isEqualTo(bulks("x"));
    }

    @Test
    void lmoveChecksSyntaxAndTypesBeforeMoving() {
        call("RPUSH", "mv", "a");
        assertThat(call("LMOVE", "mv", "mvdst", "LEFT", "MIDDLE")).isEqualTo(SYNTAX);
        assertThat(call("LMOVE", "nolist", "mvdst", "UP", "LEFT")).isEqualTo(SYNTAX);
        assertThat(call("LMOVE", "mv", "str", "LEFT", "RIGHT")).isEqualTo(WRONGTYPE);
        assertThat(call("RPOPLPUSH", "mv", "str")).isEqualTo(WRONGTYPE);
        assertThat(call("LRANGE", "mv", "0", "-1")).isEqualTo(bulks("a"));
        // A missing source answers nil before the destination is even looked at.
        assertThat(call("LMOVE", "nolist", "str", "LEFT", "RIGHT")).isEqualTo(NULL_BULK);
        assertThat(call("RPOPLPUSH", "nolist", "mvdst")).isEqualTo(NULL_BULK);
        assertThat(call("EXISTS", "mvdst")).isEqualTo(integer(0));
    }

    @Test
    void resp3RepliesUseTheNullTypeAndArrays() {
        call("HELLO", "3");
        call("RPUSH", "r3", "a", "b");
        assertThat(call("LPOP", "nolist")).isEqualTo(NULL3);
        assertThat(call("LPOP", "nolist", "2")).isEqualTo(NULL3);
        assertThat(call("LINDEX", "r3", "5")).isEqualTo(NULL3);
        assertThat(call("LPOS", "r3", "z")).isEqualTo(NULL3);
        assertThat(call("LMOVE", "nolist", "r3", "LEFT", "LEFT")).isEqualTo(NULL3);
        assertThat(call("LPOS", "r3", "b", "COUNT", "0")).isEqualTo(array(integer(1)));
        assertThat(call("LPOP", "r3", "5")).isEqualTo(bulks("a", "b"));
    }

    /**
     * In Redis a write that changes nothing (LPOP or LPUSHX on a missing key, LREM without a match, a BLPOP that
     * times out) leaves WATCH alone, so EXEC succeeds.
     */
    @Test
    void listWritesThatChangeNothingLeaveWatchedKeysAlone() {
        try (RawConnection other = new RawConnection(server.port())) {
            for (String[] noOp : new String[][] {
                {"LPOP", "watched"}, {"LPUSHX", "watched", "x"}, {"LREM", "watched", "0", "x"},
                {"BLPOP", "watched", "0.01"},
            }) {
                assertThat(call("WATCH", "watched")).isEqualTo(OK);
                other.call(noOp);
                call("MULTI");
                call("PING");
                assertThat(call("EXEC")).as(String.join(" ", noOp)).isEqualTo(array("+PONG\r\n"));
            }
        }
    }

    @Test
    void redisCliSeesPlainReplies() {
        RedisCli.run(server.port(), "RPUSH", "cli", "one", "two");
        assertThat(RedisCli.run(server.port(), "LRANGE", "cli", "0", "-1")).isEqualTo("one\ntwo\n");
        assertThat(RedisCli.run(server.port(), "LPOS", "cli", "two")).isEqualTo("1\n");
    }
}
