package io.slotkv.command;

/** TODO. */
final class SortedSetCommands {
    private SortedSetCommands() {}

    static void zadd(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void zincrby(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void zrem(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void zcard(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void zscore(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void zmscore(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void zrank(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void zrevrank(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void zrange(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void zrangestore(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void zrangebyscore(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void zrevrangebyscore(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void zrangebylex(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void zrevrangebylex(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void zrevrange(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void zcount(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void zlexcount(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void zpopmin(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void zpopmax(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void bzpopmin(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void bzpopmax(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void zremrangebyrank(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void zremrangebyscore(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void zremrangebylex(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void zunion(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void zinter(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void zdiff(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void zunionstore(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void zinterstore(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void zdiffstore(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void zrandmember(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void zscan(Call call) {
        throw new CommandException("ERR not implemented");
    }
}
