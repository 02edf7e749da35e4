package io.slotkv.store;

/**
 * The disk refused a read or a write (full, failing, corrupt). The command that hit it gets an error reply and
 * its writes are dropped; the server keeps serving.
 */
public final class StorageException extends RuntimeException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
