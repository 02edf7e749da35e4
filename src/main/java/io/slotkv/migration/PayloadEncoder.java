package io.slotkv.migration;

import io.slotkv.protocol.rdb.DumpWriter;
import io.slotkv.store.SlotSnapshot;

/**
 * Encodes the current key of a reader into a DUMP payload, a bounded number of elements at a time, so MIGRATE can
 * encode a big collection in slices between other clients' commands; DUMP encodes in one go.
 */
public final class PayloadEncoder {
    private final SlotSnapshot reader;
    private final DumpWriter writer;

    /** Starts on {@code reader}'s current key. */
    public PayloadEncoder(SlotSnapshot reader) {
        this.reader = reader;
        writer = switch (reader.type()) {
            case STRING -> null;
            case LIST -> DumpWriter.list(reader.size());
            case SET -> DumpWriter.set(reader.size());
            case HASH -> DumpWriter.hash(reader.size());
            case ZSET -> DumpWriter.zset(reader.size());
        };
    }

    /** Encodes up to {@code maxElements} more elements; the payload once complete, else {@code null}. */
    public byte[] step(int maxElements) {
        if (writer == null) {
            return DumpWriter.string(reader.string());
        }
        return reader.elements(maxElements, this::element) ? null : writer.finish();
    }

    private void element(byte[] element, byte[] value, double score) {
        switch (reader.type()) {
            case HASH -> writer.field(element, value);
            case ZSET -> writer.member(element, score);
            default -> writer.element(element);
        }
    }
}
