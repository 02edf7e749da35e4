package io.slotkv.store.memory;

/**
 * Redis's default thresholds for its compact encodings, used to report the encoding Redis would have chosen so
 * OBJECT ENCODING answers what tools expect.
 */
final class Encodings {
    /** zset-max-listpack-entries. */
    static final int MAX_LISTPACK_ENTRIES = 128;

    /** hash-max-listpack-entries: Redis allows hashes more compact entries than sorted sets. */
    static final int MAX_HASH_LISTPACK_ENTRIES = 512;

    /** hash-max-listpack-value and zset-max-listpack-value. */
    static final int MAX_LISTPACK_VALUE = 64;

    /** set-max-intset-entries. */
    static final int MAX_INTSET_ENTRIES = 512;

    private Encodings() {}
}
