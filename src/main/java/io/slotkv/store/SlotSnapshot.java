package io.slotkv.store;

/**
 * A frozen, ordered view of the keys of a range of slots: what moving slots to another node reads, so that the
 * keys sent are one consistent state of the slots however the live keyspace changes meanwhile. It keeps its
 * position between calls (a key, and the elements of a big collection, can be read a bounded piece at a time),
 * so a mover working in time slices resumes where it stopped; the position is the cursor.
 *
 * <p>Keys come slot by slot, in the engine's order within a slot (byte order on RocksDB). Keys already expired when
 * the snapshot was taken are skipped. Owned by the shard thread, like the keyspace that made it; {@link #close()}
 * releases what it pins (a RocksDB snapshot keeps old versions of the data from being compacted away).
 */
public interface SlotSnapshot extends AutoCloseable {
    /** Moves to the next key; false when the range is exhausted. */
    boolean next();

    int slot();

    byte[] key();

    ValueType type();

    /** Absolute expiry in Unix milliseconds, or {@link Keyspace#NO_EXPIRY}. */
    long expireAt();

    /** Elements of the current collection. */
    long size();

    /** The value of the current key, a string. */
    byte[] string();

    /**
     * Visits up to {@code max} more elements of the current collection, after those earlier calls visited: hash
     * fields with their values and set members in the engine's order, list elements from the head, sorted-set
     * members with their scores.
     *
     * @return true while elements remain for a later call
     */
    boolean elements(int max, ElementVisitor visitor);

    @Override
    void close();

    /** One element of a collection; {@code value} is set for hashes only, {@code score} for sorted sets only. */
    @FunctionalInterface
    interface ElementVisitor {
        void element(byte[] element, byte[] value, double score);
    }
}
