package io.slotkv.store;

import java.util.function.Consumer;

/** A set value as commands see it. Writes follow the same rules as {@link HashValue}'s. */
public interface SetValue {
    long size();

    boolean contains(byte[] member);

    /** True when the member is new. */
    boolean add(byte[] member);

    /** True when the member existed. */
    boolean remove(byte[] member);

    void forEach(Consumer<byte[]> action);

    /** The member at position {@code index} of the iteration order ({@code 0 <= index < size()}). */
    byte[] memberAt(long index);
}
