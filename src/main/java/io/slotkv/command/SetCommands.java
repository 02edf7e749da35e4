package io.slotkv.command;

import io.slotkv.store.SetValue;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The set commands: SADD, SREM, SMEMBERS, SISMEMBER, SMISMEMBER, SCARD, SPOP, SRANDMEMBER, SMOVE, SINTER, SUNION,
 * SDIFF, SINTERSTORE, SUNIONSTORE, SDIFFSTORE, SINTERCARD and SSCAN, with Redis 7's argument checks, errors and
 * RESP2/RESP3 reply shapes (member lists that cannot repeat are RESP3 sets).
 *
 * <p>Set algebra looks up every source key first, so a WRONGTYPE on any of them wins before any work; it then
 * computes the result into a Java list and only afterwards replies or writes it. That is what lets a STORE form
 * replace a destination that is also one of its sources. Sets emptied by SREM, SPOP or SMOVE are deleted by the
 * keyspace at commit.
 */
final class SetCommands {
    private static final String NUMKEYS_NOT_POSITIVE = "ERR numkeys should be greater than 0";
    private static final String TOO_MANY_NUMKEYS = "ERR Number of keys can't be greater than number of args";
    private static final String LIMIT_NEGATIVE = "ERR LIMIT can't be negative";
    private static final String COUNT_OUT_OF_RANGE =
            "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807";

    private SetCommands() {}

    static void sadd(Call call) {
        SetValue set = call.db().set(call.arg(1), true);
        long added = 0;
        for (int i = 2; i < call.argc(); i++) {
            if (set.add(call.arg(i))) {
                added++;
            }
        }
        call.reply().integer(added);
    }

    static void srem(Call call) {
        SetValue set = call.db().set(call.arg(1), false);
        long removed = 0;
        for (int i = 2; set != null && i < call.argc(); i++) {
            if (set.remove(call.arg(i))) {
                removed++;
            }
        }
        call.reply().integer(removed);
    }

    static void smembers(Call call) {
        SetValue set = call.db().set(call.arg(1), false);
        List<byte[]> members = new ArrayList<>();
        if (set != null) {
            set.forEach(members::add);
        }
        replySet(call, members);
    }

    static void sismember(Call call) {
        SetValue set = call.db().set(call.arg(1), false);
        call.reply().integer(set != null && set.contains(call.arg(2)) ? 1 : 0);
    }

    static void smismember(Call call) {
        SetValue set = call.db().set(call.arg(1), false);
        call.reply().array(call.argc() - 2);
        for (int i = 2; i < call.argc(); i++) {
            call.reply().integer(set != null && set.contains(call.arg(i)) ? 1 : 0);
        }
    }

    static void scard(Call call) {
        SetValue set = call.db().set(call.arg(1), false);
        call.reply().integer(set == null ? 0 : set.size());
    }

    static void spop(Call call) {
        Call.require(call.argc() <= 3, Errors.SYNTAX);
        if (call.argc() == 2) {
            SetValue set = call.db().set(call.arg(1), false);
            byte[] member = set == null ? null : randomMember(set);
            if (member != null) {
                set.remove(member);
            }
            call.reply().bulk(member);
            return;
        }
        long count = call.longArg(2, Errors.NOT_POSITIVE);
        Call.require(count >= 0, Errors.NOT_POSITIVE);
        SetValue set = call.db().set(call.arg(1), false);
        List<byte[]> popped = set == null ? List.of() : membersAt(set, RandomPicks.positions(set.size(), count));
        for (byte[] member : popped) {
            set.remove(member);
        }
        replySet(call, popped);
    }

    static void srandmember(Call call) {
        Call.require(call.argc() <= 3, Errors.SYNTAX);
        if (call.argc() == 2) {
            SetValue set = call.db().set(call.arg(1), false);
            call.reply().bulk(set == null ? null : randomMember(set));
            return;
        }
        long count = call.longArg(2);
        Call.require(count != Long.MIN_VALUE, COUNT_OUT_OF_RANGE);
        SetValue set = call.db().set(call.arg(1), false);
        List<byte[]> picks = set == null ? List.of() : membersAt(set, RandomPicks.positions(set.size(), count));
        // an array, not a set: a negative count may repeat members
        call.reply().array(picks.size());
        picks.forEach(call.reply()::bulk);
    }

    private static byte[] randomMember(SetValue set) {
        return set.memberAt(ThreadLocalRandom.current().nextLong(set.size()));
    }

    private static List<byte[]> membersAt(SetValue set, long[] positions) {
        List<byte[]> members = new ArrayList<>(positions.length);
        for (long position : positions) {
            members.add(set.memberAt(position));
        }
        return members;
    }

