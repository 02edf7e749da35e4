package io.slotkv.store;

/**
 * A storage engine: the numbered databases of one server. Chosen once at start-up by {@code storage-engine}.
 * Owned by the shard thread like every keyspace it holds; {@link #close()} runs after that thread stopped.
 */
public interface StorageEngine extends AutoCloseable {
    /** The engine's name as the {@code storage-engine} directive spells it. */
    String name();

    int databases();

    /** Database {@code index} ({@code 0 <= index < databases()}). */
    Keyspace database(int index);

    @Override
    void close();
}
