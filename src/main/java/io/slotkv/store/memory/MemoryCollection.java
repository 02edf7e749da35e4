package io.slotkv.store.memory;

import io.slotkv.store.ValueType;

/** What the memory engine needs from every collection value besides its typed view. */
interface MemoryCollection {
    ValueType type();

    long size();

    /** Redis's name for the encoding this value would have (for OBJECT ENCODING). */
    String encoding();

    /** A deep copy (for COPY). */
    MemoryCollection copy();

    /** Counts changes, so the keyspace can tell whether a command modified a collection it handed out. */
    int modCount();
}
