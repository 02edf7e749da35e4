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

    /**
     * Makes the following commands one unit of writes until {@link #commitDeferred()}: the dispatcher brackets each
     * group of commands it runs (a pipeline, a whole EXEC) so that a durable engine writes it whole or not at all.
     * Calls nest; only the outermost {@link #commitDeferred()} writes. Keyspace commits in between still end
     * each command (reporting its modified keys) but write nothing. The memory engine has nothing to defer.
     */
    default void deferCommits() {}

    /**
     * Ends {@link #deferCommits()} and writes everything held.
     *
     * @throws StorageException when the write fails; nothing of the unit was written
     */
    default void commitDeferred() {}

    /**
     * Makes the next write of held commits wait until it is on disk, whatever {@code appendfsync} says: a node that
     * acknowledges keys another node will then delete must not lose them to a power cut. The memory engine keeps
     * nothing on disk, so it has nothing to do.
     */
    default void syncNextCommit() {}

    /**
     * Why the engine refuses writes right now (a full or failing disk), or {@code null} when it takes them; the
     * dispatcher then refuses write commands as Redis does after a failed AOF write.
     */
    default String writeError() {
        return null;
    }

    @Override
    void close();
}
