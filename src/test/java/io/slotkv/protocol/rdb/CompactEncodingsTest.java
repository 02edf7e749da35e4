package io.slotkv.protocol.rdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slotkv.protocol.Numbers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The compact encodings Redis has written values in (ziplist, listpack, intset, zipmap, quicklists, text scores),
 * built here byte by byte from their specifications and read back; {@link Blobs} builds them for the other tests.
 */
class CompactEncodingsTest {

    @Test
    void everySampleDecodesToItsValue() throws DumpFormatException {
        for (Sample sample : Blobs.samples()) {
            assertThat(DumpReader.verify(sample.payload())).as(sample.name()).isTrue();
            assertThat(Blobs.describe(DumpReader.read(sample.payload()))).as(sample.name())
                    .isEqualTo(sample.expected());
        }
    }

    @Test
    void ziplistIntegersOfEveryWidth() throws DumpFormatException {
        // immediate 0..12, int8, int16, int24, int32, int64 at both ends of their ranges
        String[] numbers = {"0", "12", "13", "-1", "127", "-128", "128", "32767", "-32768", "32768", "8388607",
            "-8388608", "8388608", "2147483647", "-2147483648", "2147483648", "9223372036854775807",
            "-9223372036854775808"};
        byte[] ziplist = Blobs.ziplist(Blobs.strings(numbers));
        assertThat(Blobs.text(Ziplist.entries(ziplist))).containsExactly(numbers);
        // after the 10-byte header: "0" and "12" are one-byte entries after their one-byte previous length
        assertThat(ziplist[10 + 1] & 0xFF).isEqualTo(0xF1);
        assertThat(ziplist[10 + 2 + 1] & 0xFF).isEqualTo(0xFD);
    }

    @Test
    void ziplistStringsOfEveryLengthForm() throws DumpFormatException {
        String[] strings = {"", "a", "x".repeat(63), "y".repeat(64), "z".repeat(16383), "w".repeat(16384), "12a",
            "007", "-0", "+1", "99999999999999999999"};
        byte[] ziplist = Blobs.ziplist(Blobs.strings(strings));
        assertThat(Blobs.text(Ziplist.entries(ziplist))).containsExactly(strings);
    }

    @Test
    void ziplistIsCheckedLikeRedisChecksIt() {
        byte[] good = Blobs.ziplist(Blobs.strings("a", "bb", "ccc"));
        assertRefused(Ziplist::entries, Arrays.copyOf(good, good.length - 1), "ziplist header does not match");
        assertRefused(Ziplist::entries, patch(good, 0, 99), "ziplist header does not match");
        assertRefused(Ziplist::entries, patch(good, good.length - 1, 0), "ziplist header does not match");
        assertRefused(Ziplist::entries, patch(good, 4, 10), "tail offset 10 is not its last entry");
        assertRefused(Ziplist::entries, patch(good, 8, 2), "declares 2 entries and holds 3");
        // the second entry claims the first is 4 bytes long (it is 3)
        assertRefused(Ziplist::entries, patch(good, 13, 4), "misstates the previous entry's size");
        // the first entry's string length runs past the end
        assertRefused(Ziplist::entries, patch(good, 11, 0x3F), "bytes needed");
        assertRefused(Ziplist::entries, patch(good, 11, 0xC1), "unknown ziplist encoding 0xc1");
        assertRefused(Ziplist::entries, patch(good, 10, 0xFF), "ziplist ends inside its entries");
        assertRefused(Ziplist::entries, new byte[10], "shorter than its header");
    }

    @Test
    void ziplistWithUnknownCountAndLargePreviousLengths() throws DumpFormatException {
        List<byte[]> entries = new ArrayList<>();
        for (int i = 0; i < 70_000; i++) {
            entries.add(Numbers.bytes(i % 3 == 0 ? i : -i));
        }
        entries.set(5, "p".repeat(300).getBytes(StandardCharsets.US_ASCII));
        byte[] ziplist = Blobs.ziplist(entries);
        assertThat(ziplist[8] & 0xFF).isEqualTo(0xFF);
        assertThat(ziplist[9] & 0xFF).isEqualTo(0xFF);
        assertThat(Blobs.text(Ziplist.entries(ziplist))).containsExactlyElementsOf(Blobs.text(entries));
    }

