package io.slotkv.command;

import io.slotkv.protocol.HashSlot;
import io.slotkv.store.Keyspace;
import io.slotkv.store.ValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * The generic key commands, with Redis 7's options, errors and replies: DEL, UNLINK, EXISTS, TYPE, RENAME,
 * RENAMENX, COPY, EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT, TTL, PTTL, EXPIRETIME, PEXPIRETIME, PERSIST, KEYS, SCAN,
 * RANDOMKEY, TOUCH and OBJECT ENCODING|IDLETIME|FREQ|REFCOUNT|HELP.
 *
 * <p>Differences from Redis: COPY ... DB copies only within the selected database ({@link Keyspace} has no
 * cross-database copy); OBJECT FREQ answers 0 under an LFU policy because slotkv does not count accesses; OBJECT
 * REFCOUNT always answers 1 because values are never shared the way Redis shares small integers.
 */
final class KeyCommands {
    private static final String SAME_OBJECT = "ERR source and destination objects are the same";
    private static final String COPY_ACROSS_DATABASES = "ERR Copying to another database is not supported yet";
    private static final String COPY_IN_CLUSTER = "ERR Copying to another database is not allowed in cluster mode";
    private static final String NOT_INT =
            "ERR value is out of range, value must between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE;
    private static final String NX_AND_OTHERS = "ERR NX and XX, GT or LT options at the same time are not compatible";
    private static final String GT_AND_LT = "ERR GT and LT options at the same time are not compatible";
    private static final String POLICY_SWITCH = " Please note that when switching between policies at runtime LRU and"
            + " LFU data will take some time to adjust.";
    private static final String FREQ_NOT_TRACKED =
            "ERR An LFU maxmemory policy is not selected, access frequency not tracked." + POLICY_SWITCH;
    private static final String IDLE_NOT_TRACKED =
            "ERR An LFU maxmemory policy is selected, idle time not tracked." + POLICY_SWITCH;

    private KeyCommands() {}

    /** DEL and UNLINK: slotkv frees memory the same way for both. */
    static void del(Call call) {
        countKeys(call, call.db()::delete);
    }

    /** EXISTS counts a key once per time it is named. */
    static void exists(Call call) {
        countKeys(call, call.db()::exists);
    }

    /** TOUCH: a typed lookup updates the access time. */
    static void touch(Call call) {
        countKeys(call, key -> call.db().type(key) != null);
    }

    private static void countKeys(Call call, Predicate<byte[]> action) {
        long count = 0;
        for (int i = 1; i < call.argc(); i++) {
            if (action.test(call.arg(i))) {
                count++;
            }
        }
        call.reply().integer(count);
    }

    static void type(Call call) {
        ValueType type = call.db().type(call.arg(1));
        call.reply().simple(type == null ? "none" : type.redisName());
    }

    static void rename(Call call) {
        byte[] from = requireSource(call);
        byte[] to = call.arg(2);
        if (!Arrays.equals(from, to)) {
            call.db().rename(from, to);
        }
        call.reply().ok();
    }

    static void renamenx(Call call) {
        byte[] from = requireSource(call);
        byte[] to = call.arg(2);
        boolean renamed = !Arrays.equals(from, to) && !call.db().exists(to);
        if (renamed) {
            call.db().rename(from, to);
        }
        call.reply().integer(renamed ? 1 : 0);
    }

    /** The source key of RENAME and RENAMENX, or "no such key". */
    private static byte[] requireSource(Call call) {
        Call.require(call.db().exists(call.arg(1)), Errors.NO_SUCH_KEY);
        return call.arg(1);
    }

