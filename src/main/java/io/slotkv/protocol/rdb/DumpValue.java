package io.slotkv.protocol.rdb;

/** STUB. */
public sealed interface DumpValue {
    record StringValue(byte[] value) implements DumpValue {}
    record ListValue(java.util.List<byte[]> elements) implements DumpValue {}
    record SetValue(java.util.List<byte[]> members) implements DumpValue {}
    record HashValue(java.util.List<byte[]> fields, java.util.List<byte[]> values) implements DumpValue {}
    record ZSetValue(java.util.List<byte[]> members, double[] scores) implements DumpValue {}
}
