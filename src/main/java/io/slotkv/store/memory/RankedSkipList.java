package io.slotkv.store.memory;

import io.slotkv.store.LexRange;
import io.slotkv.store.ScoreRange;
import io.slotkv.store.ScoredMember;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The ordered half of a sorted set: a skip list ordered by (score, member bytes) whose links carry spans, so that
 * the rank of a member and the member at a rank are found in O(log n), as in Redis's zskiplist.
 */
final class RankedSkipList {
    private static final int MAX_LEVEL = 32;

    /**
     * A node with its two lowest levels' links inline: three nodes in four have one level and almost all of the
     * rest two, so most nodes are one object and a step along the list costs one cache miss (the next node), not
     * two or three (a links array, a spans array, then the node), as with per-node arrays.
     */
    static final class Node {
        final byte[] member;
        final double score;
        Node previous;
        private Node next0;
        private Node next1;
        private long span0;
        private long span1;
        private final Node[] upperNext;
        private final long[] upperSpan;

        Node(int level, byte[] member, double score) {
            this.member = member;
            this.score = score;
            this.upperNext = level > 2 ? new Node[level - 2] : null;
            this.upperSpan = level > 2 ? new long[level - 2] : null;
        }

        Node next(int level) {
            return level == 0 ? next0 : level == 1 ? next1 : upperNext[level - 2];
        }

        void next(int level, Node node) {
            switch (level) {
                case 0 -> next0 = node;
                case 1 -> next1 = node;
                default -> upperNext[level - 2] = node;
            }
        }

        long span(int level) {
            return level == 0 ? span0 : level == 1 ? span1 : upperSpan[level - 2];
        }

        void span(int level, long value) {
            switch (level) {
                case 0 -> span0 = value;
                case 1 -> span1 = value;
                default -> upperSpan[level - 2] = value;
            }
        }
    }

    private final Node header = new Node(MAX_LEVEL, null, 0);
    private Node tail;
    private int level = 1;
    private long length;

    long length() {
        return length;
    }

    private static int compare(double score, byte[] member, Node node) {
        int c = Double.compare(score, node.score);
        if (score == node.score) {
            c = 0; // -0.0 and 0.0 are the same score
        }
        return c != 0 ? c : Arrays.compareUnsigned(member, node.member);
    }

    private static int randomLevel() {
        int level = 1;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (level < MAX_LEVEL && random.nextInt(4) == 0) {
            level++;
        }
        return level;
    }

    void insert(byte[] member, double score) {
        Node[] update = new Node[MAX_LEVEL];
        long[] rank = new long[MAX_LEVEL];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            rank[i] = i == level - 1 ? 0 : rank[i + 1];
            while (x.next(i) != null && compare(score, member, x.next(i)) > 0) {
                rank[i] += x.span(i);
                x = x.next(i);
            }
            update[i] = x;
        }
        int newLevel = randomLevel();
        if (newLevel > level) {
            for (int i = level; i < newLevel; i++) {
                rank[i] = 0;
                update[i] = header;
                update[i].span(i, length);
            }
            level = newLevel;
        }
        Node node = new Node(newLevel, member, score);
        for (int i = 0; i < newLevel; i++) {
            node.next(i, update[i].next(i));
            update[i].next(i, node);
            node.span(i, update[i].span(i) - (rank[0] - rank[i]));
            update[i].span(i, (rank[0] - rank[i]) + 1);
        }
        for (int i = newLevel; i < level; i++) {
            update[i].span(i, update[i].span(i) + 1);
        }
        node.previous = update[0] == header ? null : update[0];
        if (node.next(0) != null) {
            node.next(0).previous = node;
        } else {
            tail = node;
        }
        length++;
    }

    boolean delete(byte[] member, double score) {
        Node[] update = new Node[MAX_LEVEL];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.next(i) != null && compare(score, member, x.next(i)) > 0) {
                x = x.next(i);
            }
            update[i] = x;
        }
        x = x.next(0);
        if (x == null || compare(score, member, x) != 0) {
            return false;
        }
        for (int i = 0; i < level; i++) {
            if (update[i].next(i) == x) {
                update[i].span(i, update[i].span(i) + x.span(i) - 1);
                update[i].next(i, x.next(i));
            } else {
                update[i].span(i, update[i].span(i) - 1);
            }
        }
        if (x.next(0) != null) {
            x.next(0).previous = x.previous;
        } else {
            tail = x.previous;
        }
        while (level > 1 && header.next(level - 1) == null) {
            level--;
        }
        length--;
        return true;
    }

    /** 1-based rank of the element, or 0 when absent. */
    long rank(byte[] member, double score) {
        long rank = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.next(i) != null && compare(score, member, x.next(i)) >= 0) {
                rank += x.span(i);
                x = x.next(i);
            }
            if (x != header && compare(score, member, x) == 0) {
                return rank;
            }
        }
        return 0;
    }

    /** The node at 1-based {@code rank}, or {@code null}. */
    Node byRank(long rank) {
        long traversed = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.next(i) != null && traversed + x.span(i) <= rank) {
                traversed += x.span(i);
                x = x.next(i);
            }
            if (traversed == rank) {
                return x == header ? null : x;
            }
        }
        return null;
    }

    /** First node with a score within the lower bound of {@code range}, or {@code null}. */
    Node firstInRange(ScoreRange range) {
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.next(i) != null && !range.aboveMin(x.next(i).score)) {
                x = x.next(i);
            }
        }
        x = x.next(0);
        return x != null && range.belowMax(x.score) ? x : null;
    }

    /** Last node with a score within the upper bound of {@code range}, or {@code null}. */
    Node lastInRange(ScoreRange range) {
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.next(i) != null && range.belowMax(x.next(i).score)) {
                x = x.next(i);
            }
        }
        return x != header && range.aboveMin(x.score) ? x : null;
    }

    Node firstInLex(LexRange range) {
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.next(i) != null && !range.aboveMin(x.next(i).member)) {
                x = x.next(i);
            }
        }
        x = x.next(0);
        return x != null && range.belowMax(x.member) ? x : null;
    }

    Node lastInLex(LexRange range) {
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.next(i) != null && range.belowMax(x.next(i).member)) {
                x = x.next(i);
            }
        }
        return x != header && range.aboveMin(x.member) ? x : null;
    }

    static ScoredMember entry(Node node) {
        return new ScoredMember(node.member, node.score);
    }
}
