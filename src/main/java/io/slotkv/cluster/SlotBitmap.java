package io.slotkv.cluster;

import io.slotkv.protocol.HashSlot;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.BitSet;

/**
 * An immutable set of hash slots as a bus message carries it: the slots a node claims (every PING, PONG and MEET
 * header) or the slots an UPDATE assigns. Immutable because messages cross threads and may be delivered twice.
 *
 * <p>The byte form is Redis's own bitmap layout: slot {@code s} is bit {@code s % 8} (least significant first) of
 * byte {@code s / 8}, 2048 bytes in all.
 */
public final class SlotBitmap {
    /** Size of the byte form. */
    public static final int BYTES = HashSlot.COUNT / 8;
    /** No slot at all. */
    public static final SlotBitmap EMPTY = new SlotBitmap(new BitSet());

    private final BitSet bits;

    private SlotBitmap(BitSet bits) {
        this.bits = bits;
    }

    /** A copy of {@code slots}; bits at or beyond {@link HashSlot#COUNT} must not be set. */
    public static SlotBitmap of(BitSet slots) {
        if (slots.length() > HashSlot.COUNT) {
            throw new IllegalArgumentException("slot " + (slots.length() - 1) + " (expected: < " + HashSlot.COUNT + ")");
        }
        return new SlotBitmap((BitSet) slots.clone());
    }

    /** The slots {@code bytes[offset, offset + BYTES)} encode. */
    public static SlotBitmap fromBytes(byte[] bytes, int offset) {
        // little-endian longs are exactly the bitmap's bit order
        return new SlotBitmap(BitSet.valueOf(
                ByteBuffer.wrap(bytes, offset, BYTES).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer()));
    }

    /** Writes the byte form into {@code out[offset, offset + BYTES)}. */
    public void writeTo(byte[] out, int offset) {
        byte[] packed = bits.toByteArray();
        System.arraycopy(packed, 0, out, offset, packed.length);
    }

    public boolean get(int slot) {
        return bits.get(slot);
    }

    public int count() {
        return bits.cardinality();
    }

    /** A mutable copy. */
    public BitSet toBitSet() {
        return (BitSet) bits.clone();
    }

    /** Whether this is exactly {@code slots}. */
    public boolean sameAs(BitSet slots) {
        return bits.equals(slots);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SlotBitmap that && bits.equals(that.bits);
    }

    @Override
    public int hashCode() {
        return bits.hashCode();
    }

    @Override
    public String toString() {
        return SlotRanges.render(bits);
    }
}
