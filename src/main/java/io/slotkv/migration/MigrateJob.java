package io.slotkv.migration;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.slotkv.protocol.CommandEncoder;
import io.slotkv.server.Client;
import io.slotkv.server.Server;
import io.slotkv.store.Keyspace;
import io.slotkv.store.SlotSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One MIGRATE in flight. Redis runs MIGRATE as one blocking call; here it is a sequence of short shard-thread
 * tasks, so other clients are served throughout, even while a key of a million elements is encoded:
 * <ol>
 *   <li>the keys are locked ({@link KeyLocks}): commands touching them wait; the client's reply waits too;
 *   <li>values are encoded into DUMP payloads a slice at a time (about a millisecond each), into one buffer of
 *       RESTORE commands (RESTORE-ASKING in cluster mode, as Redis sends);
 *   <li>the buffer goes to the target over a cached link (AUTH and SELECT first when needed);
 *   <li>each key is deleted here when, and only when, the target answered OK for it (unless COPY);
 *   <li>the client gets OK, the target's first error, or IOERR; the locks are released.
 * </ol>
 * A key the target did not acknowledge stays here: a refused RESTORE, a timeout or a cut connection leaves it in
 * place. Runs on the shard thread.
 */
public final class MigrateJob {
    /** Encoding work per task, so commands of other clients wait at most about this long behind a big key. */
    private static final long SLICE_NANOS = TimeUnit.MICROSECONDS.toNanos(1000);
    private static final int ELEMENTS_PER_STEP = 256;

    private final Server server;
    private final Client client;
    private final int sourceDb;
    private final MigrateRequest request;
    private final ByteBuf commands = Unpooled.buffer();
    /** Keys whose RESTORE is in the buffer, in order: the target's replies come in this order. */
    private final List<byte[]> sent = new ArrayList<>();
    private SlotSnapshot reader;
    /** The key being encoded, or {@code null} between keys. */
    private PayloadEncoder encoder;
    private long ttl;
    private TargetLink link;
    private boolean authSent;
    private boolean selectSent;
    /** Replies read so far, AUTH's and SELECT's included. */
    private int replies;
    private String authOrSelectError;
    private String targetError;
    private boolean writeFailed;
    private boolean retried;
    private boolean finished;
    private ScheduledFuture<?> timer;

    private MigrateJob(Server server, Client client, MigrateRequest request) {
        this.server = server;
        this.client = client;
        this.sourceDb = client.db();
        this.request = request;
    }

    /** Starts moving {@code request}'s keys for {@code client}, whose reply comes when the job ends. */
    public static void start(Server server, Client client, MigrateRequest request) {
        MigrateJob job = new MigrateJob(server, client, request);
        server.keyLocks().lock(job.sourceDb, request.keys());
        client.pause();
        // The first slice runs as a task of its own: by then the writes of the commands before it are committed.
        server.shard().execute(job::encodeSlice);
    }

    private void encodeSlice() {
        try {
            if (encode()) {
                reader.close();
                reader = null;
                connect();
            } else {
                nextSlice();
            }
        } catch (RuntimeException e) {
            server.log().warning("MIGRATE could not encode its keys: " + e);
            finish("ERR MIGRATE failed: " + e.getMessage());
        }
    }

    /**
     * Queues the next slice behind the I/O waiting now. A plain task would not be: the event loop runs queued
     * tasks back to back, checking its time budget only every 64 tasks, so slices re-queueing themselves would
     * hold other clients for 64 of them. A task scheduled for a moment later is taken only on the loop's next turn.
     */
    private void nextSlice() {
        server.shard().schedule(this::encodeSlice, 1, TimeUnit.MICROSECONDS);
    }

    /** Encodes for one slice; true when every key is in the buffer. */
    private boolean encode() {
        if (reader == null) {
            reader = server.database(sourceDb).read(request.keys());
        }
        long deadline = System.nanoTime() + SLICE_NANOS;
        while (System.nanoTime() < deadline) {
            if (encoder == null) {
                if (!reader.next()) {
                    return true;
                }
                if (!startKey()) {
                    continue;
                }
            }
            byte[] payload = encoder.step(ELEMENTS_PER_STEP);
            if (payload != null) {
                append(payload);
                encoder = null;
            }
        }
        return false;
    }

    /** Starts encoding the reader's current key, unless it expired while waiting for its slice. */
    private boolean startKey() {
        long now = System.currentTimeMillis();
        long expireAt = reader.expireAt();
        if (expireAt != Keyspace.NO_EXPIRY && expireAt <= now) {
            return false; // not sent, as Redis skips expired keys
        }
        ttl = expireAt == Keyspace.NO_EXPIRY ? 0 : expireAt - now;
        encoder = new PayloadEncoder(reader);
        return true;
    }

