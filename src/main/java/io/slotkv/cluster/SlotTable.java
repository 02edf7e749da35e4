package io.slotkv.cluster;

import io.slotkv.protocol.HashSlot;

/**
 * Who owns each hash slot in this node's view, and the open-slot marks of a migration in progress. Keeps each
 * node's own slot bitmap in step with the owner table, so "which slots does X own" and "who owns slot s" never
 * disagree.
 */
final class SlotTable {
    private final ClusterNode[] owners = new ClusterNode[HashSlot.COUNT];
    private final ClusterNode[] migratingTo = new ClusterNode[HashSlot.COUNT];
    private final ClusterNode[] importingFrom = new ClusterNode[HashSlot.COUNT];

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
    }

    void setImporting(int slot, ClusterNode from) {
        importingFrom[slot] = from;
    }

    /** Clears every mark (CLUSTER RESET). */
    void closeAll() {
        java.util.Arrays.fill(migratingTo, null);
        java.util.Arrays.fill(importingFrom, null);
    }

    /** Unassigns the slots of a node leaving the table and clears the marks that name it. */
    void remove(ClusterNode node) {
        for (int slot = 0; slot < HashSlot.COUNT; slot++) {
            if (migratingTo[slot] == node) {
                migratingTo[slot] = null;
            }
            if (importingFrom[slot] == node) {
                importingFrom[slot] = null;
            }
        }
        for (int slot = node.slots.nextSetBit(0); slot >= 0; slot = node.slots.nextSetBit(slot + 1)) {
            owners[slot] = null;
        }
        node.slots.clear();
        node.slotCount = 0;
    }
}
