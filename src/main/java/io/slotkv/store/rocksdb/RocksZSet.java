package io.slotkv.store.rocksdb;

import io.slotkv.store.LexRange;
import io.slotkv.store.ScoreRange;
import io.slotkv.store.ScoredMember;
import io.slotkv.store.ZSetValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksIterator;

/**
 * A sorted set on RocksDB, laid out as Kvrocks does it. The data column family holds one sub-key per member
 * (suffix = member, value = the score's 8 bytes, {@link Double#doubleToLongBits}), so a score lookup is one read
 * and the sub-keys run in member order. The score column family holds an index entry
 * {@code prefix | sortable score | member} with an empty value per member, so an iterator over it walks the set
 * in Redis's (score, member) order.
 *
 * <p>Score ranges seek the index to their bound and walk it forward or backward; lex ranges walk the data column
 * family, whose member order is Redis's order when all scores are equal (the only case in which Redis defines
 * lex ranges; with mixed scores they come in member order). Nothing counts entries per range, so unlike Redis's
 * O(log n) skip list {@link #rank} is an O(rank) scan of the index, {@link #count} and {@link #lexCount} are
 * O(entries counted) and range offsets O(offset).
 */
final class RocksZSet extends RocksCollection implements ZSetValue {
    private static final byte[] EMPTY = new byte[0];
    private static final int SCORE_BYTES = 8;

    RocksZSet(RocksKeyspace keyspace, byte[] key, Metadata meta) {
        super(keyspace, key, meta);
    }

    @Override
    public Double score(byte[] member) {
        byte[] stored = getSub(member);
        return stored == null ? null : Double.longBitsToDouble(KeyCodec.bytesLong(stored));
    }

    @Override
    public Double put(byte[] member, double score) {
        Double previous = score(member);
        if (previous != null) {
            if (previous == score) {
                return previous;
            }
            keyspace.remove(scoreFamily(), indexKey(member, previous));
        } else {
            meta.count++;
        }
        putSub(member, KeyCodec.longBytes(Double.doubleToLongBits(score)));
        keyspace.write(scoreFamily(), indexKey(member, score), EMPTY);
        return previous;
    }

    @Override
    public boolean remove(byte[] member) {
        Double previous = score(member);
        if (previous == null) {
            return false;
        }
        deleteSub(member);
        keyspace.remove(scoreFamily(), indexKey(member, previous));
        meta.count--;
        return true;
    }

    /** Counts the index entries before the member's own: O(rank). */
    @Override
    public long rank(byte[] member) {
        Double score = score(member);
        if (score == null) {
            return -1;
        }
        byte[] own = indexKey(member, score);
        long rank = 0;
        try (RocksIterator it = keyspace.iterator(scoreFamily())) {
            for (it.seek(prefix); it.isValid() && Arrays.compareUnsigned(it.key(), own) < 0; it.next()) {
                rank++;
            }
        }
        return rank;
    }

    @Override
    public List<ScoredMember> rangeByRank(long from, long to) {
        if (from > to) {
            return List.of();
        }
        Walk all = new Walk(scoreFamily(), prefix, false, entry -> true, entry -> true);
        return window(all, from, to - from + 1);
    }

    @Override
    public List<ScoredMember> rangeByScore(ScoreRange range, boolean reverse, long offset, long limit) {
        return range.isEmpty() ? List.of() : window(byScore(range, reverse), offset, limit);
    }

    @Override
    public List<ScoredMember> rangeByLex(LexRange range, boolean reverse, long offset, long limit) {
        return window(byLex(range, reverse), offset, limit);
    }

    @Override
    public long count(ScoreRange range) {
        return range.isEmpty() ? 0 : count(byScore(range, false));
    }

    @Override
    public long lexCount(LexRange range) {
        return count(byLex(range, false));
    }

    // ---------------------------------------------------------------- walks

    /**
     * One directed walk over a column family: seek {@code target} ({@code seekForPrev} when {@code reverse}),
     * skip entries until {@code reached} holds (the seek may land on an excluded bound), then visit entries while
     * {@code inside} holds.
     */
    private record Walk(
            ColumnFamilyHandle family,
            byte[] target,
            boolean reverse,
            Predicate<ScoredMember> reached,
            Predicate<ScoredMember> inside) {}

