package io.slotkv.cluster;

import java.util.BitSet;

/**
 * Slot sets as CLUSTER NODES and nodes.conf write them: ascending, space-separated, runs of consecutive slots as
 * {@code start-end}. One renderer for every caller, because redis-cli compares these strings between nodes.
 */
final class SlotRanges {
    private SlotRanges() {}

    /** "0-5460 5462 5500-5600", or "" for no slot. */
    static String render(BitSet slots) {
        StringBuilder text = new StringBuilder();
        for (int start = slots.nextSetBit(0); start >= 0; ) {
            int end = slots.nextClearBit(start) - 1;
            text.append(text.isEmpty() ? "" : " ").append(start);
            if (end > start) {
                text.append('-').append(end);
            }
            start = slots.nextSetBit(end + 1);
        }
        return text.toString();
    }
}
