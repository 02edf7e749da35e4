package io.slotkv.command;

import java.util.Arrays;

/**
 * The bitmap commands on string values: SETBIT, GETBIT, BITCOUNT and BITPOS, with Redis 7's ranges (BYTE or BIT
 * units) and errors. Bit 0 is the most significant bit of the first byte, as in Redis.
 *
 * <p>Arguments are validated before the key is read, also when the key does not exist (as Redis 7.2 does; 7.0
 * answered 0 for a missing key even with malformed arguments).
 */
final class BitmapCommands {
    private static final String BIT_NOT_BINARY = "ERR The bit argument must be 1 or 0.";

    private BitmapCommands() {}

    static void setbit(Call call) {
        long offset = bitOffset(call);
        long bit = call.longArg(3, Errors.BIT_VALUE);
        Call.require(bit == 0 || bit == 1, Errors.BIT_VALUE);
        byte[] key = call.arg(1);
        byte[] current = call.db().getString(key);
        int old = bitAt(current, offset);
        int index = (int) (offset >>> 3);
        int length = current == null ? 0 : current.length;
        if (old != bit || index >= length) {
            byte[] updated = Arrays.copyOf(current == null ? new byte[0] : current, Math.max(length, index + 1));
            int mask = 0x80 >>> (offset & 7);
            updated[index] = (byte) (bit == 1 ? updated[index] | mask : updated[index] & ~mask);
            call.db().replaceString(key, updated);
        }
        call.reply().integer(old);
    }

    static void getbit(Call call) {
        long offset = bitOffset(call);
        call.reply().integer(bitAt(call.db().getString(call.arg(1)), offset));
    }

    static void bitcount(Call call) {
        Call.require(call.argc() == 2 || call.argc() == 4 || call.argc() == 5, Errors.SYNTAX);
        boolean ranged = call.argc() > 2;
        long start = ranged ? call.longArg(2) : 0;
        long end = ranged ? call.longArg(3) : -1;
        boolean bits = call.argc() == 5 && bitUnit(call, 4);
        byte[] value = call.db().getString(call.arg(1));
        if (value == null) {
            call.reply().integer(0);
            return;
        }
        IndexRange range = StringCommands.clampOrderedRange(start, end, units(value, bits));
        call.reply().integer(range == null ? 0 : countBits(value, firstBit(range, bits), lastBit(range, bits)));
    }

    static void bitpos(Call call) {
        long bit = call.longArg(2);
        Call.require(bit == 0 || bit == 1, BIT_NOT_BINARY);
        Call.require(call.argc() <= 6, Errors.SYNTAX);
        long start = call.argc() > 3 ? call.longArg(3) : 0;
        boolean bits = call.argc() == 6 && bitUnit(call, 5);
        boolean endGiven = call.argc() > 4;
        long end = endGiven ? call.longArg(4) : -1;
        byte[] value = call.db().getString(call.arg(1));
        if (value == null) {
            call.reply().integer(bit == 1 ? -1 : 0); // a missing key is an endless run of zeros
            return;
        }
        IndexRange range = StringCommands.clampRange(start, end, units(value, bits));
        if (range == null) {
            call.reply().integer(-1);
            return;
        }
        long last = lastBit(range, bits);
        long position = findBit(value, (int) bit, firstBit(range, bits), last);
        if (position < 0 && bit == 0 && !endGiven) {
            position = last + 1; // without an end, the string counts as padded with zeros on the right
        }
        call.reply().integer(position);
    }

    /** The bit offset in argument 2: a valid offset lies within the longest string a command may build. */
    private static long bitOffset(Call call) {
        long offset = call.longArg(2, Errors.BIT_OFFSET);
        Call.require(offset >= 0 && (offset >>> 3) < StringCommands.maxLength(call), Errors.BIT_OFFSET);
        return offset;
    }

    /** Whether the range unit in argument {@code index} is BIT (true) or BYTE (false). */
    private static boolean bitUnit(Call call, int index) {
        if (call.is(index, "BIT")) {
            return true;
        }
        Call.require(call.is(index, "BYTE"), Errors.SYNTAX);
        return false;
    }

    private static int bitAt(byte[] value, long offset) {
        int index = (int) (offset >>> 3);
        return value != null && index < value.length && (value[index] & (0x80 >>> (offset & 7))) != 0 ? 1 : 0;
    }

    private static long units(byte[] value, boolean bits) {
        return bits ? value.length * 8L : value.length;
    }

    private static long firstBit(IndexRange range, boolean bits) {
        return bits ? range.from() : range.from() * 8;
    }

    private static long lastBit(IndexRange range, boolean bits) {
        return bits ? range.to() : range.to() * 8 + 7;
    }

    private static long countBits(byte[] value, long first, long last) {
        long count = 0;
        for (long pos = first; pos <= last; pos = (pos | 7) + 1) {
            count += Integer.bitCount(value[(int) (pos >>> 3)] & byteMask(pos, last));
        }
        return count;
    }

    /** The first position in {@code first..last} holding {@code bit}, or -1. */
    private static long findBit(byte[] value, int bit, long first, long last) {
        for (long pos = first; pos <= last; pos = (pos | 7) + 1) {
            int b = value[(int) (pos >>> 3)];
            int candidates = (bit == 1 ? b : ~b) & byteMask(pos, last);
            if (candidates != 0) {
                return (pos & ~7L) + Integer.numberOfLeadingZeros(candidates) - 24;
            }
        }
        return -1;
    }

    /** The bits of the byte holding bit {@code from} that lie in {@code from..last}, as a mask of that byte. */
    private static int byteMask(long from, long last) {
        int firstInByte = (int) (from & 7);
        int lastInByte = (int) Math.min(7, last - (from & ~7L));
        return (0xFF >>> firstInByte) & (0xFF << (7 - lastInByte));
    }
}