    private Walk byScore(ScoreRange range, boolean reverse) {
        byte[] min = KeyCodec.concat(prefix, KeyCodec.sortableScore(range.min()));
        byte[] max = KeyCodec.concat(prefix, KeyCodec.sortableScore(range.max()));
        Predicate<ScoredMember> aboveMin = entry -> range.aboveMin(entry.score());
        Predicate<ScoredMember> belowMax = entry -> range.belowMax(entry.score());
        return reverse
                ? new Walk(scoreFamily(), range.maxExclusive() ? max : KeyCodec.prefixEnd(max), true, belowMax,
                        aboveMin)
                : new Walk(scoreFamily(), range.minExclusive() ? KeyCodec.prefixEnd(min) : min, false, aboveMin,
                        belowMax);
    }

    private Walk byLex(LexRange range, boolean reverse) {
        ColumnFamilyHandle data = keyspace.engine().data;
        Predicate<ScoredMember> aboveMin = entry -> range.aboveMin(entry.member());
        Predicate<ScoredMember> belowMax = entry -> range.belowMax(entry.member());
        return reverse
                ? new Walk(data, range.max() == null ? KeyCodec.prefixEnd(prefix) : KeyCodec.concat(prefix,
                        range.max()), true, belowMax, aboveMin)
                : new Walk(data, range.min() == null ? prefix : KeyCodec.concat(prefix, range.min()), false,
                        aboveMin, belowMax);
    }

    /** The entries of {@code walk} after skipping {@code offset}, at most {@code limit} of them (negative: all). */
    private List<ScoredMember> window(Walk walk, long offset, long limit) {
        if (limit == 0) {
            return List.of();
        }
        List<ScoredMember> out = new ArrayList<>();
        long[] skip = {offset};
        walk(walk, entry -> {
            if (skip[0] > 0) {
                skip[0]--;
            } else {
                out.add(entry);
            }
            return out.size() != limit;
        });
        return out;
    }

    private long count(Walk walk) {
        long[] count = {0};
        walk(walk, entry -> {
            count[0]++;
            return true;
        });
        return count[0];
    }

    /** Visits the entries of {@code walk} in order until one leaves the range or {@code action} returns false. */
    private void walk(Walk walk, Predicate<ScoredMember> action) {
        boolean index = walk.family() == scoreFamily();
        try (RocksIterator it = keyspace.iterator(walk.family())) {
            if (walk.reverse()) {
                seekLast(it, walk.target());
            } else {
                it.seek(walk.target());
            }
            for (; it.isValid() && RocksKeyspace.startsWith(it.key(), prefix); step(it, walk.reverse())) {
                ScoredMember entry = index ? indexEntry(it.key()) : dataEntry(it.key(), it.value());
                if (!walk.reached().test(entry)) {
                    continue;
                }
                if (!walk.inside().test(entry) || !action.test(entry)) {
                    return;
                }
            }
        }
    }

    /**
     * Positions {@code it} on the last key at or before {@code target}, stepping back over a key past this
     * collection's prefix (a bound such as the prefix's end can equal another collection's key).
     */
    private void seekLast(RocksIterator it, byte[] target) {
        it.seekForPrev(target);
        while (it.isValid() && !RocksKeyspace.startsWith(it.key(), prefix)
                && Arrays.compareUnsigned(it.key(), prefix) > 0) {
            it.prev();
        }
    }

    private static void step(RocksIterator it, boolean reverse) {
        if (reverse) {
            it.prev();
        } else {
            it.next();
        }
    }

    // ---------------------------------------------------------------- layout

    private ColumnFamilyHandle scoreFamily() {
        return keyspace.engine().score;
    }

    private byte[] indexKey(byte[] member, double score) {
        byte[] key = Arrays.copyOf(prefix, prefix.length + SCORE_BYTES + member.length);
        System.arraycopy(KeyCodec.sortableScore(score), 0, key, prefix.length, SCORE_BYTES);
        System.arraycopy(member, 0, key, prefix.length + SCORE_BYTES, member.length);
        return key;
    }

    private ScoredMember indexEntry(byte[] indexKey) {
        return new ScoredMember(KeyCodec.suffix(indexKey, prefix.length + SCORE_BYTES),
                KeyCodec.scoreFromSortable(indexKey, prefix.length));
    }

    private ScoredMember dataEntry(byte[] dataKey, byte[] value) {
        return new ScoredMember(KeyCodec.suffix(dataKey, prefix.length),
                Double.longBitsToDouble(KeyCodec.bytesLong(value)));
    }
}
