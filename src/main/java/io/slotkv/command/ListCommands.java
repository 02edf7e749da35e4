package io.slotkv.command;

import io.slotkv.protocol.RespWriter;
import io.slotkv.store.Keyspace;
import io.slotkv.store.ListValue;
import io.slotkv.store.ValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The list commands, with Redis 7's replies and error texts: LPUSH RPUSH LPUSHX RPUSHX LPOP RPOP LLEN LRANGE
 * LINDEX LSET LINSERT LREM LTRIM LPOS LMOVE RPOPLPUSH, and the blocking BLPOP BRPOP BLMOVE.
 *
 * <p>Every command parses and checks all its arguments before it touches data. The blocking commands try at once
 * and, finding nothing, hand their keys to {@link Call#block}: the server runs them again, in arrival order, when
 * one of the keys receives data. Emptied lists are deleted by the keyspace at commit.
 */
final class ListCommands {
    private static final String RANK_ZERO = "ERR RANK can't be zero: use 1 to start from the first match, 2 from "
            + "the second ... or use negative to start from the end of the list";
    private static final String RANK_OUT_OF_RANGE =
            "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807";
    private static final String COUNT_NEGATIVE = "ERR COUNT can't be negative";
    private static final String MAXLEN_NEGATIVE = "ERR MAXLEN can't be negative";

    private ListCommands() {}

    static void lpush(Call call) {
        push(call, true, false);
    }

    static void rpush(Call call) {
        push(call, false, false);
    }

    static void lpushx(Call call) {
        push(call, true, true);
    }

    static void rpushx(Call call) {
        push(call, false, true);
    }

    /** LPUSH and friends: pushes every element in order and replies with the new length (0: no list for *X). */
    private static void push(Call call, boolean head, boolean onlyIfExists) {
        ListValue list = call.db().list(call.arg(1), !onlyIfExists);
        if (list == null) {
            call.reply().integer(0);
            return;
        }
        for (int i = 2; i < call.argc(); i++) {
            list.push(head, call.arg(i));
        }
        call.reply().integer(list.size());
    }

    static void lpop(Call call) {
        pop(call, true);
    }

    static void rpop(Call call) {
        pop(call, false);
    }

    /**
     * LPOP/RPOP key [count]: one element as a bulk string, or with a count an array of up to count elements
     * (empty for count 0 on an existing list, a null array for a missing key).
     */
    private static void pop(Call call, boolean head) {
        if (call.argc() > 3) {
            throw new CommandException(Errors.arity(call.spec().name()));
        }
        RespWriter reply = call.reply();
        if (call.argc() == 2) {
            ListValue list = call.db().list(call.arg(1), false);
            reply.bulk(list == null ? null : list.pop(head));
            return;
        }
        long count = call.longArg(2, Errors.NOT_POSITIVE);
        Call.require(count >= 0, Errors.NOT_POSITIVE);
        ListValue list = call.db().list(call.arg(1), false);
        if (list == null) {
            reply.nullArray();
            return;
        }
        int popped = (int) Math.min(count, list.size());
        reply.array(popped);
        for (int i = 0; i < popped; i++) {
            reply.bulk(list.pop(head));
        }
    }

    static void llen(Call call) {
        ListValue list = call.db().list(call.arg(1), false);
        call.reply().integer(list == null ? 0 : list.size());
    }

    static void lrange(Call call) {
        long start = call.longArg(2);
        long stop = call.longArg(3);
        ListValue list = call.db().list(call.arg(1), false);
        IndexRange range = list == null ? null : IndexRange.of(start, stop, list.size());
        List<byte[]> elements = range == null ? List.of() : list.range(range.from(), range.to());
        call.reply().array(elements.size());
        for (byte[] element : elements) {
            call.reply().bulk(element);
        }
    }

    static void lindex(Call call) {
        ListValue list = call.db().list(call.arg(1), false);
        if (list == null) {
            call.reply().nullBulk();
            return;
        }
        long index = index(list, call.longArg(2));
        call.reply().bulk(index < 0 ? null : list.get(index));
    }

    static void lset(Call call) {
        ListValue list = call.db().list(call.arg(1), false);
        Call.require(list != null, Errors.NO_SUCH_KEY);
        long index = index(list, call.longArg(2));
        Call.require(index >= 0, Errors.INDEX_OUT_OF_RANGE);
        list.set(index, call.arg(3));
        call.reply().ok();
    }

    /** Redis's {@code index} (negative from the tail) as a position in {@code list}, or -1 when out of range. */
    private static long index(ListValue list, long index) {
        long position = index < 0 ? list.size() + index : index;
        return position >= 0 && position < list.size() ? position : -1;
    }

    /** LINSERT key BEFORE|AFTER pivot element: the new length, -1 when the pivot is absent, 0 for no list. */
    static void linsert(Call call) {
        boolean after = call.is(2, "AFTER");
        Call.require(after || call.is(2, "BEFORE"), Errors.SYNTAX);
        ListValue list = call.db().list(call.arg(1), false);
        if (list == null) {
            call.reply().integer(0);
            return;
        }
        long pivot = firstIndexOf(list, call.arg(3));
        if (pivot < 0) {
            call.reply().integer(-1);
            return;
        }
        list.insert(after ? pivot + 1 : pivot, call.arg(4));
        call.reply().integer(list.size());
    }

    private static long firstIndexOf(ListValue list, byte[] element) {
        for (long i = 0; i < list.size(); i++) {
            if (Arrays.equals(list.get(i), element)) {
                return i;
            }
        }
        return -1;
    }

    /** LREM key count element: count > 0 removes from the head, count < 0 from the tail, 0 removes all. */
    static void lrem(Call call) {
        long count = call.longArg(2);
        ListValue list = call.db().list(call.arg(1), false);
        if (list == null) {
            call.reply().integer(0);
            return;
        }
        long limit = count > 0 ? count : count == 0 || count == Long.MIN_VALUE ? Long.MAX_VALUE : -count;
        call.reply().integer(removeMatches(list, call.arg(3), limit, count >= 0));
    }

    /**
     * Removes up to {@code limit} elements equal to {@code element}, scanning from the head or the tail, in one
     * pass: kept elements slide over the removed ones and the leftover end is trimmed, so removing many elements
     * stays linear.
     */
    private static long removeMatches(ListValue list, byte[] element, long limit, boolean fromHead) {
        long size = list.size();
        long removed = 0;
        long kept = 0;
        for (long n = 0; n < size; n++) {
            byte[] value = list.get(fromHead ? n : size - 1 - n);
            if (removed < limit && Arrays.equals(value, element)) {
                removed++;
            } else {
                if (removed > 0) {
                    list.set(fromHead ? kept : size - 1 - kept, value);
                }
                kept++;
            }
        }
        if (removed > 0) {
            if (fromHead) {
                list.trim(0, kept - 1);
            } else {
                list.trim(size - kept, size - 1);
            }
        }
        return removed;
    }

    static void ltrim(Call call) {
        long start = call.longArg(2);
        long stop = call.longArg(3);
        ListValue list = call.db().list(call.arg(1), false);
        if (list != null) {
            IndexRange range = IndexRange.of(start, stop, list.size());
            if (range == null) {
                list.trim(1, 0);
            } else {
                list.trim(range.from(), range.to());
            }
        }
        call.reply().ok();
    }

    /**
     * LPOS key element [RANK rank] [COUNT count] [MAXLEN len]: the index of the rank-th match (negative ranks scan
     * from the tail), or with COUNT an array of up to count matches (0: all), looking at no more than MAXLEN
     * elements (0: all).
     */
    static void lpos(Call call) {
        PosOptions options = PosOptions.parse(call);
        ListValue list = call.db().list(call.arg(1), false);
        List<Long> matches = list == null ? List.of() : positions(list, call.arg(2), options);
        RespWriter reply = call.reply();
        if (options.count() < 0) {
            if (matches.isEmpty()) {
                reply.nullBulk();
            } else {
                reply.integer(matches.getFirst());
            }
            return;
        }
        reply.array(matches.size());
        for (long match : matches) {
            reply.integer(match);
        }
    }

    /** LPOS options; {@code count} is -1 when COUNT was not given, and 0 means unlimited for count and maxlen. */
    private record PosOptions(long rank, long count, long maxlen) {
        static PosOptions parse(Call call) {
            long rank = 1;
            long count = -1;
            long maxlen = 0;
            for (int i = 3; i < call.argc(); i += 2) {
                Call.require(i + 1 < call.argc(), Errors.SYNTAX);
                if (call.is(i, "RANK")) {
                    rank = call.longArg(i + 1);
                    Call.require(rank != 0, RANK_ZERO);
                    Call.require(rank != Long.MIN_VALUE, RANK_OUT_OF_RANGE);
                } else if (call.is(i, "COUNT")) {
                    count = call.longArg(i + 1, COUNT_NEGATIVE);
                    Call.require(count >= 0, COUNT_NEGATIVE);
                } else if (call.is(i, "MAXLEN")) {
                    maxlen = call.longArg(i + 1, MAXLEN_NEGATIVE);
                    Call.require(maxlen >= 0, MAXLEN_NEGATIVE);
                } else {
                    throw new CommandException(Errors.SYNTAX);
                }
            }
            return new PosOptions(rank, count, maxlen);
        }
    }

    private static List<Long> positions(ListValue list, byte[] element, PosOptions options) {
        long size = list.size();
        long wanted = options.count() < 0 ? 1 : options.count() == 0 ? Long.MAX_VALUE : options.count();
        long scanned = options.maxlen() == 0 ? size : Math.min(options.maxlen(), size);
        long skip = Math.abs(options.rank()) - 1;
        List<Long> matches = new ArrayList<>();
        for (long n = 0; n < scanned && matches.size() < wanted; n++) {
            long index = options.rank() > 0 ? n : size - 1 - n;
            if (Arrays.equals(list.get(index), element)) {
                if (skip > 0) {
                    skip--;
                } else {
                    matches.add(index);
                }
            }
        }
        return matches;
    }

    static void lmove(Call call) {
        boolean fromHead = side(call, 3);
        boolean toHead = side(call, 4);
        call.reply().bulk(move(call, fromHead, toHead));
    }

    static void rpoplpush(Call call) {
        call.reply().bulk(move(call, false, true));
    }

    /** LEFT (the head) or RIGHT (the tail). */
    private static boolean side(Call call, int index) {
        if (call.is(index, "LEFT")) {
            return true;
        }
        Call.require(call.is(index, "RIGHT"), Errors.SYNTAX);
        return false;
    }

    /**
     * Pops from the list at argument 1 and pushes onto the list at argument 2 (possibly the same list, which then
     * rotates). Returns the moved element, or {@code null} when the source does not exist; the destination's type
     * is checked before anything moves.
     */
    private static byte[] move(Call call, boolean fromHead, boolean toHead) {
        Keyspace db = call.db();
        ListValue source = db.list(call.arg(1), false);
        if (source == null) {
            return null;
        }
        ListValue destination = db.list(call.arg(2), true);
        byte[] element = source.pop(fromHead);
        destination.push(toHead, element);
        return element;
    }

    static void blpop(Call call) {
        blockingPop(call, true);
    }

    static void brpop(Call call) {
        blockingPop(call, false);
    }

    /** BLPOP/BRPOP key... timeout: [key, element] from the first non-empty list, else blocks; null array on timeout. */
    private static void blockingPop(Call call, boolean head) {
        long timeout = BlockingTimeout.millis(call, call.argc() - 1);
        List<byte[]> keys = Arrays.asList(call.argv()).subList(1, call.argc() - 1);
        RespWriter reply = call.reply();
        for (byte[] key : keys) {
            ListValue list = call.db().list(key, false);
            if (list != null) {
                reply.array(2);
                reply.bulk(key);
                reply.bulk(list.pop(head));
                return;
            }
        }
        call.block(ValueType.LIST, keys, timeout, reply::nullArray);
    }

    static void blmove(Call call) {
        boolean fromHead = side(call, 3);
        boolean toHead = side(call, 4);
        long timeout = BlockingTimeout.millis(call, 5);
        byte[] element = move(call, fromHead, toHead);
        if (element != null) {
            call.reply().bulk(element);
            return;
        }
        // As in Redis, a BLMOVE that times out answers a null array, but one that cannot block (inside MULTI)
        // answers LMOVE's null bulk string; both are the same null in RESP3.
        RespWriter reply = call.reply();
        call.block(ValueType.LIST, List.of(call.arg(1)), timeout, call.client().inExec() ? reply::nullBulk : reply::nullArray);
    }
}
