package io.slotkv.migration;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.util.List;
import java.util.function.Consumer;

/**
 * One connection from this node to a MIGRATE target, kept open between MIGRATE calls as Redis caches them, so a
 * reshard moving thousands of batches connects once. A link serves one job at a time: the job hands it the bytes to
 * send and receives each reply line, on the shard thread.
 */
final class TargetLink {
    /** Where it goes, and the cache it goes back to when released. */
    final String address;
    private final Channel channel;
    /** The database the last successful MIGRATE selected on the target, or -1 when unknown (SELECT is sent). */
    long selectedDb = -1;
    long idleSince;
    /** Whether a MIGRATE used this link before: a failure before any reply on a reused link is retried once. */
    boolean reused;
    private Consumer<List<String>> onLines;
    private Runnable onClosed;

    TargetLink(String address, Channel channel) {
        this.address = address;
        this.channel = channel;
    }

    boolean isOpen() {
        return channel.isActive();
    }

    /**
     * Hands the link to a job: {@code onLines} receives the reply lines of each read (without CRLF), {@code
     * onClosed} a close.
     */
    void attach(Consumer<List<String>> onLines, Runnable onClosed) {
        this.onLines = onLines;
        this.onClosed = onClosed;
    }

    void detach() {
        onLines = null;
        onClosed = null;
    }

    void send(ByteBuf bytes, Runnable onWriteFailed) {
        write(bytes, onWriteFailed);
        flush();
    }

    /**
     * Queues {@code bytes} without sending them yet: a job that sends several commands in one pass flushes once
     * at its end, so they leave in one system call instead of one each.
     */
    void write(ByteBuf bytes, Runnable onWriteFailed) {
        channel.write(bytes).addListener((ChannelFutureListener) future -> {
            if (!future.isSuccess()) {
                onWriteFailed.run();
            }
        });
    }

    void flush() {
        channel.flush();
    }

    /** Reply lines arrived (shard thread). */
    void lines(List<String> lines) {
        if (onLines != null) {
            onLines.accept(lines);
        }
    }

    /** The connection closed (shard thread). */
    void closed() {
        Runnable callback = onClosed;
        detach();
        if (callback != null) {
            callback.run();
        }
    }

    void close() {
        channel.close();
    }
}
