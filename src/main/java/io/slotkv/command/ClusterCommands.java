package io.slotkv.command;

import io.slotkv.cluster.ClusterArgs;
import io.slotkv.cluster.ClusterException;
import io.slotkv.cluster.ClusterNode;
import io.slotkv.cluster.ClusterState;
import io.slotkv.cluster.NodeFlag;
import io.slotkv.protocol.HashSlot;
import io.slotkv.protocol.RespWriter;
import io.slotkv.server.ClusterService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The CLUSTER command family and the per-connection cluster commands, as Redis 7 answers them:
 * CLUSTER MYID | MYSHARDID | NODES | SLOTS | SHARDS | INFO | LINKS | KEYSLOT | COUNTKEYSINSLOT | GETKEYSINSLOT |
 * ADDSLOTS | ADDSLOTSRANGE | DELSLOTS | DELSLOTSRANGE | FLUSHSLOTS | MEET | FORGET | RESET | SET-CONFIG-EPOCH |
 * BUMPEPOCH | SAVECONFIG | COUNT-FAILURE-REPORTS | SETSLOT | HELP, and READONLY, READWRITE, ASKING.
 *
 * <p>A thin layer over {@link ClusterState}: the state checks what Redis checks and throws {@link ClusterException}
 * with Redis's text before changing anything; this class parses arguments, turns those refusals into replies,
 * shapes the replies for RESP2 and RESP3, and after every change lets the {@link ClusterService} send the messages
 * and save nodes.conf. Without cluster mode every command here answers "This instance has cluster support
 * disabled", CLUSTER HELP and KEYSLOT included, as Redis does.
 */
final class ClusterCommands {
    private static final String DISABLED = "ERR This instance has cluster support disabled";
    private static final String INVALID_SLOT = "ERR Invalid slot";
    private static final String INVALID_SLOT_OR_COUNT = "ERR Invalid slot or number of keys";
    /** Redis's default distance between a node's client port and its bus port. */
    private static final int BUS_PORT_OFFSET = 10_000;

    private ClusterCommands() {}

    // ---------------------------------------------------------------- introspection

    static void myid(Call call) {
        call.reply().bulk(state(call).myself().id());
    }

    /**
     * The shard id is derived, not stored: the SHA-1 (40 hex digits, the form of every Redis id) of the node id of
     * the shard's master. It is stable across restarts because the node id is in nodes.conf, changes with a hard
     * reset as Redis's does, and a replica reports its master's, since they form one shard.
     */
    static void myshardid(Call call) {
        call.reply().bulk(shardId(state(call).myself()));
    }

    private static String shardId(ClusterNode node) {
        String master = node.masterId().isEmpty() ? node.id() : node.masterId();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(master.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-1", e);
        }
    }

    static void nodes(Call call) {
        call.reply().verbatim(state(call).nodesDescription());
    }

    /** The transport does not count links over their buffer limit (it drops old gossip instead): always 0. */
    static void info(Call call) {
        call.reply().verbatim(state(call).info().render(0));
    }

    /**
     * CLUSTER SLOTS: one entry per run of consecutive slots with the same owner, in slot order: start, end, then
     * the owner as [ip, port, id, metadata map] (the map holds the hostname when there is one). Redis adds
     * replicas with a non-zero replication offset; slotkv does not replicate, so there never are any.
     */
    static void slots(Call call) {
        ClusterState state = state(call);
        List<SlotRun> runs = new ArrayList<>();
        for (ClusterNode node : state.nodes()) {
            runs.addAll(runs(node));
        }
        runs.sort(Comparator.comparingInt(SlotRun::start));
        RespWriter reply = call.reply();
        reply.array(runs.size());
        for (SlotRun run : runs) {
            reply.array(3);
            reply.integer(run.start());
            reply.integer(run.end());
            reply.array(4);
            reply.bulk(run.owner().ip());
            reply.integer(run.owner().port());
            reply.bulk(run.owner().id());
            if (run.owner().hostname().isEmpty()) {
                reply.map(0);
            } else {
                reply.map(1);
                reply.bulk("hostname");
                reply.bulk(run.owner().hostname());
            }
        }
    }

