package io.slotkv.protocol;

/**
 * Maps a key to one of the 16384 hash slots exactly as Redis Cluster does, so clients, redis-cli and slotkv agree
 * on where every key lives.
 *
 * <p>The slot is {@code CRC16-XMODEM(tag) mod 16384}, where the tag is the part between the first '{' and the next
 * '}' when that part is non-empty, and the whole key otherwise. CRC16 uses the polynomial 0x1021 with a zero seed;
 * "123456789" hashes to 0x31C3.
 */
public final class HashSlot {
    /** Number of hash slots in a cluster. */
    public static final int COUNT = 16384;

    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            TABLE[i] = crc & 0xFFFF;
        }
    }

    private HashSlot() {}

    /** CRC16-XMODEM of {@code data[from, to)}. */
    public static int crc16(byte[] data, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ data[i]) & 0xFF]) & 0xFFFF;
        }
        return crc;
    }

    /** The hash slot of {@code key}, honouring hash tags. */
    public static int of(byte[] key) {
        int open = -1;
        for (int i = 0; i < key.length; i++) {
            if (key[i] == '{') {
                open = i;
                break;
            }
        }
        if (open >= 0) {
            for (int close = open + 1; close < key.length; close++) {
                if (key[close] == '}') {
                    if (close > open + 1) {
                        return crc16(key, open + 1, close) & (COUNT - 1);
                    }
                    break;
                }
            }
        }
        return crc16(key, 0, key.length) & (COUNT - 1);
    }
}
