package io.slotkv.migration;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.slotkv.server.Server;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The cache of connections to MIGRATE targets, by "host:port": a job takes an idle link or opens one, and gives it
 * back after a clean exchange (a link that failed is closed instead). Links idle for {@link #IDLE_MILLIS} are
 * closed, as Redis closes its cached MIGRATE sockets after ten seconds.
 *
 * <p>Owned by the shard thread; Netty's I/O threads only hand reply lines and closures over to it.
 */
public final class TargetLinks {
    static final long IDLE_MILLIS = 10_000;
    /** Replies to RESTORE, AUTH and SELECT are single lines; anything longer is not a target speaking RESP. */
    private static final int MAX_LINE = 64 * 1024;

    private final Server server;
    private final Bootstrap bootstrap;
    private final Map<String, ArrayDeque<TargetLink>> idle = new HashMap<>();

    /** {@code bootstrap}: the server's client bootstrap (event loops and channel type), configured further here. */
    public TargetLinks(Server server, Bootstrap bootstrap) {
        this.server = server;
        this.bootstrap = bootstrap.clone().option(ChannelOption.TCP_NODELAY, true);
    }

    /**
     * Calls {@code ready} with a link to {@code host:port} (cached or new), or with {@code null} when the connection
     * could not be made within {@code timeoutMillis}.
     */
    void acquire(String host, int port, long timeoutMillis, Consumer<TargetLink> ready) {
        acquire(host + ":" + port, host, port, timeoutMillis, ready);
    }

    /**
     * As {@link #acquire}, from a cache of their own: the links of range-move streams, which authenticate with
     * {@code masterauth} and never share a connection with MIGRATE's (whose AUTH and SELECT are the caller's).
     */
    void acquireStream(String host, int port, long timeoutMillis, Consumer<TargetLink> ready) {
        acquire("stream " + host + ":" + port, host, port, timeoutMillis, ready);
    }

    private void acquire(String key, String host, int port, long timeoutMillis, Consumer<TargetLink> ready) {
        ArrayDeque<TargetLink> cached = idle.get(key);
        while (cached != null && !cached.isEmpty()) {
            TargetLink link = cached.pollFirst();
            if (link.isOpen()) {
                link.reused = true;
                ready.accept(link);
                return;
            }
        }
        connect(key, host, port, timeoutMillis, ready);
    }

    /** Opens a new link, bypassing the cache (a retry after a cached link failed). */
    void connect(String host, int port, long timeoutMillis, Consumer<TargetLink> ready) {
        connect(host + ":" + port, host, port, timeoutMillis, ready);
    }

    /** Opens a new link, to go back to the cache under {@code key} once released. */
    private void connect(String key, String host, int port, long timeoutMillis, Consumer<TargetLink> ready) {
        if (port < 1 || port > 65_535) {
            ready.accept(null);
            return;
        }
        TargetLink[] holder = new TargetLink[1];
        ChannelFuture connecting = bootstrap.clone()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new LineBasedFrameDecoder(MAX_LINE, true, true),
                                new SimpleChannelInboundHandler<ByteBuf>() {
                                    private List<String> lines = new ArrayList<>();

                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
                                        lines.add(line.toString(StandardCharsets.UTF_8));
                                    }

                                    @Override
                                    public void channelReadComplete(ChannelHandlerContext ctx) {
                                        if (!lines.isEmpty()) {
                                            List<String> read = lines;
                                            lines = new ArrayList<>();
                                            server.onShard(() -> holder[0].lines(read));
                                        }
                                    }

                                    @Override
                                    public void channelInactive(ChannelHandlerContext ctx) {
                                        server.onShard(() -> holder[0].closed());
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        ctx.close();
                                    }
                                });
                    }
                })
                .connect(host, port);
        holder[0] = new TargetLink(key, connecting.channel());
        connecting.addListener(future -> server.onShard(() -> ready.accept(future.isSuccess() ? holder[0] : null)));
    }

    /** Takes back a link after a clean exchange, for the next MIGRATE to the same target. */
    void release(TargetLink link) {
        link.detach();
        if (link.isOpen()) {
            link.idleSince = System.currentTimeMillis();
            idle.computeIfAbsent(link.address, a -> new ArrayDeque<>()).addFirst(link);
        }
    }

    /** Closes links idle for too long; called from the server's periodic task. */
    public void closeIdle(long now) {
        for (Iterator<ArrayDeque<TargetLink>> queues = idle.values().iterator(); queues.hasNext(); ) {
            ArrayDeque<TargetLink> queue = queues.next();
            queue.removeIf(link -> {
                boolean stale = !link.isOpen() || now - link.idleSince > IDLE_MILLIS;
                if (stale) {
                    link.close();
                }
                return stale;
            });
            if (queue.isEmpty()) {
                queues.remove();
            }
        }
    }


    /** Closes every cached link (shutdown). */
    public void closeAll() {
        idle.values().forEach(queue -> queue.forEach(TargetLink::close));
        idle.clear();
    }
}
