package io.slotkv.command;

/** TODO. */
final class SetCommands {
    private SetCommands() {}

    static void sadd(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void srem(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void smembers(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void sismember(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void smismember(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void scard(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void spop(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void srandmember(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void smove(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void sinter(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void sunion(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void sdiff(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void sinterstore(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void sunionstore(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void sdiffstore(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void sintercard(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void sscan(Call call) {
        throw new CommandException("ERR not implemented");
    }
}
