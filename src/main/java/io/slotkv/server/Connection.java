package io.slotkv.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.slotkv.config.OutputBufferLimits;
import io.slotkv.protocol.ProtocolException;
import io.slotkv.protocol.RespParser;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * One client connection on the Netty pipeline: parses requests on the I/O thread and hands them, in order, to the
 * shard thread, which executes them and writes replies.
 *
 * <p>Input is bounded: commands are parsed as bytes arrive, and unparsed input beyond
 * {@code client-query-buffer-limit} closes the connection. Output is bounded too: a client whose pending replies
 * pass the normal class's hard {@code client-output-buffer-limit} (or its soft limit for longer than the soft
 * seconds) is closed, and while the socket is not writable the connection stops reading, so a client that never
 * reads stalls itself instead of growing the server's memory. Replies are flushed once per read batch.
 */
final class Connection extends ChannelInboundHandlerAdapter {
    private final Server server;
    private final RespParser parser;
    private Channel channel;
    private Client client;
    private ByteBuf input;
    private volatile boolean closing;
    private boolean closeAfterReply;
    private long softLimitSince;

    Connection(Server server) {
        this.server = server;
        this.parser = new RespParser(server.parserLimits());
    }

    // ---------------------------------------------------------------- I/O thread

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        server.stats().connectionsReceived.increment();
        client = new Client(server.nextClientId(), this, ctx.alloc().buffer(), !server.requiresPassword());
        String denied = server.protectedModeDenial(channel.remoteAddress());
        server.onShard(() -> {
            if (denied != null) {
                reject(denied);
            } else if (server.clients().size() >= server.config().getInt("maxclients")) {
                server.stats().rejectedConnections.increment();
                reject("ERR max number of clients reached");
            } else {
                server.clients().add(client);
            }
        });
    }

    private void reject(String error) {
        client.writer().error(error);
        closeAfterReply = true;
        flush();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        server.stats().netInput.add(in.readableBytes());
        if (closing) {
            in.release();
            return;
        }
        input = input == null ? in : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), input, in);
        List<byte[][]> batch = new ArrayList<>();
        String protocolError = null;
        try {
            byte[][] argv;
            while ((argv = parser.next(input, client.isAuthenticated())) != null) {
                batch.add(argv);
            }
        } catch (ProtocolException e) {
            protocolError = e.getMessage();
        }
        if (protocolError == null && input.readableBytes() > server.queryBufferLimit()) {
            server.log().warning("Closing client that reached max query buffer length: id=" + client.id());
            protocolError = "";
        }
        releaseInputIfConsumed(protocolError != null);
        String error = protocolError;
        server.onShard(() -> process(batch, error));
    }

    private void releaseInputIfConsumed(boolean force) {
        if (input != null && (force || !input.isReadable())) {
            input.release();
            input = null;
        } else if (input != null && input.readerIndex() > 64 * 1024) {
            input.discardReadBytes();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (server.shard().inEventLoop()) {
            flush();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        releaseInputIfConsumed(true);
        server.onShard(() -> {
            server.clientGone(client);
            client.writer().target().release();
        });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        server.log().verbose("Closing client id=" + (client == null ? "?" : client.id()) + ": " + cause);
        ctx.close();
    }

    // ---------------------------------------------------------------- shard thread

    private void process(List<byte[][]> batch, String protocolError) {
        if (closing) {
            return;
        }
        client.pending().addAll(batch);
        server.dispatcher().drain(client);
        if (protocolError != null && !client.waiting()) {
            if (!protocolError.isEmpty()) {
                client.writer().error(protocolError);
            }
            closeAfterReply = true;
        }
        // When this connection's event loop is the shard thread, channelReadComplete flushes once per read batch.
        if (!channel.eventLoop().inEventLoop() || closeAfterReply) {
            flush();
        }
    }

    /** Sends the replies written so far; closes the connection if it asked to, or if it is over its limits. */
    void flush() {
        ByteBuf out = client.writer().target();
        if (closing || !channel.isActive()) {
            out.clear();
            return;
        }
        if (closeIfOverOutputLimit()) {
            return;
        }
        if (!out.isReadable() && !closeAfterReply) {
            return;
        }
        server.stats().netOutput.add(out.readableBytes());
        client.writer().target(channel.alloc().buffer());
        if (closeAfterReply) {
            closing = true;
            channel.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.writeAndFlush(out, channel.voidPromise());
        }
    }

    /**
     * Closes the connection now if its pending replies are over the output limits, as Redis checks after every
     * reply it adds: a pipeline must not build replies far beyond the limit before the next flush.
     *
     * @return whether the connection was closed
     */
    boolean closeIfOverOutputLimit() {
        ByteBuf out = client.writer().target();
        if (!overOutputLimit(out.readableBytes())) {
            return false;
        }
        server.log().warning("Client id=" + client.id() + " addr=" + remoteAddress()
                + " closed for overcoming of output buffer limits.");
        out.clear();
        close();
        return true;
    }

    private boolean overOutputLimit(long unsent) {
        OutputBufferLimits limits = server.outputLimits();
        ChannelOutboundBuffer outbound = channel.unsafe().outboundBuffer();
        long pending = unsent + (outbound == null ? 0 : outbound.totalPendingWriteBytes());
        if (limits.hardBytes() > 0 && pending > limits.hardBytes()) {
            return true;
        }
        if (limits.softBytes() > 0 && pending > limits.softBytes()) {
            long now = System.currentTimeMillis();
            if (softLimitSince == 0) {
                softLimitSince = now;
            }
            return now - softLimitSince > limits.softSeconds() * 1000;
        }
        softLimitSince = 0;
        return false;
    }

    /**
     * Resumes a client that was blocked: runs the commands that waited behind the blocking one. Its replies are
     * sent by a later task, after the command that unblocked it has reached the storage engine with its group.
     */
    void resume() {
        server.dispatcher().drain(client);
        server.shard().execute(this::flush);
    }

    void closeAfterReply() {
        closeAfterReply = true;
    }

    boolean closing() {
        return closing;
    }

    /** Closes now, dropping unsent replies (CLIENT KILL, timeouts, limits, shutdown). */
    ChannelFuture close() {
        closing = true;
        return channel.close();
    }

    String remoteAddress() {
        return format(channel.remoteAddress());
    }

    String localAddress() {
        return format(channel.localAddress());
    }

    private static String format(java.net.SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress() == null ? inet.getHostString() : inet.getAddress().getHostAddress();
            return host + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
