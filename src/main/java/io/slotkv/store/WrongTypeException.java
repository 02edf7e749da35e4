package io.slotkv.store;

/**
 * Thrown when a command reaches a key holding another type. The dispatcher turns it into Redis's WRONGTYPE reply;
 * it is unchecked because any typed lookup can raise it and every caller answers it the same way.
 */
public final class WrongTypeException extends RuntimeException {
    /** Redis's reply text. */
    public static final String MESSAGE = "WRONGTYPE Operation against a key holding the wrong kind of value";

    public WrongTypeException() {
        super(MESSAGE, null, false, false);
    }
}
