package io.slotkv.store.memory;

import io.slotkv.store.Keyspace;
import io.slotkv.store.StorageEngine;

/** The in-memory engine: fast, and gone when the process ends. */
public final class MemoryEngine implements StorageEngine {
    private final MemoryKeyspace[] databases;

    public MemoryEngine(int databases) {
        if (databases < 1) {
            throw new IllegalArgumentException("databases: " + databases + " (expected: > 0)");
        }
        this.databases = new MemoryKeyspace[databases];
        for (int i = 0; i < databases; i++) {
            this.databases[i] = new MemoryKeyspace();
        }
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public int databases() {
        return databases.length;
    }

    @Override
    public Keyspace database(int index) {
        return databases[index];
    }

    @Override
    public void close() {
        for (MemoryKeyspace database : databases) {
            database.flush();
        }
    }
}
