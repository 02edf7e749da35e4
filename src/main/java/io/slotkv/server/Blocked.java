package io.slotkv.server;

import java.util.List;
import java.util.concurrent.ScheduledFuture;

/**
 * The state of a client blocked in BLPOP and friends: the keys it waits on, the command to run again when one of
 * them receives data, and what to answer on timeout.
 */
public final class Blocked {
    final List<DbKey> keys;
    final byte[][] argv;
    final Runnable onTimeout;
    ScheduledFuture<?> timer;
    /** Set while the command is run again; the command blocking once more clears it. */
    boolean retrying;

    Blocked(List<DbKey> keys, byte[][] argv, Runnable onTimeout) {
        this.keys = keys;
        this.argv = argv;
        this.onTimeout = onTimeout;
    }
}
