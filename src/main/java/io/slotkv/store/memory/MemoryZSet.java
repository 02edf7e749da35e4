package io.slotkv.store.memory;

import io.slotkv.store.LexRange;
import io.slotkv.store.ScoreRange;
import io.slotkv.store.ScoredMember;
import io.slotkv.store.ValueType;
import io.slotkv.store.ZSetValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.function.Predicate;

/** A sorted set in memory: a member-to-score map beside a {@link RankedSkipList}, as Redis's skiplist encoding. */
final class MemoryZSet implements ZSetValue, MemoryCollection {
    private final HashMap<ByteKey, Double> scores = new HashMap<>();
    private final RankedSkipList order = new RankedSkipList();
    private int modCount;

    @Override
    public ValueType type() {
        return ValueType.ZSET;
    }

    @Override
    public long size() {
        return scores.size();
    }

    @Override
    public Double score(byte[] member) {
        return scores.get(ByteKey.of(member));
    }

    @Override
    public Double put(byte[] member, double score) {
        Double previous = scores.put(ByteKey.of(member), score);
        if (previous != null) {
            if (previous == score) {
                return previous;
            }
            order.delete(member, previous);
        }
        order.insert(member, score);
        modCount++;
        return previous;
    }

    @Override
    public boolean remove(byte[] member) {
        Double previous = scores.remove(ByteKey.of(member));
        if (previous == null) {
            return false;
        }
        order.delete(member, previous);
        modCount++;
        return true;
    }

    @Override
    public int modCount() {
        return modCount;
    }


    @Override
    public long rank(byte[] member) {
        Double score = scores.get(ByteKey.of(member));
        return score == null ? -1 : order.rank(member, score) - 1;
    }

    @Override
    public List<ScoredMember> rangeByRank(long from, long to) {
        List<ScoredMember> out = new ArrayList<>((int) Math.min(to - from + 1, 1 << 16));
        RankedSkipList.Node node = order.byRank(from + 1);
        for (long i = from; i <= to && node != null; i++) {
            out.add(RankedSkipList.entry(node));
            node = node.next(0);
        }
        return out;
    }

    @Override
    public List<ScoredMember> rangeByScore(ScoreRange range, boolean reverse, long offset, long limit) {
        if (range.isEmpty()) {
            return List.of();
        }
        RankedSkipList.Node start = reverse ? order.lastInRange(range) : order.firstInRange(range);
        Predicate<RankedSkipList.Node> inside =
                reverse ? n -> range.aboveMin(n.score) : n -> range.belowMax(n.score);
        return walk(start, inside, reverse, offset, limit);
    }

    @Override
    public List<ScoredMember> rangeByLex(LexRange range, boolean reverse, long offset, long limit) {
        RankedSkipList.Node start = reverse ? order.lastInLex(range) : order.firstInLex(range);
        Predicate<RankedSkipList.Node> inside =
                reverse ? n -> range.aboveMin(n.member) : n -> range.belowMax(n.member);
        return walk(start, inside, reverse, offset, limit);
    }

    private static List<ScoredMember> walk(
            RankedSkipList.Node node,
            Predicate<RankedSkipList.Node> inside,
            boolean reverse,
            long offset,
            long limit) {
        List<ScoredMember> out = new ArrayList<>();
        for (; node != null && offset > 0 && inside.test(node); offset--) {
            node = reverse ? node.previous : node.next(0);
        }
        while (node != null && limit != 0 && inside.test(node)) {
            out.add(RankedSkipList.entry(node));
            node = reverse ? node.previous : node.next(0);
            limit--;
        }
        return out;
    }

    @Override
    public long count(ScoreRange range) {
        if (range.isEmpty()) {
            return 0;
        }
        RankedSkipList.Node first = order.firstInRange(range);
        if (first == null) {
            return 0;
        }
        RankedSkipList.Node last = order.lastInRange(range);
        return order.rank(last.member, last.score) - order.rank(first.member, first.score) + 1;
    }

    @Override
    public long lexCount(LexRange range) {
        RankedSkipList.Node first = order.firstInLex(range);
        if (first == null) {
            return 0;
        }
        RankedSkipList.Node last = order.lastInLex(range);
        return last == null ? 0 : order.rank(last.member, last.score) - order.rank(first.member, first.score) + 1;
    }

    @Override
    public String encoding() {
        if (scores.size() > Encodings.MAX_LISTPACK_ENTRIES) {
            return "skiplist";
        }
        for (ByteKey member : scores.keySet()) {
            if (member.bytes().length > Encodings.MAX_LISTPACK_VALUE) {
                return "skiplist";
            }
        }
        return "listpack";
    }

    @Override
    public MemoryCollection copy() {
        MemoryZSet copy = new MemoryZSet();
        scores.forEach((member, score) -> copy.put(member.bytes(), score));
        return copy;
    }
}
