package io.slotkv.store;

/**
 * An interval of sorted-set scores as ZRANGEBYSCORE and friends write it ("(1" is exclusive, "-inf"/"+inf" are
 * open ends).
 */
public record ScoreRange(double min, boolean minExclusive, double max, boolean maxExclusive) {
    public boolean aboveMin(double score) {
        return minExclusive ? score > min : score >= min;
    }

    public boolean belowMax(double score) {
        return maxExclusive ? score < max : score <= max;
    }

    public boolean contains(double score) {
        return aboveMin(score) && belowMax(score);
    }

    /** True when no score can fall in the range. */
    public boolean isEmpty() {
        return min > max || (min == max && (minExclusive || maxExclusive));
    }
}
