package io.slotkv.protocol;

/**
 * A request stream that cannot be parsed. Like Redis, the server answers with the message and then closes the
 * connection, because the byte stream can no longer be trusted to be in sync.
 *
 * <p>The message is the complete error reply, code included ("ERR Protocol error: invalid bulk length").
 */
public final class ProtocolException extends Exception {
    public ProtocolException(String message) {
        super(message, null, false, false);
    }
}
