package io.slotkv.store;

import java.util.List;

/**
 * A sorted-set value as commands see it. Members are ordered by score, then by member bytes (unsigned), as in
 * Redis. Ranks are zero-based from the lowest score. Writes follow the same rules as {@link HashValue}'s.
 */
public interface ZSetValue {
    long size();

    /** The score of {@code member}, or {@code null}. */
    Double score(byte[] member);

    /** Adds or updates {@code member}; returns the previous score or {@code null} when it is new. */
    Double put(byte[] member, double score);

    /** True when the member existed. */
    boolean remove(byte[] member);

    /** Rank of {@code member} from the lowest score, or -1 when absent. */
    long rank(byte[] member);

    /** Members with ranks {@code from..to} (inclusive, in range), lowest first. */
    List<ScoredMember> rangeByRank(long from, long to);

    /**
     * Members in {@code range}, lowest first (or highest first when {@code reverse}), skipping {@code offset}
     * and returning at most {@code limit} ({@code limit < 0}: all).
     */
    List<ScoredMember> rangeByScore(ScoreRange range, boolean reverse, long offset, long limit);

    /** As {@link #rangeByScore}, by member bytes; only meaningful when all scores are equal, as in Redis. */
    List<ScoredMember> rangeByLex(LexRange range, boolean reverse, long offset, long limit);

    long count(ScoreRange range);

    long lexCount(LexRange range);
}