    @Test
    void listpackIntegersOfEveryWidth() throws DumpFormatException {
        String[] numbers = {"0", "127", "128", "-1", "4095", "-4096", "4096", "-4097", "32767", "-32768", "32768",
            "8388607", "-8388608", "8388608", "2147483647", "-2147483648", "2147483648", "9223372036854775807",
            "-9223372036854775808"};
        byte[] listpack = Blobs.listpack(Blobs.strings(numbers));
        assertThat(Blobs.text(Listpack.entries(listpack))).containsExactly(numbers);
        assertThat(listpack[6] & 0xFF).isZero();
    }

    @Test
    void listpackStringsOfEveryLengthForm() throws DumpFormatException {
        // after a five-byte header, 16377 bytes make the largest entry with a two-byte back-length, 16378 the smallest
        // with three
        String[] strings = {"", "a", "x".repeat(63), "y".repeat(64), "z".repeat(4095), "w".repeat(4096),
            "t".repeat(16377), "v".repeat(16378), "u".repeat(2_097_200), "-0", "1.5"};
        byte[] listpack = Blobs.listpack(Blobs.strings(strings));
        assertThat(Blobs.text(Listpack.entries(listpack))).containsExactly(strings);
    }

    @Test
    void listpackIsCheckedLikeRedisChecksIt() {
        byte[] good = Blobs.listpack(Blobs.strings("a", "1000", "ccc"));
        assertRefused(Listpack::entries, Arrays.copyOf(good, good.length - 1), "listpack header does not match");
        assertRefused(Listpack::entries, patch(good, good.length - 1, 0), "listpack header does not match");
        assertRefused(Listpack::entries, patch(good, 4, 2), "declares 2 entries and holds 3");
        assertRefused(Listpack::entries, patch(good, 8, 3), "wrong back-length");
        assertRefused(Listpack::entries, patch(good, 6, 0xF5), "unknown listpack encoding 0xf5");
        assertRefused(Listpack::entries, patch(good, 6, 0xFF), "listpack ends inside its entries");
        assertRefused(Listpack::entries, patch(good, 6, 0xBF), "bytes needed");
        assertRefused(Listpack::entries, new byte[6], "shorter than its header");
    }

    @Test
    void intsetsOfEveryWidth() throws DumpFormatException {
        assertThat(Blobs.text(Intset.members(Blobs.intset(2, -32768, -1, 0, 32767))))
                .containsExactly("-32768", "-1", "0", "32767");
        assertThat(Blobs.text(Intset.members(Blobs.intset(4, Integer.MIN_VALUE, 7, Integer.MAX_VALUE))))
                .containsExactly("-2147483648", "7", "2147483647");
        assertThat(Blobs.text(Intset.members(Blobs.intset(8, Long.MIN_VALUE, 0, Long.MAX_VALUE))))
                .containsExactly("-9223372036854775808", "0", "9223372036854775807");
    }

    @Test
    void intsetIsCheckedLikeRedisChecksIt() {
        assertRefused(Intset::members, Blobs.intset(2, 3, 3), "not in increasing order");
        assertRefused(Intset::members, Blobs.intset(4, 5, 4), "not in increasing order");
        assertRefused(Intset::members, Blobs.intset(2), "intset of 0 members");
        assertRefused(Intset::members, patch(Blobs.intset(2, 1, 2), 0, 3), "width 3 is not 2, 4 or 8");
        assertRefused(Intset::members, patch(Blobs.intset(2, 1, 2), 4, 3), "intset of 3 members");
        assertRefused(Intset::members, patch(Blobs.intset(2, 1, 2), 7, 0x80), "members does not fill");
        assertRefused(Intset::members, new byte[5], "bytes needed");
    }

    @Test
    void zipmapsWithFreeBytesAndLongStrings() throws DumpFormatException {
        byte[] big = "b".repeat(300).getBytes(StandardCharsets.US_ASCII);
        byte[] zipmap = Blobs.zipmap(3, Blobs.strings("f", "v"), List.of(big, big), Blobs.strings("", "x"));
        assertThat(Blobs.text(Zipmap.pairs(zipmap))).containsExactly("f", "v", "b".repeat(300), "b".repeat(300), "",
                "x");
        assertThat(Blobs.text(Zipmap.pairs(patch(zipmap, 0, 254)))).hasSize(6);
    }

