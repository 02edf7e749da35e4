package io.slotkv.command;

import io.slotkv.protocol.Numbers;
import io.slotkv.protocol.RespWriter;
import io.slotkv.store.HashValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The hash commands: HSET, HSETNX, HGET, HMSET, HMGET, HDEL, HLEN, HSTRLEN, HEXISTS, HKEYS, HVALS, HGETALL,
 * HINCRBY, HINCRBYFLOAT, HSCAN and HRANDFIELD, with Redis 7's argument checks, errors and RESP2/RESP3 reply shapes.
 *
 * <p>Every command parses and validates all its arguments and the current field value before it writes, so an
 * error never leaves a hash half-changed. Hashes emptied by HDEL are deleted by the keyspace at commit.
 */
final class HashCommands {
    private static final String HASH_NOT_INTEGER = "ERR hash value is not an integer";
    private static final String HASH_NOT_FLOAT = "ERR hash value is not a float";
    private static final String INCREMENT_NAN_OR_INFINITY = "ERR value is NaN or Infinity";
    private static final String OUT_OF_RANGE = "ERR value is out of range";
    private static final String COUNT_OUT_OF_RANGE =
            "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807";

    private HashCommands() {}

    static void hset(Call call) {
        call.reply().integer(setFields(call));
    }

    static void hmset(Call call) {
        setFields(call);
        call.reply().ok();
    }

    /** HSET/HMSET: sets every field-value pair from argument 2 on; returns how many fields are new. */
    private static long setFields(Call call) {
        Call.require(call.argc() % 2 == 0, Errors.arity(call.spec().name()));
        HashValue hash = call.db().hash(call.arg(1), true);
        long added = 0;
        for (int i = 2; i < call.argc(); i += 2) {
            if (hash.put(call.arg(i), call.arg(i + 1))) {
                added++;
            }
        }
        return added;
    }

    static void hsetnx(Call call) {
        HashValue hash = call.db().hash(call.arg(1), true);
        boolean set = hash.get(call.arg(2)) == null && hash.put(call.arg(2), call.arg(3));
        call.reply().integer(set ? 1 : 0);
    }

    static void hget(Call call) {
        call.reply().bulk(value(call, call.arg(2)));
    }

    static void hmget(Call call) {
        HashValue hash = call.db().hash(call.arg(1), false);
        call.reply().array(call.argc() - 2);
        for (int i = 2; i < call.argc(); i++) {
            call.reply().bulk(hash == null ? null : hash.get(call.arg(i)));
        }
    }

    static void hdel(Call call) {
        HashValue hash = call.db().hash(call.arg(1), false);
        long removed = 0;
        for (int i = 2; hash != null && i < call.argc(); i++) {
            if (hash.remove(call.arg(i))) {
                removed++;
            }
        }
        call.reply().integer(removed);
    }

    static void hlen(Call call) {
        HashValue hash = call.db().hash(call.arg(1), false);
        call.reply().integer(hash == null ? 0 : hash.size());
    }

    static void hstrlen(Call call) {
        byte[] value = value(call, call.arg(2));
        call.reply().integer(value == null ? 0 : value.length);
    }

    static void hexists(Call call) {
        call.reply().integer(value(call, call.arg(2)) == null ? 0 : 1);
    }

    static void hkeys(Call call) {
        replyAll(call, true, false);
    }

    static void hvals(Call call) {
        replyAll(call, false, true);
    }

    static void hgetall(Call call) {
        replyAll(call, true, true);
    }

    /** HKEYS, HVALS, HGETALL: the fields, the values or both (as a map) of the hash at argument 1. */
    private static void replyAll(Call call, boolean fields, boolean values) {
        HashValue hash = call.db().hash(call.arg(1), false);
        int size = hash == null ? 0 : Math.toIntExact(hash.size());
        if (fields && values) {
            call.reply().map(size);
        } else {
            call.reply().array(size);
        }
        if (hash != null) {
            hash.forEach((field, value) -> {
                if (fields) {
                    call.reply().bulk(field);
                }
                if (values) {
                    call.reply().bulk(value);
                }
            });
        }
    }