    /**
     * CLUSTER SHARDS: one map per master, slots or not: "slots" as a flat list of start/end pairs, and "nodes", the
     * master then its replicas, each a map of id, port, ip, endpoint, [hostname,] role, replication-offset, health.
     */
    static void shards(Call call) {
        ClusterState state = state(call);
        List<ClusterNode> masters = state.nodes().stream().filter(ClusterNode::isMaster).toList();
        RespWriter reply = call.reply();
        reply.array(masters.size());
        for (ClusterNode master : masters) {
            reply.map(2);
            reply.bulk("slots");
            List<SlotRun> runs = runs(master);
            reply.array(runs.size() * 2);
            for (SlotRun run : runs) {
                reply.integer(run.start());
                reply.integer(run.end());
            }
            reply.bulk("nodes");
            List<ClusterNode> members = new ArrayList<>(List.of(master));
            state.nodes().stream().filter(n -> n.masterId().equals(master.id())).forEach(members::add);
            reply.array(members.size());
            members.forEach(member -> shardMember(reply, member));
        }
    }

    /** One node of a shard. Without replication every offset is 0: a replica is always "loading" in Redis's terms. */
    private static void shardMember(RespWriter reply, ClusterNode node) {
        boolean replica = node.has(NodeFlag.SLAVE);
        boolean hostname = !node.hostname().isEmpty();
        reply.map(hostname ? 8 : 7);
        reply.bulk("id");
        reply.bulk(node.id());
        reply.bulk("port");
        reply.integer(node.port());
        reply.bulk("ip");
        reply.bulk(node.ip());
        reply.bulk("endpoint");
        reply.bulk(node.ip());
        if (hostname) {
            reply.bulk("hostname");
            reply.bulk(node.hostname());
        }
        reply.bulk("role");
        reply.bulk(replica ? "replica" : "master");
        reply.bulk("replication-offset");
        reply.integer(0);
        reply.bulk("health");
        reply.bulk(node.has(NodeFlag.FAIL) ? "fail" : replica ? "loading" : "online");
    }

    /** A run of consecutive slots of one owner. */
    private record SlotRun(int start, int end, ClusterNode owner) {}

    /** {@code node}'s slots as maximal runs, ascending. */
    private static List<SlotRun> runs(ClusterNode node) {
        BitSet slots = node.slots();
        List<SlotRun> runs = new ArrayList<>();
        for (int start = slots.nextSetBit(0); start >= 0; ) {
            int end = slots.nextClearBit(start) - 1;
            runs.add(new SlotRun(start, end, node));
            start = slots.nextSetBit(end + 1);
        }
        return runs;
    }

    /**
     * CLUSTER LINKS, approximated from what the state knows: one outgoing ("to") link per node whose bus link is
     * connected, created (as far as this node knows) when the node entered its table, with no pending output. The
     * transport does not tell which node an incoming connection comes from, so "from" links are not listed.
     */
    static void links(Call call) {
        ClusterState state = state(call);
        List<ClusterNode> linked = state.nodes().stream()
                .filter(n -> n != state.myself() && n.linkConnected()).toList();
        RespWriter reply = call.reply();
        reply.array(linked.size());
        for (ClusterNode node : linked) {
            reply.map(6);
            reply.bulk("direction");
            reply.bulk("to");
            reply.bulk("node");
            reply.bulk(node.id());
            reply.bulk("create-time");
            reply.integer(node.createdAt());
            reply.bulk("events");
            reply.bulk("r");
            reply.bulk("send-buffer-allocated");
            reply.integer(0);
            reply.bulk("send-buffer-used");
            reply.integer(0);
        }
    }

    static void countFailureReports(Call call) {
        ClusterService cluster = cluster(call);
        call.reply().integer(attempt(() -> cluster.state().countFailureReports(call.text(2), cluster.now())));
    }

    // ---------------------------------------------------------------- keys and slots

    static void keyslot(Call call) {
        cluster(call);
        call.reply().integer(HashSlot.of(call.arg(2)));
    }

    static void countkeysinslot(Call call) {
        cluster(call);
        long slot = call.longArg(2);
        Call.require(validSlot(slot), INVALID_SLOT);
        call.reply().integer(call.server().database(0).countKeysInSlot((int) slot));
    }

    static void getkeysinslot(Call call) {
        cluster(call);
        long slot = call.longArg(2);
        long count = call.longArg(3);
        Call.require(validSlot(slot) && count >= 0, INVALID_SLOT_OR_COUNT);
        List<byte[]> keys = call.server().database(0).keysInSlot((int) slot, (int) Math.min(count, Integer.MAX_VALUE));
        call.reply().array(keys.size());
        keys.forEach(call.reply()::bulk);
    }

    // ---------------------------------------------------------------- slot assignment

    static void addslots(Call call) {
        change(call, state -> state.addSlots(slotArgs(call)));
    }

    static void addslotsrange(Call call) {
        change(call, state -> state.addSlotsRange(rangeArgs(call)));
    }

