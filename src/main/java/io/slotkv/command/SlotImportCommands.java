package io.slotkv.command;

import io.slotkv.cluster.ClusterArgs;
import io.slotkv.cluster.ClusterNode;
import io.slotkv.protocol.HashSlot;
import io.slotkv.protocol.Numbers;
import io.slotkv.protocol.rdb.DumpValue;
import io.slotkv.migration.SlotMigrations;
import io.slotkv.migration.StagedKey;
import io.slotkv.store.Keyspace;
import io.slotkv.store.ValueType;
import java.nio.ByteBuffer;
import java.util.Locale;

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
 *   <li>{@code SLOTIMPORT CHUNK slot source-id key type number elements...} and {@code SLOTIMPORT COMMIT slot
 *       source-id key expire-at chunks size}: a big collection, a bounded chunk of elements at a time, staged out
 *       of sight ({@link io.slotkv.store.StagedValue}) and put in place whole by the commit, so no command ever
 *       sees half of it and a cut stream leaves the key here as it was;
 *   <li>{@code SLOTIMPORT STAGED slot source-id key}: how many chunks of that key are staged (0: none), which a
 *       source asks after a cut to go on where the target stands;
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
            key(call, 4 + 3 * i, slot);
            expiries[i] = expireAt(call, 5 + 3 * i);
            values[i] = DumpCommands.decode(call.arg(6 + 3 * i));
            bytes += call.arg(4 + 3 * i).length + call.arg(6 + 3 * i).length;
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

    /**
     * SLOTIMPORT CHUNK slot source-id key type number [element [value|score]] ...: elements of a big collection,
     * staged out of sight; chunk 0 starts the key afresh, every other must follow the last one applied.
     */
    static void chunk(Call call) {
        int slot = importingSlot(call);
        byte[] key = key(call, 4, slot);
        ValueType type = collectionType(call.text(5));
        long number = call.longArg(6);
        boolean pairs = type == ValueType.HASH || type == ValueType.ZSET;
        Call.require((call.argc() - 7) % (pairs ? 2 : 1) == 0,
                "ERR a chunk of a " + call.text(5) + " takes " + (pairs ? "pairs" : "single elements"));
        double[] scores = new double[type == ValueType.ZSET ? (call.argc() - 7) / 2 : 0];
        for (int i = 0; i < scores.length; i++) { // checked before anything is staged: a chunk applies whole
            byte[] bits = call.arg(8 + 2 * i);
            Call.require(bits.length == Double.BYTES, "ERR a score must be 8 bytes");
            scores[i] = ByteBuffer.wrap(bits).getDouble();
            Call.require(!Double.isNaN(scores[i]), "ERR a score is not a number");
        }
        SlotMigrations imports = call.server().slotMigrations();
        StagedKey staged = imports.staged(slot);
        if (number == 0) {
            staged = new StagedKey(key, call.db().stage(key, type));
            imports.stage(slot, staged);
        } else {
            Call.require(staged != null && staged.follows(key, type, number), "ERR chunk " + number + " of '"
                    + call.text(4) + "' does not follow what slot " + slot + " has staged: send it from chunk 0");
        }
        long bytes = 0;
        for (int i = 7, n = 0; i < call.argc(); i += pairs ? 2 : 1, n++) {
            byte[] value = type == ValueType.HASH ? call.arg(i + 1) : null;
            staged.value().element(call.arg(i), value, type == ValueType.ZSET ? scores[n] : 0);
            bytes += call.arg(i).length + (pairs ? call.arg(i + 1).length : 0);
        }
        staged.applied();
        imports.imported(0, bytes);
        call.reply().ok();
    }

    /**
     * SLOTIMPORT COMMIT slot source-id key expire-at chunks size: puts the staged key in place (replacing what was
     * here) once all its chunks and elements arrived; synced before the OK, like a batch of keys.
     */
    static void commit(Call call) {
        int slot = importingSlot(call);
        byte[] key = key(call, 4, slot);
        long expireAt = expireAt(call, 5);
        SlotMigrations imports = call.server().slotMigrations();
        StagedKey staged = imports.staged(slot);
        Call.require(staged != null && staged.complete(key, call.longArg(6), call.longArg(7)),
                "ERR '" + call.text(4) + "' is not staged whole: send it from chunk 0");
        imports.unstage(slot);
        if (expireAt == Keyspace.NO_EXPIRY || expireAt > call.now()) {
            staged.value().publish(expireAt);
        } else {
            staged.value().discard();
            call.db().delete(key);
        }
        call.server().engine().syncNextCommit();
        imports.imported(1, 0);
        call.reply().ok();
    }

    /**
     * SLOTIMPORT STAGED slot source-id key: the number of chunks of {@code key} staged here, 0 when it is not the
     * key being staged (never staged, committed, or dropped by a restart).
     */
    static void staged(Call call) {
        int slot = importingSlot(call);
        byte[] key = key(call, 4, slot);
        StagedKey staged = call.server().slotMigrations().staged(slot);
        call.reply().integer(staged == null ? 0 : staged.chunks(key));
    }

    static void done(Call call) {
        int slot = importingSlot(call);
        call.server().slotMigrations().received(slot, call.text(3));
        call.server().log().verbose("Slot " + slot + " fully received from " + call.text(3));
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

    /** Argument {@code index}, a key, after checking it belongs to {@code slot}. */
    private static byte[] key(Call call, int index, int slot) {
        byte[] key = call.arg(index);
        Call.require(HashSlot.of(key) == slot, "ERR key '" + call.text(index) + "' is not in slot " + slot);
        return key;
    }

    /** Argument {@code index}, an absolute expiry in Unix milliseconds or -1 for none. */
    private static long expireAt(Call call, int index) {
        long expireAt = Numbers.parseLong(call.arg(index), Long.MIN_VALUE);
        Call.require(expireAt == Keyspace.NO_EXPIRY || expireAt >= 0,
                "ERR invalid expire-at '" + call.text(index) + "'");
        return expireAt;
    }

    private static ValueType collectionType(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "hash" -> ValueType.HASH;
            case "list" -> ValueType.LIST;
            case "set" -> ValueType.SET;
            case "zset" -> ValueType.ZSET;
            default -> throw new CommandException("ERR '" + name + "' is not a collection type");
        };
    }

    private static int slot(Call call) {
        long slot = ClusterArgs.slot(call.text(2));
        Call.require(slot >= 0 && slot < HashSlot.COUNT, "ERR Invalid or out of range slot");
        return (int) slot;
    }
}
