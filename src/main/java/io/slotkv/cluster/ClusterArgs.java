package io.slotkv.cluster;

import io.slotkv.protocol.Numbers;
import java.nio.charset.StandardCharsets;

/**
 * Parsing of CLUSTER command arguments with Redis's error texts, so the command layer and {@link ClusterState}
 * agree on which error comes first, and the texts of the checks only the command layer can make.
 */
public final class ClusterArgs {
    /** CLUSTER FLUSHSLOTS on a node holding keys: checked by the caller, which sees the keyspace. */
    public static final String FLUSHSLOTS_NOT_EMPTY = "ERR DB must be empty to perform CLUSTER FLUSHSLOTS.";
    /** CLUSTER RESET on a master holding keys: checked by the caller. */
    public static final String RESET_WITH_KEYS = "ERR CLUSTER RESET can't be called with master nodes containing keys";
    /** An unknown SETSLOT subcommand or a wrong argument count for it. */
    public static final String SETSLOT_SYNTAX =
            "ERR Invalid CLUSTER SETSLOT action or number of arguments. Try CLUSTER HELP";

    static final String NOT_INTEGER = "ERR value is not an integer or out of range";

    private ClusterArgs() {}

    /**
     * A slot argument for {@link ClusterState}'s slot operations: its integer value, or -1 when it is not an
     * integer. The operations check the range where Redis does (interleaved with other checks for the RANGE
     * forms), and Redis says "Invalid or out of range slot" for both problems.
     */
    public static long slot(String text) {
        return Numbers.parseLong(ascii(text), -1);
    }

    /** The port of CLUSTER MEET; its range is checked by {@link ClusterState#meet}. */
    public static long port(String text) {
        return integer(text, "ERR Invalid TCP base port specified: " + text);
    }

    /** The optional bus port of CLUSTER MEET. */
    public static long busPort(String text) {
        return integer(text, "ERR Invalid TCP bus port specified: " + text);
    }

    /** The epoch of CLUSTER SET-CONFIG-EPOCH; its sign is checked by {@link ClusterState#setConfigEpoch}. */
    public static long configEpoch(String text) {
        return integer(text, NOT_INTEGER);
    }

    private static long integer(String text, String error) {
        byte[] bytes = ascii(text);
        if (!Numbers.isLong(bytes)) {
            throw new ClusterException(error);
        }
        return Numbers.parseLong(bytes, 0);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
