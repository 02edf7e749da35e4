package io.slotkv.command;

/** TODO. */
final class StringCommands {
    private StringCommands() {}

    static void get(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void set(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void setnx(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void setex(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void psetex(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void getset(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void getdel(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void getex(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void mget(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void mset(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void msetnx(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void incr(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void decr(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void incrby(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void decrby(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void incrbyfloat(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void append(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void strlen(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void getrange(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void setrange(Call call) {
        throw new CommandException("ERR not implemented");
    }
}
