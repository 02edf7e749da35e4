package io.slotkv.server;

/** slotkv's version, and the Redis version it answers as (clients check redis_version for features). */
public final class Version {
    public static final String VERSION = "0.1.0";

    /** The Redis release whose commands and replies slotkv follows. */
    public static final String REDIS_COMPATIBLE = "7.2.0";

    private Version() {}
}
