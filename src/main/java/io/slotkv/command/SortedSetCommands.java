package io.slotkv.command;

import static io.slotkv.command.Call.require;

import io.slotkv.protocol.Numbers;
import io.slotkv.protocol.RespWriter;
import io.slotkv.store.LexRange;
import io.slotkv.store.ScoreRange;
import io.slotkv.store.ScoredMember;
import io.slotkv.store.SetValue;
import io.slotkv.store.ValueType;
import io.slotkv.store.WrongTypeException;
import io.slotkv.store.ZSetValue;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Sorted-set commands: ZADD ZINCRBY ZREM ZCARD ZSCORE ZMSCORE ZRANK ZREVRANK; the range family ZRANGE ZRANGESTORE
 * ZRANGEBYSCORE ZREVRANGEBYSCORE ZRANGEBYLEX ZREVRANGEBYLEX ZREVRANGE; ZCOUNT ZLEXCOUNT; ZPOPMIN ZPOPMAX BZPOPMIN
 * BZPOPMAX; ZREMRANGEBYRANK ZREMRANGEBYSCORE ZREMRANGEBYLEX; ZUNION ZINTER ZDIFF ZUNIONSTORE ZINTERSTORE
 * ZDIFFSTORE; ZRANDMEMBER and ZSCAN.
 *
 * <p>As in Redis, every legacy range command is ZRANGE with some options fixed, so one parser turns all of them
 * into a {@link RangeQuery}; the set operations share one parser and one evaluator whether they reply or store.
 * Scores are replied with {@link RespWriter#doubleValue}, and WITHSCORES pairs are nested in RESP3 as Redis 7 does.
 */
final class SortedSetCommands {
    private static final String XX_AND_NX = "ERR XX and NX options at the same time are not compatible";
    private static final String GT_LT_NX = "ERR GT, LT, and/or NX options at the same time are not compatible";
    private static final String INCR_PAIR = "ERR INCR option supports a single increment-element pair";
    private static final String NAN_SCORE = "ERR resulting score is not a number (NaN)";
    private static final String LIMIT_NEEDS_BY =
            "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX";
    private static final String WITHSCORES_BYLEX =
            "ERR syntax error, WITHSCORES not supported in combination with BYLEX";
    private static final String WEIGHT_NOT_FLOAT = "ERR weight value is not a float";
    private static final String OUT_OF_RANGE = "ERR value is out of range";

    /** A decimal's syntax, for the ones {@link Numbers#parseDouble} refuses as out of range ("1e400"). */
    private static final Pattern OUT_OF_RANGE_DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    /** A lex range nothing falls in: what "+" as minimum or "-" as maximum mean. No member sorts below "". */
    private static final LexRange NO_MEMBERS = new LexRange(null, false, new byte[0], true);

    /** Reply order of computed results: by score, then member bytes; {@code + 0.0} makes -0 equal 0. */
    private static final Comparator<ScoredMember> ORDER = Comparator
            .comparingDouble((ScoredMember m) -> m.score() + 0.0)
            .thenComparing(ScoredMember::member, Arrays::compareUnsigned);

    private SortedSetCommands() {}

    // ---------------------------------------------------------------- ZADD, ZINCRBY

    private enum AddFlag { NX, XX, GT, LT, CH, INCR }

    /** What adding one member did. */
    private enum Outcome { ADDED, UPDATED, UNCHANGED, SKIPPED }

    /** ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...] */
    static void zadd(Call call) {
        EnumSet<AddFlag> flags = EnumSet.noneOf(AddFlag.class);
        int first = 2;
        for (AddFlag flag; first < call.argc() && (flag = addFlag(call, first)) != null; first++) {
            flags.add(flag);
        }
        int elements = call.argc() - first;
        require(elements > 0 && elements % 2 == 0, Errors.SYNTAX);
        require(!(flags.contains(AddFlag.NX) && flags.contains(AddFlag.XX)), XX_AND_NX);
        int exclusive = (flags.contains(AddFlag.NX) ? 1 : 0) + (flags.contains(AddFlag.GT) ? 1 : 0)
                + (flags.contains(AddFlag.LT) ? 1 : 0);
        require(exclusive <= 1, GT_LT_NX);
        require(!flags.contains(AddFlag.INCR) || elements == 2, INCR_PAIR);
        double[] scores = new double[elements / 2];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = call.doubleArg(first + 2 * i);
        }
        ZSetValue zset = call.db().zset(call.arg(1), !flags.contains(AddFlag.XX));
        if (flags.contains(AddFlag.INCR)) {
            byte[] member = call.arg(first + 1);
            replyIncrement(call, zset, member, zset == null ? Outcome.SKIPPED : add(zset, member, scores[0], flags));
            return;
        }
        long changed = 0;
        for (int i = 0; zset != null && i < scores.length; i++) {
            Outcome outcome = add(zset, call.arg(first + 2 * i + 1), scores[i], flags);
            if (outcome == Outcome.ADDED || (outcome == Outcome.UPDATED && flags.contains(AddFlag.CH))) {
                changed++;
            }
        }
        call.reply().integer(changed);
    }

    private static AddFlag addFlag(Call call, int index) {
        for (AddFlag flag : AddFlag.values()) {
            if (call.is(index, flag.name())) {
                return flag;
            }
        }
        return null;
    }

    /** ZINCRBY key increment member: ZADD INCR without conditions. */
    static void zincrby(Call call) {
        double increment = call.doubleArg(2);
        ZSetValue zset = call.db().zset(call.arg(1), true);
        replyIncrement(call, zset, call.arg(3), add(zset, call.arg(3), increment, EnumSet.of(AddFlag.INCR)));
    }

    /** Adds or updates one member as ZADD's {@code flags} allow. Throws before changing anything on NaN. */
    private static Outcome add(ZSetValue zset, byte[] member, double score, EnumSet<AddFlag> flags) {
        Double current = zset.score(member);
        if (current == null) {
            if (flags.contains(AddFlag.XX)) {
                return Outcome.SKIPPED;
            }
            put(zset, member, score);
            return Outcome.ADDED;
        }
        if (flags.contains(AddFlag.NX)) {
            return Outcome.SKIPPED;
        }
        double updated = flags.contains(AddFlag.INCR) ? current + score : score;
        if (Double.isNaN(updated)) {
            throw new CommandException(NAN_SCORE);
        }
        if ((flags.contains(AddFlag.GT) && updated <= current) || (flags.contains(AddFlag.LT) && updated >= current)) {
            return Outcome.SKIPPED;
        }
        if (updated == current) {
            return Outcome.UNCHANGED;
        }
        put(zset, member, updated);
        return Outcome.UPDATED;
    }

    /** Stores a score as Redis's compact encoding does, which writes -0 as 0 (ZSCORE then answers "0"). */
    private static void put(ZSetValue zset, byte[] member, double score) {
        zset.put(member, score + 0.0);
    }

    /** The new score, or null when a condition prevented the increment. */
    private static void replyIncrement(Call call, ZSetValue zset, byte[] member, Outcome outcome) {
        if (outcome == Outcome.SKIPPED) {
            call.reply().nullBulk();
        } else {
            call.reply().doubleValue(zset.score(member));
        }
    }

    // ---------------------------------------------------------------- single-member reads and writes

    static void zrem(Call call) {
        ZSetValue zset = call.db().zset(call.arg(1), false);
        long removed = 0;
        for (int i = 2; zset != null && i < call.argc(); i++) {
            if (zset.remove(call.arg(i))) {
                removed++;
            }
        }
        call.reply().integer(removed);
    }

    static void zcard(Call call) {
        ZSetValue zset = call.db().zset(call.arg(1), false);
        call.reply().integer(zset == null ? 0 : zset.size());
    }

    static void zscore(Call call) {
        replyScore(call, call.db().zset(call.arg(1), false), call.arg(2));
    }

    static void zmscore(Call call) {
        ZSetValue zset = call.db().zset(call.arg(1), false);
        call.reply().array(call.argc() - 2);
        for (int i = 2; i < call.argc(); i++) {
            replyScore(call, zset, call.arg(i));
        }
    }

    private static void replyScore(Call call, ZSetValue zset, byte[] member) {
        Double score = zset == null ? null : zset.score(member);
        if (score == null) {
            call.reply().nullBulk();
        } else {
            call.reply().doubleValue(score);
        }
    }

    static void zrank(Call call) {
        rank(call, false);
    }

    static void zrevrank(Call call) {
        rank(call, true);
    }

    /** Z[REV]RANK key member [WITHSCORE] (WITHSCORE as Redis 7.2: [rank, score], or a null array). */
    private static void rank(Call call, boolean reverse) {
        require(call.argc() <= 4, Errors.arity(call.spec().name()));
        boolean withScore = call.argc() == 4;
        require(!withScore || call.is(3, "WITHSCORE"), Errors.SYNTAX);
        ZSetValue zset = call.db().zset(call.arg(1), false);
        long rank = zset == null ? -1 : zset.rank(call.arg(2));
        if (rank < 0) {
            if (withScore) {
                call.reply().nullArray();
            } else {
                call.reply().nullBulk();
            }
            return;
        }
        if (reverse) {
            rank = zset.size() - 1 - rank;
        }
        if (withScore) {
            call.reply().array(2);
            call.reply().integer(rank);
            call.reply().doubleValue(zset.score(call.arg(2)));
        } else {
            call.reply().integer(rank);
        }
    }

    // ---------------------------------------------------------------- ranges

    private enum RangeKind { RANK, SCORE, LEX }

    /** A parsed ZRANGE-family request: what selects the members from a sorted set, and the reply's shape. */
    private record RangeQuery(Function<ZSetValue, List<ScoredMember>> selector, boolean withScores) {
        /** The selected members in reply order; none for a missing key. */
        List<ScoredMember> select(ZSetValue zset) {
            return zset == null ? List.of() : selector.apply(zset);
        }
    }

    /** ZRANGE key start stop [BYSCORE|BYLEX] [REV] [LIMIT offset count] [WITHSCORES] */
    static void zrange(Call call) {
        replyRange(call, parseRange(call, 1, null, false, false));
    }

    /** ZRANGESTORE dst src start stop [BYSCORE|BYLEX] [REV] [LIMIT offset count] */
    static void zrangestore(Call call) {
        RangeQuery query = parseRange(call, 2, null, false, true);
        store(call, call.arg(1), query.select(call.db().zset(call.arg(2), false)));
    }

    static void zrangebyscore(Call call) {
        replyRange(call, parseRange(call, 1, RangeKind.SCORE, false, false));
    }

    static void zrevrangebyscore(Call call) {
        replyRange(call, parseRange(call, 1, RangeKind.SCORE, true, false));
    }

    static void zrangebylex(Call call) {
        replyRange(call, parseRange(call, 1, RangeKind.LEX, false, false));
    }

    static void zrevrangebylex(Call call) {
        replyRange(call, parseRange(call, 1, RangeKind.LEX, true, false));
    }

    static void zrevrange(Call call) {
        replyRange(call, parseRange(call, 1, RangeKind.RANK, true, false));
    }

    private static void replyRange(Call call, RangeQuery query) {
        replyMembers(call, query.select(call.db().zset(call.arg(1), false)), query.withScores());
    }

    /**
     * Parses "key min max [options]" with the key at {@code keyIndex}. A null {@code kind} is ZRANGE's syntax, where
     * BYSCORE, BYLEX and REV choose the kind and direction; the legacy commands pass theirs fixed and refuse those
     * words. {@code store} (ZRANGESTORE) refuses WITHSCORES.
     */
    private static RangeQuery parseRange(Call call, int keyIndex, RangeKind kind, boolean reverse, boolean store) {
        boolean chosen = kind != null;
        boolean withScores = false;
        long offset = 0;
        long limit = -1;
        for (int i = keyIndex + 3; i < call.argc(); i++) {
            if (!store && call.is(i, "WITHSCORES")) {
                withScores = true;
            } else if (call.is(i, "LIMIT") && i + 2 < call.argc()) {
                offset = call.longArg(i + 1);
                limit = call.longArg(i + 2);
                i += 2;
            } else if (!chosen && !reverse && call.is(i, "REV")) {
                reverse = true;
            } else if (kind == null && call.is(i, "BYSCORE")) {
                kind = RangeKind.SCORE;
            } else if (kind == null && call.is(i, "BYLEX")) {
                kind = RangeKind.LEX;
            } else {
                throw new CommandException(Errors.SYNTAX);
            }
        }
        if (kind == null) {
            kind = RangeKind.RANK;
        }
        // As Redis, a LIMIT whose count is -1 (everything) is tolerated on a rank range.
        require(kind != RangeKind.RANK || limit == -1, LIMIT_NEEDS_BY);
        require(kind != RangeKind.LEX || !withScores, WITHSCORES_BYLEX);
        boolean swapped = reverse && kind != RangeKind.RANK; // reversed score and lex ranges are written max min
        int min = keyIndex + (swapped ? 2 : 1);
        int max = keyIndex + (swapped ? 1 : 2);
        return new RangeQuery(selector(call, kind, min, max, reverse, offset, limit), withScores);
    }

    /** Parses the bounds at {@code min} and {@code max}; returns what selects the members they delimit. */
    private static Function<ZSetValue, List<ScoredMember>> selector(
            Call call, RangeKind kind, int min, int max, boolean reverse, long offset, long limit) {
        switch (kind) {
            case RANK -> {
                long start = call.longArg(min);
                long stop = call.longArg(max);
                return zset -> byRank(zset, start, stop, reverse);
            }
            case SCORE -> {
                ScoreRange range = scoreRange(call, min, max);
                return zset -> offset < 0 ? List.of() : zset.rangeByScore(range, reverse, offset, limit);
            }
            default -> {
                LexRange range = lexRange(call, min, max);
                return zset -> offset < 0 ? List.of() : zset.rangeByLex(range, reverse, offset, limit);
            }
        }
    }

    /** Members from rank {@code start} to {@code stop} (Redis index arithmetic), counted from the top if reversed. */
    private static List<ScoredMember> byRank(ZSetValue zset, long start, long stop, boolean reverse) {
        long size = zset.size();
        IndexRange range = IndexRange.of(start, stop, size);
        if (range == null) {
            return List.of();
        }
        if (!reverse) {
            return zset.rangeByRank(range.from(), range.to());
        }
        return zset.rangeByRank(size - 1 - range.to(), size - 1 - range.from()).reversed();
    }

    /** A score interval: "(" makes a bound exclusive; "-inf"/"+inf" are the open ends. */
    private static ScoreRange scoreRange(Call call, int min, int max) {
        byte[] low = call.arg(min);
        byte[] high = call.arg(max);
        boolean lowExclusive = low.length > 0 && low[0] == '(';
        boolean highExclusive = high.length > 0 && high[0] == '(';
        return new ScoreRange(bound(low, lowExclusive ? 1 : 0), lowExclusive,
                bound(high, highExclusive ? 1 : 0), highExclusive);
    }

    /**
     * A score bound from {@code from} on, read as Redis reads it with plain strtod: leading spaces are skipped, an
     * empty text is 0, and decimals beyond the double range are infinite or zero rather than refused.
     */
    private static double bound(byte[] text, int from) {
        if (from == text.length) {
            return 0;
        }
        int start = from;
        while (start < text.length && (text[start] == ' ' || (text[start] >= '\t' && text[start] <= '\r'))) {
            start++;
        }
        byte[] number = Arrays.copyOfRange(text, start, text.length);
        Double value = Numbers.parseDouble(number);
        if (value != null) {
            return value;
        }
        String decimal = new String(number, StandardCharsets.ISO_8859_1);
        require(OUT_OF_RANGE_DECIMAL.matcher(decimal).matches(), Errors.MIN_MAX_NOT_FLOAT);
        return Double.parseDouble(decimal);
    }

    /** A member interval: "[m" inclusive, "(m" exclusive, "-" and "+" the open ends. */
    private static LexRange lexRange(Call call, int min, int max) {
        byte[] low = call.arg(min);
        byte[] high = call.arg(max);
        validateLexBound(low);
        validateLexBound(high);
        if (isOpenEnd(low, '+') || isOpenEnd(high, '-')) {
            return NO_MEMBERS;
        }
        return new LexRange(lexValue(low), low[0] == '(', lexValue(high), high[0] == '(');
    }

    private static void validateLexBound(byte[] bound) {
        boolean valid = bound.length > 0
                && (bound[0] == '[' || bound[0] == '(' || isOpenEnd(bound, '-') || isOpenEnd(bound, '+'));
        require(valid, Errors.MIN_MAX_NOT_STRING);
    }

    private static boolean isOpenEnd(byte[] bound, char end) {
        return bound.length == 1 && bound[0] == end;
    }

    /** The member of a "[m" or "(m" bound, or null for an open end. */
    private static byte[] lexValue(byte[] bound) {
        return bound[0] == '[' || bound[0] == '(' ? Arrays.copyOfRange(bound, 1, bound.length) : null;
    }

    static void zcount(Call call) {
        ScoreRange range = scoreRange(call, 2, 3);
        ZSetValue zset = call.db().zset(call.arg(1), false);
        call.reply().integer(zset == null ? 0 : zset.count(range));
    }

    static void zlexcount(Call call) {
        LexRange range = lexRange(call, 2, 3);
        ZSetValue zset = call.db().zset(call.arg(1), false);
        call.reply().integer(zset == null ? 0 : zset.lexCount(range));
    }

    static void zremrangebyrank(Call call) {
        removeRange(call, RangeKind.RANK);
    }

    static void zremrangebyscore(Call call) {
        removeRange(call, RangeKind.SCORE);
    }

    static void zremrangebylex(Call call) {
        removeRange(call, RangeKind.LEX);
    }

    /** ZREMRANGEBY{RANK,SCORE,LEX} key min max: removes what the equivalent ZRANGE would return. */
    private static void removeRange(Call call, RangeKind kind) {
        Function<ZSetValue, List<ScoredMember>> selector = selector(call, kind, 2, 3, false, 0, -1);
        ZSetValue zset = call.db().zset(call.arg(1), false);
        List<ScoredMember> doomed = zset == null ? List.of() : selector.apply(zset);
        for (ScoredMember member : doomed) {
            zset.remove(member.member());
        }
        call.reply().integer(doomed.size());
    }

    // ---------------------------------------------------------------- pops

    static void zpopmin(Call call) {
        pop(call, false);
    }

    static void zpopmax(Call call) {
        pop(call, true);
    }

    /** ZPOP{MIN,MAX} key [count]: a flat [member, score] without count, pairs (nested in RESP3) with one. */
    private static void pop(Call call, boolean max) {
        require(call.argc() <= 3, Errors.SYNTAX);
        boolean counted = call.argc() == 3;
        long count = counted ? call.longArg(2, Errors.NOT_POSITIVE) : 1;
        require(count >= 0, Errors.NOT_POSITIVE);
        ZSetValue zset = call.db().zset(call.arg(1), false);
        List<ScoredMember> popped = zset == null ? List.of() : popEnd(zset, count, max);
        replyMembers(call, popped, true, counted && call.reply().resp3());
    }

    /** Removes and returns up to {@code count} members from the low end, or the high end when {@code max}. */
    private static List<ScoredMember> popEnd(ZSetValue zset, long count, boolean max) {
        List<ScoredMember> popped = count == 0 ? List.of() : byRank(zset, 0, count - 1, max);
        for (ScoredMember member : popped) {
            zset.remove(member.member());
        }
        return popped;
    }

    static void bzpopmin(Call call) {
        blockingPop(call, false);
    }

    static void bzpopmax(Call call) {
        blockingPop(call, true);
    }

    /** BZPOP{MIN,MAX} key [key ...] timeout: [key, member, score] from the first non-empty key, else waits. */
    private static void blockingPop(Call call, boolean max) {
        long timeout = BlockingTimeout.millis(call, call.argc() - 1);
        List<byte[]> keys = Arrays.asList(call.argv()).subList(1, call.argc() - 1);
        for (byte[] key : keys) {
            ZSetValue zset = call.db().zset(key, false);
            if (zset != null && zset.size() > 0) {
                ScoredMember popped = popEnd(zset, 1, max).getFirst();
                call.reply().array(3);
                call.reply().bulk(key);
                call.reply().bulk(popped.member());
                call.reply().doubleValue(popped.score());
                return;
            }
        }
        call.block(ValueType.ZSET, keys, timeout, () -> call.reply().nullArray());
    }

    // ---------------------------------------------------------------- ZUNION, ZINTER, ZDIFF and their STORE forms

    private enum SetOp { UNION, INTER, DIFF }

    private enum Aggregate {
        SUM, MIN, MAX;

        double apply(double a, double b) {
            return switch (this) {
                case SUM -> zeroIfNaN(a + b); // inf + -inf: Redis's convention is 0
                case MIN -> Math.min(a, b);
                case MAX -> Math.max(a, b);
            };
        }
    }

    /** One input of a set operation: a sorted set, a plain set whose members score 1, or a missing key. */
    private record Source(ZSetValue zset, SetValue set, double weight) {
        long size() {
            return zset != null ? zset.size() : set != null ? set.size() : 0;
        }

        /** The weighted score of {@code member}, or null when absent. */
        Double score(byte[] member) {
            if (zset != null) {
                Double score = zset.score(member);
                return score == null ? null : weigh(score);
            }
            return set != null && set.contains(member) ? weigh(1) : null;
        }

        /** Visits every member with its weighted score. */
        void forEach(BiConsumer<byte[], Double> action) {
            if (zset != null) {
                for (ScoredMember member : zset.rangeByRank(0, zset.size() - 1)) {
                    action.accept(member.member(), weigh(member.score()));
                }
            } else if (set != null) {
                set.forEach(member -> action.accept(member, weigh(1)));
            }
        }

        private double weigh(double score) {
            return zeroIfNaN(score * weight); // inf * 0
        }

        Source weighted(double by) {
            return new Source(zset, set, by);
        }
    }

    private static double zeroIfNaN(double value) {
        return Double.isNaN(value) ? 0 : value;
    }

    static void zunion(Call call) {
        combine(call, SetOp.UNION, false);
    }

    static void zinter(Call call) {
        combine(call, SetOp.INTER, false);
    }

    static void zdiff(Call call) {
        combine(call, SetOp.DIFF, false);
    }

    static void zunionstore(Call call) {
        combine(call, SetOp.UNION, true);
    }

    static void zinterstore(Call call) {
        combine(call, SetOp.INTER, true);
    }

    static void zdiffstore(Call call) {
        combine(call, SetOp.DIFF, true);
    }

    /**
     * [dst] numkeys key [key ...] [WEIGHTS w ...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]: WEIGHTS and AGGREGATE are
     * not for ZDIFF, WITHSCORES not for the STORE forms. As in Redis, the keys' types are checked before the options.
     */
    private static void combine(Call call, SetOp op, boolean store) {
        int numkeysIndex = store ? 2 : 1;
        long numkeys = call.longArg(numkeysIndex);
        require(numkeys >= 1, "ERR at least 1 input key is needed for '" + call.spec().name() + "' command");
        require(numkeys <= call.argc() - numkeysIndex - 1, Errors.SYNTAX);
        Source[] sources = new Source[(int) numkeys];
        for (int i = 0; i < sources.length; i++) {
            sources[i] = source(call, call.arg(numkeysIndex + 1 + i));
        }
        Aggregate aggregate = Aggregate.SUM;
        boolean withScores = false;
        for (int i = numkeysIndex + 1 + sources.length; i < call.argc(); i++) {
            int left = call.argc() - i - 1;
            if (op != SetOp.DIFF && call.is(i, "WEIGHTS") && left >= sources.length) {
                for (int j = 0; j < sources.length; j++) {
                    sources[j] = sources[j].weighted(call.doubleArg(i + 1 + j, WEIGHT_NOT_FLOAT));
                }
                i += sources.length;
            } else if (op != SetOp.DIFF && call.is(i, "AGGREGATE") && left >= 1) {
                aggregate = aggregate(call, i + 1);
                i++;
            } else if (!store && call.is(i, "WITHSCORES")) {
                withScores = true;
            } else {
                throw new CommandException(Errors.SYNTAX);
            }
        }
        List<ScoredMember> result = evaluate(op, sources, aggregate);
        if (store) {
            store(call, call.arg(1), result);
        } else {
            result.sort(ORDER);
            replyMembers(call, result, withScores);
        }
    }

    private static Source source(Call call, byte[] key) {
        ValueType type = call.db().type(key);
        if (type == null) {
            return new Source(null, null, 1);
        }
        return switch (type) {
            case ZSET -> new Source(call.db().zset(key, false), null, 1);
            case SET -> new Source(null, call.db().set(key, false), 1);
            default -> throw new WrongTypeException();
        };
    }

    private static Aggregate aggregate(Call call, int index) {
        for (Aggregate aggregate : Aggregate.values()) {
            if (call.is(index, aggregate.name())) {
                return aggregate;
            }
        }
        throw new CommandException(Errors.SYNTAX);
    }

    /** The members and scores of the operation, in no particular order. */
    private static List<ScoredMember> evaluate(SetOp op, Source[] sources, Aggregate aggregate) {
        if (op != SetOp.DIFF) {
            // Smallest first, as Redis: less work for ZINTER, and sums add up in the same order.
            Arrays.sort(sources, Comparator.comparingLong(Source::size));
        }
        Map<ByteBuffer, Double> scores = new HashMap<>();
        switch (op) {
            case UNION -> {
                for (Source source : sources) {
                    source.forEach((member, score) -> scores.merge(ByteBuffer.wrap(member), score, aggregate::apply));
                }
            }
            case INTER -> sources[0].forEach((member, score) -> {
                double total = score;
                for (int i = 1; i < sources.length; i++) {
                    Double other = sources[i].score(member);
                    if (other == null) {
                        return;
                    }
                    total = aggregate.apply(total, other);
                }
                scores.put(ByteBuffer.wrap(member), total);
            });
            case DIFF -> sources[0].forEach((member, score) -> {
                for (int i = 1; i < sources.length; i++) {
                    if (sources[i].score(member) != null) {
                        return;
                    }
                }
                scores.put(ByteBuffer.wrap(member), score);
            });
        }
        List<ScoredMember> result = new ArrayList<>(scores.size());
        scores.forEach((member, score) -> result.add(new ScoredMember(member.array(), score)));
        return result;
    }

    // ---------------------------------------------------------------- ZRANDMEMBER, ZSCAN

    /** ZRANDMEMBER key [count [WITHSCORES]]: see {@link RandomPicks} for what the count means. */
    static void zrandmember(Call call) {
        if (call.argc() == 2) {
            ZSetValue zset = call.db().zset(call.arg(1), false);
            if (zset == null) {
                call.reply().nullBulk();
            } else {
                call.reply().bulk(memberAt(zset, ThreadLocalRandom.current().nextLong(zset.size())).member());
            }
            return;
        }
        long count = call.longArg(2);
        require(count != Long.MIN_VALUE, "ERR value is out of range, value must between -9223372036854775807 and "
                + "9223372036854775807");
        require(call.argc() == 3 || (call.argc() == 4 && call.is(3, "WITHSCORES")), Errors.SYNTAX);
        boolean withScores = call.argc() == 4;
        require(!withScores || Math.abs(count) <= Long.MAX_VALUE / 2, OUT_OF_RANGE);
        if (count == 0) {
            call.reply().array(0);
            return;
        }
        ZSetValue zset = call.db().zset(call.arg(1), false);
        List<ScoredMember> picks = new ArrayList<>();
        if (zset != null) {
            for (long position : RandomPicks.positions(zset.size(), count)) {
                picks.add(memberAt(zset, position));
            }
        }
        replyMembers(call, picks, withScores);
    }

    private static ScoredMember memberAt(ZSetValue zset, long rank) {
        return zset.rangeByRank(rank, rank).getFirst();
    }

    /** ZSCAN key cursor [MATCH pattern] [COUNT count]: the whole set at once, members and scores, cursor 0. */
    static void zscan(Call call) {
        ScanOptions.cursor(call, 2); // only validated: every reply is complete
        ZSetValue zset = call.db().zset(call.arg(1), false);
        List<byte[]> elements = new ArrayList<>();
        if (zset != null) { // as Redis, a missing key answers before the options are looked at
            ScanOptions options = ScanOptions.parse(call, 3, false);
            for (ScoredMember member : zset.rangeByRank(0, zset.size() - 1)) {
                if (options.matches(member.member())) {
                    elements.add(member.member());
                    elements.add(Numbers.formatDouble(member.score()).getBytes(StandardCharsets.US_ASCII));
                }
            }
        }
        ScanOptions.replyComplete(call, elements);
    }

    // ---------------------------------------------------------------- shared replies and stores

    private static void replyMembers(Call call, List<ScoredMember> members, boolean withScores) {
        replyMembers(call, members, withScores, withScores && call.reply().resp3());
    }

    /** Members, each followed by its score when asked; {@code nested} puts each pair in its own array. */
    private static void replyMembers(Call call, List<ScoredMember> members, boolean withScores, boolean nested) {
        RespWriter out = call.reply();
        out.array(withScores && !nested ? members.size() * 2 : members.size());
        for (ScoredMember member : members) {
            if (nested) {
                out.array(2);
            }
            out.bulk(member.member());
            if (withScores) {
                out.doubleValue(member.score());
            }
        }
    }

    /** Replaces {@code dst} with a sorted set of {@code members} (deletes it when there are none); replies the size. */
    private static void store(Call call, byte[] dst, List<ScoredMember> members) {
        call.db().delete(dst);
        if (!members.isEmpty()) {
            ZSetValue zset = call.db().zset(dst, true);
            for (ScoredMember member : members) {
                put(zset, member.member(), member.score());
            }
        }
        call.reply().integer(members.size());
    }
}
