package io.slotkv.store.memory;

import java.util.Arrays;

/** A {@code byte[]} with value equality and a cached hash, to key Java maps by binary-safe strings. */
record ByteKey(byte[] bytes, int hash) {
    static ByteKey of(byte[] bytes) {
        return new ByteKey(bytes, Arrays.hashCode(bytes));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ByteKey k && k.hash == hash && Arrays.equals(k.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
