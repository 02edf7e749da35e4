package io.slotkv.store;

import java.util.Arrays;

/**
 * An interval of sorted-set members by byte order, as ZRANGEBYLEX writes it: "[a" inclusive, "(a" exclusive,
 * "-" and "+" the open ends (represented by {@code null} bounds).
 */
public record LexRange(byte[] min, boolean minExclusive, byte[] max, boolean maxExclusive) {
    public boolean aboveMin(byte[] member) {
        if (min == null) {
            return true;
        }
        int c = Arrays.compareUnsigned(member, min);
        return minExclusive ? c > 0 : c >= 0;
    }

    public boolean belowMax(byte[] member) {
        if (max == null) {
            return true;
        }
        int c = Arrays.compareUnsigned(member, max);
        return maxExclusive ? c < 0 : c <= 0;
    }

    public boolean contains(byte[] member) {
        return aboveMin(member) && belowMax(member);
    }
}
