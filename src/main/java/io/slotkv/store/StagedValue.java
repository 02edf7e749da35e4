package io.slotkv.store;

/**
 * A collection arriving element by element (a big key streamed from another node), kept out of every command's
 * sight until {@link #publish} puts it in place in one step: no reader ever sees half of it, and a transfer cut
 * halfway leaves the key as it was. Made by {@link Keyspace#stage}; elements go in through
 * {@link #element}, in the shape {@link SlotSnapshot#elements} hands them out, so what one node reads another
 * rebuilds. Owned by the shard thread; each call writes within the current command, like any keyspace write.
 */
public interface StagedValue extends SlotSnapshot.ElementVisitor {
    ValueType type();

    /** Elements staged so far. */
    long size();

    /** Replaces whatever the key holds with the staged collection, with an absolute expiry or none. */
    void publish(long expireAt);

    /** Drops what was staged; the key keeps what it holds. */
    void discard();

    /** Adds one element to a typed view, as {@link SlotSnapshot.ElementVisitor} describes it. */
    static void add(Object view, byte[] element, byte[] value, double score) {
        switch (view) {
            case HashValue hash -> hash.put(element, value);
            case SetValue set -> set.add(element);
            case ListValue list -> list.push(false, element);
            case ZSetValue zset -> zset.put(element, score);
            default -> throw new IllegalArgumentException("not a collection view: " + view);
        }
    }
}