    static void hincrby(Call call) {
        long increment = call.longArg(3);
        byte[] current = value(call, call.arg(2));
        long base = 0;
        if (current != null) {
            Call.require(Numbers.isLong(current), HASH_NOT_INTEGER);
            base = Numbers.parseLong(current, 0);
        }
        long result;
        try {
            result = Math.addExact(base, increment);
        } catch (ArithmeticException e) {
            throw new CommandException(Errors.OVERFLOW);
        }
        storeField(call, Numbers.bytes(result));
        call.reply().integer(result);
    }

    /** HINCRBYFLOAT computes in C long doubles as Redis does, through INCRBYFLOAT's arithmetic. */
    static void hincrbyfloat(Call call) {
        BigDecimal increment = StringCommands.longDouble(call.arg(3), Errors.NOT_FLOAT);
        Call.require(increment != null, INCREMENT_NAN_OR_INFINITY);
        byte[] current = value(call, call.arg(2));
        BigDecimal base = current == null ? BigDecimal.ZERO : StringCommands.longDouble(current, HASH_NOT_FLOAT);
        byte[] text = StringCommands.addLongDoubles(base, increment);
        storeField(call, text);
        call.reply().bulk(text);
    }

    /** The value of {@code field} in the hash at argument 1, or {@code null} when the key or field is missing. */
    private static byte[] value(Call call, byte[] field) {
        HashValue hash = call.db().hash(call.arg(1), false);
        return hash == null ? null : hash.get(field);
    }

    /** HINCRBY/HINCRBYFLOAT: stores the new value of the field at argument 2, creating the hash if needed. */
    private static void storeField(Call call, byte[] value) {
        call.db().hash(call.arg(1), true).put(call.arg(2), value);
    }

    static void hscan(Call call) {
        ScanOptions.cursor(call, 2);
        HashValue hash = call.db().hash(call.arg(1), false);
        List<byte[]> elements = new ArrayList<>();
        if (hash != null) {
            // Redis validates the options only when the key exists
            ScanOptions options = ScanOptions.parse(call, 3, false);
            hash.forEach((field, value) -> {
                if (options.matches(field)) {
                    elements.add(field);
                    elements.add(value);
                }
            });
        }
        ScanOptions.replyComplete(call, elements);
    }

    static void hrandfield(Call call) {
        if (call.argc() == 2) {
            HashValue hash = call.db().hash(call.arg(1), false);
            call.reply().bulk(hash == null ? null
                    : hash.fieldAt(ThreadLocalRandom.current().nextLong(hash.size())));
            return;
        }
        long count = randomCount(call, 2);
        boolean withValues = call.argc() == 4 && call.is(3, "WITHVALUES");
        Call.require(call.argc() == 3 || withValues, Errors.SYNTAX);
        // each pick of a negative count takes two reply elements with values
        Call.require(!withValues || count >= -Long.MAX_VALUE / 2, OUT_OF_RANGE);
        HashValue hash = call.db().hash(call.arg(1), false);
        if (hash == null) {
            call.reply().array(0);
            return;
        }
        long[] positions = RandomPicks.positions(hash.size(), count);
        RespWriter reply = call.reply();
        if (!withValues) {
            reply.array(positions.length);
            for (long position : positions) {
                reply.bulk(hash.fieldAt(position));
            }
            return;
        }
        // RESP3 clients get [field, value] pairs, as Redis 7 sends them; RESP2 ones a flat array
        reply.array(reply.resp3() ? positions.length : positions.length * 2);
        for (long position : positions) {
            if (reply.resp3()) {
                reply.array(2);
            }
            byte[] field = hash.fieldAt(position);
            reply.bulk(field);
            reply.bulk(hash.get(field));
        }
    }

    /**
     * A count for HRANDFIELD: any 64-bit integer but {@code Long.MIN_VALUE}, whose magnitude does not fit.
     * Shared with SRANDMEMBER and ZRANDMEMBER; it belongs in {@link RandomPicks}.
     */
    private static long randomCount(Call call, int index) {
        long count = call.longArg(index);
        Call.require(count != Long.MIN_VALUE, COUNT_OUT_OF_RANGE);
        return count;
    }
}
