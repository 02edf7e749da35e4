package io.slotkv.protocol.rdb;

/**
 * CRC-64/Jones as Redis computes it (reflected, zero seed, no final xor), because a DUMP payload ends with this
 * checksum and Redis refuses a payload whose checksum differs; crc64(0, "123456789") == 0xe9c6d914c4b8d9caL.
 */
public final class Crc64 {
    /** The Jones polynomial 0xad93d23594c935a9, bit-reversed for the reflected form. */
    private static final long POLYNOMIAL = 0x95ac9329ac4bc9b5L;
    private static final long[] TABLE = new long[256];

    static {
        for (int i = 0; i < 256; i++) {
            long crc = i;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLYNOMIAL : crc >>> 1;
            }
            TABLE[i] = crc;
        }
    }

    private Crc64() {}

    /** {@code crc} continued over {@code data[offset, offset + length)}; start from 0. */
    public static long update(long crc, byte[] data, int offset, int length) {
        for (int i = offset, end = offset + length; i < end; i++) {
            crc = TABLE[(int) (crc ^ data[i]) & 0xFF] ^ (crc >>> 8);
        }
        return crc;
    }
}
