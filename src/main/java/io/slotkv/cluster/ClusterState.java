package io.slotkv.cluster;

import io.slotkv.protocol.HashSlot;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * This node's view of the cluster, as a deterministic state machine: the known nodes, currentEpoch and every
 * configEpoch, who owns each slot, the migrating/importing marks, failure detection and cluster_state.
 *
 * <p>Inputs, each with the current time in milliseconds: {@link #receive} (a bus message), {@link #tick} (about
 * every 100 ms), {@link #linkUp}/{@link #linkDown} from the transport, and the admin operations behind the CLUSTER
 * command, which check what Redis 7 checks and throw {@link ClusterException} with Redis's error text before
 * changing anything. Outputs, to collect after every input: {@link #drainOutbox()} (messages to send),
 * {@link #takeConfigChanged()} (save nodes.conf now) and {@link #takeLostSlots()} (slots another node took over:
 * delete the keys still stored there, as Redis does).
 *
 * <p>One class because these fields change together under Redis's rules; the rules themselves live in package
 * helpers: {@link BusReceiver} (messages), {@link SlotClaims} (who owns a slot), {@link FailureDetector} (PFAIL and
 * FAIL), {@link Health} (cluster_state), {@link Messenger} (what goes out).
 *
 * <p>Owned by the cluster thread; other threads use {@link #snapshot()}.
 */
public final class ClusterState {
    private static final long BLACKLIST_TTL = 60_000;

    final ClusterSettings settings;
    final RandomGenerator random;
    /** Known nodes by id, myself included; insertion order keeps runs deterministic. */
    final Map<String, ClusterNode> nodes = new LinkedHashMap<>();
    final SlotTable slots = new SlotTable();
    final Messenger messenger = new Messenger(this);
    final FailureDetector failures;
    final SlotClaims claims = new SlotClaims(this);
    final BusReceiver receiver = new BusReceiver(this);
    private final Pinger pinger = new Pinger(this);
    final Health health;
    /** Forgotten node ids, not to be re-added from gossip before the time they map to. */
    private final Map<String, Long> blacklist = new HashMap<>();
    final BitSet lostSlots = new BitSet();
    ClusterNode myself;
    long currentEpoch;
    long lastVoteEpoch;
    boolean configChanged;
    /** A PONG to every peer is due before the next messages go out (see {@link #setSlotNode}). */
    private boolean pongToAll;
    /** The latest time an input carried: admin operations re-evaluate cluster_state with it. */
    private long lastNow;

    ClusterState(ClusterSettings settings, RandomGenerator random, long now) {
        this.settings = settings;
        this.random = random;
        this.failures = new FailureDetector(this);
        this.health = new Health(this, now);
        this.lastNow = now;
    }

    /** A new node alone in its own cluster: fresh id, master, epochs 0, no slots. */
    public static ClusterState create(ClusterSettings settings, RandomGenerator random, long now) {
        ClusterState state = new ClusterState(settings, random, now);
        state.myself = new ClusterNode(NodeId.random(random), settings.announceIp(), settings.port(),
                settings.cport(), EnumSet.of(NodeFlag.MYSELF, NodeFlag.MASTER), now);
        state.addNode(state.myself);
        state.configChanged = true;
        return state;
    }

    // ------------------------------------------------------------------ inputs

    /** Processes one message from the bus. */
    public void receive(BusMessage message, long now) {
        lastNow = now;
        receiver.receive(message, now);
        health.update(now);
    }

    /**
     * The periodic work of Redis's clusterCron, to call about every 100 ms: expires handshakes and sends the
     * PINGs that are due ({@link Pinger}), flags silent nodes PFAIL ({@link FailureDetector}) and re-evaluates
     * cluster_state ({@link Health}).
     */
    public void tick(long now) {
        lastNow = now;
        pinger.tick(now);
        failures.checkTimeouts(now);
        health.update(now);
    }

    /** The transport connected to {@code to} (a destination it was given). Shown as "connected" in CLUSTER NODES. */
    public void linkUp(Destination to) {
        setLink(to, true);
    }

    /** The transport's link to {@code to} closed. */
    public void linkDown(Destination to) {
        setLink(to, false);
    }

    private void setLink(Destination to, boolean connected) {
        for (ClusterNode node : nodes.values()) {
            boolean match = switch (to) {
                case Destination.ToNode n -> node.id.equals(n.nodeId());
                case Destination.ToAddress a -> node.inHandshake() && node.ip.equals(a.ip()) && node.cport == a.cport();
                case Destination.Reply r -> false;
            };
            if (match) {
                node.linkConnected = connected;
            }
        }
    }

    // ----------------------------------------------------------------- outputs

    /** The messages queued since the last call, in order. */
    public List<Envelope> drainOutbox() {
        if (pongToAll) { // one PONG, with the state after every change of the command, however many slots it took
            pongToAll = false;
            messenger.broadcastPong();
        }
        return messenger.drain();
    }

    /** Whether the persistent configuration changed since the last call (then save nodes.conf). */
    public boolean takeConfigChanged() {
        boolean changed = configChanged;
        configChanged = false;
        return changed;
    }

    /**
     * Slots this node owned until another master's newer claim took them, since the last call. Keys still stored
     * there belong to nobody here any more; Redis deletes them.
     */
    public BitSet takeLostSlots() {
        BitSet lost = (BitSet) lostSlots.clone();
        lostSlots.clear();
        return lost;
    }

    // ------------------------------------------------------------------ admin

    /**
     * CLUSTER MEET: starts a handshake with the node at {@code ip}. Does nothing if one to the same address is
     * already under way (Redis answers OK). The MEET goes out at once.
     *
     * @throws ClusterException "Invalid node address specified" for a non-literal ip or a port outside 1-65535
     */
    public void meet(String ip, long port, long cport, long now) {
        String normalized = IpAddress.normalize(ip);
        if (normalized == null || port <= 0 || port > 0xFFFF || cport <= 0 || cport > 0xFFFF) {
            throw new ClusterException("ERR Invalid node address specified: " + ip + ":" + port);
        }
        lastNow = now;
        if (handshakeInProgress(normalized, (int) port, (int) cport)) {
            return;
        }
        ClusterNode node = startHandshake(normalized, (int) port, (int) cport, now);
        node.meetPending = true;
        messenger.ping(node, now);
    }

    /** CLUSTER ADDSLOTS: assigns the slots to this node (raw values, see {@link ClusterArgs#slot}). */
    public void addSlots(long... slots) {
        changeSlots(false, new SlotArguments(this.slots, false).slots(slots));
    }

    /** CLUSTER ADDSLOTSRANGE: {@code bounds} are start/end pairs. */
    public void addSlotsRange(long... bounds) {
        changeSlots(false, new SlotArguments(slots, false).ranges(bounds));
    }

    /** CLUSTER DELSLOTS: unassigns the slots, whoever owns them (only here: other nodes are not told). */
    public void delSlots(long... slots) {
        changeSlots(true, new SlotArguments(this.slots, true).slots(slots));
    }

    /** CLUSTER DELSLOTSRANGE. */
    public void delSlotsRange(long... bounds) {
        changeSlots(true, new SlotArguments(slots, true).ranges(bounds));
    }

    /** CLUSTER FLUSHSLOTS: unassigns this node's slots. The caller checks first that the database is empty. */
    public void flushSlots() {
        BitSet mine = myself.slots();
        for (int slot = mine.nextSetBit(0); slot >= 0; slot = mine.nextSetBit(slot + 1)) {
            slots.unassign(slot);
        }
        adminChanged();
    }

    /** CLUSTER FORGET: removes the node and keeps it from coming back through gossip for 60 seconds. */
    public void forget(String nodeId, long now) {
        ClusterNode node = requireNode(nodeId, "ERR Unknown node ");
        if (node == myself) {
            throw new ClusterException("ERR I tried hard but I can't forget myself...");
        }
        if (node.id.equals(myself.masterId)) {
            throw new ClusterException("ERR Can't forget my master!");
        }
        lastNow = now;
        blacklist.put(node.id, now + BLACKLIST_TTL);
        deleteNode(node);
        adminChanged();
    }

    /**
     * CLUSTER RESET: forgets every other node, every slot and mark; a hard reset also takes a new id and sets
     * currentEpoch, lastVoteEpoch and configEpoch to 0. The caller refuses it first on a master holding keys.
     */
    public void reset(boolean hard) {
        myself.flags.remove(NodeFlag.SLAVE);
        myself.flags.add(NodeFlag.MASTER);
        myself.masterId = NodeId.NONE;
        slots.closeAll();
        for (int slot = 0; slot < HashSlot.COUNT; slot++) {
            slots.unassign(slot);
        }
        for (ClusterNode node : List.copyOf(nodes.values())) {
            if (node != myself) {
                deleteNode(node);
            }
        }
        if (hard) {
            currentEpoch = 0;
            lastVoteEpoch = 0;
            myself.configEpoch = 0;
            rename(myself, NodeId.random(random));
        }
        adminChanged();
    }

    /** CLUSTER SET-CONFIG-EPOCH: only on a node that knows no other node and has configEpoch 0. */
    public void setConfigEpoch(long epoch) {
        if (epoch < 0) {
            throw new ClusterException("ERR Invalid config epoch specified: " + epoch);
        }
        if (nodes.size() > 1) {
            throw new ClusterException(
                    "ERR The user can assign a config epoch only when the node does not know any other node.");
        }
        if (myself.configEpoch != 0) {
            throw new ClusterException("ERR Node config epoch is already non-zero");
        }
        myself.configEpoch = epoch;
        currentEpoch = Math.max(currentEpoch, epoch);
        adminChanged();
    }

    /** The reply of CLUSTER BUMPEPOCH: "BUMPED 7" or "STILL 7". */
    public record Bump(boolean bumped, long configEpoch) {
        public String reply() {
            return (bumped ? "BUMPED " : "STILL ") + configEpoch;
        }
    }

    /**
     * CLUSTER BUMPEPOCH (Redis's clusterBumpConfigEpochWithoutConsensus): takes currentEpoch + 1 as configEpoch
     * unless this node's configEpoch is already non-zero and the greatest it knows.
     */
    public Bump bumpEpoch() {
        long max = currentEpoch;
        for (ClusterNode node : nodes.values()) {
            max = Math.max(max, node.configEpoch);
        }
        if (myself.configEpoch != 0 && myself.configEpoch == max) {
            return new Bump(false, myself.configEpoch);
        }
        currentEpoch++;
        myself.configEpoch = currentEpoch;
        configChanged = true;
        return new Bump(true, myself.configEpoch);
    }

    /** CLUSTER SETSLOT slot MIGRATING node: marks a slot this node owns as moving to {@code nodeId}. */
    public void setSlotMigrating(long slot, String nodeId) {
        int s = checkSetSlot(slot);
        if (slots.owner(s) != myself) {
            throw new ClusterException("ERR I'm not the owner of hash slot " + s);
        }
        slots.setMigrating(s, requireMaster(nodeId, "ERR I don't know about node "));
        adminChanged();
    }

    /** CLUSTER SETSLOT slot IMPORTING node: marks a slot this node does not own as coming from {@code nodeId}. */
    public void setSlotImporting(long slot, String nodeId) {
        int s = checkSetSlot(slot);
        if (slots.owner(s) == myself) {
            throw new ClusterException("ERR I'm already the owner of hash slot " + s);
        }
        slots.setImporting(s, requireMaster(nodeId, "ERR I don't know about node "));
        adminChanged();
    }

    /** CLUSTER SETSLOT slot STABLE: clears both marks. */
    public void setSlotStable(long slot) {
        int s = checkSetSlot(slot);
        slots.setMigrating(s, null);
        slots.setImporting(s, null);
        adminChanged();
    }

    /**
     * CLUSTER SETSLOT slot NODE node: assigns the slot. Closing an import on the new owner bumps its configEpoch
     * without consensus (so the cluster adopts the move) and broadcasts a PONG to everyone, even when the bump is
     * not needed. Assigning the slot elsewhere leaves an importing mark alone, as Redis does. A master that gives
     * away its last slot stays a master without slots: Redis 7.0 would make it a replica of the new owner, but
     * slotkv does not replicate.
     *
     * @param keysInSlot how many keys this node stores in the slot: a slot with keys cannot be given away, and
     *     an empty one loses its migrating mark, whoever gets it
     */
    public void setSlotNode(long slot, String nodeId, long keysInSlot) {
        int s = checkSetSlot(slot);
        ClusterNode node = requireMaster(nodeId, "ERR Unknown node ");
        if (slots.owner(s) == myself && node != myself && keysInSlot != 0) {
            throw new ClusterException("ERR Can't assign hashslot " + s
                    + " to a different node while I still hold keys for this hash slot.");
        }
        if (keysInSlot == 0) {
            slots.setMigrating(s, null);
        }
        slots.assign(s, node);
        if (node == myself && slots.importingFrom(s) != null) {
            bumpEpoch();
            slots.setImporting(s, null);
            pongToAll = true;
        }
        adminChanged();
    }

    /** CLUSTER COUNT-FAILURE-REPORTS: the valid reports that {@code nodeId} is failing. */
    public int countFailureReports(String nodeId, long now) {
        return failures.validReports(requireNode(nodeId, "ERR Unknown node "), now);
    }

    private ClusterNode requireNode(String nodeId, String unknownPrefix) {
        ClusterNode node = lookup(nodeId);
        if (node == null) {
            throw new ClusterException(unknownPrefix + nodeId);
        }
        return node;
    }

    private ClusterNode requireMaster(String nodeId, String unknownPrefix) {
        ClusterNode node = requireNode(nodeId, unknownPrefix);
        if (node.has(NodeFlag.SLAVE)) {
            throw new ClusterException("ERR Target node is not a master");
        }
        return node;
    }

    /**
     * The checks CLUSTER SETSLOT makes before it reads its subcommand (this node must be a master, the slot in
     * range), for the command layer to call before answering {@link ClusterArgs#SETSLOT_SYNTAX}.
     *
     * @return the slot
     */
    public int checkSetSlot(long slot) {
        if (myself.has(NodeFlag.SLAVE)) {
            throw new ClusterException("ERR Please use SETSLOT only with masters.");
        }
        return SlotArguments.slot(slot);
    }

    private void changeSlots(boolean delete, BitSet chosen) {
        for (int slot = chosen.nextSetBit(0); slot >= 0; slot = chosen.nextSetBit(slot + 1)) {
            slots.setImporting(slot, null); // now really ours, or really nobody's
            if (delete) {
                slots.unassign(slot);
            } else {
                slots.assign(slot, myself);
            }
        }
        adminChanged();
    }

    private void adminChanged() {
        configChanged = true;
        health.update(lastNow);
    }

    // --------------------------------------------------------- node table

    /** The node with id {@code nodeId}, or null (also for text that is not a node id). */
    ClusterNode lookup(String nodeId) {
        return nodes.get(nodeId);
    }

    void addNode(ClusterNode node) {
        nodes.put(node.id, node);
    }

    boolean handshakeInProgress(String ip, int port, int cport) {
        for (ClusterNode node : nodes.values()) {
            if (node.inHandshake() && node.sameAddress(ip, port, cport)) {
                return true;
            }
        }
        return false;
    }

    /** A node known only by address, under a random id until its PONG tells the real one. */
    ClusterNode startHandshake(String ip, int port, int cport, long now) {
        ClusterNode node = new ClusterNode(NodeId.random(random), ip, port, cport, EnumSet.of(NodeFlag.HANDSHAKE),
                now);
        addNode(node);
        configChanged = true;
        return node;
    }

    void rename(ClusterNode node, String newId) {
        nodes.remove(node.id);
        node.id = newId;
        addNode(node);
        configChanged = true;
    }

    /** Removes a node: its slots become unassigned, marks naming it close, its failure reports vanish. */
    void deleteNode(ClusterNode node) {
        slots.remove(node);
        for (ClusterNode other : nodes.values()) {
            other.failureReports.remove(node.id);
        }
        nodes.remove(node.id);
        configChanged = true;
    }

    boolean blacklisted(String nodeId, long now) {
        blacklist.values().removeIf(until -> until < now);
        return blacklist.containsKey(nodeId);
    }

    /** Masters that own at least one slot: the voters of failure detection and cluster_state. */
    int size() {
        int size = 0;
        for (ClusterNode node : nodes.values()) {
            size += node.isMasterWithSlots() ? 1 : 0;
        }
        return size;
    }

    // ----------------------------------------------------------------- queries

    public ClusterSettings settings() {
        return settings;
    }

    public ClusterNode myself() {
        return myself;
    }

    /** The node with id {@code nodeId}, or null. */
    public ClusterNode node(String nodeId) {
        return lookup(nodeId);
    }

    /** Every known node, myself and handshakes included. */
    public Collection<ClusterNode> nodes() {
        return Collections.unmodifiableCollection(nodes.values());
    }

    /** The owner of {@code slot}, or null. */
    public ClusterNode owner(int slot) {
        return slots.owner(slot);
    }

    /** The node {@code slot} is migrating to (set on this node, its owner), or null. */
    public ClusterNode migratingTo(int slot) {
        return slots.migratingTo(slot);
    }

    /** The node {@code slot} is being imported from, or null. */
    public ClusterNode importingFrom(int slot) {
        return slots.importingFrom(slot);
    }

    public long currentEpoch() {
        return currentEpoch;
    }

    public long lastVoteEpoch() {
        return lastVoteEpoch;
    }

    /** cluster_state: ok, or fail. */
    public boolean isOk() {
        return health.ok();
    }

    /** What CLUSTER INFO reports. */
    public ClusterInfo info() {
        int assigned = 0;
        int pfail = 0;
        int fail = 0;
        for (ClusterNode node : nodes.values()) {
            int owned = node.slotCount();
            assigned += owned;
            pfail += node.has(NodeFlag.PFAIL) ? owned : 0;
            fail += node.has(NodeFlag.FAIL) ? owned : 0;
        }
        ClusterNode master = myself.masterId.isEmpty() ? null : lookup(myself.masterId);
        Map<MessageType, Long> sent = new LinkedHashMap<>();
        Map<MessageType, Long> received = new LinkedHashMap<>();
        for (MessageType type : MessageType.values()) {
            sent.put(type, messenger.sent(type));
            received.put(type, messenger.received(type));
        }
        return new ClusterInfo(isOk(), assigned, assigned - pfail - fail, pfail, fail, nodes.size(), size(),
                currentEpoch, (master == null ? myself : master).configEpoch, sent, received);
    }

    /** The CLUSTER NODES text: every known node, one line each, open slots on the myself line. */
    public String nodesDescription() {
        StringBuilder text = new StringBuilder();
        for (ClusterNode node : nodes.values()) {
            text.append(NodeLine.render(this, node)).append('\n');
        }
        return text.toString();
    }

    /** An immutable copy of what routing needs, for other threads. */
    public ClusterSnapshot snapshot() {
        return ClusterSnapshot.of(this);
    }
}