    static void copy(Call call) {
        int source = call.client().db();
        int target = source;
        boolean replace = false;
        for (int i = 3; i < call.argc(); i++) {
            if (call.is(i, "REPLACE")) {
                replace = true;
            } else if (call.is(i, "DB") && i + 1 < call.argc()) {
                target = databaseArg(call, ++i);
            } else {
                throw new CommandException(Errors.SYNTAX);
            }
        }
        Call.require(!call.server().config().getBool("cluster-enabled") || (source == 0 && target == 0),
                COPY_IN_CLUSTER);
        byte[] from = call.arg(1);
        byte[] to = call.arg(2);
        Call.require(source != target || !Arrays.equals(from, to), SAME_OBJECT);
        if (!call.db().exists(from) || (!replace && call.server().database(target).exists(to))) {
            call.reply().integer(0);
            return;
        }
        Call.require(source == target, COPY_ACROSS_DATABASES);
        call.db().copy(from, to);
        call.reply().integer(1);
    }

    private static int databaseArg(Call call, int index) {
        long db = call.longArg(index);
        Call.require(db >= Integer.MIN_VALUE && db <= Integer.MAX_VALUE, NOT_INT);
        Call.require(db >= 0 && db < call.server().engine().databases(), Errors.DB_INDEX);
        return (int) db;
    }

    static void expire(Call call) {
        setExpiry(call, 1000, call.now());
    }

    static void pexpire(Call call) {
        setExpiry(call, 1, call.now());
    }

    static void expireat(Call call) {
        setExpiry(call, 1000, 0);
    }

    static void pexpireat(Call call) {
        setExpiry(call, 1, 0);
    }

    /** The NX, XX, GT and LT conditions of the EXPIRE family. */
    private record Condition(boolean nx, boolean xx, boolean gt, boolean lt) {
        static Condition parse(Call call) {
            boolean nx = false;
            boolean xx = false;
            boolean gt = false;
            boolean lt = false;
            for (int i = 3; i < call.argc(); i++) {
                if (call.is(i, "NX")) {
                    nx = true;
                } else if (call.is(i, "XX")) {
                    xx = true;
                } else if (call.is(i, "GT")) {
                    gt = true;
                } else if (call.is(i, "LT")) {
                    lt = true;
                } else {
                    throw new CommandException("ERR Unsupported option " + call.text(i));
                }
            }
            Call.require(!nx || !(xx || gt || lt), NX_AND_OTHERS);
            Call.require(!(gt && lt), GT_AND_LT);
            return new Condition(nx, xx, gt, lt);
        }

        /** Whether a key expiring at {@code current} (or never) may be given {@code when}; no expiry is infinite. */
        boolean allows(long current, long when) {
            boolean persistent = current == Keyspace.NO_EXPIRY;
            return !(nx && !persistent)
                    && !(xx && persistent)
                    && !(gt && (persistent || when <= current))
                    && !(lt && !persistent && when >= current);
        }
    }

    private static void setExpiry(Call call, long unitMillis, long base) {
        Condition condition = Condition.parse(call);
        long when = call.longArg(2);
        String invalid = Errors.invalidExpire(call.spec().name());
        Call.require(when <= Long.MAX_VALUE / unitMillis && when >= Long.MIN_VALUE / unitMillis, invalid);
        when *= unitMillis;
        Call.require(when <= Long.MAX_VALUE - base, invalid);
        when += base;
        byte[] key = call.arg(1);
        long current = call.db().expireAt(key);
        boolean applies = current != Keyspace.MISSING && condition.allows(current, when);
        if (applies) {
            expireOrDelete(call, key, when);
        }
        call.reply().integer(applies ? 1 : 0);
    }

    /** Gives an existing key the absolute expiry {@code when}; a time already past deletes it, as in Redis. */
    static void expireOrDelete(Call call, byte[] key, long when) {
        if (when <= call.now()) {
            call.db().delete(key);
        } else {
            call.db().expireAt(key, when);
        }
    }

    static void ttl(Call call) {
        replyExpiry(call, false, false);
    }

    static void pttl(Call call) {
        replyExpiry(call, true, false);
    }

    static void expiretime(Call call) {
        replyExpiry(call, false, true);
    }

    static void pexpiretime(Call call) {
        replyExpiry(call, true, true);
    }

