package io.slotkv.server;

import io.slotkv.store.ValueType;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

/**
 * The state of a client blocked in BLPOP and friends: the keys it waits on and the type of value that can serve
 * it, the command to run again when one of them receives such a value, and what to answer on timeout.
 */
public final class Blocked {
    final List<DbKey> keys;
    final ValueType type;
    final byte[][] argv;
    final Runnable onTimeout;
    ScheduledFuture<?> timer;
    /** Set while the command is run again; the command blocking once more clears it. */
    boolean retrying;

    Blocked(List<DbKey> keys, ValueType type, byte[][] argv, Runnable onTimeout) {
        this.keys = keys;
        this.type = type;
        this.argv = argv;
        this.onTimeout = onTimeout;
    }
}
