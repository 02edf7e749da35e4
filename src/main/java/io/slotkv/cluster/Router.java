package io.slotkv.cluster;

import io.slotkv.protocol.HashSlot;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Decides, for every command a client sends in cluster mode, whether this node runs it or what the client is told
 * instead, in one function as Redis's {@code getNodeByQuery}. The outcomes of {@link #route}, in the order they are
 * checked:
 * <ol>
 *   <li>no keys: run here (keyless commands are always served locally);
 *   <li>the first key's slot has no owner: {@code CLUSTERDOWN Hash slot not served};
 *   <li>a later key in another slot: {@code CROSSSLOT Keys in request don't hash to the same slot};
 *   <li>the cluster is down: {@code CLUSTERDOWN The cluster is down}, or, with cluster-allow-reads-when-down, run
 *       reads and refuse writes with {@code CLUSTERDOWN The cluster is down and only accepts read commands};
 *   <li>this node migrates the slot and some keys are missing here: {@code ASK <slot> <ip>:<port>} to the target
 *       when none is here, {@code TRYAGAIN Multiple keys request during rehashing of slot} when some are;
 *   <li>this node imports the slot and the client said ASKING (or the command is flagged like RESTORE-ASKING): run
 *       here, unless several keys are asked and some are missing (TRYAGAIN);
 *   <li>another node owns the slot: {@code MOVED <slot> <ip>:<port>};
 *   <li>otherwise run here.
 * </ol>
 * Pure: it reads the state and the key-existence test it is given and changes nothing.
 */
public final class Router {
    public static final String CROSSSLOT = "CROSSSLOT Keys in request don't hash to the same slot";
    public static final String UNBOUND = "CLUSTERDOWN Hash slot not served";
    public static final String DOWN = "CLUSTERDOWN The cluster is down";
    public static final String DOWN_READ_ONLY = "CLUSTERDOWN The cluster is down and only accepts read commands";
    public static final String TRYAGAIN = "TRYAGAIN Multiple keys request during rehashing of slot";

    private Router() {}

    /**
     * A command (or a whole transaction, at EXEC) as routing sees it.
     *
     * @param keys every key, in order
     * @param write whether it (or any command of the transaction) writes
     * @param asking the client sent ASKING, or the command is flagged to act as if it had
     * @param allowReadsWhenDown {@code cluster-allow-reads-when-down}
     * @param exists whether a key is present here, for slots being migrated or imported
     */
    public record Request(
            List<byte[]> keys, boolean write, boolean asking, boolean allowReadsWhenDown, Predicate<byte[]> exists) {}

    /** The error to answer instead of running the command, or {@code null} to run it here. */
    public static String route(ClusterState state, Request request) {
        if (request.keys().isEmpty()) {
            return null;
        }
        byte[] first = request.keys().get(0);
        int slot = HashSlot.of(first);
        ClusterNode owner = state.owner(slot);
        if (owner == null) {
            return UNBOUND;
        }
        boolean migrating = owner == state.myself() && state.migratingTo(slot) != null;
        boolean importing = !migrating && state.importingFrom(slot) != null;
        boolean multipleKeys = false;
        for (byte[] key : request.keys()) {
            if (key != first) {
                if (HashSlot.of(key) != slot) {
                    return CROSSSLOT;
                }
                multipleKeys |= !Arrays.equals(key, first);
            }
        }
        int missing = 0;
        int existing = 0;
        // Presence matters to a migrating node, and to an importing one only for several keys after ASKING (each
        // lookup of an absent key costs a storage read: every RESTORE-ASKING of a reshard would pay one).
        if (migrating || importing && request.asking() && multipleKeys) {
            for (byte[] key : request.keys()) {
                if (request.exists().test(key)) {
                    existing++;
                } else {
                    missing++;
                }
            }
        }
        if (!state.isOk()) {
            if (!request.allowReadsWhenDown()) {
                return DOWN;
            }
            if (request.write()) {
                return DOWN_READ_ONLY;
            }
        }
        if (migrating && missing > 0) {
            return existing > 0 ? TRYAGAIN : redirect("ASK", slot, state.migratingTo(slot));
        }
        if (importing && request.asking()) {
            return multipleKeys && missing > 0 ? TRYAGAIN : null;
        }
        return owner == state.myself() ? null : redirect("MOVED", slot, owner);
    }

    private static String redirect(String kind, int slot, ClusterNode to) {
        return kind + " " + slot + " " + to.ip() + ":" + to.port();
    }
}
