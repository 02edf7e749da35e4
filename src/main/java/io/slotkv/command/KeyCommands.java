package io.slotkv.command;

/** TODO. */
final class KeyCommands {
    private KeyCommands() {}

    static void del(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void exists(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void type(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void rename(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void renamenx(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void copy(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void expire(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void pexpire(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void expireat(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void pexpireat(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void ttl(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void pttl(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void expiretime(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void pexpiretime(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void persist(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void keys(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void scan(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void randomkey(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void touch(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void objectEncoding(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void objectIdletime(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void objectFreq(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void objectRefcount(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void objectHelp(Call call) {
        throw new CommandException("ERR not implemented");
    }
}
