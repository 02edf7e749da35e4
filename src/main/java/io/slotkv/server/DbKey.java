package io.slotkv.server;

import java.util.Arrays;

/** A key within a numbered database, with value equality, for the registries that index clients by key. */
public record DbKey(int db, byte[] key, int hash) {
    public static DbKey of(int db, byte[] key) {
        return new DbKey(db, key, Arrays.hashCode(key) * 31 + db);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DbKey k && k.hash == hash && k.db == db && Arrays.equals(k.key, key);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return db + ":" + new String(key, java.nio.charset.StandardCharsets.UTF_8);
    }
}
