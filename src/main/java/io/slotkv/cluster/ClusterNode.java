package io.slotkv.cluster;

import io.slotkv.protocol.HashSlot;
import java.util.BitSet;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One node as this node sees it: what CLUSTER NODES prints about it, plus the timers and failure reports that
 * failure detection needs. Mutable and owned by the cluster thread (see the package documentation); only
 * {@link ClusterState} and its helpers change it, so the setters are package-private.
 */
public final class ClusterNode {
    String id;
    String ip;
    int port;
    int cport;
    String hostname = "";
    final EnumSet<NodeFlag> flags;
    /** The id of the master this node replicates, {@link NodeId#NONE} for a master. */
    String masterId = NodeId.NONE;
    long configEpoch;
    /** Changed only through {@link SlotTable}, which keeps {@link #slotCount} in step. */
    final BitSet slots = new BitSet(HashSlot.COUNT);
    int slotCount;
    /** The slots its latest own heartbeat claimed, under configEpoch {@link #claimedAt}. */
    BitSet claimed = new BitSet();
    /** -1 until a heartbeat of this node was processed (a restart forgets what nodes claimed). */
    long claimedAt = -1;

    /** When the oldest unanswered PING was sent, 0 when none is pending (and always 0 in handshake, as Redis). */
    long pingSent;
    /** When the last PING or MEET went out (retransmissions included); long ago for "never". */
    long lastPingAt = Long.MIN_VALUE / 2;
    long pongReceived;
    /** When any message from this node last arrived. */
    long dataReceived;
    /** When this node entered the table (or the table was loaded): the baseline before anything was heard. */
    long createdAt;
    long failTime;
    boolean linkConnected;
    /** Our pings to it are MEETs until it shows it knows us by pinging us. */
    boolean meetPending;
    /** Reporter id to the time of its latest report that this node is failing. */
    final Map<String, Long> failureReports = new LinkedHashMap<>();

    ClusterNode(String id, String ip, int port, int cport, Set<NodeFlag> flags, long now) {
        this.id = id;
        this.ip = ip;
        this.port = port;
        this.cport = cport;
        this.flags = flags.isEmpty() ? EnumSet.noneOf(NodeFlag.class) : EnumSet.copyOf(flags);
        this.createdAt = now;
    }

    public String id() {
        return id;
    }

    /** The announced or learned address, "" while unknown. */
    public String ip() {
        return ip;
    }

    public int port() {
        return port;
    }

    public int cport() {
        return cport;
    }

    /** The hostname part of the address in nodes.conf, "" when none. */
    public String hostname() {
        return hostname;
    }

    public Set<NodeFlag> flags() {
        return Collections.unmodifiableSet(flags);
    }

    public boolean has(NodeFlag flag) {
        return flags.contains(flag);
    }

    public boolean isMaster() {
        return flags.contains(NodeFlag.MASTER);
    }

    public boolean inHandshake() {
        return flags.contains(NodeFlag.HANDSHAKE);
    }

    /** PFAIL or FAIL. */
    public boolean isFailing() {
        return flags.contains(NodeFlag.PFAIL) || flags.contains(NodeFlag.FAIL);
    }

    public String masterId() {
        return masterId;
    }

    public long configEpoch() {
        return configEpoch;
    }

    public long pingSent() {
        return pingSent;
    }

    public long pongReceived() {
        return pongReceived;
    }

    public boolean linkConnected() {
        return linkConnected;
    }

    /** When this node entered the table (or the table was loaded from nodes.conf), in ms. */
    public long createdAt() {
        return createdAt;
    }

    public boolean owns(int slot) {
        return slots.get(slot);
    }

    public int slotCount() {
        return slotCount;
    }

    /** A copy of the slots this node owns in this node's view. */
    public BitSet slots() {
        return (BitSet) slots.clone();
    }

    /** Ids of the masters whose reports that this node is failing are on record (valid or not yet purged). */
    public Set<String> failureReporters() {
        return Collections.unmodifiableSet(failureReports.keySet());
    }

    /** Whether {@link #claimed} is what this node claims under the configEpoch we know for it. */
    boolean claimIsCurrent() {
        return claimedAt == configEpoch;
    }

    boolean isMasterWithSlots() {
        return isMaster() && slotCount > 0;
    }

    boolean sameAddress(String ip, int port, int cport) {
        return this.ip.equals(ip) && this.port == port && this.cport == cport;
    }

    @Override
    public String toString() {
        return id + " " + ip + ":" + port + "@" + cport + " " + NodeFlag.render(flags);
    }
}
