package io.slotkv.command;

import io.slotkv.migration.PayloadEncoder;
import io.slotkv.protocol.rdb.DumpFormatException;
import io.slotkv.protocol.rdb.DumpReader;
import io.slotkv.protocol.rdb.DumpValue;
import io.slotkv.store.HashValue;
import io.slotkv.store.Keyspace;
import io.slotkv.store.ListValue;
import io.slotkv.store.SetValue;
import io.slotkv.store.SlotSnapshot;
import io.slotkv.store.ZSetValue;
import java.util.List;

/**
 * DUMP, RESTORE and RESTORE-ASKING: values in Redis's DUMP payload format (an RDB object, the RDB version and a
 * CRC64), so keys move between slotkv and Redis in both directions. RESTORE-ASKING is RESTORE flagged to run on
 * a slot being imported without ASKING, which is what MIGRATE sends in cluster mode.
 *
 * <p>IDLETIME and FREQ are accepted and checked as Redis checks them, but slotkv keeps no access clock to set.
 */
final class DumpCommands {
    private static final String BUSYKEY = "BUSYKEY Target key name already exists.";
    private static final String BAD_TTL = "ERR Invalid TTL value, must be >= 0";
    private static final String BAD_IDLETIME = "ERR Invalid IDLETIME value, must be >= 0";
    private static final String BAD_FREQ = "ERR Invalid FREQ value, must be >= 0 and <= 255";
    private static final String BAD_PAYLOAD = "ERR DUMP payload version or checksum are wrong";
    private static final String BAD_FORMAT = "ERR Bad data format";

    private DumpCommands() {}

    /** DUMP key: the payload, or nil for a missing key. */
    static void dump(Call call) {
        try (SlotSnapshot reader = call.db().read(List.of(call.arg(1)))) {
            if (reader.next()) {
                call.reply().bulk(new PayloadEncoder(reader).step(Integer.MAX_VALUE));
            } else {
                call.reply().nullBulk();
            }
        }
    }

    /** RESTORE key ttl payload [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency], checked in Redis's order. */
    static void restore(Call call) {
        boolean replace = false;
        boolean absolute = false;
        boolean idletime = false;
        boolean freq = false;
        for (int i = 4; i < call.argc(); i++) {
            boolean more = i + 1 < call.argc();
            if (call.is(i, "REPLACE")) {
                replace = true;
            } else if (call.is(i, "ABSTTL")) {
                absolute = true;
            } else if (call.is(i, "IDLETIME") && more && !freq) {
                Call.require(call.longArg(++i) >= 0, BAD_IDLETIME);
                idletime = true;
            } else if (call.is(i, "FREQ") && more && !idletime) {
                long value = call.longArg(++i);
                Call.require(value >= 0 && value <= 255, BAD_FREQ);
                freq = true;
            } else {
                throw new CommandException(Errors.SYNTAX);
            }
        }
        Keyspace db = call.db();
        byte[] key = call.arg(1);
        Call.require(replace || !db.exists(key), BUSYKEY);
        long ttl = call.longArg(2);
        Call.require(ttl >= 0, BAD_TTL);
        DumpValue value = decode(call.arg(3));
        long expireAt = ttl == 0 ? Keyspace.NO_EXPIRY : absolute ? ttl : call.now() + ttl;
        if (replace) {
            db.delete(key);
        }
        if (expireAt == Keyspace.NO_EXPIRY || expireAt > call.now()) {
            write(db, key, value, expireAt);
        }
        call.reply().ok();
    }

    /** The value a DUMP payload holds, or Redis's error for a payload with a bad checksum or bad contents. */
    static DumpValue decode(byte[] payload) {
        Call.require(DumpReader.verify(payload), BAD_PAYLOAD);
        try {
            return DumpReader.read(payload);
        } catch (DumpFormatException e) {
            throw new CommandException(BAD_FORMAT);
        }
    }

    /** Stores a decoded value under {@code key} (which must not exist), with an absolute expiry or none. */
    static void write(Keyspace db, byte[] key, DumpValue value, long expireAt) {
        switch (value) {
            case DumpValue.StringValue string -> db.putString(key, string.value(), expireAt);
            case DumpValue.ListValue list -> {
                ListValue target = db.list(key, true);
                list.elements().forEach(element -> target.push(false, element));
            }
            case DumpValue.SetValue set -> {
                SetValue target = db.set(key, true);
                set.members().forEach(target::add);
            }
            case DumpValue.HashValue hash -> {
                HashValue target = db.hash(key, true);
                for (int i = 0; i < hash.fields().size(); i++) {
                    target.put(hash.fields().get(i), hash.values().get(i));
                }
            }
            case DumpValue.ZSetValue zset -> {
                ZSetValue target = db.zset(key, true);
                for (int i = 0; i < zset.members().size(); i++) {
                    target.put(zset.members().get(i), zset.scores()[i]);
                }
            }
        }
        if (!(value instanceof DumpValue.StringValue) && expireAt != Keyspace.NO_EXPIRY) {
            db.expireAt(key, expireAt);
        }
    }
}