    @Test
    void zipmapIsCheckedLikeRedisChecksIt() {
        byte[] good = Blobs.zipmap(0, Blobs.strings("f", "v"), Blobs.strings("g", "w"));
        assertRefused(Zipmap::pairs, patch(good, 0, 3), "declares 3 pairs and holds 2");
        assertRefused(Zipmap::pairs, Arrays.copyOf(good, good.length - 1), "not terminated");
        assertRefused(Zipmap::pairs, new byte[] {0, (byte) 0xFF}, "declares 0 pairs and holds 0");
        assertRefused(Zipmap::pairs, patch(good, 1, 0xFF), "zipmap ends inside its entries");
        assertRefused(Zipmap::pairs, patch(good, 1, 200), "bytes needed");
    }

    @Test
    void quicklistsSkipEmptyNodesButNotEmptyLists() throws DumpFormatException {
        byte[] emptyZiplist = Blobs.ziplist(List.of());
        byte[] payload = Blobs.object(RdbType.LIST_QUICKLIST).length(3).string(emptyZiplist)
                .string(Blobs.ziplist(Blobs.strings("a"))).string(emptyZiplist).payload(9);
        assertThat(Blobs.describe(DumpReader.read(payload))).isEqualTo("list[a]");
        byte[] onlyEmpty = Blobs.object(RdbType.LIST_QUICKLIST).length(1).string(emptyZiplist).payload(9);
        assertThatThrownBy(() -> DumpReader.read(onlyEmpty)).hasMessage("empty collection");
        byte[] emptyListpack = Blobs.listpack(List.of());
        byte[] packed = Blobs.object(RdbType.LIST_QUICKLIST_2).length(2).length(2).string(emptyListpack)
                .length(1).string(Blobs.ascii("p")).payload(10);
        assertThat(Blobs.describe(DumpReader.read(packed))).isEqualTo("list[p]");
    }

    @Test
    void quicklistNodesAreCheckedToo() {
        byte[] badContainer = Blobs.object(RdbType.LIST_QUICKLIST_2).length(1).length(3).string(Blobs.ascii("x"))
                .payload(10);
        assertThatThrownBy(() -> DumpReader.read(badContainer)).hasMessage("unknown quicklist node container 3");
        byte[] emptyPlain = Blobs.object(RdbType.LIST_QUICKLIST_2).length(1).length(1).string(new byte[0])
                .payload(10);
        assertThatThrownBy(() -> DumpReader.read(emptyPlain)).hasMessage("empty quicklist node");
        byte[] listpackInZiplistQuicklist = Blobs.object(RdbType.LIST_QUICKLIST).length(1)
                .string(Blobs.listpack(Blobs.strings("a"))).payload(9);
        assertThatThrownBy(() -> DumpReader.read(listpackInZiplistQuicklist))
                .isInstanceOf(DumpFormatException.class).hasMessageContaining("ziplist");
    }

    @Test
    void textScoresAreParsedAsRedisParsesThem() throws DumpFormatException {
        byte[] payload = Blobs.object(RdbType.ZSET).length(6).string(Blobs.ascii("a")).textScore("1.5")
                .string(Blobs.ascii("b")).textScore("-0").string(Blobs.ascii("c")).specialScore(254)
                .string(Blobs.ascii("d")).specialScore(255).string(Blobs.ascii("e"))
                .textScore("1.0000000000000001e-300").string(Blobs.ascii("f")).textScore("-17").payload(9);
        DumpValue.ZSetValue zset = (DumpValue.ZSetValue) DumpReader.read(payload);
        assertThat(zset.scores()).containsExactly(1.5, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                1e-300, -17);
        assertThat(Double.doubleToRawLongBits(zset.scores()[1])).isEqualTo(Double.doubleToRawLongBits(-0.0));
        byte[] nan = Blobs.object(RdbType.ZSET).length(1).string(Blobs.ascii("a")).specialScore(253).payload(9);
        assertThatThrownBy(() -> DumpReader.read(nan)).hasMessage("sorted set score is NaN");
        byte[] garbage = Blobs.object(RdbType.ZSET).length(1).string(Blobs.ascii("a")).textScore("1x").payload(9);
        assertThatThrownBy(() -> DumpReader.read(garbage)).hasMessage("sorted set score is not a number");
    }

    private interface Decoder {
        List<byte[]> decode(byte[] blob) throws DumpFormatException;
    }

    private static void assertRefused(Decoder decoder, byte[] blob, String message) {
        assertThatThrownBy(() -> decoder.decode(blob)).isInstanceOf(DumpFormatException.class)
                .hasMessageContaining(message);
    }