    private void append(byte[] payload) {
        byte[] key = reader.key();
        String command = server.cluster() != null ? "RESTORE-ASKING" : "RESTORE";
        if (request.replace()) {
            encodeCommand(command, key, ttl, payload, "REPLACE");
        } else {
            encodeCommand(command, key, ttl, payload);
        }
        sent.add(key);
    }

    private void encodeCommand(Object... args) {
        try (ByteBufOutputStream out = new ByteBufOutputStream(commands)) {
            CommandEncoder.write(out, args);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- talking to the target

    private void connect() {
        if (sent.isEmpty()) {
            finish(null); // every key expired meanwhile: nothing to move, as Redis answers then
            return;
        }
        server.targetLinks().acquire(request.host(), request.port(), request.timeoutMillis(), this::connected);
    }

    private void connected(TargetLink connected) {
        if (connected == null) {
            finish("IOERR error or timeout connecting to the client");
            return;
        }
        link = connected;
        link.attach(this::replies, this::linkFailed);
        ByteBuf out = Unpooled.buffer();
        try (ByteBufOutputStream stream = new ByteBufOutputStream(out)) {
            authSent = request.password() != null;
            if (authSent && request.username() != null) {
                CommandEncoder.write(stream, "AUTH", request.username(), request.password());
            } else if (authSent) {
                CommandEncoder.write(stream, "AUTH", request.password());
            }
            selectSent = link.selectedDb != request.db();
            if (selectSent) {
                CommandEncoder.write(stream, "SELECT", request.db());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        armTimer();
        link.send(Unpooled.wrappedBuffer(out, commands.retainedDuplicate()), () -> server.shard().execute(() -> {
            writeFailed = true;
            linkFailed();
        }));
    }

    private int prefixReplies() {
        return (authSent ? 1 : 0) + (selectSent ? 1 : 0);
    }

    /** Reply lines from the target; the keys they acknowledge are deleted here in one write. */
    private void replies(List<String> lines) {
        boolean deleted = false;
        for (String line : lines) {
            if (!finished) {
                deleted |= reply(line);
            }
        }
        if (deleted) {
            server.dispatcher().commitInternal(sourceDb);
        }
        if (!finished && replies == prefixReplies() + sent.size()) {
            link.selectedDb = targetError == null ? request.db() : -1;
            server.targetLinks().release(link);
            link = null;
            finish(targetError == null ? null : "ERR Target instance replied with error: " + targetError);
        } else if (!finished) {
            armTimer();
        }
    }

    /** One reply; true if it acknowledged a key that was deleted here. */
    private boolean reply(String line) {
        int index = replies++;
        boolean error = line.startsWith("-");
        if (index < prefixReplies()) {
            if (error && authOrSelectError == null) {
                authOrSelectError = line.substring(1);
            }
            return false;
        }
        if (index >= prefixReplies() + sent.size()) {
            return false; // more replies than commands: not a RESP server; the count check ends the job
        }
        if (error || authOrSelectError != null) {
            if (targetError == null) {
                targetError = authOrSelectError != null ? authOrSelectError : line.substring(1);
            }
            return false;
        }
        if (request.copy()) {
            return false;
        }
        server.database(sourceDb).delete(sent.get(index - prefixReplies()));
        return true;
    }

    /**
     * The link closed, a write failed, or the target stayed silent past the timeout. A cached link that failed
     * before any reply is retried once on a new connection (the target may have closed an idle link), as Redis does.
     */
    private void linkFailed() {
        linkFailed(false);
    }

    private void linkFailed(boolean timedOut) {
        if (finished || link == null) {
            return;
        }
        TargetLink failed = link;
        link = null;
        failed.detach();
        failed.close();
        if (failed.reused && replies == 0 && !retried && !timedOut) {
            retried = true;
            writeFailed = false;
            server.targetLinks().connect(request.host(), request.port(), request.timeoutMillis(), this::connected);
            return;
        }
        finish(targetError != null ? "ERR Target instance replied with error: " + targetError
                : "IOERR error or timeout " + (writeFailed ? "writing" : "reading") + " to target instance");
    }

    private void armTimer() {
        if (timer != null) {
            timer.cancel(false);
        }
        timer = server.shard().schedule(() -> linkFailed(true), request.timeoutMillis(), TimeUnit.MILLISECONDS);
    }

    /** Ends the job: releases the keys and answers the client ({@code error} null: OK). */
    private void finish(String error) {
        if (finished) {
            return;
        }
        finished = true;
        if (timer != null) {
            timer.cancel(false);
        }
        if (reader != null) {
            reader.close();
        }
        commands.release();
        if (error == null) {
            client.writer().ok();
        } else {
            client.writer().error(error);
        }
        server.keyLocks().release(sourceDb, request.keys());
        client.unpause();
        server.resume(client);
    }
}
