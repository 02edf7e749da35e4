package io.slotkv.cluster;

/**
 * An admin operation refused, carrying Redis's exact error reply ("ERR Slot 5 is already busy"). Thrown before
 * anything changed, so the CLUSTER command can reply with {@link #getMessage()} as it is.
 */
public final class ClusterException extends RuntimeException {
    public ClusterException(String redisError) {
        super(redisError, null, false, false);
    }
}
