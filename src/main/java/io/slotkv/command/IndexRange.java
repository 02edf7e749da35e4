package io.slotkv.command;

/**
 * Redis's start/stop index arithmetic (LRANGE, ZRANGE, GETRANGE, LTRIM...): negative indexes count from the end,
 * then both ends are clamped to the value. Empty when nothing remains.
 *
 * @param from first index, inclusive
 * @param to last index, inclusive
 */
public record IndexRange(long from, long to) {
    /** The range {@code start..stop} of a value of {@code size} elements, or {@code null} when it is empty. */
    public static IndexRange of(long start, long stop, long size) {
        if (start < 0) {
            start = size + start;
        }
        if (stop < 0) {
            stop = size + stop;
        }
        if (start < 0) {
            start = 0;
        }
        if (start > stop || start >= size) {
            return null;
        }
        if (stop >= size) {
            stop = size - 1;
        }
        return new IndexRange(start, stop);
    }

    public long length() {
        return to - from + 1;
    }
}