    static void smove(Call call) {
        SetValue source = call.db().set(call.arg(1), false);
        if (source == null) {
            call.reply().integer(0);
            return;
        }
        call.db().set(call.arg(2), false); // WRONGTYPE for the destination before anything changes
        byte[] member = call.arg(3);
        boolean moved;
        if (Arrays.equals(call.arg(1), call.arg(2))) {
            moved = source.contains(member);
        } else {
            moved = source.remove(member);
            if (moved) {
                call.db().set(call.arg(2), true).add(member);
            }
        }
        call.reply().integer(moved ? 1 : 0);
    }

    static void sinter(Call call) {
        replySet(call, intersection(sources(call, 1, call.argc()), Long.MAX_VALUE));
    }

    static void sunion(Call call) {
        replySet(call, union(sources(call, 1, call.argc())));
    }

    static void sdiff(Call call) {
        replySet(call, difference(sources(call, 1, call.argc())));
    }

    static void sinterstore(Call call) {
        store(call, intersection(sources(call, 2, call.argc()), Long.MAX_VALUE));
    }

    static void sunionstore(Call call) {
        store(call, union(sources(call, 2, call.argc())));
    }

    static void sdiffstore(Call call) {
        store(call, difference(sources(call, 2, call.argc())));
    }

    static void sintercard(Call call) {
        long numkeys = call.longArg(1, NUMKEYS_NOT_POSITIVE);
        Call.require(numkeys > 0, NUMKEYS_NOT_POSITIVE);
        Call.require(numkeys <= call.argc() - 2, TOO_MANY_NUMKEYS);
        int end = 2 + (int) numkeys;
        long limit = 0;
        for (int i = end; i < call.argc(); i += 2) {
            Call.require(call.is(i, "LIMIT") && i + 1 < call.argc(), Errors.SYNTAX);
            limit = call.longArg(i + 1, LIMIT_NEGATIVE);
            Call.require(limit >= 0, LIMIT_NEGATIVE);
        }
        call.reply().integer(intersection(sources(call, 2, end), limit == 0 ? Long.MAX_VALUE : limit).size());
    }

    /** The sets at arguments {@code from} (inclusive) to {@code to} (exclusive), {@code null} for missing keys. */
    private static List<SetValue> sources(Call call, int from, int to) {
        List<SetValue> sets = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            sets.add(call.db().set(call.arg(i), false));
        }
        return sets;
    }

    /** Members of every set, at most {@code limit} of them; a missing set makes it empty. */
    private static List<byte[]> intersection(List<SetValue> sets, long limit) {
        List<byte[]> result = new ArrayList<>();
        if (sets.contains(null)) {
            return result;
        }
        List<SetValue> bySize = new ArrayList<>(sets);
        bySize.sort(Comparator.comparingLong(SetValue::size));
        List<SetValue> others = bySize.subList(1, bySize.size());
        bySize.get(0).forEach(member -> {
            if (result.size() < limit && others.stream().allMatch(set -> set.contains(member))) {
                result.add(member);
            }
        });
        return result;
    }

    private static List<byte[]> union(List<SetValue> sets) {
        List<byte[]> result = new ArrayList<>();
        Set<ByteBuffer> seen = new HashSet<>(); // ByteBuffer.wrap gives byte[] content equality
        for (SetValue set : sets) {
            if (set != null) {
                set.forEach(member -> {
                    if (seen.add(ByteBuffer.wrap(member))) {
                        result.add(member);
                    }
                });
            }
        }
        return result;
    }

    /** Members of the first set that no other set holds. */
    private static List<byte[]> difference(List<SetValue> sets) {
        List<byte[]> result = new ArrayList<>();
        SetValue first = sets.get(0);
        if (first == null) {
            return result;
        }
        List<SetValue> others = sets.subList(1, sets.size());
        first.forEach(member -> {
            if (others.stream().noneMatch(set -> set != null && set.contains(member))) {
                result.add(member);
            }
        });
        return result;
    }

    /** The STORE forms: replaces the key at argument 1, of any type, with {@code members}; none deletes it. */
    private static void store(Call call, List<byte[]> members) {
        call.db().delete(call.arg(1));
        if (!members.isEmpty()) {
            SetValue destination = call.db().set(call.arg(1), true);
            members.forEach(destination::add);
        }
        call.reply().integer(members.size());
    }

    private static void replySet(Call call, List<byte[]> members) {
        call.reply().set(members.size());
        members.forEach(call.reply()::bulk);
    }

    static void sscan(Call call) {
        ScanOptions.cursor(call, 2);
        SetValue set = call.db().set(call.arg(1), false);
        List<byte[]> elements = new ArrayList<>();
        if (set != null) {
            // Redis validates the options only when the key exists
            ScanOptions options = ScanOptions.parse(call, 3, false);
            set.forEach(member -> {
                if (options.matches(member)) {
                    elements.add(member);
                }
            });
        }
        ScanOptions.replyComplete(call, elements);
    }
}