    /** -2 for a missing key, -1 without expiry, else the remaining or absolute time, seconds rounded to nearest. */
    private static void replyExpiry(Call call, boolean millis, boolean absolute) {
        long at = call.db().expireAt(call.arg(1));
        if (at < 0) {
            call.reply().integer(at);
            return;
        }
        long value = absolute ? at : Math.max(0, at - call.now());
        call.reply().integer(millis ? value : value / 1000 + (value % 1000 >= 500 ? 1 : 0));
    }

    static void persist(Call call) {
        call.reply().integer(call.db().persist(call.arg(1)) ? 1 : 0);
    }

    static void keys(Call call) {
        byte[] pattern = call.arg(1);
        boolean all = Glob.matchesAll(pattern);
        List<byte[]> keys = new ArrayList<>();
        call.db().scan(0, Long.MAX_VALUE, key -> {
            if (all || Glob.matches(pattern, key)) {
                keys.add(key);
            }
        });
        replyKeys(call, keys);
    }

    /**
     * SCAN: the cursor is a slot number and every call returns whole slots, so keys present for the whole
     * iteration are returned exactly once. Keys are collected first and filtered after, because a TYPE lookup may
     * delete an expired key and must not run while the engine iterates.
     */
    static void scan(Call call) {
        long cursor = ScanOptions.cursor(call, 1);
        ScanOptions options = ScanOptions.parse(call, 2, true);
        Keyspace db = call.db();
        List<byte[]> visited = new ArrayList<>();
        boolean inRange = Long.compareUnsigned(cursor, HashSlot.COUNT) < 0;
        long next = inRange ? db.scan(cursor, options.count(), visited::add) : 0;
        List<byte[]> keys = visited.stream()
                .filter(key -> options.matches(key) && (options.type() == null || options.typeMatches(db.type(key))))
                .toList();
        call.reply().array(2);
        call.reply().bulk(Long.toUnsignedString(next));
        replyKeys(call, keys);
    }

    private static void replyKeys(Call call, List<byte[]> keys) {
        call.reply().array(keys.size());
        for (byte[] key : keys) {
            call.reply().bulk(key);
        }
    }

    static void randomkey(Call call) {
        call.reply().bulk(call.db().randomKey());
    }

    static void objectEncoding(Call call) {
        String encoding = call.db().encoding(call.arg(2));
        if (encoding == null) {
            call.reply().nullBulk();
        } else {
            call.reply().bulk(encoding);
        }
    }

    static void objectIdletime(Call call) {
        long idle = call.db().idleSeconds(call.arg(2));
        if (idle < 0) {
            call.reply().nullBulk();
            return;
        }
        Call.require(!lfuPolicy(call), IDLE_NOT_TRACKED);
        call.reply().integer(idle);
    }

    /** Under an LFU policy Redis answers a logarithmic access counter; slotkv counts nothing and answers 0. */
    static void objectFreq(Call call) {
        if (!call.db().exists(call.arg(2))) {
            call.reply().nullBulk();
            return;
        }
        Call.require(lfuPolicy(call), FREQ_NOT_TRACKED);
        call.reply().integer(0);
    }

    static void objectRefcount(Call call) {
        if (call.db().exists(call.arg(2))) {
            call.reply().integer(1);
        } else {
            call.reply().nullBulk();
        }
    }

    static void objectHelp(Call call) {
        Help.reply(call, "OBJECT",
                "ENCODING <key>",
                "    Return the kind of internal representation used in order to store the value",
                "    associated with a <key>.",
                "FREQ <key>",
                "    Return the access frequency index of the <key>. The returned integer is",
                "    proportional to the logarithm of the recent access frequency of the key.",
                "IDLETIME <key>",
                "    Return the idle time of the <key>, that is the approximated number of",
                "    seconds elapsed since the last access to the key.",
                "REFCOUNT <key>",
                "    Return the number of references of the value associated with the specified",
                "    <key>.");
    }

    private static boolean lfuPolicy(Call call) {
        return call.server().config().get("maxmemory-policy").endsWith("-lfu");
    }
}
