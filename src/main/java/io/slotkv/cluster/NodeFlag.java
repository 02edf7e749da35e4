package io.slotkv.cluster;

import java.util.EnumSet;
import java.util.Set;

/**
 * The node flags of CLUSTER NODES and nodes.conf, in the order Redis prints them. The ordinal is also the flag's
 * bit on the cluster bus ({@link #mask}), so the declaration order is part of the wire format.
 */
public enum NodeFlag {
    MYSELF("myself"),
    MASTER("master"),
    SLAVE("slave"),
    /** Possibly failing: this node has not heard from it for node-timeout. */
    PFAIL("fail?"),
    /** Failing: a majority of the slot-owning masters agreed. */
    FAIL("fail"),
    /** Met by address, real id not known yet. */
    HANDSHAKE("handshake"),
    /** Address unknown (a PONG came back from a different node than expected). */
    NOADDR("noaddr"),
    NOFAILOVER("nofailover");

    /** Every bit a valid flag mask may have. */
    public static final int ALL = (1 << values().length) - 1;

    private final String label;

    NodeFlag(String label) {
        this.label = label;
    }

    /** The name in CLUSTER NODES ("fail?" for {@link #PFAIL}). */
    public String label() {
        return label;
    }

    /** The flag called {@code label} in CLUSTER NODES, or null. */
    public static NodeFlag byLabel(String label) {
        for (NodeFlag flag : values()) {
            if (flag.label.equals(label)) {
                return flag;
            }
        }
        return null;
    }

    /** The bus encoding of {@code flags}. */
    public static int mask(Set<NodeFlag> flags) {
        int mask = 0;
        for (NodeFlag flag : flags) {
            mask |= 1 << flag.ordinal();
        }
        return mask;
    }

    /** The flags a bus mask carries; bits beyond {@link #ALL} are ignored (the codec rejects them earlier). */
    public static EnumSet<NodeFlag> fromMask(int mask) {
        EnumSet<NodeFlag> flags = EnumSet.noneOf(NodeFlag.class);
        for (NodeFlag flag : values()) {
            if ((mask & (1 << flag.ordinal())) != 0) {
                flags.add(flag);
            }
        }
        return flags;
    }

    /** The comma-separated flags field of CLUSTER NODES: "noflags" when there is none. */
    public static String render(Set<NodeFlag> flags) {
        if (flags.isEmpty()) {
            return "noflags";
        }
        StringBuilder text = new StringBuilder();
        for (NodeFlag flag : values()) {
            if (flags.contains(flag)) {
                text.append(text.isEmpty() ? "" : ",").append(flag.label);
            }
        }
        return text.toString();
    }
}
