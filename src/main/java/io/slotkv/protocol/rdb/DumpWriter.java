package io.slotkv.protocol.rdb;

/** STUB. */
public final class DumpWriter {
    public static byte[] string(byte[] value) { throw new UnsupportedOperationException(); }
    public static DumpWriter list(long size) { throw new UnsupportedOperationException(); }
    public static DumpWriter set(long size) { throw new UnsupportedOperationException(); }
    public static DumpWriter hash(long size) { throw new UnsupportedOperationException(); }
    public static DumpWriter zset(long size) { throw new UnsupportedOperationException(); }
    public void element(byte[] element) { }
    public void field(byte[] field, byte[] value) { }
    public void member(byte[] member, double score) { }
    public long bytes() { return 0; }
    public byte[] finish() { return null; }
}
