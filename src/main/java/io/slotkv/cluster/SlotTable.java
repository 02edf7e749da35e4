package io.slotkv.cluster;

import io.slotkv.protocol.HashSlot;
import java.util.Arrays;
import java.util.BitSet;

/**
 * Who owns each hash slot in this node's view, and the open-slot marks of a migration in progress. Keeps each
 * node's own slot bitmap in step with the owner table, so "which slots does X own" and "who owns slot s" never
 * disagree. The slots carrying a mark are indexed too, so that listing them (every nodes.conf save, and a reshard
 * saves several times per slot) costs the few open slots rather than a walk over all 16384.
 */
final class SlotTable {
    private final ClusterNode[] owners = new ClusterNode[HashSlot.COUNT];
    private final ClusterNode[] migratingTo = new ClusterNode[HashSlot.COUNT];
    private final ClusterNode[] importingFrom = new ClusterNode[HashSlot.COUNT];
    private final BitSet open = new BitSet(HashSlot.COUNT);

    ClusterNode owner(int slot) {
        return owners[slot];
    }

    void assign(int slot, ClusterNode node) {
        unassign(slot);
        owners[slot] = node;
        node.slots.set(slot);
        node.slotCount++;
    }

    void unassign(int slot) {
        ClusterNode owner = owners[slot];
        if (owner != null) {
            owner.slots.clear(slot);
            owner.slotCount--;
            owners[slot] = null;
        }
    }

    int assignedCount() {
        int count = 0;
        for (ClusterNode owner : owners) {
            count += owner == null ? 0 : 1;
        }
        return count;
    }

    ClusterNode migratingTo(int slot) {
        return migratingTo[slot];
    }

    ClusterNode importingFrom(int slot) {
        return importingFrom[slot];
    }

    void setMigrating(int slot, ClusterNode to) {
        migratingTo[slot] = to;
        indexMarks(slot);
    }

    void setImporting(int slot, ClusterNode from) {
        importingFrom[slot] = from;
        indexMarks(slot);
    }

    /** The first slot at or after {@code from} with a migrating or importing mark, or -1. */
    int nextOpen(int from) {
        return open.nextSetBit(from);
    }

    private void indexMarks(int slot) {
        open.set(slot, migratingTo[slot] != null || importingFrom[slot] != null);
    }

    /** Clears every mark (CLUSTER RESET). */
    void closeAll() {
        Arrays.fill(migratingTo, null);
        Arrays.fill(importingFrom, null);
        open.clear();
    }

    /** Unassigns the slots of a node leaving the table and clears the marks that name it. */
    void remove(ClusterNode node) {
        for (int slot = nextOpen(0); slot >= 0; slot = nextOpen(slot + 1)) {
            if (migratingTo[slot] == node) {
                setMigrating(slot, null);
            }
            if (importingFrom[slot] == node) {
                setImporting(slot, null);
            }
        }
        for (int slot = node.slots.nextSetBit(0); slot >= 0; slot = node.slots.nextSetBit(slot + 1)) {
            owners[slot] = null;
        }
        node.slots.clear();
        node.slotCount = 0;
    }
}
