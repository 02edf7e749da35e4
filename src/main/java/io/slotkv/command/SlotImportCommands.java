package io.slotkv.command;

import io.slotkv.cluster.ClusterArgs;
import io.slotkv.cluster.ClusterNode;
import io.slotkv.protocol.HashSlot;
import io.slotkv.protocol.Numbers;
import io.slotkv.protocol.rdb.DumpValue;
import io.slotkv.store.Keyspace;

/**
 * SLOTIMPORT: the target end of a range move, the commands a {@link io.slotkv.migration.SlotMover} sends on its
 * stream. Every one names the slot and the source node and is refused unless this node is importing that slot from
 * that node, so a stale or misdirected stream cannot write into a slot it has no business in.
 * <ul>
 *   <li>{@code SLOTIMPORT HELLO slot source-id}: the handshake;
 *   <li>{@code SLOTIMPORT KEYS slot source-id [key expire-at payload] ...}: one batch, applied whole or not at all,
 *       each key replacing what is here (so a batch sent again is harmless), with an absolute expiry in Unix
 *       milliseconds ({@code -1}: none; a key already expired is only deleted); the OK comes after the batch is
 *       on disk, because the source deletes the keys when it reads it;
 *   <li>{@code SLOTIMPORT DONE slot source-id}: the source holds no key of the slot any more, so
 *       {@code slot_postimporting} may take it. This holds until the slot is imported again ({@code
 *       slot_preimporting} forgets it): a source cannot gain keys of a slot it migrates, since a write to a key
 *       it does not hold is sent here with ASK.
 * </ul>
 */
final class SlotImportCommands {
    private SlotImportCommands() {}

    static void hello(Call call) {
        importingSlot(call);
        call.reply().ok();
    }

    static void keys(Call call) {
        int slot = importingSlot(call);
        Call.require((call.argc() - 4) % 3 == 0, "ERR SLOTIMPORT KEYS takes key, expire-at and payload triples");
        int count = (call.argc() - 4) / 3;
        DumpValue[] values = new DumpValue[count];
        long[] expiries = new long[count];
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            byte[] key = call.arg(4 + 3 * i);
            Call.require(HashSlot.of(key) == slot, "ERR a key of the batch is not in slot " + slot);
            expiries[i] = Numbers.parseLong(call.arg(5 + 3 * i), Long.MIN_VALUE);
            Call.require(expiries[i] == Keyspace.NO_EXPIRY || expiries[i] >= 0,
                    "ERR invalid expire-at '" + call.text(5 + 3 * i) + "'");
            values[i] = DumpCommands.decode(call.arg(6 + 3 * i));
            bytes += key.length + call.arg(6 + 3 * i).length;
        }
        Keyspace db = call.db();
        long now = call.now();
        for (int i = 0; i < count; i++) {
            byte[] key = call.arg(4 + 3 * i);
            db.delete(key);
            if (expiries[i] == Keyspace.NO_EXPIRY || expiries[i] > now) {
                DumpCommands.write(db, key, values[i], expiries[i]);
            }
        }
        call.server().engine().syncNextCommit();
        call.server().slotMigrations().imported(count, bytes);
        call.reply().ok();
    }

    static void done(Call call) {
        int slot = importingSlot(call);
        call.server().slotMigrations().received(slot, call.text(3));
        call.server().log().notice("Slot " + slot + " fully received from " + call.text(3));
        call.reply().ok();
    }

    /** The slot of a SLOTIMPORT command, after checking this node imports it from the node named. */
    private static int importingSlot(Call call) {
        int slot = slot(call);
        ClusterNode from = ClusterCommands.cluster(call).state().importingFrom(slot);
        Call.require(from != null && from.id().equals(call.text(3)),
                "ERR slot " + slot + " is not being imported from " + call.text(3));
        return slot;
    }

    private static int slot(Call call) {
        long slot = ClusterArgs.slot(call.text(2));
        Call.require(slot >= 0 && slot < HashSlot.COUNT, "ERR Invalid or out of range slot");
        return (int) slot;
    }
}
