package io.slotkv.protocol.rdb;

import static io.slotkv.protocol.rdb.CompactEncodingsTest.Blobs.ascii;
import static io.slotkv.protocol.rdb.CompactEncodingsTest.Blobs.describe;
import static io.slotkv.protocol.rdb.CompactEncodingsTest.Blobs.intset;
import static io.slotkv.protocol.rdb.CompactEncodingsTest.Blobs.listpack;
import static io.slotkv.protocol.rdb.CompactEncodingsTest.Blobs.object;
import static io.slotkv.protocol.rdb.CompactEncodingsTest.Blobs.strings;
import static io.slotkv.protocol.rdb.CompactEncodingsTest.Blobs.withFooter;
import static io.slotkv.protocol.rdb.CompactEncodingsTest.Blobs.ziplist;
import static io.slotkv.protocol.rdb.CompactEncodingsTest.Blobs.zipmap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class DumpReaderTest {
    /** redis-server 7.0.15: SET k hello, DUMP k. */
    static final String REDIS_HELLO = "000568656c6c6f0a006372df766534200a";

    /** redis-server 7.0.15's DUMP payloads, each with what it holds. */
    static final List<String[]> REDIS_PAYLOADS = List.of(
            new String[] {REDIS_HELLO, "string:hello"},
            // SET n 12345: an int-encoded string, written as a 16-bit integer
            new String[] {"00c139300a009d94ea2793fc08b9", "string:12345"},
            // SET a <100 × 'a'>: LZF-compressed
            new String[] {"00c3094064016161e057000161610a00e8a3b507b06df271", "string:" + "a".repeat(100)},
            // RPUSH l a 1 -2 300 "hello world": a quicklist of one listpack node
            new String[] {"1201021f1f00000005008161020101dffe02c12c028b68656c6c6f20776f726c640cff0a002b0f1d15db73e594",
                "list[a, 1, -2, 300, hello world]"},
            // SADD i 5 -3 70000: an intset of 32-bit members
            new String[] {"0b140400000003000000fdffffff05000000701101000a009db067c236a65f3f", "set[-3, 5, 70000]"},
            // HSET h f v n 12: a listpack
            new String[] {"1012120000000400816602817602816e020c01ff0a0001369481d35b8974", "hash{f=v, n=12}"},
            // ZADD z 1.5 a -inf b 3 c: a listpack, scores as text or integers
            new String[] {"111d1d0000000600816202842d696e660581610283312e35048163020301ff0a002970c58fcde6fc31",
                "zset{a=1.5, b=-Infinity, c=3.0}"});

    @Test
    void readsRedisPayloads() throws DumpFormatException {
        for (String[] golden : REDIS_PAYLOADS) {
            byte[] payload = HexFormat.of().parseHex(golden[0]);
            assertThat(DumpReader.verify(payload)).as(golden[1]).isTrue();
            assertThat(describe(DumpReader.read(payload))).isEqualTo(golden[1]);
        }
    }

    @Test
    void verifyChecksLengthVersionAndChecksum() {
        byte[] hello = HexFormat.of().parseHex(REDIS_HELLO);
        assertThat(DumpReader.verify(Arrays.copyOf(hello, 9))).isFalse();
        assertThat(DumpReader.verify(new byte[10])).isTrue();
        for (int i = 0; i < hello.length; i++) {
            byte[] damaged = hello.clone();
            damaged[i] ^= 0x10;
            assertThat(DumpReader.verify(damaged)).as("byte %d", i).isFalse();
        }
        byte[] object = Arrays.copyOf(hello, hello.length - 10);
        assertThat(DumpReader.verify(withFooter(object, 11))).isTrue();
        assertThat(DumpReader.verify(withFooter(object, 12))).isFalse();
        assertThat(DumpReader.verify(withFooter(object, 0xFF09))).isFalse();
    }

    @Test
    void readRefusesVersionsItDoesNotKnow() throws DumpFormatException {
        byte[] object = object(RdbType.STRING).string(ascii("v")).bytes();
        assertThat(describe(DumpReader.read(withFooter(object, 1)))).isEqualTo("string:v");
        assertRefused(withFooter(object, 0), "RDB version 0 is not read");
        assertRefused(withFooter(object, 12), "RDB version 12 is not read");
        assertRefused(new byte[9], "payload of 9 bytes is shorter than its footer");
        assertRefused(withFooter(new byte[0], 9), "1 bytes needed at offset 0, 0 left");
    }

    @Test
    void refusesTypesItCannotHold() {
        for (int type : new int[] {6, 7, 8, 15, 19, 21, 22, 23, 24, 25, 26, 255}) {
            assertRefused(object(type).length(1).string(ascii("x")).payload(11), "RDB type " + type
                    + " is not supported");
        }
    }

    @Test
    void refusesBytesAfterTheValue() {
        assertRefused(object(RdbType.STRING).string(ascii("v")).raw(0).payload(9), "1 bytes follow the value");
        assertRefused(object(RdbType.LIST).length(1).string(ascii("a")).string(ascii("b")).payload(9),
                "2 bytes follow the value");
    }

    /** Redis reads on into the footer and may find something there; slotkv stops at the footer. */
    @Test
    void refusesFewerItemsThanDeclared() {
        assertRefused(object(RdbType.LIST).length(3).string(ascii("a")).string(ascii("b")).payload(9),
                "1 bytes needed at offset 6, 0 left");
        assertRefused(object(RdbType.HASH).length(2).string(ascii("f")).string(ascii("v")).string(ascii("g"))
                .payload(9), "1 bytes needed at offset 8, 0 left");
    }

    @Test
    void refusesHugeLengthsBeforeAllocating() {
        assertRefused(object(RdbType.STRING).raw(0x81, 0x3F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF).payload(9),
                "4611686018427387903 bytes needed at offset 10, 0 left");
        assertRefused(object(RdbType.STRING).raw(0x81, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF).payload(9),
                "length 18446744073709551615 is too large");
        assertRefused(object(RdbType.STRING).raw(0x80, 0xFF, 0xFF, 0xFF, 0xFF, 'x').payload(9),
                "4294967295 bytes needed at offset 6, 1 left");
        assertRefused(object(RdbType.LIST).raw(0x80, 0x7F, 0xFF, 0xFF, 0xFF).string(ascii("a")).payload(9),
                "2147483647 items declared with only 2 bytes left");
        assertRefused(object(RdbType.ZSET_2).raw(0x81, 0, 0, 0, 1, 0, 0, 0, 0).payload(9),
                "4294967296 items declared with only 0 bytes left");
        // LZF: 2 compressed bytes cannot make 10 million
        assertRefused(object(RdbType.STRING).raw(0xC3, 2, 0x80, 0x00, 0x98, 0x96, 0x80, 0, 'a').payload(9),
                "LZF string of 2 bytes cannot hold 10000000");
        assertRefused(object(RdbType.STRING).raw(0xC3, 0x80, 0x7F, 0xFF, 0xFF, 0xFF, 1, 0, 'a').payload(9),
                "2147483647 bytes needed at offset 8, 2 left");
        assertRefused(object(RdbType.STRING).raw(0x82).payload(9), "bad length prefix 0x82");
        assertRefused(object(RdbType.LIST).raw(0xC0, 1).payload(9), "an encoded string where a length belongs");
        assertRefused(object(RdbType.STRING).raw(0xC4).payload(9), "unknown string encoding 4");
    }

    @Test
    void refusesWhatRedisRefuses() {
        for (Malformed bad : refusedByRedisToo()) {
            assertThatThrownBy(() -> DumpReader.read(bad.payload())).as(bad.name())
                    .isInstanceOf(DumpFormatException.class).hasMessageContaining(bad.message());
        }
    }

    @Test
    void refusesNaNScoresWrittenAsText() {
        assertRefused(object(RdbType.ZSET_LISTPACK).string(listpack(strings("a", "nan"))).payload(10),
                "sorted set score is not a number");
        assertRefused(object(RdbType.ZSET_ZIPLIST).string(ziplist(strings("a", "1", "b", "x"))).payload(9),
                "sorted set score is not a number");
    }

    /** A payload Redis refuses to RESTORE, and part of the message slotkv refuses it with. */
    record Malformed(String name, byte[] payload, String message) {}

    /** Damaged payloads that redis-server 7.0 refuses too (with sanitize-dump-payload yes). */
    static List<Malformed> refusedByRedisToo() {
        List<Malformed> bad = new ArrayList<>();
        String empty = "empty collection";
        bad.add(new Malformed("empty list", object(RdbType.LIST).length(0).payload(9), empty));
        bad.add(new Malformed("empty set", object(RdbType.SET).length(0).payload(9), empty));
        bad.add(new Malformed("empty hash", object(RdbType.HASH).length(0).payload(9), empty));
        bad.add(new Malformed("empty zset", object(RdbType.ZSET_2).length(0).payload(9), empty));
        bad.add(new Malformed("empty quicklist", object(RdbType.LIST_QUICKLIST_2).length(0).payload(9), empty));
        bad.add(new Malformed("empty ziplist list", object(RdbType.LIST_ZIPLIST).string(ziplist(List.of()))
                .payload(9), empty));
        bad.add(new Malformed("empty hash listpack", object(RdbType.HASH_LISTPACK).string(listpack(List.of()))
                .payload(10), empty));
        bad.add(new Malformed("empty intset", object(RdbType.SET_INTSET).string(intset(2)).payload(9),
                "intset of 0 members"));
        String dupMember = "duplicate set member";
        bad.add(new Malformed("set duplicate", object(RdbType.SET).length(2).string(ascii("a")).string(ascii("a"))
                .payload(9), dupMember));
        bad.add(new Malformed("set duplicate integer", object(RdbType.SET).length(2).string(ascii("7"))
                .raw(0xC0, 7).payload(9), dupMember));
        bad.add(new Malformed("intset duplicate", object(RdbType.SET_INTSET).string(intset(4, 1, 1)).payload(9),
                "not in increasing order"));
        String dupField = "duplicate hash field";
        bad.add(new Malformed("hash duplicate", object(RdbType.HASH).length(2).string(ascii("f"))
                .string(ascii("1")).string(ascii("f")).string(ascii("2")).payload(9), dupField));
        bad.add(new Malformed("hash zipmap duplicate", object(RdbType.HASH_ZIPMAP)
                .string(zipmap(0, strings("f", "1"), strings("f", "2"))).payload(9), dupField));
        bad.add(new Malformed("hash ziplist duplicate", object(RdbType.HASH_ZIPLIST)
                .string(ziplist(strings("f", "1", "f", "2"))).payload(9), dupField));
        bad.add(new Malformed("hash listpack duplicate", object(RdbType.HASH_LISTPACK)
                .string(listpack(strings("f", "1", "f", "2"))).payload(10), dupField));
        String dupZ = "duplicate sorted set member";
        bad.add(new Malformed("zset duplicate", object(RdbType.ZSET).length(2).string(ascii("m")).textScore("1")
                .string(ascii("m")).textScore("2").payload(9), dupZ));
        bad.add(new Malformed("zset 2 duplicate", object(RdbType.ZSET_2).length(2).string(ascii("m"))
                .binaryScore(1).string(ascii("m")).binaryScore(2).payload(9), dupZ));
        bad.add(new Malformed("zset ziplist duplicate", object(RdbType.ZSET_ZIPLIST)
                .string(ziplist(strings("m", "1", "m", "2"))).payload(9), dupZ));
        bad.add(new Malformed("zset listpack duplicate", object(RdbType.ZSET_LISTPACK)
                .string(listpack(strings("m", "1", "m", "2"))).payload(10), dupZ));
        bad.add(new Malformed("zset NaN text", object(RdbType.ZSET).length(1).string(ascii("m")).specialScore(253)
                .payload(9), "sorted set score is NaN"));
        bad.add(new Malformed("zset NaN binary", object(RdbType.ZSET_2).length(1).string(ascii("m"))
                .binaryScore(Double.NaN).payload(9), "sorted set score is NaN"));
        bad.add(new Malformed("hash listpack odd", object(RdbType.HASH_LISTPACK)
                .string(listpack(strings("f", "1", "g"))).payload(10), "odd number of entries (3)"));
        byte[] listpack = listpack(strings("a", "b"));
        listpack[4] = 3;
        bad.add(new Malformed("listpack count", object(RdbType.LIST_QUICKLIST_2).length(1).length(2)
                .string(listpack).payload(10), "listpack declares 3 entries and holds 2"));
        bad.add(new Malformed("lzf short", object(RdbType.STRING).raw(0xC3, 4, 5, 2, 'a', 'b', 'c').payload(9),
                "LZF data is 3 bytes, 5 declared"));
        for (int type : new int[] {8, 22, 255}) {
            bad.add(new Malformed("type " + type, object(type).length(1).string(ascii("x")).payload(9),
                    "is not supported"));
        }
        return bad;
    }

    private static void assertRefused(byte[] payload, String message) {
        assertThatThrownBy(() -> DumpReader.read(payload)).isInstanceOf(DumpFormatException.class)
                .hasMessage(message);
    }
}