    private static byte[] patch(byte[] bytes, int index, int value) {
        byte[] copy = bytes.clone();
        copy[index] = (byte) value;
        return copy;
    }

    /** A valid payload, what it holds, as {@link Blobs#describe} writes it. */
    record Sample(String name, byte[] payload, String expected) {}

    /**
     * Writes the encodings byte by byte as their specifications (and Redis's own encoders) lay them out, choosing
     * the same integer and string forms Redis chooses, so the other tests can build payloads Redis never emits
     * anymore, and damage them precisely.
     */
    static final class Blobs {
        private static final String HEX = "0123456789abcdef";

        private Blobs() {}

        static byte[] ascii(String text) {
            return text.getBytes(StandardCharsets.ISO_8859_1);
        }

        static List<byte[]> strings(String... texts) {
            return Arrays.stream(texts).map(Blobs::ascii).toList();
        }

        static List<String> text(List<byte[]> items) {
            return items.stream().map(b -> new String(b, StandardCharsets.ISO_8859_1)).toList();
        }

        /** A value as text, with collections in a canonical order; binary bytes are written as \xNN. */
        static String describe(DumpValue value) {
            return switch (value) {
                case DumpValue.StringValue s -> "string:" + show(s.value());
                case DumpValue.ListValue l -> "list" + l.elements().stream().map(Blobs::show).toList();
                case DumpValue.SetValue s -> "set" + s.members().stream().map(Blobs::show).sorted().toList();
                case DumpValue.HashValue h -> {
                    Map<String, String> sorted = new TreeMap<>();
                    for (int i = 0; i < h.fields().size(); i++) {
                        sorted.put(show(h.fields().get(i)), show(h.values().get(i)));
                    }
                    yield "hash" + sorted;
                }
                case DumpValue.ZSetValue z -> {
                    Map<String, String> sorted = new TreeMap<>();
                    for (int i = 0; i < z.members().size(); i++) {
                        sorted.put(show(z.members().get(i)), Double.toString(z.scores()[i]));
                    }
                    yield "zset" + sorted;
                }
            };
        }

        static String show(byte[] bytes) {
            StringBuilder text = new StringBuilder(bytes.length);
            for (byte b : bytes) {
                int c = b & 0xFF;
                if (c >= 0x20 && c < 0x7F && c != '\\') {
                    text.append((char) c);
                } else {
                    text.append("\\x").append(HEX.charAt(c >>> 4)).append(HEX.charAt(c & 0xF));
                }
            }
            return text.toString();
        }

        // ------------------------------------------------------------ compact encodings

        /** A ziplist of {@code entries}; canonical integers of up to 32 characters are stored as integers. */
        static byte[] ziplist(List<byte[]> entries) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            int previous = 0;
            int tail = 10;
            for (byte[] entry : entries) {
                tail = 10 + body.size();
                ByteArrayOutputStream e = new ByteArrayOutputStream();
                if (previous < 254) {
                    e.write(previous);
                } else {
                    e.write(254);
                    littleEndian(e, previous, 4);
                }
                ziplistValue(e, entry);
                previous = e.size();
                body.writeBytes(e.toByteArray());
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            littleEndian(out, 10 + body.size() + 1, 4);
            littleEndian(out, tail, 4);
            littleEndian(out, Math.min(entries.size(), 0xFFFF), 2);
            out.writeBytes(body.toByteArray());
            out.write(0xFF);
            return out.toByteArray();
        }

        private static void ziplistValue(ByteArrayOutputStream out, byte[] entry) {
            if (entry.length <= 32 && Numbers.isLong(entry)) {
                long v = Numbers.parseLong(entry, 0);
                if (v >= 0 && v <= 12) {
                    out.write(0xF1 + (int) v);
                } else if (v == (byte) v) {
                    out.write(0xFE);
                    littleEndian(out, v, 1);
                } else if (v == (short) v) {
                    out.write(0xC0);
                    littleEndian(out, v, 2);
                } else if (v >= -(1 << 23) && v < 1 << 23) {
                    out.write(0xF0);
                    littleEndian(out, v, 3);
                } else if (v == (int) v) {
                    out.write(0xD0);
                    littleEndian(out, v, 4);
                } else {
                    out.write(0xE0);
                    littleEndian(out, v, 8);
                }
                return;
            }
            int n = entry.length;
            if (n < 64) {
                out.write(n);
            } else if (n < 16384) {
                out.write(0x40 | (n >>> 8));
                out.write(n & 0xFF);
            } else {
                out.write(0x80);
                bigEndian(out, n, 4);
            }
            out.writeBytes(entry);
        }

