package io.slotkv.migration;

import java.util.List;

/**
 * A parsed MIGRATE: where to, which keys, and how.
 *
 * @param db the target's database (SELECTed when the link last used another one)
 * @param timeoutMillis the longest wait for any one step (connecting, or the next reply), as Redis's per-I/O timeout
 * @param copy keep the keys here after the target took them
 * @param replace overwrite keys the target already has (else it answers BUSYKEY and the key stays here)
 * @param username AUTH2's user, or {@code null}
 * @param password AUTH's or AUTH2's password, or {@code null}
 * @param keys the keys that exist here, in the order given
 */
public record MigrateRequest(String host, int port, long db, long timeoutMillis, boolean copy, boolean replace,
        byte[] username, byte[] password, List<byte[]> keys) {}
