package io.slotkv.command;

/** TODO. */
final class ListCommands {
    private ListCommands() {}

    static void lpush(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void rpush(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void lpushx(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void rpushx(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void lpop(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void rpop(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void llen(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void lrange(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void lindex(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void lset(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void linsert(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void lrem(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void ltrim(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void lpos(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void lmove(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void rpoplpush(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void blpop(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void brpop(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void blmove(Call call) {
        throw new CommandException("ERR not implemented");
    }
}
