package io.slotkv.store;

import java.util.List;

/**
 * A list value as commands see it. Indexes are zero-based from the head and always in range
 * ({@code 0 <= index < size()}); commands translate Redis's negative indexes before calling.
 */
public interface ListValue {
    long size();

    byte[] get(long index);

    void set(long index, byte[] value);

    void push(boolean head, byte[] value);

    /** Removes and returns the head or tail element; the list must not be empty. */
    byte[] pop(boolean head);

    /** Inserts {@code value} so that it ends up at {@code index} ({@code 0 <= index <= size()}). */
    void insert(long index, byte[] value);

    /** Removes and returns the element at {@code index}. */
    byte[] remove(long index);

    /** Elements {@code from..to}, both inclusive and in range. */
    List<byte[]> range(long from, long to);

    /** Keeps only elements {@code from..to} (inclusive); {@code from > to} empties the list. */
    void trim(long from, long to);
}
