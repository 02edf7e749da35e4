package io.slotkv.protocol.rdb;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a zipmap, the encoding of small hashes before Redis 2.6: a count byte (254 meaning "count them"), then
 * per pair the field's length and bytes, the value's length, a count of free bytes, the value's bytes and the free
 * bytes, and finally the byte 0xFF. A length is one byte below 254, or 254 and a four-byte little-endian number.
 */
final class Zipmap {
    private static final int BIG_LENGTH = 254;
    private static final int END = 0xFF;

    private Zipmap() {}

    /** The fields and values, alternating. */
    static List<byte[]> pairs(byte[] zipmap) throws DumpFormatException {
        if (zipmap.length < 2 || (zipmap[zipmap.length - 1] & 0xFF) != END) {
            throw new DumpFormatException("zipmap is not terminated");
        }
        int declared = zipmap[0] & 0xFF;
        ByteCursor in = new ByteCursor(zipmap, 1, zipmap.length - 1);
        List<byte[]> pairs = new ArrayList<>();
        while (!in.atEnd()) {
            if (in.peek() == END) {
                throw new DumpFormatException("zipmap ends inside its entries");
            }
            pairs.add(in.bytes(length(in)));
            long valueLength = length(in);
            int free = in.unsignedByte();
            pairs.add(in.bytes(valueLength));
            in.skip(free);
        }
        int count = pairs.size() / 2;
        if (count == 0 || (declared != BIG_LENGTH && declared != count)) {
            throw new DumpFormatException("zipmap declares " + declared + " pairs and holds " + count);
        }
        return pairs;
    }

    private static long length(ByteCursor in) throws DumpFormatException {
        int first = in.unsignedByte();
        return first < BIG_LENGTH ? first : in.littleEndian(4);
    }
}
