package io.slotkv.command;

/** TODO. */
final class HashCommands {
    private HashCommands() {}

    static void hset(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void hsetnx(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void hget(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void hmset(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void hmget(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void hdel(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void hlen(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void hstrlen(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void hexists(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void hkeys(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void hvals(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void hgetall(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void hincrby(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void hincrbyfloat(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void hscan(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void hrandfield(Call call) {
        throw new CommandException("ERR not implemented");
    }
}
