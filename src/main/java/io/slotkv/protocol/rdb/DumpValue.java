package io.slotkv.protocol.rdb;

import java.util.List;

/**
 * A decoded payload: what RESTORE writes into the keyspace, in the same shape whichever of Redis's encodings the
 * payload used. {@link DumpReader} only builds values Redis would accept: collections are never empty, members and
 * fields are distinct, and scores are never NaN.
 */
public sealed interface DumpValue {
    /** A string value. */
    record StringValue(byte[] value) implements DumpValue {}

    /** A list, head first. */
    record ListValue(List<byte[]> elements) implements DumpValue {}

    /** A set; its members are distinct. */
    record SetValue(List<byte[]> members) implements DumpValue {}

    /** A hash: {@code values.get(i)} belongs to {@code fields.get(i)}; fields are distinct. */
    record HashValue(List<byte[]> fields, List<byte[]> values) implements DumpValue {}

    /** A sorted set: {@code scores[i]} belongs to {@code members.get(i)}; members are distinct, no score is NaN. */
    record ZSetValue(List<byte[]> members, double[] scores) implements DumpValue {}
}
