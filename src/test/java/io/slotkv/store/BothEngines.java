package io.slotkv.store;

import io.slotkv.store.memory.MemoryEngine;
import io.slotkv.store.rocksdb.RocksEngine;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** Base of keyspace tests run on each engine by name ("memory", "rocksdb"): one engine per test, closed after. */
abstract class BothEngines {
    @TempDir
    Path dir;

    private StorageEngine engine;

    @AfterEach
    void closeEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    /** Database 0 of a new engine: the memory engine, or RocksDB in a temporary directory. */
    Keyspace open(String name) throws IOException {
        engine = name.equals("rocksdb") ? new RocksEngine(dir, 1, "no") : new MemoryEngine(1);
        return engine.database(0);
    }
}