    static void delslots(Call call) {
        change(call, state -> state.delSlots(slotArgs(call)));
    }

    static void delslotsrange(Call call) {
        change(call, state -> state.delSlotsRange(rangeArgs(call)));
    }

    /** The slot arguments from index 2 on, as {@link ClusterArgs#slot} reads them (the state checks them). */
    private static long[] slotArgs(Call call) {
        long[] slots = new long[call.argc() - 2];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = ClusterArgs.slot(call.text(i + 2));
        }
        return slots;
    }

    /** Start/end pairs: an odd number of bounds is an arity error, as in Redis. */
    private static long[] rangeArgs(Call call) {
        Call.require(call.argc() % 2 == 0, Errors.arity(call.spec().name()));
        return slotArgs(call);
    }

    static void flushslots(Call call) {
        cluster(call);
        Call.require(call.server().database(0).size() == 0, "ERR DB must be empty to perform CLUSTER FLUSHSLOTS.");
        change(call, ClusterState::flushSlots);
    }

    /**
     * CLUSTER SETSLOT slot IMPORTING|MIGRATING|NODE node-id, or SETSLOT slot STABLE. The state checks the node's
     * role and the slot before the action, as Redis does; an unknown action or a wrong count of arguments is
     * reported only after those checks pass. NODE passes the slot's key count, which decides whether the slot
     * may be given away and whether its migrating mark closes.
     */
    static void setslot(Call call) {
        long slot = ClusterArgs.slot(call.text(2));
        boolean withNode = call.argc() == 5;
        if (withNode && call.is(3, "MIGRATING")) {
            change(call, state -> state.setSlotMigrating(slot, call.text(4)));
        } else if (withNode && call.is(3, "IMPORTING")) {
            change(call, state -> state.setSlotImporting(slot, call.text(4)));
        } else if (call.argc() == 4 && call.is(3, "STABLE")) {
            change(call, state -> state.setSlotStable(slot));
        } else if (withNode && call.is(3, "NODE")) {
            long keys = validSlot(slot) ? call.server().database(0).countKeysInSlot((int) slot) : 0;
            change(call, state -> state.setSlotNode(slot, call.text(4), keys));
        } else {
            ClusterState state = state(call);
            attempt(() -> state.checkSetSlot(slot));
            throw new CommandException(ClusterArgs.SETSLOT_SYNTAX);
        }
    }

    // ---------------------------------------------------------------- membership and epochs

    /** CLUSTER MEET ip port [bus-port]: the bus port defaults to port + 10000, as in Redis. */
    static void meet(Call call) {
        change(call, state -> {
            requireArgs(call, call.argc() <= 5);
            long port = ClusterArgs.port(call.text(3));
            long busPort = call.argc() == 5 ? ClusterArgs.busPort(call.text(4)) : port + BUS_PORT_OFFSET;
            state.meet(call.text(2), port, busPort, call.server().cluster().now());
        });
    }

    static void forget(Call call) {
        change(call, state -> state.forget(call.text(2), call.server().cluster().now()));
    }

    /** CLUSTER RESET [HARD|SOFT]: refused on a master that holds keys (a replica would be emptied, in Redis). */
    static void reset(Call call) {
        change(call, state -> {
            requireArgs(call, call.argc() <= 3);
            boolean hard = call.argc() == 3 && call.is(2, "HARD");
            Call.require(call.argc() == 2 || hard || call.is(2, "SOFT"), Errors.SYNTAX);
            Call.require(!state.myself().isMaster() || call.server().database(0).size() == 0,
                    "ERR CLUSTER RESET can't be called with master nodes containing keys");
            state.reset(hard);
        });
    }

    static void setConfigEpoch(Call call) {
        change(call, state -> state.setConfigEpoch(ClusterArgs.configEpoch(call.text(2))));
    }

    static void bumpepoch(Call call) {
        ClusterService cluster = cluster(call);
        ClusterState.Bump bump = cluster.state().bumpEpoch();
        cluster.afterChange(null);
        call.reply().simple(bump.reply());
    }

    static void saveconfig(Call call) {
        try {
            cluster(call).saveConfig();
        } catch (IOException e) {
            throw new CommandException("ERR error saving the cluster node config: " + e.getMessage());
        }
        call.reply().ok();
    }

    // ---------------------------------------------------------------- connection commands

    /** READONLY: this connection may read from replicas (slotkv has none yet, so nothing else changes). */
    static void readonly(Call call) {
        cluster(call);
        call.client().setReadonly(true);
        call.reply().ok();
    }

    static void readwrite(Call call) {
        cluster(call);
        call.client().setReadonly(false);
        call.reply().ok();
    }

    /** ASKING: the next command (the dispatcher clears the flag after it) may use a slot this node imports. */
    static void asking(Call call) {
        cluster(call);
        call.client().setAsking(true);
        call.reply().ok();
    }

    /**
     * Redis 7.0's CLUSTER HELP, without the replication subcommands slotkv does not serve (FAILOVER, REPLICAS,
     * REPLICATE) and with MYSHARDID as Redis 7.2 describes it.
     */
    static void help(Call call) {
        cluster(call);
        Help.reply(call, "CLUSTER",
                "ADDSLOTS <slot> [<slot> ...]",
                "    Assign slots to current node.",
                "ADDSLOTSRANGE <start slot> <end slot> [<start slot> <end slot> ...]",
                "    Assign slots which are between <start-slot> and <end-slot> to current node.",
                "BUMPEPOCH",
                "    Advance the cluster config epoch.",
                "COUNT-FAILURE-REPORTS <node-id>",
                "    Return number of failure reports for <node-id>.",
                "COUNTKEYSINSLOT <slot>",
                "    Return the number of keys in <slot>.",
                "DELSLOTS <slot> [<slot> ...]",
                "    Delete slots information from current node.",
                "DELSLOTSRANGE <start slot> <end slot> [<start slot> <end slot> ...]",
                "    Delete slots information which are between <start-slot> and <end-slot> from current node.",
                "FORGET <node-id>",
                "    Remove a node from the cluster.",
                "GETKEYSINSLOT <slot> <count>",
                "    Return key names stored by current node in a slot.",
                "FLUSHSLOTS",
                "    Delete current node own slots information.",
                "INFO",
                "    Return information about the cluster.",
                "KEYSLOT <key>",
                "    Return the hash slot for <key>.",
                "MEET <ip> <port> [<bus-port>]",
                "    Connect nodes into a working cluster.",
                "MYID",
                "    Return the node id.",
                "MYSHARDID",
                "    Return the node's shard id.",
                "NODES",
                "    Return cluster configuration seen by node. Output format:",
                "    <id> <ip:port> <flags> <master> <pings> <pongs> <epoch> <link> <slot> ...",
                "RESET [HARD|SOFT]",
                "    Reset current node (default: soft).",
                "SET-CONFIG-EPOCH <epoch>",
                "    Set config epoch of current node.",
                "SETSLOT <slot> (IMPORTING <node-id>|MIGRATING <node-id>|STABLE|NODE <node-id>)",
                "    Set slot state.",
                "SAVECONFIG",
                "    Force saving cluster configuration on disk.",
                "SLOTS",
                "    Return information about slots range mappings. Each range is made of:",
                "    start, end, master and replicas IP addresses, ports and ids",
                "SHARDS",
                "    Return information about slot range mappings and the nodes associated with them.",
                "LINKS",
                "    Return information about all network links between this node and its peers.",
                "    Output format is an array where each array element is a map containing attributes of a link");
    }

    // ---------------------------------------------------------------- shared

    /** This node's cluster part, or the error every cluster command gives without cluster mode. */
    static ClusterService cluster(Call call) {
        ClusterService cluster = call.server().cluster();
        Call.require(cluster != null, DISABLED);
        return cluster;
    }

    private static ClusterState state(Call call) {
        return cluster(call).state();
    }

    /**
     * Applies an admin change (argument parsing included, since {@link ClusterArgs} reports with the same
     * exception), then lets the service send what it queued and save nodes.conf, and answers OK.
     */
    static void change(Call call, Consumer<ClusterState> change) {
        ClusterService cluster = cluster(call);
        attempt(() -> {
            change.accept(cluster.state());
            return null;
        });
        cluster.afterChange(null);
        call.reply().ok();
    }

    /** Runs a state operation, turning its refusal into the error reply it carries. */
    static <T> T attempt(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (ClusterException e) {
            throw new CommandException(e.getMessage());
        }
    }

    private static boolean validSlot(long slot) {
        return slot >= 0 && slot < HashSlot.COUNT;
    }

    /** Redis's reply to a subcommand given more arguments than any of its forms takes (MEET, RESET). */
    private static void requireArgs(Call call, boolean condition) {
        String typed = call.text(1);
        Call.require(condition, "ERR unknown subcommand or wrong number of arguments for '"
                + typed.substring(0, Math.min(typed.length(), 128)) + "'. Try CLUSTER HELP.");
    }
}
