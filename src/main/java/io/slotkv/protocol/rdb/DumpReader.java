package io.slotkv.protocol.rdb;

/** STUB. */
public final class DumpReader {
    public static boolean verify(byte[] payload) { return false; }
    public static DumpValue read(byte[] payload) throws DumpFormatException { throw new DumpFormatException(); }
}
