package io.slotkv.server;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.slotkv.cluster.BusCodec;
import io.slotkv.cluster.BusMessage;
import io.slotkv.cluster.ClusterSettings;
import io.slotkv.cluster.ClusterState;
import io.slotkv.cluster.Destination;
import io.slotkv.cluster.Envelope;
import io.slotkv.cluster.NodesConf;
import io.slotkv.config.Config;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * This node's part in the cluster (with {@code cluster-enabled yes}): runs the {@link ClusterState} on the shard
 * thread, so slot ownership changes between commands and never during one, and routing reads the state directly.
 * Feeds it bus messages and a tick every 100 ms, sends what it asks to send through the {@link ClusterBus}, saves
 * {@code nodes.conf} whenever the persistent configuration changed (before the change is acknowledged to any admin
 * command), and deletes the keys of slots another master took over.
 */
public final class ClusterService {
    private static final long TICK_MILLIS = 100;

    private final Server server;
    private final ClusterState state;
    private final Path configFile;
    private final ClusterBus bus;
    private ScheduledFuture<?> ticker;
    /** The epochs nodes.conf last held: currentEpoch, lastVoteEpoch, this node's configEpoch. */
    private long[] savedEpochs = {};

    private ClusterService(Server server, ClusterState state, Path configFile, EventLoopGroup io) {
        this.server = server;
        this.state = state;
        this.configFile = configFile;
        this.bus = new ClusterBus(server, this, io, (int) Math.min(state.settings().nodeTimeout(), 5000));
    }

    /**
     * Loads {@code nodes.conf} (or creates a node with a fresh id), binds the bus port and starts the ticks.
     *
     * @throws IOException when nodes.conf is corrupt or cannot be written, or the bus port cannot be bound
     */
    static ClusterService start(Server server, Config config, EventLoopGroup io, int port, List<String> hosts)
            throws IOException {
        int cport = config.getInt("cluster-port") == 0 ? port + 10_000 : config.getInt("cluster-port");
        if (cport > 0xFFFF) {
            throw new IOException("the cluster bus port " + cport + " (port + 10000) is above 65535: set cluster-port");
        }
        ClusterSettings settings = new ClusterSettings("", port, cport, config.getInt("cluster-node-timeout"),
                config.getBool("cluster-require-full-coverage"));
        Path file = Path.of(config.get("dir")).resolve(config.get("cluster-config-file"));
        long now = System.currentTimeMillis();
        SecureRandom random = new SecureRandom();
        ClusterState state = NodesConf.load(file, settings, random, now)
                .orElseGet(() -> ClusterState.create(settings, random, now));
        ClusterService service = new ClusterService(server, state, file, io);
        service.saveConfig();
        service.bus.listen(hosts, cport);
        service.ticker = server.shard().scheduleAtFixedRate(service::tick, TICK_MILLIS, TICK_MILLIS,
                TimeUnit.MILLISECONDS);
        server.log().notice("Cluster node " + state.myself().id() + " (bus port " + cport + ", config " + file + ")");
        return service;
    }

    /** The state; touched on the shard thread only. */
    public ClusterState state() {
        return state;
    }

    /** Current time for the state machine's inputs. */
    public long now() {
        return System.currentTimeMillis();
    }

    private void tick() {
        state.tick(now());
        afterChange(null);
    }

    void receive(BusMessage message, Channel from) {
        state.receive(message, now());
        afterChange(from);
    }

    void linkUp(Destination to) {
        state.linkUp(to);
    }

    void linkDown(Destination to) {
        state.linkDown(to);
    }

    /**
     * Does what the state asked for after an input: sends its messages, saves nodes.conf if the configuration
     * changed, and empties the slots it lost. Admin commands call it after changing the state.
     *
     * @param replyChannel the channel the input came on, for {@link Destination.Reply} messages (null: none)
     */
    public void afterChange(Channel replyChannel) {
        List<Envelope> envelopes = state.drainOutbox();
        if (!envelopes.isEmpty()) {
            List<byte[]> frames = envelopes.stream().map(envelope -> BusCodec.encode(envelope.message())).toList();
            // Sent by a task of their own, after the replies of the commands running now are written: a socket
            // write costs tens of microseconds, which the client of CLUSTER SETSLOT need not wait for.
            server.shard().execute(() -> send(envelopes, frames, replyChannel));
        }
        if (state.takeConfigChanged()) {
            try {
                saveConfig();
            } catch (IOException e) {
                server.log().warning("Could not save the cluster configuration " + configFile + ": " + e.getMessage());
            }
        }
        BitSet lost = state.takeLostSlots();
        for (int slot = lost.nextSetBit(0); slot >= 0; slot = lost.nextSetBit(slot + 1)) {
            if (server.database(0).countKeysInSlot(slot) == 0) {
                continue; // a slot handed over after its keys left (every reshard): nothing to delete
            }
            long deleted = server.database(0).deleteSlot(slot);
            server.database(0).commit();
            if (deleted > 0) {
                server.log().notice("Deleted " + deleted + " keys of slot " + slot + ", now served by another node");
            }
        }
    }

    private void send(List<Envelope> envelopes, List<byte[]> frames, Channel replyChannel) {
        for (int i = 0; i < envelopes.size(); i++) {
            Destination to = envelopes.get(i).to();
            if (to instanceof Destination.Reply) {
                if (replyChannel != null) {
                    ClusterBus.reply(replyChannel, frames.get(i));
                }
            } else {
                bus.send(to, frames.get(i));
            }
        }
    }

    /**
     * Writes nodes.conf now (CLUSTER SAVECONFIG, and every configuration change). As in Redis, the write reaches the
     * disk (fsync) when an epoch changed, the promise a node must never forget (a vote, a configEpoch claiming
     * slots); other changes, such as the slot marks a reshard sets thousands of times, are written and renamed
     * into place without waiting for the disk, so they survive a crash of the process, not of the machine.
     */
    public void saveConfig() throws IOException {
        long[] epochs = {state.currentEpoch(), state.lastVoteEpoch(), state.myself().configEpoch()};
        boolean durable = !java.util.Arrays.equals(epochs, savedEpochs);
        NodesConf.write(configFile, NodesConf.render(state), durable);
        savedEpochs = epochs;
    }

    void stop() {
        if (ticker != null) {
            ticker.cancel(false);
        }
        bus.close();
    }
}
