package io.slotkv.command;

/** TODO. */
final class ConfigCommands {
    private ConfigCommands() {}

    static void get(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void set(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void resetStat(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void help(Call call) {
        throw new CommandException("ERR not implemented");
    }
}
