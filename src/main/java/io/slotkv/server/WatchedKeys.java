package io.slotkv.server;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which clients WATCH which keys, so a write can flag their transactions as failed in O(1) per key (Redis's
 * touchWatchedKey). Owned by the shard thread.
 */
public final class WatchedKeys {
    private final Map<DbKey, Set<Client>> watchers = new HashMap<>();

    /** Starts watching; {@code expireAt} is the key's expiry now, to detect expiry before EXEC. */
    public void watch(Client client, DbKey key, long expireAt) {
        if (client.watched().putIfAbsent(key, expireAt) == null) {
            watchers.computeIfAbsent(key, k -> new HashSet<>()).add(client);
        }
    }

    /** Forgets every key {@code client} watches and clears its dirty flag. */
    public void unwatchAll(Client client) {
        for (DbKey key : client.watched().keySet()) {
            Set<Client> set = watchers.get(key);
            if (set != null) {
                set.remove(client);
                if (set.isEmpty()) {
                    watchers.remove(key);
                }
            }
        }
        client.watched().clear();
        client.setWatchDirty(false);
    }

    /** A write to {@code key}: every transaction watching it will fail. */
    public void touch(DbKey key) {
        if (watchers.isEmpty()) {
            return;
        }
        Set<Client> set = watchers.get(key);
        if (set != null) {
            set.forEach(c -> c.setWatchDirty(true));
        }
    }

    /**
     * A flush of database {@code db} (or of all, when {@code db < 0}), called before it: fails the transactions
     * watching a key that {@code exists} says the flush deletes.
     */
    public void touchDatabase(int db, Predicate<DbKey> exists) {
        watchers.forEach((key, set) -> {
            if ((db < 0 || key.db() == db) && exists.test(key)) {
                set.forEach(c -> c.setWatchDirty(true));
            }
        });
    }

    public boolean isEmpty() {
        return watchers.isEmpty();
    }
}
