package io.slotkv.command;

/** The implementation of one command: reads the call's arguments and writes exactly one reply. */
@FunctionalInterface
public interface CommandHandler {
    void execute(Call call);
}
