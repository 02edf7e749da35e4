package io.slotkv.store;

import java.util.function.BiConsumer;

/**
 * A hash value as commands see it, whatever the engine's layout. Writes through a view are part of the command
 * that obtained it and become visible (and durable, for durable engines) when the keyspace commits.
 */
public interface HashValue {
    long size();

    /** The value of {@code field}, or {@code null}. */
    byte[] get(byte[] field);

    /** Sets {@code field}; true when the field is new. */
    boolean put(byte[] field, byte[] value);

    /** Removes {@code field}; true when it existed. */
    boolean remove(byte[] field);

    /** Visits every field in the engine's iteration order. */
    void forEach(BiConsumer<byte[], byte[]> action);

    /** The field at position {@code index} of the iteration order ({@code 0 <= index < size()}). */
    byte[] fieldAt(long index);
}
