package io.slotkv.protocol.rdb;

/** STUB. */
public final class DumpFormatException extends Exception {
}