        /** A listpack of {@code entries}; canonical integers of up to 20 characters are stored as integers. */
        static byte[] listpack(List<byte[]> entries) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (byte[] entry : entries) {
                ByteArrayOutputStream e = new ByteArrayOutputStream();
                listpackValue(e, entry);
                int size = e.size();
                body.writeBytes(e.toByteArray());
                body.writeBytes(backLength(size));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            littleEndian(out, 6 + body.size() + 1, 4);
            littleEndian(out, Math.min(entries.size(), 0xFFFF), 2);
            out.writeBytes(body.toByteArray());
            out.write(0xFF);
            return out.toByteArray();
        }

        private static void listpackValue(ByteArrayOutputStream out, byte[] entry) {
            if (entry.length <= 20 && Numbers.isLong(entry)) {
                long v = Numbers.parseLong(entry, 0);
                if (v >= 0 && v <= 127) {
                    out.write((int) v);
                } else if (v >= -4096 && v <= 4095) {
                    int u = (int) v & 0x1FFF;
                    out.write(0xC0 | (u >>> 8));
                    out.write(u & 0xFF);
                } else if (v == (short) v) {
                    out.write(0xF1);
                    littleEndian(out, v, 2);
                } else if (v >= -(1 << 23) && v < 1 << 23) {
                    out.write(0xF2);
                    littleEndian(out, v, 3);
                } else if (v == (int) v) {
                    out.write(0xF3);
                    littleEndian(out, v, 4);
                } else {
                    out.write(0xF4);
                    littleEndian(out, v, 8);
                }
                return;
            }
            int n = entry.length;
            if (n < 64) {
                out.write(0x80 | n);
            } else if (n < 4096) {
                out.write(0xE0 | (n >>> 8));
                out.write(n & 0xFF);
            } else {
                out.write(0xF0);
                littleEndian(out, n, 4);
            }
            out.writeBytes(entry);
        }

        private static byte[] backLength(int size) {
            int groups = size <= 127 ? 1 : size < 16383 ? 2 : size < 2097151 ? 3 : size < 268435455 ? 4 : 5;
            byte[] bytes = new byte[groups];
            for (int i = 0; i < groups; i++) {
                int part = (size >>> (7 * (groups - 1 - i))) & 0x7F;
                bytes[i] = (byte) (i == 0 ? part : part | 0x80);
            }
            return bytes;
        }

        /** An intset of members {@code width} bytes wide, written in the order given. */
        static byte[] intset(int width, long... members) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            littleEndian(out, width, 4);
            littleEndian(out, members.length, 4);
            for (long member : members) {
                littleEndian(out, member, width);
            }
            return out.toByteArray();
        }

