package io.slotkv.cluster;

import io.slotkv.protocol.HashSlot;
import java.util.BitSet;

/**
 * The checks of ADDSLOTS, DELSLOTS and their RANGE forms, in Redis's order, so the first error is Redis's first
 * error: every plain slot is range-checked before any assignment is looked at, while the RANGE forms check each
 * pair completely before reading the next.
 */
final class SlotArguments {
    private final SlotTable table;
    private final boolean delete;
    private final BitSet chosen = new BitSet();

    SlotArguments(SlotTable table, boolean delete) {
        this.table = table;
        this.delete = delete;
    }

    /** {@code value} as a slot, or "Invalid or out of range slot". */
    static int slot(long value) {
        if (value < 0 || value >= HashSlot.COUNT) {
            throw new ClusterException("ERR Invalid or out of range slot");
        }
        return (int) value;
    }

    /** The slots of ADDSLOTS/DELSLOTS, checked. */
    BitSet slots(long[] values) {
        for (long value : values) {
            slot(value);
        }
        for (long value : values) {
            check((int) value, (int) value);
        }
        return chosen;
    }

    /** The slots of ADDSLOTSRANGE/DELSLOTSRANGE ({@code bounds} are start/end pairs), checked. */
    BitSet ranges(long[] bounds) {
        if (bounds.length == 0 || bounds.length % 2 != 0) {
            throw new IllegalArgumentException("bounds: " + bounds.length + " values (expected: start/end pairs)");
        }
        for (int i = 0; i < bounds.length; i += 2) {
            int start = slot(bounds[i]);
            int end = slot(bounds[i + 1]);
            if (start > end) {
                throw new ClusterException(
                        "ERR start slot number " + start + " is greater than end slot number " + end);
            }
            check(start, end);
        }
        return chosen;
    }

    private void check(int start, int end) {
        for (int slot = start; slot <= end; slot++) {
            if (delete && table.owner(slot) == null) {
                throw new ClusterException("ERR Slot " + slot + " is already unassigned");
            }
            if (!delete && table.owner(slot) != null) {
                throw new ClusterException("ERR Slot " + slot + " is already busy");
            }
            if (chosen.get(slot)) {
                throw new ClusterException("ERR Slot " + slot + " specified multiple times");
            }
            chosen.set(slot);
        }
    }
}
