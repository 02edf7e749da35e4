package io.slotkv.migration;

import io.slotkv.store.StagedValue;
import io.slotkv.store.ValueType;
import java.util.Arrays;

/**
 * A big key arriving on a range move's stream as numbered chunks, staged out of sight until the sender commits it.
 * The numbering is what makes a cut harmless: after a cut the sender asks how many chunks are staged and goes on
 * from there, or starts the key again from chunk 0, which replaces whatever was staged; a chunk that does not
 * follow the last one applied is refused rather than mixed into the wrong value.
 */
public final class StagedKey {
    private final byte[] key;
    private final StagedValue value;
    private long chunks;

    public StagedKey(byte[] key, StagedValue value) {
        this.key = key;
        this.value = value;
    }

    public StagedValue value() {
        return value;
    }

    /** Whether chunk {@code number} of {@code key}, a {@code type}, is the one that comes next. */
    public boolean follows(byte[] key, ValueType type, long number) {
        return Arrays.equals(this.key, key) && value.type() == type && number == chunks;
    }

    /** How many chunks of {@code key} are staged: 0 when another key, or none, is. */
    public long chunks(byte[] key) {
        return Arrays.equals(this.key, key) ? chunks : 0;
    }

    /** Counts one more chunk applied. */
    public void applied() {
        chunks++;
    }

    /** Whether {@code key} is staged whole: all its {@code chunks} applied, {@code size} elements in all. */
    public boolean complete(byte[] key, long chunks, long size) {
        return Arrays.equals(this.key, key) && this.chunks == chunks && value.size() == size;
    }
}
