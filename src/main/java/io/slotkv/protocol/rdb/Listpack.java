package io.slotkv.protocol.rdb;

import io.slotkv.protocol.Numbers;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a listpack, the compact encoding of small hashes and sorted sets since Redis 7.0, of small sets since
 * 7.2, and of the nodes of 7.0's quicklists, checked as strictly as Redis's deep sanitization checks it.
 *
 * <p>Layout, integers little-endian: total bytes (4), element count (2, 65535 meaning "count them"), the entries,
 * and the byte 0xFF. Each entry is an encoding with its data, then the size of those two written backwards in
 * 7-bit groups (so the list can be walked from the tail). Encodings: 0xxxxxxx a 7-bit unsigned integer; 10xxxxxx a
 * string of up to 63 bytes; 110xxxxx a 13-bit signed integer; 1110xxxx a string of up to 4095 bytes; 0xF0 a string
 * with a 32-bit length; 0xF1..0xF4 a 16-, 24-, 32- or 64-bit signed integer.
 */
final class Listpack {
    private static final int HEADER = 6;
    private static final int END = 0xFF;
    private static final int UNKNOWN_COUNT = 0xFFFF;

    private Listpack() {}

    /** The entries, front first, integers as their decimal text. */
    static List<byte[]> entries(byte[] listpack) throws DumpFormatException {
        if (listpack.length < HEADER + 1) {
            throw new DumpFormatException("listpack of " + listpack.length + " bytes is shorter than its header");
        }
        ByteCursor header = new ByteCursor(listpack, 0, HEADER);
        long size = header.littleEndian(4);
        int count = (int) header.littleEndian(2);
        if (size != listpack.length || (listpack[listpack.length - 1] & 0xFF) != END) {
            throw new DumpFormatException("listpack header does not match its " + listpack.length + " bytes");
        }
        ByteCursor in = new ByteCursor(listpack, HEADER, listpack.length - 1);
        List<byte[]> entries = new ArrayList<>();
        while (!in.atEnd()) {
            int start = in.position();
            entries.add(value(in));
            requireBackLength(in, in.position() - start, listpack);
        }
        if (count != UNKNOWN_COUNT && count != entries.size()) {
            throw new DumpFormatException("listpack declares " + count + " entries and holds " + entries.size());
        }
        return entries;
    }

    private static byte[] value(ByteCursor in) throws DumpFormatException {
        int encoding = in.unsignedByte();
        if ((encoding & 0x80) == 0) {
            return Numbers.bytes(encoding);
        }
        if ((encoding & 0xC0) == 0x80) {
            return in.bytes(encoding & 0x3F);
        }
        if ((encoding & 0xE0) == 0xC0) {
            int value = ((encoding & 0x1F) << 8) | in.unsignedByte();
            return Numbers.bytes(value >= 1 << 12 ? value - (1 << 13) : value);
        }
        if ((encoding & 0xF0) == 0xE0) {
            return in.bytes(((encoding & 0x0F) << 8) | in.unsignedByte());
        }
        return switch (encoding) {
            case 0xF0 -> in.bytes(in.littleEndian(4));
            case 0xF1 -> Numbers.bytes(in.signedLittleEndian(2));
            case 0xF2 -> Numbers.bytes(in.signedLittleEndian(3));
            case 0xF3 -> Numbers.bytes(in.signedLittleEndian(4));
            case 0xF4 -> Numbers.bytes(in.signedLittleEndian(8));
            case END -> throw new DumpFormatException("listpack ends inside its entries");
            default -> throw new DumpFormatException("unknown listpack encoding 0x" + Integer.toHexString(encoding));
        };
    }

    /** Consumes the back-length after an entry of {@code entrySize} bytes, which must be exactly Redis's. */
    private static void requireBackLength(ByteCursor in, int entrySize, byte[] listpack) throws DumpFormatException {
        int groups = backLengthSize(entrySize);
        int at = in.position();
        in.skip(groups);
        for (int i = 0; i < groups; i++) {
            int shift = 7 * (groups - 1 - i);
            int expected = i == 0 ? entrySize >>> shift : ((entrySize >>> shift) & 0x7F) | 0x80;
            if ((listpack[at + i] & 0xFF) != expected) {
                throw new DumpFormatException("listpack entry at " + (at - entrySize) + " has a wrong back-length");
            }
        }
    }

    private static int backLengthSize(int entrySize) {
        if (entrySize <= 127) {
            return 1;
        }
        if (entrySize < 16383) {
            return 2;
        }
        if (entrySize < 2097151) {
            return 3;
        }
        return entrySize < 268435455 ? 4 : 5;
    }
}
