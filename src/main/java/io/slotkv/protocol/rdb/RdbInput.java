package io.slotkv.protocol.rdb;

import io.slotkv.protocol.Numbers;
import java.util.ArrayList;
import java.util.List;

/** Reads RDB's primitives from the object part of a payload: lengths, strings in all their encodings, scores. */
final class RdbInput {
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final ByteCursor in;

    RdbInput(ByteCursor in) {
        this.in = in;
    }

    int type() throws DumpFormatException {
        return in.unsignedByte();
    }

    boolean atEnd() {
        return in.atEnd();
    }

    int remaining() {
        return in.remaining();
    }

    /**
     * A length: 6 bits in the first byte (00), 14 bits in it and the next (01), or a 32- or 64-bit big-endian
     * number after the byte 0x80 or 0x81.
     */
    long length() throws DumpFormatException {
        int first = in.unsignedByte();
        switch (first >>> 6) {
            case 0:
                return first;
            case 1:
                return ((first & 0x3F) << 8) | in.unsignedByte();
            case 2:
                if (first == 0x80) {
                    return in.bigEndian(4);
                }
                if (first == 0x81) {
                    long length = in.bigEndian(8);
                    if (length < 0) {
                        throw new DumpFormatException("length " + Long.toUnsignedString(length) + " is too large");
                    }
                    return length;
                }
                throw new DumpFormatException("bad length prefix 0x" + Integer.toHexString(first));
            default:
                throw new DumpFormatException("an encoded string where a length belongs");
        }
    }

    /**
     * A number of items that each take at least one byte: one larger than the bytes left is a lie, refused before
     * anything is sized by it.
     */
    long count() throws DumpFormatException {
        long count = length();
        if (count > in.remaining()) {
            throw new DumpFormatException(count + " items declared with only " + in.remaining() + " bytes left");
        }
        return count;
    }

    /** {@code count} strings, after {@link #count()} has bounded it. */
    List<byte[]> strings(long count) throws DumpFormatException {
        List<byte[]> strings = new ArrayList<>((int) Math.min(count, in.remaining()));
        for (long i = 0; i < count; i++) {
            strings.add(string());
        }
        return strings;
    }

    /**
     * A string: length-prefixed bytes, or (after a byte 11xxxxxx) an 8-, 16- or 32-bit little-endian integer
     * standing for its decimal text, or LZF-compressed bytes.
     */
    byte[] string() throws DumpFormatException {
        int first = in.peek();
        if (first >>> 6 != 3) {
            return in.bytes(length());
        }
        in.unsignedByte();
        return switch (first & 0x3F) {
            case 0 -> Numbers.bytes(in.signedLittleEndian(1));
            case 1 -> Numbers.bytes(in.signedLittleEndian(2));
            case 2 -> Numbers.bytes(in.signedLittleEndian(4));
            case 3 -> compressedString();
            default -> throw new DumpFormatException("unknown string encoding " + (first & 0x3F));
        };
    }

    private byte[] compressedString() throws DumpFormatException {
        long compressedLength = length();
        long length = length();
        in.require(compressedLength);
        if (length > MAX_ARRAY || length > compressedLength * Lzf.MAX_EXPANSION) {
            throw new DumpFormatException("LZF string of " + compressedLength + " bytes cannot hold " + length);
        }
        byte[] out = new byte[(int) length];
        Lzf.decompress(in.bytes(compressedLength), out);
        return out;
    }

    /** A score as a binary little-endian double (ZSET_2). */
    double binaryDouble() throws DumpFormatException {
        return Double.longBitsToDouble(in.littleEndian(8));
    }

    /** A score as text after a length byte, where 253, 254 and 255 stand for NaN, inf and -inf (ZSET). */
    double textDouble() throws DumpFormatException {
        int length = in.unsignedByte();
        return switch (length) {
            case 253 -> Double.NaN;
            case 254 -> Double.POSITIVE_INFINITY;
            case 255 -> Double.NEGATIVE_INFINITY;
            default -> Values.score(in.bytes(length));
        };
    }
}
