package io.slotkv.command;

/** TODO. */
final class CommandCommands {
    private CommandCommands() {}

    static void all(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void count(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void info(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void docs(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void getKeys(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void list(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void help(Call call) {
        throw new CommandException("ERR not implemented");
    }
}
