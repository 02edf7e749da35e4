package io.slotkv.command;

/**
 * Ends a command with an error reply. Commands validate before they change anything, so throwing one never leaves
 * a half-applied change; the dispatcher discards any partial reply and writes the message.
 */
public final class CommandException extends RuntimeException {
    public CommandException(String redisError) {
        super(redisError, null, false, false);
    }
}
