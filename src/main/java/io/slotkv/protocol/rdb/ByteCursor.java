package io.slotkv.protocol.rdb;

/**
 * Reads a byte range front to back. Every read first checks that its bytes are there, so a length that claims more
 * than is left fails here, before anything is allocated for it.
 */
final class ByteCursor {
    private final byte[] data;
    private final int end;
    private int position;

    /** Reads {@code data[from, to)}. */
    ByteCursor(byte[] data, int from, int to) {
        this.data = data;
        this.position = from;
        this.end = to;
    }

    /** Reads all of {@code data}. */
    ByteCursor(byte[] data) {
        this(data, 0, data.length);
    }

    int position() {
        return position;
    }

    int remaining() {
        return end - position;
    }

    boolean atEnd() {
        return position == end;
    }

    /** Fails unless {@code count} more bytes are there. */
    void require(long count) throws DumpFormatException {
        if (count < 0 || count > end - position) {
            throw new DumpFormatException(count + " bytes needed at offset " + position + ", " + (end - position)
                    + " left");
        }
    }

    /** The next byte, unsigned, without consuming it. */
    int peek() throws DumpFormatException {
        require(1);
        return data[position] & 0xFF;
    }

    int unsignedByte() throws DumpFormatException {
        require(1);
        return data[position++] & 0xFF;
    }

    /** A little-endian integer of {@code size} bytes (at most 8): unsigned below 8 bytes. */
    long littleEndian(int size) throws DumpFormatException {
        require(size);
        long value = littleEndian(data, position, size);
        position += size;
        return value;
    }

    /** The little-endian integer in {@code data[offset, offset + size)}, which the caller knows to be there. */
    static long littleEndian(byte[] data, int offset, int size) {
        long value = 0;
        for (int i = offset + size - 1; i >= offset; i--) {
            value = (value << 8) | (data[i] & 0xFF);
        }
        return value;
    }

    /** A little-endian two's-complement integer of {@code size} bytes (1 to 8). */
    long signedLittleEndian(int size) throws DumpFormatException {
        int unused = 64 - 8 * size;
        return (littleEndian(size) << unused) >> unused;
    }

    /** A big-endian integer of {@code size} bytes (at most 8): unsigned below 8 bytes. */
    long bigEndian(int size) throws DumpFormatException {
        require(size);
        long value = 0;
        for (int i = 0; i < size; i++) {
            value = (value << 8) | (data[position + i] & 0xFF);
        }
        position += size;
        return value;
    }

    /** A copy of the next {@code count} bytes. */
    byte[] bytes(long count) throws DumpFormatException {
        require(count);
        byte[] copy = new byte[(int) count];
        System.arraycopy(data, position, copy, 0, copy.length);
        position += copy.length;
        return copy;
    }

    void skip(long count) throws DumpFormatException {
        require(count);
        position += (int) count;
    }
}
