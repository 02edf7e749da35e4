package io.slotkv.protocol.rdb;

import io.slotkv.protocol.Numbers;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a ziplist, the compact encoding of small lists, hashes and sorted sets before Redis 7.0 (and of the nodes
 * of its quicklists), checked as strictly as Redis's deep sanitization checks it.
 *
 * <p>Layout, integers little-endian: total bytes (4), offset of the last entry (4), entry count (2, 65535 meaning
 * "count them"), the entries, and the byte 0xFF. Each entry is the previous entry's size (one byte below 254, or 254
 * and four bytes), an encoding, and its data: a string of 6-, 14- or 32-bit length (the last two big-endian), or an
 * 8-, 16-, 24-, 32- or 64-bit integer, or an integer 0..12 held in the encoding byte itself.
 */
final class Ziplist {
    private static final int HEADER = 10;
    private static final int END = 0xFF;
    private static final int UNKNOWN_COUNT = 0xFFFF;

    private Ziplist() {}

    /** The entries, front first, integers as their decimal text. */
    static List<byte[]> entries(byte[] ziplist) throws DumpFormatException {
        if (ziplist.length < HEADER + 1) {
            throw new DumpFormatException("ziplist of " + ziplist.length + " bytes is shorter than its header");
        }
        ByteCursor header = new ByteCursor(ziplist, 0, HEADER);
        long size = header.littleEndian(4);
        long tail = header.littleEndian(4);
        int count = (int) header.littleEndian(2);
        if (size != ziplist.length || (ziplist[ziplist.length - 1] & 0xFF) != END) {
            throw new DumpFormatException("ziplist header does not match its " + ziplist.length + " bytes");
        }
        ByteCursor in = new ByteCursor(ziplist, HEADER, ziplist.length - 1);
        List<byte[]> entries = new ArrayList<>();
        int previousSize = 0;
        int last = -1;
        while (!in.atEnd()) {
            int start = in.position();
            if (previousLength(in) != previousSize) {
                throw new DumpFormatException("ziplist entry at " + start + " misstates the previous entry's size");
            }
            entries.add(value(in));
            previousSize = in.position() - start;
            last = start;
        }
        if (last >= 0 && tail != last) {
            throw new DumpFormatException("ziplist tail offset " + tail + " is not its last entry " + last);
        }
        if (count != UNKNOWN_COUNT && count != entries.size()) {
            throw new DumpFormatException("ziplist declares " + count + " entries and holds " + entries.size());
        }
        return entries;
    }

    private static long previousLength(ByteCursor in) throws DumpFormatException {
        int first = in.unsignedByte();
        if (first < 254) {
            return first;
        }
        if (first == 254) {
            return in.littleEndian(4);
        }
        throw new DumpFormatException("ziplist ends inside its entries");
    }

    private static byte[] value(ByteCursor in) throws DumpFormatException {
        int encoding = in.unsignedByte();
        switch (encoding >>> 6) {
            case 0:
                return in.bytes(encoding & 0x3F);
            case 1:
                return in.bytes(((encoding & 0x3F) << 8) | in.unsignedByte());
            case 2:
                return in.bytes(in.bigEndian(4));
            default:
                return Numbers.bytes(integer(in, encoding));
        }
    }

    private static long integer(ByteCursor in, int encoding) throws DumpFormatException {
        return switch (encoding) {
            case 0xFE -> in.signedLittleEndian(1);
            case 0xC0 -> in.signedLittleEndian(2);
            case 0xF0 -> in.signedLittleEndian(3);
            case 0xD0 -> in.signedLittleEndian(4);
            case 0xE0 -> in.signedLittleEndian(8);
            default -> {
                if (encoding < 0xF1 || encoding > 0xFD) {
                    throw new DumpFormatException("unknown ziplist encoding 0x" + Integer.toHexString(encoding));
                }
                yield (encoding & 0x0F) - 1;
            }
        };
    }
}
