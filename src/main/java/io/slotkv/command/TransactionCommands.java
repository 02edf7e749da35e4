package io.slotkv.command;

/** TODO. */
final class TransactionCommands {
    private TransactionCommands() {}

    static void multi(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void exec(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void discard(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void watch(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void unwatch(Call call) {
        throw new CommandException("ERR not implemented");
    }
}
