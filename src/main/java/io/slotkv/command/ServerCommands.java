package io.slotkv.command;

/** TODO. */
final class ServerCommands {
    private ServerCommands() {}

    static void info(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void dbsize(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void flushdb(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void flushall(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void time(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void shutdown(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void debug(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void monitor(Call call) {
        throw new CommandException("ERR not implemented");
    }
}
