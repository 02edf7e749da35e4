package io.slotkv.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.slotkv.cluster.BusCodec;
import io.slotkv.cluster.BusFormatException;
import io.slotkv.cluster.BusMessage;
import io.slotkv.cluster.Destination;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster bus transport: listens on the bus port and keeps one outgoing link per peer address, carrying
 * {@link BusCodec} frames. It only moves bytes: every decoded message goes to {@link ClusterService} on the shard
 * thread, together with the channel it came on (replies go back on it). A frame that does not decode (truncated,
 * oversized, wrong magic or version, unknown type) is logged and its link closed; the bus never runs client
 * commands, since it speaks only this format.
 *
 * <p>The link table is touched on the shard thread only; Netty's I/O threads read and write the sockets.
 */
final class ClusterBus {
    /** Messages held for a link that is still connecting; beyond this the oldest are dropped (gossip repeats). */
    private static final int MAX_QUEUED = 64;

    private final Server server;
    private final ClusterService service;
    private final EventLoopGroup group;
    private final boolean epoll = Epoll.isAvailable();
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Map<String, Link> links = new HashMap<>();
    private final int connectTimeoutMillis;

    /** An outgoing link to one peer address. */
    private static final class Link {
        final Destination destination;
        final ArrayDeque<byte[]> queued = new ArrayDeque<>();
        Channel channel;

        Link(Destination destination) {
            this.destination = destination;
        }
    }

    ClusterBus(Server server, ClusterService service, EventLoopGroup group, int connectTimeoutMillis) {
        this.server = server;
        this.service = service;
        this.group = group;
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    /** Binds the bus port on every address of {@code bind}; returns the port bound. */
    int listen(List<String> hosts, int port) throws IOException {
        ServerBootstrap bootstrap = new ServerBootstrap().group(group)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(initializer(null));
        int bound = port;
        for (String host : hosts) {
            try {
                Channel channel = bootstrap.bind(new InetSocketAddress(host, bound)).sync().channel();
                channels.add(channel);
                bound = ((InetSocketAddress) channel.localAddress()).getPort();
            } catch (Exception e) {
                throw new IOException("Could not bind the cluster bus port " + host + ":" + port + ": "
                        + e.getMessage(), e);
            }
        }
        return bound;
    }

    private ChannelInitializer<SocketChannel> initializer(Link link) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                channels.add(ch);
                ch.pipeline().addLast(new FrameDecoder(), new Inbound());
                ch.closeFuture().addListener(f -> server.onShard(() -> closed(link)));
            }
        };
    }

    /** Sends {@code frame} to a destination the state machine named (not {@link Destination.Reply}). */
    void send(Destination destination, byte[] frame) {
        String key = switch (destination) {
            case Destination.ToNode node -> node.ip() + ":" + node.cport();
            case Destination.ToAddress address -> address.ip() + ":" + address.cport();
            case Destination.Reply reply -> throw new IllegalArgumentException("a reply needs its channel");
        };
        Link link = links.get(key);
        if (link == null) {
            link = new Link(destination);
            links.put(key, link);
            connect(link, key);
        }
        if (link.channel != null && link.channel.isActive()) {
            link.channel.writeAndFlush(Unpooled.wrappedBuffer(frame), link.channel.voidPromise());
        } else {
            if (link.queued.size() == MAX_QUEUED) {
                link.queued.removeFirst();
            }
            link.queued.add(frame);
        }
    }

    /** Sends {@code frame} back on the channel a message came on. */
    static void reply(Channel channel, byte[] frame) {
        if (channel.isActive()) {
            channel.writeAndFlush(Unpooled.wrappedBuffer(frame), channel.voidPromise());
        }
    }

    private void connect(Link link, String key) {
        int colon = key.lastIndexOf(':');
        String host = key.substring(0, colon);
        int port = Integer.parseInt(key.substring(colon + 1));
        new Bootstrap().group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .handler(initializer(link))
                .connect(host, port)
                .addListener(future -> server.onShard(() -> {
                    if (links.get(key) != link) {
                        return;
                    }
                    if (future.isSuccess()) {
                        link.channel = ((io.netty.channel.ChannelFuture) future).channel();
                        link.queued.forEach(frame -> link.channel.write(Unpooled.wrappedBuffer(frame)));
                        link.queued.clear();
                        link.channel.flush();
                        service.linkUp(link.destination);
                    } else {
                        links.remove(key);
                        service.linkDown(link.destination);
                    }
                }));
    }

    /** An outgoing link closed: forget it (the next message reconnects) and tell the state it is down. */
    private void closed(Link link) {
        if (link != null && links.values().remove(link)) {
            service.linkDown(link.destination);
        }
    }

    /** Closes every link and the listening sockets. */
    void close() {
        channels.close().syncUninterruptibly();
        links.clear();
    }

    /** Cuts a whole frame out of the stream, checking its prefix before waiting for the rest. */
    private final class FrameDecoder extends ByteToMessageDecoder {
        private int expected = -1;

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            try {
                if (expected < 0) {
                    if (in.readableBytes() < BusCodec.PREFIX) {
                        return;
                    }
                    byte[] prefix = new byte[BusCodec.PREFIX];
                    in.getBytes(in.readerIndex(), prefix);
                    expected = BusCodec.frameLength(prefix);
                }
                if (in.readableBytes() < expected) {
                    return;
                }
                byte[] frame = new byte[expected];
                in.readBytes(frame);
                expected = -1;
                out.add(BusCodec.decode(frame));
            } catch (BusFormatException e) {
                refuse(ctx, e.getMessage());
                in.skipBytes(in.readableBytes());
            }
        }
    }

    private void refuse(ChannelHandlerContext ctx, String why) {
        server.log().warning("Dropping cluster bus link from " + ctx.channel().remoteAddress() + ": " + why);
        ctx.close();
    }

    /** Hands each message to the service on the shard thread, with the peer's address for senders without one. */
    private final class Inbound extends SimpleChannelInboundHandler<BusMessage> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, BusMessage message) {
            String peer = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress().getHostAddress();
            Channel channel = ctx.channel();
            server.onShard(() -> service.receive(message.withSenderIp(peer), channel));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            refuse(ctx, cause.toString());
        }
    }
}
