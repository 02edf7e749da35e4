package io.slotkv.migration;

import io.slotkv.server.Client;
import io.slotkv.server.DbKey;
import io.slotkv.server.Server;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Keys a MIGRATE is moving, and the clients whose next command waits for them. Redis blocks the whole server while
 * MIGRATE runs; slotkv serves everything else meanwhile and makes only the commands that touch a moving key wait,
 * which keeps MIGRATE atomic for those keys: no command reads or writes a key between the moment its value is
 * read for the target and the moment it is deleted here (or kept, if the target refused it). A waiting command
 * then runs with every check again, so it finds the key gone and is redirected with ASK.
 *
 * <p>Owned by the shard thread.
 */
public final class KeyLocks {
    private final Server server;
    private final Set<DbKey> locked = new HashSet<>();
    private final List<Client> waiting = new ArrayList<>();

    public KeyLocks(Server server) {
        this.server = server;
    }

    /** Whether any key is being moved now. */
    public boolean any() {
        return !locked.isEmpty();
    }

    /** Whether any of {@code keys} of database {@code db} is being moved. */
    public boolean holdsAny(int db, List<byte[]> keys) {
        if (locked.isEmpty()) {
            return false;
        }
        for (byte[] key : keys) {
            if (holds(db, key)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code key} of database {@code db} is being moved. */
    public boolean holds(int db, byte[] key) {
        return locked.contains(DbKey.of(db, key));
    }

    /** Makes {@code client} wait, before {@code argv}, until the keys in the way are released. */
    public void await(Client client, byte[][] argv) {
        client.pauseBefore(argv);
        waiting.add(client);
    }

    void lock(int db, List<byte[]> keys) {
        keys.forEach(key -> locked.add(DbKey.of(db, key)));
    }

    /** Releases {@code keys}; every waiting client runs its command again, in the order they came to wait. */
    void release(int db, List<byte[]> keys) {
        keys.forEach(key -> locked.remove(DbKey.of(db, key)));
        List<Client> resumed = new ArrayList<>(waiting);
        waiting.clear();
        for (Client client : resumed) {
            client.unpause();
            server.resume(client);
        }
    }
}
