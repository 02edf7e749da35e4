package io.slotkv.protocol.rdb;

import io.slotkv.protocol.Numbers;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes an intset, the encoding of small sets of integers: the width of every member in bytes (2, 4 or 8), the
 * member count, then the members in strictly increasing order, all little-endian.
 */
final class Intset {
    private static final int HEADER = 8;

    private Intset() {}

    /** The members as decimal text, in increasing order. */
    static List<byte[]> members(byte[] intset) throws DumpFormatException {
        ByteCursor in = new ByteCursor(intset);
        int width = (int) Math.min(in.littleEndian(4), Integer.MAX_VALUE);
        long count = in.littleEndian(4);
        if (width != 2 && width != 4 && width != 8) {
            throw new DumpFormatException("intset member width " + width + " is not 2, 4 or 8");
        }
        if (count == 0 || HEADER + count * width != intset.length) {
            throw new DumpFormatException("intset of " + count + " members does not fill its " + intset.length
                    + " bytes");
        }
        List<byte[]> members = new ArrayList<>((int) count);
        long previous = 0;
        for (long i = 0; i < count; i++) {
            long member = in.signedLittleEndian(width);
            if (i > 0 && member <= previous) {
                throw new DumpFormatException("intset members are not in increasing order");
            }
            members.add(Numbers.bytes(member));
            previous = member;
        }
        return members;
    }
}
