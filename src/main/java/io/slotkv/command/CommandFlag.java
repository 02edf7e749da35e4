package io.slotkv.command;

import java.util.Locale;

/** Redis's command flags, as COMMAND INFO lists them; the dispatcher acts on several of them. */
public enum CommandFlag {
    /** Changes data: touches watched keys and wakes blocked clients afterwards. */
    WRITE,
    READONLY,
    /** May grow memory use. */
    DENYOOM,
    ADMIN,
    PUBSUB,
    NOSCRIPT,
    /** May block the client (BLPOP and friends). */
    BLOCKING,
    LOADING,
    STALE,
    /** Never fed to MONITOR (e.g. AUTH, which carries a password). */
    SKIP_MONITOR,
    SKIP_SLOWLOG,
    /** Served on an importing slot without ASKING (RESTORE-ASKING). */
    ASKING,
    FAST,
    /** Allowed before authentication. */
    NO_AUTH,
    MAY_REPLICATE,
    /** Refused inside MULTI. */
    NO_MULTI,
    /** Key positions depend on the arguments (numkeys and the like). */
    MOVABLEKEYS,
    ALLOW_BUSY;

    /** Lower-case name as COMMAND replies it. */
    public String redisName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
