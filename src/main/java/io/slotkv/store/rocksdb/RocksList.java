package io.slotkv.store.rocksdb;

import io.slotkv.store.ListValue;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.RocksIterator;

/**
 * A list on RocksDB, laid out as Kvrocks does: element {@code i} is the sub-key whose suffix is the 8-byte
 * big-endian index {@code head + i}, with {@code head} and the count in the metadata. Pushes and pops at either end
 * move {@code head} or the count and write one sub-key (O(1)); LINDEX/LSET are point reads and writes; a range is
 * one seek and a scan. Inserting or removing in the middle rewrites the shorter side.
 *
 * <p>New lists start at {@link #MIDDLE}, so that 2^62 pushes at either end still keep every index non-negative and
 * the byte order of the suffixes the numeric order of the indexes.
 */
final class RocksList extends RocksCollection implements ListValue {
    /** Head index of a new list. */
    static final long MIDDLE = 1L << 62;
    /** Cuts of at least this many elements become one DeleteRange instead of a delete per element. */
    static final long RANGE_DELETE_MIN = 64;

    /**
     * Absolute index ranges {@code [from, to)} cut with DeleteRange in this command (the view lives one command).
     * Range deletions are applied after the command's batch, so they would erase a sub-key written there before
     * the commit: writing into one is refused rather than silently lost.
     */
    private final List<long[]> rangeCuts = new ArrayList<>(2);

    RocksList(RocksKeyspace keyspace, byte[] key, Metadata meta) {
        super(keyspace, key, meta);
        if (meta.count == 0) {
            meta.head = MIDDLE;
        }
    }

    private static byte[] suffix(long index) {
        return KeyCodec.longBytes(index);
    }

    /** Writes the element at absolute {@code index} (head + position). */
    private void putAt(long index, byte[] value) {
        for (long[] cut : rangeCuts) {
            if (index >= cut[0] && index < cut[1]) {
                throw new IllegalStateException("list index rewritten before its range deletion was committed");
            }
        }
        putSub(suffix(index), value);
    }

    @Override
    public byte[] get(long index) {
        return getSub(suffix(meta.head + index));
    }

    @Override
    public void set(long index, byte[] value) {
        putAt(meta.head + index, value);
    }

    @Override
    public void push(boolean atHead, byte[] value) {
        if (atHead) {
            meta.head--;
            putAt(meta.head, value);
        } else {
            putAt(meta.head + meta.count, value);
        }
        meta.count++;
    }

    @Override
    public byte[] pop(boolean atHead) {
        long index = atHead ? meta.head : meta.head + meta.count - 1;
        byte[] value = getSub(suffix(index));
        deleteSub(suffix(index));
        if (atHead) {
            meta.head++;
        }
        meta.count--;
        return value;
    }

    @Override
    public void insert(long index, byte[] value) {
        if (index < meta.count / 2) {
            List<byte[]> before = index == 0 ? List.of() : range(0, index - 1);
            meta.head--;
            rewrite(meta.head, before);
        } else {
            List<byte[]> after = index == meta.count ? List.of() : range(index, meta.count - 1);
            rewrite(meta.head + index + 1, after);
        }
        putAt(meta.head + index, value);
        meta.count++;
    }

    @Override
    public byte[] remove(long index) {
        byte[] removed;
        if (index < meta.count / 2) {
            List<byte[]> before = range(0, index);
            removed = before.removeLast();
            deleteSub(suffix(meta.head));
            meta.head++;
            rewrite(meta.head, before);
        } else {
            List<byte[]> after = range(index, meta.count - 1);
            removed = after.removeFirst();
            rewrite(meta.head + index, after);
            deleteSub(suffix(meta.head + meta.count - 1));
        }
        meta.count--;
        return removed;
    }

    /** Writes {@code values} at consecutive absolute indexes from {@code start}. */
    private void rewrite(long start, List<byte[]> values) {
        for (int i = 0; i < values.size(); i++) {
            putAt(start + i, values.get(i));
        }
    }

    @Override
    public List<byte[]> range(long from, long to) {
        int wanted = (int) (to - from + 1);
        List<byte[]> out = new ArrayList<>(Math.max(0, wanted));
        try (RocksIterator it = keyspace.iterator(keyspace.engine().data)) {
            for (it.seek(KeyCodec.concat(prefix, suffix(meta.head + from)));
                    out.size() < wanted && it.isValid() && RocksKeyspace.startsWith(it.key(), prefix); it.next()) {
                out.add(it.value());
            }
        }
        if (out.size() < wanted) {
            throw new IllegalStateException("list " + meta.count + " long has only " + out.size()
                    + " elements from " + from);
        }
        return out;
    }

    @Override
    public void trim(long from, long to) {
        markChanged();
        long head = meta.head;
        long end = head + meta.count;
        if (from > to || from >= meta.count) {
            cut(head, end);
            meta.count = 0;
            return;
        }
        long last = Math.min(to, meta.count - 1);
        cut(head, head + from);
        cut(head + last + 1, end);
        meta.head = head + from;
        meta.count = last - from + 1;
    }

    /** Deletes the sub-keys at absolute indexes {@code [from, to)}. */
    private void cut(long from, long to) {
        if (to - from >= RANGE_DELETE_MIN) {
            keyspace.engine().deleteRange(keyspace.engine().data, KeyCodec.concat(prefix, suffix(from)),
                    KeyCodec.concat(prefix, suffix(to)));
            rangeCuts.add(new long[] {from, to});
        } else {
            for (long index = from; index < to; index++) {
                deleteSub(suffix(index));
            }
        }
    }
}
