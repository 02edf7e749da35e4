package io.slotkv.command;

/** TODO. */
final class BitmapCommands {
    private BitmapCommands() {}

    static void setbit(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void getbit(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void bitcount(Call call) {
        throw new CommandException("ERR not implemented");
    }

    static void bitpos(Call call) {
        throw new CommandException("ERR not implemented");
    }
}
