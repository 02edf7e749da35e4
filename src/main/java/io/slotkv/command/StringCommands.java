package io.slotkv.command;

import io.slotkv.protocol.Numbers;
import io.slotkv.store.Keyspace;
import io.slotkv.store.ValueType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The string commands, with Redis 7's options, errors and replies: GET, SET, SETNX, SETEX, PSETEX, GETSET, GETDEL,
 * GETEX, MGET, MSET, MSETNX, INCR, DECR, INCRBY, DECRBY, INCRBYFLOAT, APPEND, STRLEN, GETRANGE and SETRANGE.
 *
 * <p>Commands that replace a value (SET, GETSET, MSET) clear its time to live unless SET's KEEPTTL asks otherwise;
 * commands that edit it (INCR, APPEND, SETRANGE) keep it, through {@link Keyspace#replaceString}. Stored arrays are
 * never modified in place, because the engine may share one array between keys (COPY): edits write a new array.
 */
final class StringCommands {
    private static final String OFFSET_OUT_OF_RANGE = "ERR offset is out of range";
    private static final String DECREMENT_OVERFLOW = "ERR decrement would overflow";
    /** The longest Java array: strings cannot grow beyond it even when proto-max-bulk-len allows more. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    private static final byte[] EMPTY = new byte[0];
    /** The smallest positive C long double (subnormal), the precision Redis computes INCRBYFLOAT with. */
    private static final BigDecimal LONG_DOUBLE_MIN = new BigDecimal("3.6e-4951");

    private StringCommands() {}

    /** How SET, SETEX, PSETEX and GETEX change a time to live; the first four take a time argument. */
    private enum Ttl {
        EX(1000, true),
        PX(1, true),
        EXAT(1000, false),
        PXAT(1, false),
        KEEPTTL(0, false),
        PERSIST(0, false);

        private final long unitMillis;
        private final boolean relative;

        Ttl(long unitMillis, boolean relative) {
            this.unitMillis = unitMillis;
            this.relative = relative;
        }

        boolean takesTime() {
            return unitMillis > 0;
        }

        /** The absolute expiry in ms given by argument {@code index}; Redis refuses times that are not positive. */
        long expireAt(Call call, int index) {
            long time = call.longArg(index);
            if (time <= 0 || time > Long.MAX_VALUE / unitMillis) {
                throw new CommandException(Errors.invalidExpire(call.spec().name()));
            }
            time *= unitMillis;
            if (relative) {
                if (time > Long.MAX_VALUE - call.now()) {
                    throw new CommandException(Errors.invalidExpire(call.spec().name()));
                }
                time += call.now();
            }
            return time;
        }
    }

    /**
     * The options of SET ({@code NX XX GET} and a {@link Ttl}) or GETEX (a {@link Ttl} only). As in Redis, one
     * option may be repeated (the last time wins) but two kinds of expiry, or NX with XX, are a syntax error.
     */
    private record Options(boolean nx, boolean xx, boolean get, Ttl ttl, int timeIndex) {
        static Options parse(Call call, int from, boolean forSet) {
            boolean nx = false;
            boolean xx = false;
            boolean get = false;
            Ttl ttl = null;
            int timeIndex = -1;
            for (int i = from; i < call.argc(); i++) {
                if (forSet && call.is(i, "NX") && !xx) {
                    nx = true;
                } else if (forSet && call.is(i, "XX") && !nx) {
                    xx = true;
                } else if (forSet && call.is(i, "GET")) {
                    get = true;
                } else {
                    Ttl option = ttlOption(call, i, forSet);
                    Call.require(option != null && (ttl == null || ttl == option), Errors.SYNTAX);
                    ttl = option;
                    if (option.takesTime()) {
                        Call.require(i + 1 < call.argc(), Errors.SYNTAX);
                        timeIndex = ++i;
                    }
                }
            }
            return new Options(nx, xx, get, ttl, timeIndex);
        }

        private static Ttl ttlOption(Call call, int index, boolean forSet) {
            for (Ttl option : Ttl.values()) {
                if (option != (forSet ? Ttl.PERSIST : Ttl.KEEPTTL) && call.is(index, option.name())) {
                    return option;
                }
            }
            return null;
        }

        boolean setsTime() {
            return ttl != null && ttl.takesTime();
        }

        /** The expiry the options set, validated; {@link Keyspace#NO_EXPIRY} when they set none. */
        long expireAt(Call call) {
            return setsTime() ? ttl.expireAt(call, timeIndex) : Keyspace.NO_EXPIRY;
        }
    }

    static void get(Call call) {
        call.reply().bulk(call.db().getString(call.arg(1)));
    }

    static void set(Call call) {
        Options options = Options.parse(call, 3, true);
        long expireAt = options.expireAt(call);
        Keyspace db = call.db();
        byte[] key = call.arg(1);
        byte[] old = options.get() ? db.getString(key) : null;
        boolean exists = options.get() ? old != null : db.exists(key);
        boolean write = !(options.nx() && exists) && !(options.xx() && !exists);
        if (write) {
            if (options.ttl() == Ttl.KEEPTTL) {
                long kept = db.expireAt(key);
                expireAt = kept == Keyspace.MISSING ? Keyspace.NO_EXPIRY : kept;
            }
            store(call, key, call.arg(2), expireAt);
        }
        if (options.get()) {
            call.reply().bulk(old);
        } else if (write) {
            call.reply().ok();
        } else {
            call.reply().nullBulk();
        }
    }

    static void setnx(Call call) {
        byte[] key = call.arg(1);
        boolean absent = !call.db().exists(key);
        if (absent) {
            call.db().putString(key, call.arg(2), Keyspace.NO_EXPIRY);
        }
        call.reply().integer(absent ? 1 : 0);
    }

    static void setex(Call call) {
        setWithExpiry(call, Ttl.EX);
    }

    static void psetex(Call call) {
        setWithExpiry(call, Ttl.PX);
    }

    private static void setWithExpiry(Call call, Ttl ttl) {
        store(call, call.arg(1), call.arg(3), ttl.expireAt(call, 2));
        call.reply().ok();
    }

    static void getset(Call call) {
        byte[] key = call.arg(1);
        byte[] old = call.db().getString(key);
        call.db().putString(key, call.arg(2), Keyspace.NO_EXPIRY);
        call.reply().bulk(old);
    }

    static void getdel(Call call) {
        byte[] key = call.arg(1);
        byte[] value = call.db().getString(key);
        if (value != null) {
            call.db().delete(key);
        }
        call.reply().bulk(value);
    }

    static void getex(Call call) {
        Options options = Options.parse(call, 2, false);
        byte[] key = call.arg(1);
        byte[] value = call.db().getString(key);
        if (value != null && options.ttl() == Ttl.PERSIST) {
            call.db().persist(key);
        } else if (value != null && options.setsTime()) {
            KeyCommands.expireOrDelete(call, key, options.expireAt(call));
        }
        call.reply().bulk(value);
    }

    static void mget(Call call) {
        Keyspace db = call.db();
        call.reply().array(call.argc() - 1);
        for (int i = 1; i < call.argc(); i++) {
            byte[] key = call.arg(i);
            call.reply().bulk(db.type(key) == ValueType.STRING ? db.getString(key) : null);
        }
    }

    static void mset(Call call) {
        requirePairs(call);
        putPairs(call);
        call.reply().ok();
    }

    static void msetnx(Call call) {
        requirePairs(call);
        for (int i = 1; i < call.argc(); i += 2) {
            if (call.db().exists(call.arg(i))) {
                call.reply().integer(0);
                return;
            }
        }
        putPairs(call);
        call.reply().integer(1);
    }

    private static void requirePairs(Call call) {
        Call.require(call.argc() % 2 == 1, Errors.arity(call.spec().name()));
    }

    private static void putPairs(Call call) {
        for (int i = 1; i < call.argc(); i += 2) {
            call.db().putString(call.arg(i), call.arg(i + 1), Keyspace.NO_EXPIRY);
        }
    }

    static void incr(Call call) {
        incrementBy(call, 1);
    }

    static void decr(Call call) {
        incrementBy(call, -1);
    }

    static void incrby(Call call) {
        incrementBy(call, call.longArg(2));
    }

    static void decrby(Call call) {
        long decrement = call.longArg(2);
        Call.require(decrement != Long.MIN_VALUE, DECREMENT_OVERFLOW);
        incrementBy(call, -decrement);
    }

    private static void incrementBy(Call call, long delta) {
        byte[] key = call.arg(1);
        byte[] current = call.db().getString(key);
        long value = 0;
        if (current != null) {
            value = Numbers.parseLong(current, Long.MIN_VALUE);
            Call.require(value != Long.MIN_VALUE || Numbers.isLong(current), Errors.NOT_INTEGER);
        }
        long result = value + delta;
        Call.require(((value ^ result) & (delta ^ result)) >= 0, Errors.OVERFLOW);
        call.db().replaceString(key, Numbers.bytes(result));
        call.reply().integer(result);
    }

    static void incrbyfloat(Call call) {
        byte[] key = call.arg(1);
        byte[] current = call.db().getString(key);
        BigDecimal value = current == null ? BigDecimal.ZERO : longDouble(current, Errors.NOT_FLOAT);
        BigDecimal increment = longDouble(call.arg(2), Errors.NOT_FLOAT);
        byte[] result = addLongDoubles(value, increment);
        call.db().replaceString(key, result);
        call.reply().bulk(result);
    }

    /**
     * The number {@code text} holds as a C long double, as INCRBYFLOAT and HINCRBYFLOAT read it: {@code null} for
     * an infinity, or the error {@code invalid}. Like Redis, refuses a non-zero number too small for a long
     * double; this also keeps exponents such as 1e-999999999 from making decimal arithmetic build numbers of a
     * billion digits.
     */
    static BigDecimal longDouble(byte[] text, String invalid) {
        BigDecimal value = Numbers.parseDecimal(text);
        if (value == null) {
            Call.require(Numbers.parseDouble(text) != null, invalid);
            return null;
        }
        if (value.signum() == 0) {
            return BigDecimal.ZERO;
        }
        Call.require(value.abs().compareTo(LONG_DOUBLE_MIN) >= 0, invalid);
        return value;
    }

    /**
     * The long double sum of two {@link #longDouble} values, formatted as Redis stores it; "increment would
     * produce NaN or Infinity" when either is infinite or the sum leaves the long double range.
     */
    static byte[] addLongDoubles(BigDecimal value, BigDecimal increment) {
        Call.require(value != null && increment != null, Errors.NAN_OR_INFINITY);
        String sum = Numbers.formatDecimal(value.add(increment));
        Call.require(!sum.endsWith("inf"), Errors.NAN_OR_INFINITY);
        return sum.getBytes(StandardCharsets.US_ASCII);
    }

    static void append(Call call) {
        byte[] key = call.arg(1);
        byte[] suffix = call.arg(2);
        byte[] current = call.db().getString(key);
        byte[] result = suffix;
        if (current != null) {
            requireLength(call, current.length, suffix.length);
            result = Arrays.copyOf(current, current.length + suffix.length);
            System.arraycopy(suffix, 0, result, current.length, suffix.length);
        }
        call.db().replaceString(key, result);
        call.reply().integer(result.length);
    }

    static void strlen(Call call) {
        byte[] value = call.db().getString(call.arg(1));
        call.reply().integer(value == null ? 0 : value.length);
    }

    static void getrange(Call call) {
        long start = call.longArg(2);
        long end = call.longArg(3);
        byte[] value = call.db().getString(call.arg(1));
        IndexRange range = value == null ? null : clampOrderedRange(start, end, value.length);
        call.reply().bulk(range == null ? EMPTY : Arrays.copyOfRange(value, (int) range.from(), (int) range.to() + 1));
    }

    static void setrange(Call call) {
        byte[] key = call.arg(1);
        long offset = call.longArg(2);
        Call.require(offset >= 0, OFFSET_OUT_OF_RANGE);
        byte[] patch = call.arg(3);
        byte[] current = call.db().getString(key);
        int length = current == null ? 0 : current.length;
        if (patch.length == 0) {
            call.reply().integer(length);
            return;
        }
        requireLength(call, offset, patch.length);
        byte[] result = Arrays.copyOf(current == null ? EMPTY : current, Math.max(length, (int) offset + patch.length));
        System.arraycopy(patch, 0, result, (int) offset, patch.length);
        call.db().replaceString(key, result);
        call.reply().integer(result.length);
    }

    /** Stores a string; an expiry already past deletes the key instead, as Redis does for SET ... EXAT. */
    private static void store(Call call, byte[] key, byte[] value, long expireAt) {
        if (expireAt != Keyspace.NO_EXPIRY && expireAt <= call.now()) {
            call.db().delete(key);
        } else {
            call.db().putString(key, value, expireAt);
        }
    }

    /** The longest string a command may build: {@code proto-max-bulk-len}, within what a Java array can hold. */
    static long maxLength(Call call) {
        return Math.min(call.server().config().getLong("proto-max-bulk-len"), MAX_ARRAY);
    }

    /** Refuses to build a string of {@code offset + extra} bytes when that exceeds {@link #maxLength}. */
    private static void requireLength(Call call, long offset, long extra) {
        Call.require(offset <= maxLength(call) - extra, Errors.STRING_TOO_LONG);
    }

    /**
     * Redis's start/end arithmetic of BITPOS over {@code length} units: negative values count from the end, then
     * both ends are clamped into the value. Unlike {@link IndexRange#of}, an end before the first unit becomes 0
     * instead of emptying the range.
     *
     * @return the range, or {@code null} when it is empty
     */
    static IndexRange clampRange(long start, long end, long length) {
        if (start < 0) {
            start += length;
        }
        if (end < 0) {
            end += length;
        }
        start = Math.max(start, 0);
        end = Math.min(Math.max(end, 0), length - 1);
        return start > end ? null : new IndexRange(start, end);
    }

    /** {@link #clampRange}, except that two negative ends in reverse order are empty (GETRANGE, BITCOUNT). */
    static IndexRange clampOrderedRange(long start, long end, long length) {
        return start < 0 && end < 0 && start > end ? null : clampRange(start, end, length);
    }
}
