package io.slotkv.protocol.rdb;

/**
 * A payload that is not a well-formed value: checked, because every RESTORE of bytes from the network must decide
 * what to answer when they are damaged or hostile. The message says what is wrong.
 */
public final class DumpFormatException extends Exception {
    public DumpFormatException(String message) {
        super(message);
    }
}
