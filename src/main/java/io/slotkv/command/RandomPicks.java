package io.slotkv.command;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Which positions SRANDMEMBER, HRANDFIELD and ZRANDMEMBER return for a count: a positive count asks for distinct
 * elements (all of them, in order, when it covers the collection), a negative one for |count| picks that may
 * repeat.
 */
final class RandomPicks {
    private RandomPicks() {}

    /** Positions in {@code [0, size)} for {@code count}; see the class comment. */
    static long[] positions(long size, long count) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (count < 0) {
            if (count < -Integer.MAX_VALUE) {
                throw new CommandException("ERR value is out of range");
            }
            long[] picks = new long[(int) -count];
            for (int i = 0; i < picks.length; i++) {
                picks[i] = random.nextLong(size);
            }
            return picks;
        }
        if (count >= size) {
            long[] all = new long[(int) size];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return all;
        }
        // Floyd's algorithm: count distinct positions without materializing the collection.
        java.util.LinkedHashSet<Long> chosen = new java.util.LinkedHashSet<>();
        for (long j = size - count; j < size; j++) {
            long t = random.nextLong(j + 1);
            if (!chosen.add(t)) {
                chosen.add(j);
            }
        }
        return chosen.stream().mapToLong(Long::longValue).toArray();
    }
}
