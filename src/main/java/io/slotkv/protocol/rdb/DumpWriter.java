package io.slotkv.protocol.rdb;

import java.util.Locale;

/**
 * Builds one DUMP payload a piece at a time, so a big collection is encoded in slices by the caller (DUMP, MIGRATE)
 * without holding the server for the whole of it.
 *
 * <p>It writes RDB version 9, which every Redis from 5.0 on RESTOREs, in the plain encodings all of them read:
 * strings (decimal integers of at most 32 bits in RDB's integer form, as Redis writes them), lists, sets and hashes
 * as counted strings, sorted sets with binary scores. Strings are not compressed.
 */
public final class DumpWriter {
    /** The RDB version written: that of Redis 5 and 6, so that every Redis from 5.0 on accepts the payload. */
    public static final int VERSION = 9;

    private enum Shape { LIST, SET, HASH, ZSET }

    private final Shape shape;
    private final long size;
    private final RdbOutput out = new RdbOutput();
    private long written;
    private boolean finished;

    private DumpWriter(Shape shape, int type, long size) {
        if (size < 1) {
            throw new IllegalArgumentException("a collection needs at least one element, not " + size);
        }
        this.shape = shape;
        this.size = size;
        out.type(type);
        out.length(size);
    }

    /** A whole string payload. */
    public static byte[] string(byte[] value) {
        RdbOutput out = new RdbOutput();
        out.type(RdbType.STRING);
        out.string(value);
        return out.finish(VERSION);
    }

    /** A list of {@code size} elements: then {@code size} × {@link #element}, head first, then {@link #finish}. */
    public static DumpWriter list(long size) {
        return new DumpWriter(Shape.LIST, RdbType.LIST, size);
    }

    /** A set of {@code size} distinct members, each given to {@link #element}. */
    public static DumpWriter set(long size) {
        return new DumpWriter(Shape.SET, RdbType.SET, size);
    }

    /** A hash of {@code size} distinct fields, each given to {@link #field}. */
    public static DumpWriter hash(long size) {
        return new DumpWriter(Shape.HASH, RdbType.HASH, size);
    }

    /** A sorted set of {@code size} distinct members, each given to {@link #member}. */
    public static DumpWriter zset(long size) {
        return new DumpWriter(Shape.ZSET, RdbType.ZSET_2, size);
    }

    /** The next list element or set member. */
    public void element(byte[] element) {
        next("element", Shape.LIST, Shape.SET);
        out.string(element);
        out.checksum();
    }

    /** The next hash field and its value. */
    public void field(byte[] field, byte[] value) {
        next("field", Shape.HASH, Shape.HASH);
        out.string(field);
        out.string(value);
        out.checksum();
    }

    /** The next sorted-set member and its score, which must not be NaN. */
    public void member(byte[] member, double score) {
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException("a score cannot be NaN");
        }
        next("member", Shape.ZSET, Shape.ZSET);
        out.string(member);
        out.binaryDouble(score);
        out.checksum();
    }

    /** Bytes encoded so far (for progress and limits). */
    public long bytes() {
        return out.size();
    }

    /** The payload; IllegalStateException unless exactly the declared number of items was written. */
    public byte[] finish() {
        requireOpen();
        if (written != size) {
            throw new IllegalStateException(written + " of " + size + " items written");
        }
        finished = true;
        return out.finish(VERSION);
    }

    private void next(String item, Shape expected, Shape alsoExpected) {
        requireOpen();
        if (shape != expected && shape != alsoExpected) {
            throw new IllegalStateException("a " + shape.name().toLowerCase(Locale.ROOT) + " payload has no " + item
                    + " items");
        }
        if (written == size) {
            throw new IllegalStateException("all " + size + " items are already written");
        }
        written++;
    }

    private void requireOpen() {
        if (finished) {
            throw new IllegalStateException("the payload is finished");
        }
    }
}
