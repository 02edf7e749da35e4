package io.slotkv.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.slotkv.command.CommandTable;
import io.slotkv.config.Config;
import io.slotkv.config.OutputBufferLimits;
import io.slotkv.protocol.ParserLimits;
import io.slotkv.migration.KeyLocks;
import io.slotkv.migration.SlotMigrations;
import io.slotkv.migration.TargetLinks;
import io.slotkv.store.Keyspace;
import io.slotkv.store.StorageEngine;
import io.slotkv.store.StorageException;
import io.slotkv.store.memory.MemoryEngine;
import io.slotkv.store.rocksdb.RocksEngine;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A running slotkv server: owns the configuration, the storage engine, the event loops and every registry, and
 * runs the periodic housekeeping (active expiry, idle timeouts, statistics), the counterpart of Redis's
 * serverCron.
 *
 * <p>Lifecycle: {@link #start(Config)} binds and returns a running server; {@link #shutdown()} (SHUTDOWN,
 * SIGTERM, SIGINT) closes listeners and clients, closes the engine and completes {@link #terminated()}.
 */
public final class Server {
    private final Config config;
    private final Log log;
    private final StorageEngine engine;
    private final CommandTable commands = new CommandTable();
    private final Dispatcher dispatcher;
    private final ClientRegistry clients = new ClientRegistry();
    private final BlockingKeys blocking;
    private final KeyLocks keyLocks = new KeyLocks(this);
    private final SlotMigrations slotMigrations = new SlotMigrations(this);
    private TargetLinks targetLinks;
    private final WatchedKeys watches = new WatchedKeys();
    private final Monitors monitors = new Monitors();
    private final ServerStats stats = new ServerStats();
    private final AtomicLong clientIds = new AtomicLong();
    private final long startMillis = System.currentTimeMillis();
    private final String runId;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final List<Channel> listeners = new ArrayList<>();
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private EventLoopGroup ioGroup;
    private EventLoopGroup shardGroup;
    private EventLoop shard;
    private volatile ParserLimits parserLimits;
    private volatile long queryBufferLimit;
    private volatile OutputBufferLimits outputLimits;
    private volatile boolean shuttingDown;
    private int port;
    private long lastExpired;
    private ScheduledFuture<?> cronTask;
    /** This node's cluster part, or {@code null} without {@code cluster-enabled}. */
    private ClusterService cluster;

    private Server(Config config, Log log) throws IOException {
        this.config = config;
        this.log = log;
        this.engine = openEngine(config);
        this.dispatcher = new Dispatcher(this, commands);
        this.blocking = new BlockingKeys(this);
        byte[] id = new byte[20];
        new SecureRandom().nextBytes(id);
        this.runId = HexFormat.of().formatHex(id);
        applyLimits();
    }

    private static StorageEngine openEngine(Config config) throws IOException {
        int databases = config.getInt("databases");
        return switch (config.get("storage-engine")) {
            case "rocksdb" -> new RocksEngine(Path.of(config.get("dir")), databases, config.get("appendfsync"));
            default -> new MemoryEngine(databases);
        };
    }

    /** Starts a server with {@code config}: binds every {@code bind} address and begins serving. */
    public static Server start(Config config) throws IOException, InterruptedException {
        Log log = new Log(config.get("logfile"), config.get("loglevel"));
        log.notice("slotkv version=" + Version.VERSION + ", bits=64, pid=" + ProcessHandle.current().pid()
                + ", just started");
        Server server = new Server(config, log);
        server.bind();
        return server;
    }

    private void bind() throws IOException, InterruptedException {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        int ioThreads = config.getInt("io-threads");
        ioGroup = new MultiThreadIoEventLoopGroup(ioThreads, factory);
        if (ioThreads == 1) {
            shard = ioGroup.next();
        } else {
            shardGroup = new DefaultEventLoopGroup(1);
            shard = shardGroup.next();
        }
        Class<? extends ServerChannel> channelType =
                epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        targetLinks = new TargetLinks(this, new Bootstrap().group(ioGroup)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class));
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(ioGroup)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 511)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 8 << 20))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        ch.pipeline().addLast(new Connection(Server.this));
                    }
                });
        int wanted = config.getInt("port");
        port = wanted;
        List<String> hosts = new ArrayList<>();
        for (String address : config.get("bind").split("\\s+")) {
            boolean optional = address.startsWith("-");
            String host = optional ? address.substring(1) : address;
            try {
                InetSocketAddress at = new InetSocketAddress(host.equals("*") ? "0.0.0.0" : host, port);
                Channel channel = bootstrap.bind(at).sync().channel();
                listeners.add(channel);
                hosts.add(at.getHostString());
                port = ((InetSocketAddress) channel.localAddress()).getPort();
            } catch (Exception e) {
                if (!optional) {
                    shutdownGroups();
                    engine.close();
                    throw new IOException("Could not create server TCP listening socket " + host + ":" + wanted
                            + ": " + e.getMessage(), e);
                }
                log.verbose("Skipping optional bind address " + host + ": " + e.getMessage());
            }
        }
        if (config.getBool("cluster-enabled")) {
            try {
                cluster = ClusterService.start(this, config, ioGroup, port, hosts);
            } catch (IOException | RuntimeException e) {
                listeners.forEach(Channel::close);
                shutdownGroups();
                engine.close();
                throw new IOException("Cannot start the cluster: " + e.getMessage(), e);
            }
        }
        scheduleCron();
        log.notice("Server initialized (storage-engine " + engine.name() + ", " + (epoll ? "epoll" : "nio") + ")");
        log.notice("Running mode=" + (config.getBool("cluster-enabled") ? "cluster" : "standalone") + ", port="
                + port + ".");
        log.notice("Ready to accept connections tcp");
    }

    // ---------------------------------------------------------------- periodic work (shard thread)

    /** Runs {@link #cron} {@code hz} times a second, replacing the previous schedule (CONFIG SET hz). */
    private void scheduleCron() {
        if (cronTask != null) {
            cronTask.cancel(false);
        }
        long period = Math.max(1, 1000 / config.getInt("hz"));
        cronTask = shard.scheduleAtFixedRate(this::cron, period, period, TimeUnit.MILLISECONDS);
    }

    private void cron() {
        long budget = lastExpired > 0 ? TimeUnit.MILLISECONDS.toNanos(25) : TimeUnit.MILLISECONDS.toNanos(1);
        long expired = 0;
        try {
            for (int db = 0; db < engine.databases(); db++) {
                expired += engine.database(db).activeExpire(budget / engine.databases() + 1);
            }
        } catch (StorageException e) {
            // a failing disk: expired keys stay invisible and are removed once writes work again; the rest of
            // the cron (and its later runs: an exception would cancel the schedule) must go on
            log.verbose("Active expiry could not write: " + e.getMessage());
        }
        lastExpired = expired;
        stats.expired(expired);
        stats.sample();
        closeIdleClients();
        targetLinks.closeIdle(System.currentTimeMillis());
    }

    private void closeIdleClients() {
        int timeout = config.getInt("timeout");
        if (timeout <= 0) {
            return;
        }
        long now = System.currentTimeMillis();
        for (Client client : new ArrayList<>(clients.all())) {
            if (!client.waiting() && !client.isMonitor()
                    && now - client.lastInteractionMillis() > timeout * 1000L) {
                log.verbose("Closing idle client id=" + client.id());
                client.connection().close();
            }
        }
    }

    // ---------------------------------------------------------------- accessors

    public Config config() {
        return config;
    }

    public Log log() {
        return log;
    }

    public StorageEngine engine() {
        return engine;
    }

    public Keyspace database(int index) {
        return engine.database(index);
    }

    public CommandTable commands() {
        return commands;
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    public ClientRegistry clients() {
        return clients;
    }

    public BlockingKeys blocking() {
        return blocking;
    }

    public KeyLocks keyLocks() {
        return keyLocks;
    }

    public SlotMigrations slotMigrations() {
        return slotMigrations;
    }

    public TargetLinks targetLinks() {
        return targetLinks;
    }

    public WatchedKeys watches() {
        return watches;
    }

    public Monitors monitors() {
        return monitors;
    }

    public ServerStats stats() {
        return stats;
    }

    public String runId() {
        return runId;
    }

    public long startMillis() {
        return startMillis;
    }

    /** The TCP port the server listens on (the one chosen by the system when configured as 0). */
    public int port() {
        return port;
    }

    /** The thread that owns every slot; see the package documentation. */
    /** This node's cluster part, or {@code null} when cluster mode is off. */
    public ClusterService cluster() {
        return cluster;
    }

    public EventLoop shard() {
        return shard;
    }

    /** Runs {@code task} on the shard thread: now when called there, else as a task. */
    public void onShard(Runnable task) {
        if (shard.inEventLoop()) {
            task.run();
        } else {
            shard.execute(task);
        }
    }

    long nextClientId() {
        return clientIds.incrementAndGet();
    }

    public boolean requiresPassword() {
        return !config.get("requirepass").isEmpty();
    }

    ParserLimits parserLimits() {
        return parserLimits;
    }

    long queryBufferLimit() {
        return queryBufferLimit;
    }

    OutputBufferLimits outputLimits() {
        return outputLimits;
    }

    /** Re-reads the limits derived from configuration; called after CONFIG SET. */
    public void applyLimits() {
        parserLimits = ParserLimits.DEFAULT.withMaxBulkLength(config.getLong("proto-max-bulk-len"));
        queryBufferLimit = config.getLong("client-query-buffer-limit");
        outputLimits = OutputBufferLimits.normalClass(config.get("client-output-buffer-limit"));
        log.setLevel(config.get("loglevel"));
    }

    /** Applies CONFIG SET changes that need more than a new value. */
    public void configChanged(Map<String, String> changed) {
        applyLimits();
        if (changed.containsKey("hz")) {
            scheduleCron();
        }
        if (changed.containsKey("requirepass") && !requiresPassword()) {
            clients.all().forEach(c -> c.setAuthenticated(true));
        }
    }

    /**
     * Redis's protected mode: with no password and {@code protected-mode yes}, only loopback clients are served.
     *
     * @return the error to send before closing, or {@code null} to serve the client
     */
    String protectedModeDenial(SocketAddress remote) {
        if (!config.getBool("protected-mode") || requiresPassword()) {
            return null;
        }
        if (remote instanceof InetSocketAddress inet) {
            InetAddress address = inet.getAddress();
            if (address == null || address.isLoopbackAddress()) {
                return null;
            }
        }
        return "DENIED slotkv is running in protected mode because protected mode is enabled and no password is "
                + "set for the default user. In this mode connections are only accepted from the loopback "
                + "interface. Set a password (requirepass) or disable protected mode (protected-mode no).";
    }

    // ---------------------------------------------------------------- clients (shard thread)

    void clientGone(Client client) {
        blocking.unblock(client);
        watches.unwatchAll(client);
        monitors.remove(client);
        clients.remove(client);
    }

    /** Lets a client that was blocked continue with its pending input. */
    public void resume(Client client) {
        client.connection().resume();
    }

    /** Closes a client's connection now (CLIENT KILL). */
    public void kill(Client client) {
        client.connection().close();
    }

    // ---------------------------------------------------------------- shutdown

    /** Completes when the server has shut down. */
    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    /** Stops serving, closes every connection and the engine; idempotent, callable from any thread. */
    public void shutdown() {
        synchronized (this) {
            if (shuttingDown) {
                return;
            }
            shuttingDown = true;
        }
        Thread stopper = new Thread(this::stop, "slotkv-shutdown");
        stopper.start();
    }

    private void stop() {
        try {
            for (Channel listener : listeners) {
                listener.close().syncUninterruptibly();
            }
            // Close clients while the loops still run, so each connection's clean-up task (releasing its
            // buffers, leaving the registries) runs on the shard thread before the loops stop.
            connections.close().syncUninterruptibly();
            if (cluster != null) {
                shard.submit(cluster::stop).syncUninterruptibly();
            }
            shard.submit(targetLinks::closeAll).syncUninterruptibly();
            shard.submit(() -> { }).syncUninterruptibly();
            shutdownGroups();
            engine.close();
            String pidfile = config.get("pidfile");
            if (!pidfile.isEmpty()) {
                Files.deleteIfExists(Path.of(pidfile));
            }
            log.notice("slotkv is now ready to exit, bye bye...");
            log.close();
            terminated.complete(null);
        } catch (IOException | RuntimeException | Error e) { // whatever it is, the process must still end
            terminated.completeExceptionally(e);
        }
    }

    private void shutdownGroups() {
        ioGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        if (shardGroup != null) {
            shardGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