        /** A zipmap of field/value pairs, each value followed by {@code free} unused bytes. */
        @SafeVarargs
        static byte[] zipmap(int free, List<byte[]>... pairs) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(Math.min(pairs.length, 254));
            for (List<byte[]> pair : pairs) {
                zipmapLength(out, pair.get(0).length);
                out.writeBytes(pair.get(0));
                zipmapLength(out, pair.get(1).length);
                out.write(free);
                out.writeBytes(pair.get(1));
                out.writeBytes(new byte[free]);
            }
            out.write(0xFF);
            return out.toByteArray();
        }

        private static void zipmapLength(ByteArrayOutputStream out, int length) {
            if (length < 254) {
                out.write(length);
            } else {
                out.write(254);
                littleEndian(out, length, 4);
            }
        }

        /**
         * LZF-compresses {@code data}: greedy matching of three-byte prefixes within the 8 KB window, literal runs
         * of up to 32 bytes, back references of up to 264 bytes.
         */
        static byte[] lzf(byte[] data) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream literals = new ByteArrayOutputStream();
            Map<Integer, Integer> lastSeen = new HashMap<>();
            int i = 0;
            while (i < data.length) {
                if (i + 2 < data.length) {
                    int key = (data[i] & 0xFF) << 16 | (data[i + 1] & 0xFF) << 8 | (data[i + 2] & 0xFF);
                    Integer candidate = lastSeen.put(key, i);
                    if (candidate != null && i - candidate - 1 < 8192) {
                        int length = 0;
                        while (length < 264 && i + length < data.length
                                && data[candidate + length] == data[i + length]) {
                            length++;
                        }
                        flushLiterals(out, literals);
                        int offset = i - candidate - 1;
                        int stored = length - 2;
                        if (stored < 7) {
                            out.write(stored << 5 | offset >>> 8);
                        } else {
                            out.write(7 << 5 | offset >>> 8);
                            out.write(stored - 7);
                        }
                        out.write(offset & 0xFF);
                        i += length;
                        continue;
                    }
                }
                literals.write(data[i++]);
                if (literals.size() == 32) {
                    flushLiterals(out, literals);
                }
            }
            flushLiterals(out, literals);
            return out.toByteArray();
        }

        private static void flushLiterals(ByteArrayOutputStream out, ByteArrayOutputStream literals) {
            if (literals.size() > 0) {
                out.write(literals.size() - 1);
                out.writeBytes(literals.toByteArray());
                literals.reset();
            }
        }

        // ------------------------------------------------------------ RDB objects and payloads

        /** An RDB object of {@code type}, its value to be written with the returned builder. */
        static RdbObject object(int type) {
            RdbObject object = new RdbObject();
            object.out.write(type);
            return object;
        }

        /** {@code object} followed by the footer: {@code version} and the CRC-64 of both. */
        static byte[] withFooter(byte[] object, int version) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(object);
            littleEndian(out, version, 2);
            byte[] body = out.toByteArray();
            littleEndian(out, Crc64.update(0, body, 0, body.length), 8);
            return out.toByteArray();
        }

        /** The object part of a payload, between the type byte and the footer, written piece by piece. */
        static final class RdbObject {
            private final ByteArrayOutputStream out = new ByteArrayOutputStream();

            /** A length in its shortest form. */
            RdbObject length(long length) {
                if (length < 64) {
                    out.write((int) length);
                } else if (length < 16384) {
                    out.write(0x40 | (int) (length >>> 8));
                    out.write((int) length & 0xFF);
                } else if (length <= 0xFFFF_FFFFL) {
                    out.write(0x80);
                    bigEndian(out, length, 4);
                } else {
                    out.write(0x81);
                    bigEndian(out, length, 8);
                }
                return this;
            }

            /** A string as its length and bytes. */
            RdbObject string(byte[] value) {
                length(value.length);
                out.writeBytes(value);
                return this;
            }

            /** A string LZF-compressed. */
            RdbObject compressed(byte[] value) {
                byte[] compressed = lzf(value);
                out.write(0xC3);
                length(compressed.length);
                length(value.length);
                out.writeBytes(compressed);
                return this;
            }

            /** Bytes as they are. */
            RdbObject raw(int... bytes) {
                for (int b : bytes) {
                    out.write(b);
                }
                return this;
            }

            RdbObject textScore(String score) {
                out.write(score.length());
                out.writeBytes(ascii(score));
                return this;
            }

            /** 253 (NaN), 254 (inf) or 255 (-inf) in place of a text score. */
            RdbObject specialScore(int marker) {
                out.write(marker);
                return this;
            }

            RdbObject binaryScore(double score) {
                littleEndian(out, Double.doubleToRawLongBits(score), 8);
                return this;
            }

            byte[] bytes() {
                return out.toByteArray();
            }

            byte[] payload(int version) {
                return withFooter(bytes(), version);
            }
        }

        private static void littleEndian(ByteArrayOutputStream out, long value, int bytes) {
            for (int i = 0; i < bytes; i++) {
                out.write((int) (value >>> (8 * i)) & 0xFF);
            }
        }

        private static void bigEndian(ByteArrayOutputStream out, long value, int bytes) {
            for (int i = bytes - 1; i >= 0; i--) {
                out.write((int) (value >>> (8 * i)) & 0xFF);
            }
        }

        // ------------------------------------------------------------ samples

        /** A valid payload in every encoding slotkv reads, each with what it holds. */
        static List<Sample> samples() {
            List<Sample> samples = new ArrayList<>();
            byte[] text = ascii("slotkv ".repeat(40));
            String textShown = "slotkv ".repeat(40);
            samples.add(new Sample("string raw", object(RdbType.STRING).string(ascii("hello")).payload(9),
                    "string:hello"));
            samples.add(new Sample("string int8", object(RdbType.STRING).raw(0xC0, 0x85).payload(9),
                    "string:-123"));
            samples.add(new Sample("string int16", object(RdbType.STRING).raw(0xC1, 0x39, 0x30).payload(9),
                    "string:12345"));
            samples.add(new Sample("string int32", object(RdbType.STRING).raw(0xC2, 0x00, 0x00, 0x00, 0x80)
                    .payload(9), "string:-2147483648"));
            samples.add(new Sample("string lzf", object(RdbType.STRING).compressed(text).payload(9),
                    "string:" + textShown));
            samples.add(new Sample("string binary", object(RdbType.STRING).string(new byte[] {0, -1, '\r', '\n'})
                    .payload(9), "string:\\x00\\xff\\x0d\\x0a"));
            samples.add(new Sample("list", object(RdbType.LIST).length(3).string(ascii("a")).raw(0xC0, 7)
                    .compressed(text).payload(9), "list[a, 7, " + textShown + "]"));
            samples.add(new Sample("set", object(RdbType.SET).length(2).string(ascii("m")).raw(0xC1, 0, 1)
                    .payload(9), "set[256, m]"));
            samples.add(new Sample("zset text scores", object(RdbType.ZSET).length(2).string(ascii("a"))
                    .textScore("2.5").string(ascii("b")).specialScore(255).payload(6),
                    "zset{a=2.5, b=-Infinity}"));
            samples.add(new Sample("hash", object(RdbType.HASH).length(2).string(ascii("f")).string(ascii("v"))
                    .raw(0xC0, 1).compressed(text).payload(9), "hash{1=" + textShown + ", f=v}"));
            samples.add(new Sample("zset binary scores", object(RdbType.ZSET_2).length(2).string(ascii("a"))
                    .binaryScore(-2.5).string(ascii("b")).binaryScore(1e-300).payload(9),
                    "zset{a=-2.5, b=1.0E-300}"));
            samples.add(new Sample("hash zipmap", object(RdbType.HASH_ZIPMAP)
                    .string(zipmap(2, strings("f", "v"), strings("n", "12"))).payload(2), "hash{f=v, n=12}"));
            samples.add(new Sample("list ziplist", object(RdbType.LIST_ZIPLIST)
                    .string(ziplist(strings("a", "-5", "70000", "b"))).payload(6), "list[a, -5, 70000, b]"));
            samples.add(new Sample("set intset", object(RdbType.SET_INTSET).string(intset(2, -3, 5, 400))
                    .payload(6), "set[-3, 400, 5]"));
            samples.add(new Sample("set intset 64", object(RdbType.SET_INTSET).string(intset(8, -1, Long.MAX_VALUE))
                    .payload(6), "set[-1, 9223372036854775807]"));
            samples.add(new Sample("zset ziplist", object(RdbType.ZSET_ZIPLIST)
                    .string(ziplist(strings("a", "1", "b", "2.5", "c", "inf"))).payload(7),
                    "zset{a=1.0, b=2.5, c=Infinity}"));
            samples.add(new Sample("hash ziplist", object(RdbType.HASH_ZIPLIST)
                    .string(ziplist(strings("f", "v", "g", "-1"))).payload(7), "hash{f=v, g=-1}"));
            samples.add(new Sample("list quicklist", object(RdbType.LIST_QUICKLIST).length(2)
                    .string(ziplist(strings("a", "1"))).compressed(ziplist(List.of(text, text))).payload(8),
                    "list[a, 1, " + textShown + ", " + textShown + "]"));
            samples.add(new Sample("hash listpack", object(RdbType.HASH_LISTPACK)
                    .string(listpack(strings("f", "v", "-4096", "4095"))).payload(10), "hash{-4096=4095, f=v}"));
            samples.add(new Sample("zset listpack", object(RdbType.ZSET_LISTPACK)
                    .string(listpack(strings("a", "-0", "b", "-inf", "c", "3"))).payload(10),
                    "zset{a=-0.0, b=-Infinity, c=3.0}"));
            samples.add(new Sample("list quicklist 2", object(RdbType.LIST_QUICKLIST_2).length(3)
                    .length(2).string(listpack(strings("a", "1"))).length(1).compressed(text)
                    .length(2).compressed(listpack(List.of(text, ascii("z")))).payload(10),
                    "list[a, 1, " + textShown + ", " + textShown + ", z]"));
            samples.add(new Sample("set listpack", object(RdbType.SET_LISTPACK)
                    .string(listpack(strings("x", "10", "y"))).payload(11), "set[10, x, y]"));
            return samples;
        }
    }
}
