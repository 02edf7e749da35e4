package io.slotkv.store.rocksdb;

import io.slotkv.store.ValueType;
import java.nio.ByteBuffer;

/**
 * What the meta column family stores per user key:
 *
 * <pre>
 * offset  size  field
 * 0       1     type (ValueType ordinal)
 * 1       8     absolute expiry, Unix ms, or -1
 * 9       8     version (collections; 0 for strings)
 * 17      8     element count (collections)
 * 25      8     list head index (lists only; the tail is head + count)
 * 25      ...   value bytes (strings only)
 * </pre>
 *
 * Mutable while a command works on it; the keyspace writes it back at commit.
 */
final class Metadata {
    private static final int HEADER = 25;

    final ValueType type;
    long expireAt;
    final long version;
    long count;
    long head;
    byte[] value;

    Metadata(ValueType type, long expireAt, long version) {
        this.type = type;
        this.expireAt = expireAt;
        this.version = version;
    }

    static Metadata string(byte[] value, long expireAt) {
        Metadata m = new Metadata(ValueType.STRING, expireAt, 0);
        m.value = value;
        return m;
    }

    boolean expired(long now) {
        return expireAt >= 0 && expireAt <= now;
    }

    byte[] encode() {
        int extra = type == ValueType.STRING ? value.length : type == ValueType.LIST ? 8 : 0;
        ByteBuffer b = ByteBuffer.allocate(HEADER + extra);
        b.put((byte) type.ordinal()).putLong(expireAt).putLong(version).putLong(count);
        if (type == ValueType.STRING) {
            b.put(value);
        } else if (type == ValueType.LIST) {
            b.putLong(head);
        }
        return b.array();
    }

    /** Decodes stored metadata; throws {@link IllegalStateException} on bytes that are not metadata. */
    static Metadata decode(byte[] bytes) {
        if (bytes.length < HEADER || bytes[0] < 0 || bytes[0] >= ValueType.values().length) {
            throw new IllegalStateException("corrupt metadata (" + bytes.length + " bytes)");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        ValueType type = ValueType.values()[b.get()];
        Metadata m = new Metadata(type, b.getLong(), b.getLong());
        m.count = b.getLong();
        if (type == ValueType.STRING) {
            m.value = new byte[bytes.length - HEADER];
            b.get(m.value);
        } else if (type == ValueType.LIST) {
            m.head = b.getLong();
        }
        return m;
    }
}
