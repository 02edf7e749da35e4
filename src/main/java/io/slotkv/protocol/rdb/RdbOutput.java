package io.slotkv.protocol.rdb;

import io.slotkv.protocol.Numbers;
import java.util.Arrays;

/**
 * A growing payload in RDB's primitives, with its CRC-64 kept up to date as it grows so that finishing a big payload
 * does not checksum it all at once.
 */
final class RdbOutput {
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
    /** Longest decimal text Redis writes as an integer (RDB integer encodings hold at most 32 bits). */
    private static final int MAX_INTEGER_TEXT = 11;

    private byte[] buffer = new byte[64];
    private int size;
    private long crc;
    private int checksummed;

    int size() {
        return size;
    }

    void type(int type) {
        ensure(1);
        buffer[size++] = (byte) type;
    }

    /** A length in the shortest of RDB's 6-, 14-, 32- and 64-bit forms. */
    void length(long length) {
        ensure(9);
        if (length < 1 << 6) {
            buffer[size++] = (byte) length;
        } else if (length < 1 << 14) {
            buffer[size++] = (byte) (0x40 | (length >>> 8));
            buffer[size++] = (byte) length;
        } else if (length <= 0xFFFF_FFFFL) {
            buffer[size++] = (byte) 0x80;
            bigEndian(length, 4);
        } else {
            buffer[size++] = (byte) 0x81;
            bigEndian(length, 8);
        }
    }

    /**
     * A string, as Redis writes it: the decimal text of an integer of at most 32 bits as that integer, anything else
     * as its length and bytes.
     */
    void string(byte[] value) {
        if (value.length <= MAX_INTEGER_TEXT && Numbers.isLong(value)) {
            long integer = Numbers.parseLong(value, 0);
            if (integer == (byte) integer) {
                integerString(0, integer, 1);
                return;
            } else if (integer == (short) integer) {
                integerString(1, integer, 2);
                return;
            } else if (integer == (int) integer) {
                integerString(2, integer, 4);
                return;
            }
        }
        length(value.length);
        ensure(value.length);
        System.arraycopy(value, 0, buffer, size, value.length);
        size += value.length;
    }

    /** A double as its eight little-endian IEEE 754 bytes. */
    void binaryDouble(double value) {
        ensure(8);
        littleEndian(Double.doubleToRawLongBits(value), 8);
    }

    /** Folds the bytes written since the last call into the running CRC-64. */
    void checksum() {
        crc = Crc64.update(crc, buffer, checksummed, size - checksummed);
        checksummed = size;
    }

    /** The payload: what was written, then {@code version} and the CRC-64 of all of it. */
    byte[] finish(int version) {
        ensure(10);
        littleEndian(version, 2);
        checksum();
        littleEndian(crc, 8);
        return Arrays.copyOf(buffer, size);
    }

    private void integerString(int encoding, long value, int bytes) {
        ensure(1 + bytes);
        buffer[size++] = (byte) (0xC0 | encoding);
        littleEndian(value, bytes);
    }

    private void littleEndian(long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            buffer[size++] = (byte) (value >>> (8 * i));
        }
    }

    private void bigEndian(long value, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) {
            buffer[size++] = (byte) (value >>> (8 * i));
        }
    }

    private void ensure(int more) {
        if (more > MAX_ARRAY - size) {
            throw new IllegalStateException("a payload cannot exceed " + MAX_ARRAY + " bytes");
        }
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, (int) Math.min(MAX_ARRAY, Math.max(size + more, 2L * buffer.length)));
        }
    }
}
