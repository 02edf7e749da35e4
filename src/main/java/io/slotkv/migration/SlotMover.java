package io.slotkv.migration;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.slotkv.cluster.ClusterNode;
import io.slotkv.protocol.CommandEncoder;
import io.slotkv.server.Server;
import io.slotkv.store.Keyspace;
import io.slotkv.store.SlotSnapshot;
import io.slotkv.store.ValueType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The source end of a range move ({@code migrate_slot}): walks one slot and streams its keys to the node importing
 * it, over a connection of its own, until the slot is empty. Each call runs until a deadline and ends DONE,
 * CONTINUE or STOPPED ({@link MigrateSlotCall} runs the calls of a slot range and answers the client); the walk
 * position and the progress stay here for the next call.
 *
 * <p>The stream, on a connection kept between calls (of any slot to the same target) while it is clean:
 * {@code AUTH} (when {@code masterauth} is set), {@code CLIENT SETNAME migrate_slot_<slot>},
 * {@code SLOTIMPORT HELLO slot source-id}, then
 * batches {@code SLOTIMPORT KEYS slot source-id key expire-at payload ...} of up to {@value #BATCH_BYTES} bytes,
 * {@value #WINDOW} of them unacknowledged at most, and {@code SLOTIMPORT DONE slot source-id} once the slot is empty
 * here. The target refuses all of them unless it is importing the slot from this node. A collection of more than
 * {@value #BIG_KEY_ELEMENTS} elements goes on its own as {@code SLOTIMPORT CHUNK}s of about {@value #CHUNK_BYTES}
 * bytes, numbered from 0, read a step at a time from the key (never one payload in memory, never a long task on
 * the shard thread), then {@code SLOTIMPORT COMMIT}; the target stages the chunks out of sight and puts the key in
 * place at the commit. A call that ends within a big key, at the end of its slice or cut by a connection failure,
 * leaves the key locked, with its reader and a copy of its unacknowledged chunks, for the next call to go on with:
 * it asks the target how many chunks it holds staged ({@code SLOTIMPORT STAGED}), sends again those it lacks and
 * reads on, or starts the key again from chunk 0 when the target lost them (it restarted). So a key that takes
 * longer than the time between two cuts still gets across. When no call comes within {@value #IO_TIMEOUT_MILLIS}
 * ms, or the target refused a chunk, the key is unlocked and later sent again from chunk 0, which replaces what the
 * target had staged.
 *
 * <p>The rule: a key is deleted here only when the target acknowledged the batch holding it, or its commit (the
 * target syncs it to disk first). From the moment its value is read until that acknowledgement (or a failure), the
 * key is locked ({@link KeyLocks}): a command touching it waits, then runs with every check again, so it finds the
 * key gone and is sent to the target with ASK, or finds it still here after a failure. A failure leaves every
 * unacknowledged key here; the next call sends it again, and the target's replace semantics make the resend
 * harmless.
 *
 * <p>Runs on the shard thread, as short tasks between other clients' commands.
 */
public final class SlotMover {
    static final int WINDOW = 4;
    static final int BATCH_BYTES = 256 * 1024;
    /** Collections with more elements than this go in chunks, the others as one DUMP payload in a batch. */
    static final int BIG_KEY_ELEMENTS = 128;
    static final int CHUNK_BYTES = 64 * 1024;
    /** Elements read at a time while filling a chunk. */
    private static final int CHUNK_STEP = 64;
    /** Keys read from the slot at a time, for batches of small keys. */
    private static final int SCAN_KEYS = 256;
    static final long IO_TIMEOUT_MILLIS = 10_000;
    /** What the speed argument counts in: MB means 2^20 bytes, as SSDB's throttle does. */
    public static final double MEGABYTE = 1 << 20;

    private final Server server;
    private final int slot;
    private final String targetId;
    private State state = State.IDLE;
    private String lastError = "";
    private long keysMoved;
    private long bytesMoved;
    private long batchesAcked;
    private long calls;
    /** Where the walk of the slot goes on; null with {@code walkEnded} false: from the start. */
    private byte[] cursor;
    private boolean walkEnded;
    /** Whether this walk of the slot sent anything (a walk that sent nothing while keys remain is stuck). */
    private boolean sentThisWalk;
    /** Keys read from the slot and not sent yet. */
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    private final ArrayDeque<Batch> inFlight = new ArrayDeque<>();
    /** The big key being sent in chunks, or null; kept between calls, for {@link #IO_TIMEOUT_MILLIS} at most. */
    private BigKey big;

    // The call in progress.
    private Ending ending;
    private TargetLink link;
    private int prefixReplies;
    /** Whether the handshake asked how much of {@link #big} the target holds, and no batch goes before the answer. */
    private boolean askedStaged;
    private long deadline;
    private TokenBucket bucket;
    private boolean doneSent;
    private ScheduledFuture<?> timer;
    private ScheduledFuture<?> wakeUp;
    /** Drops {@link #big} when no call comes to go on with it. */
    private ScheduledFuture<?> lease;

    /** Where a mover is: running a call, between calls, finished (slot empty), or stopped by an error. */
    private enum State { IDLE, RUNNING, DONE, FAILED }

    /** How a call of the mover ended. */
    public enum Outcome {
        /** The slot is empty here and the target said it has all of it. */
        DONE,
        /** The time slice ended with keys left. */
        CONTINUE,
        /** Stopped by an error; keys not acknowledged stay here. */
        STOPPED
    }

    /** Told once when a call of the mover ends. */
    @FunctionalInterface
    public interface Ending {
        /**
         * @param outcome how the call ended
         * @param why what stopped it, for {@link Outcome#STOPPED}; empty otherwise
         */
        void ended(Outcome outcome, String why);
    }

    /**
     * One command of the stream in flight: the keys its acknowledgement deletes here, the bytes it carries, and the
     * big key it is a chunk of (null for batches and commits).
     */
    private record Batch(List<byte[]> keys, long bytes, BigKey chunkOf) {}

    /** A chunk as sent: the encoded command, to send again after a cut, and the element bytes it carries. */
    private record Chunk(byte[] command, long bytes) {}

    /** A collection of more than {@value #BIG_KEY_ELEMENTS} elements being sent in chunks, locked meanwhile. */
    private static final class BigKey {
        final byte[] key;
        final SlotSnapshot reader;
        /** Chunks read so far: the number of the next one. */
        long chunks;
        /** Chunks the target acknowledged, all those numbered below. */
        long acked;
        /** Chunks sent and not acknowledged yet, oldest first (at most {@value #WINDOW}). */
        final ArrayDeque<Chunk> unacked = new ArrayDeque<>();
        /** Chunks a cut call left unacknowledged, to send again, in order, before reading on. */
        final ArrayDeque<Chunk> resend = new ArrayDeque<>();

        BigKey(byte[] key, SlotSnapshot reader) {
            this.key = key;
            this.reader = reader;
        }
    }

    SlotMover(Server server, int slot, String targetId) {
        this.server = server;
        this.slot = slot;
        this.targetId = targetId;
    }

    public int slot() {
        return slot;
    }

    public String targetId() {
        return targetId;
    }

    public boolean running() {
        return state == State.RUNNING;
    }

    /**
     * Whether an earlier call ended with the slot empty here and acknowledged whole by the target, since the last
     * {@link #again()}.
     */
    public boolean done() {
        return state == State.DONE;
    }

    /**
     * A new run of the flow for the slot ({@code slot_premigrating} again): the target may have forgotten that it
     * received the slot whole (it restarted, or its import was marked again), so the next call tells it again.
     */
    public void again() {
        if (state == State.DONE) {
            state = State.IDLE;
        }
    }

    /**
     * Runs one call for the slot until {@code deadline} (System.nanoTime), telling {@code ending} how it ended;
     * the caller checked that the slot is migrating to {@code target} and no call is running.
     *
     * @param bucket the throttle, shared by the slots of one migrate_slot call, or null for none
     */
    void start(ClusterNode target, long deadline, TokenBucket bucket, Ending ending) {
        this.ending = ending;
        state = State.RUNNING;
        lastError = "";
        calls++;
        doneSent = false;
        if (lease != null) {
            lease.cancel(false);
        }
        this.deadline = deadline;
        this.bucket = bucket;
        armTimer();
        server.targetLinks().acquireStream(target.ip(), target.port(), IO_TIMEOUT_MILLIS, this::connected);
    }

    private void connected(TargetLink connected) {
        if (state != State.RUNNING) {
            if (connected != null) {
                connected.close();
            }
            return;
        }
        if (connected == null) {
            failConnection("could not connect to the target");
            return;
        }
        link = connected;
        link.attach(this::replies, () -> failConnection("the connection to the target was lost"));
        List<Object[]> hello = new ArrayList<>();
        String password = server.config().get("masterauth");
        String user = server.config().get("masteruser");
        if (!password.isEmpty()) {
            hello.add(user.isEmpty() ? new Object[] {"AUTH", password} : new Object[] {"AUTH", user, password});
        }
        hello.add(new Object[] {"CLIENT", "SETNAME", "migrate_slot_" + slot}); // CLIENT LIST shows what it is
        hello.add(new Object[] {"SLOTIMPORT", "HELLO", slot, myId()});
        // A big key already acknowledged in part goes on where the target stands (unacknowledged ones are just resent:
        // the first of them is chunk 0, which starts the key afresh there, whatever it held).
        askedStaged = big != null && big.acked > 0;
        if (askedStaged) {
            hello.add(new Object[] {"SLOTIMPORT", "STAGED", slot, myId(), big.key});
        }
        prefixReplies = hello.size();
        ByteBuf out = Unpooled.buffer();
        hello.forEach(command -> encode(out, command));
        send(out);
        pump(); // batches follow at once: the target checks each of them as it checks the handshake
    }

    // ---------------------------------------------------------------- sending

    /**
     * Sends batches while the window, the throttle and the time slice allow, then checks whether the call ends.
     * What it queued on the link (with the handshake before it, when called on connecting) leaves in one flush.
     */
    private void pump() {
        if (link == null) {
            return; // still connecting
        }
        TargetLink sendingOn = link;
        if (!askedStaged) { // else waiting to hear where the big key stands: the answer pumps
            try {
                sendWhileAllowed();
            } catch (RuntimeException e) {
                server.log().warning("migrate_slot " + slot + " could not read or encode its keys: " + e);
                fail("could not read or encode the keys of the slot: " + e.getMessage());
            }
        }
        sendingOn.flush();
    }

    private void sendWhileAllowed() {
        while (state == State.RUNNING && !doneSent && inFlight.size() < WINDOW
                && System.nanoTime() < deadline) {
            if (!stillMigrating()) {
                fail("slot " + slot + " is no longer migrating to " + targetId);
                return;
            }
            long wait = bucket == null ? 0 : bucket.waitNanos(System.nanoTime());
            if (wait > 0) {
                if (wakeUp == null || wakeUp.isDone()) { // one wake-up at a time, so that end() cancels it
                    wakeUp = server.shard().schedule(this::pump, wait, TimeUnit.NANOSECONDS);
                }
                return;
            }
            if (!sendNext()) {
                break;
            }
        }
        if (state == State.RUNNING && inFlight.isEmpty() && !doneSent) {
            endOfSend();
        }
    }

    /** Sends the next chunk of the big key in progress, or the next batch of keys; false when the walk is over. */
    private boolean sendNext() {
        boolean sent = big == null && sendKeys();
        if (!sent && big != null) {
            if (big.resend.isEmpty()) {
                sendChunk();
            } else {
                Chunk again = big.resend.poll();
                big.unacked.add(again);
                stream(Unpooled.wrappedBuffer(again.command()), new Batch(List.of(), again.bytes(), big));
            }
            sent = true;
        }
        return sent;
    }

    /**
     * Reads, encodes and sends one batch of keys; false when it sent none: the walk of the slot has nothing more,
     * or the next key is a big collection, which then goes in chunks ({@link #big}).
     */
    private boolean sendKeys() {
        Keyspace db = server.database(0);
        List<byte[]> keys = new ArrayList<>();
        List<Object> args = new ArrayList<>(List.of("SLOTIMPORT", "KEYS", slot, myId()));
        long bytes = 0;
        boolean expired = false;
        while (bytes < BATCH_BYTES && refill()) {
            byte[] key = pending.poll();
            if (server.keyLocks().holds(0, key)) {
                continue; // on its way already (the memory engine's walk can visit a key twice)
            }
            SlotSnapshot reader = db.read(List.of(key));
            if (!reader.next()) {
                reader.close();
                expired |= db.delete(key); // expired (not sent, as Redis skips them), or already gone
                continue;
            }
            if (reader.type() != ValueType.STRING && reader.size() > BIG_KEY_ELEMENTS) {
                if (keys.isEmpty()) {
                    big = new BigKey(key, reader);
                    server.keyLocks().lock(0, List.of(key));
                } else { // after this batch
                    pending.addFirst(key);
                    reader.close();
                }
                break;
            }
            try (reader) {
                byte[] payload = new PayloadEncoder(reader).step(Integer.MAX_VALUE);
                args.add(key);
                args.add(reader.expireAt());
                args.add(payload);
                keys.add(key);
                bytes += key.length + payload.length;
            }
        }
        if (expired) {
            server.dispatcher().commitInternal(0);
        }
        if (keys.isEmpty()) {
            return false;
        }
        server.keyLocks().lock(0, keys);
        stream(encoded(args), new Batch(keys, bytes, null));
        return true;
    }

    /**
     * Sends the next chunk of {@link #big}: elements up to about {@value #CHUNK_BYTES} bytes, so no collection is
     * ever one payload in memory; after the last one, the commit, whose acknowledgement deletes the key here.
     */
    private void sendChunk() {
        SlotSnapshot reader = big.reader;
        ValueType type = reader.type();
        List<Object> args = new ArrayList<>(List.of("SLOTIMPORT", "CHUNK", slot, myId(), big.key,
                type.name().toLowerCase(Locale.ROOT), big.chunks));
        long[] bytes = {0};
        boolean more;
        do {
            more = reader.elements(CHUNK_STEP, (element, value, score) -> {
                args.add(element);
                bytes[0] += element.length;
                if (type == ValueType.HASH) {
                    args.add(value);
                    bytes[0] += value.length;
                } else if (type == ValueType.ZSET) {
                    args.add(ByteBuffer.allocate(Double.BYTES).putDouble(score).array());
                    bytes[0] += Double.BYTES;
                }
            });
        } while (more && bytes[0] < CHUNK_BYTES);
        big.chunks++;
        ByteBuf out = encoded(args);
        big.unacked.add(new Chunk(ByteBufUtil.getBytes(out), bytes[0]));
        stream(out, new Batch(List.of(), bytes[0], big));
        if (!more) {
            stream(encoded(List.of("SLOTIMPORT", "COMMIT", slot, myId(), big.key, reader.expireAt(), big.chunks,
                    reader.size())), new Batch(List.of(big.key), 0, null)); // the key's lock now goes with the commit
            reader.close();
            big = null;
        }
    }

    /** Sends a command of the stream, {@code batch} telling what its acknowledgement means. */
    private void stream(ByteBuf command, Batch batch) {
        inFlight.add(batch);
        sentThisWalk = true;
        if (bucket != null) {
            bucket.take(command.readableBytes());
        }
        send(command);
    }

    private static ByteBuf encoded(List<Object> command) {
        ByteBuf out = Unpooled.buffer();
        encode(out, command.toArray());
        return out;
    }

    /**
     * Goes on with {@link #big} after a cut, the target holding {@code staged} of its chunks: those are not sent
     * again; when the target holds fewer than it acknowledged (it restarted and dropped its staging), the key starts
     * again from chunk 0, read afresh (it stayed locked, so it is the same value).
     */
    private void resumeBigKey(long staged) {
        if (staged >= big.acked && staged <= big.acked + big.resend.size()) {
            for (; big.acked < staged; big.acked++) {
                big.resend.poll();
            }
            return;
        }
        byte[] key = big.key;
        server.log().notice("migrate_slot " + slot + ": the target holds " + staged + " of the " + big.acked
                + " chunks it acknowledged of a big key (it restarted?): sending the key again from chunk 0");
        big.reader.close();
        big = null;
        SlotSnapshot reader = server.database(0).read(List.of(key));
        if (reader.next()) {
            big = new BigKey(key, reader);
        } else { // expired meanwhile
            reader.close();
            server.database(0).delete(key);
            server.dispatcher().commitInternal(0);
            server.keyLocks().release(0, List.of(key));
        }
    }

    /** Gives up the big key in progress: unlocked, and sent again from its first chunk by a later call. */
    private void dropBigKey() {
        if (big != null) {
            big.reader.close();
            server.keyLocks().release(0, List.of(big.key));
            big = null;
        }
    }

    /** Makes sure {@link #pending} holds a key, walking on in the slot; false when the walk ended. */
    private boolean refill() {
        if (pending.isEmpty() && !walkEnded) {
            cursor = server.database(0).scanSlot(slot, cursor, SCAN_KEYS, pending::add);
            walkEnded = cursor == null;
        }
        return !pending.isEmpty();
    }

    /**
     * Nothing is in flight and nothing more can be sent now: ends the call with CONTINUE when the slice is over,
     * walks the slot again when keys remain that the walk missed, or sends DONE when the slot is empty.
     */
    private void endOfSend() {
        if (!walkEnded || !pending.isEmpty() || big != null) {
            if (prefixReplies == 0) { // else the handshake's replies come first, and this runs again after them
                answer(Outcome.CONTINUE); // the slice is over
            }
            return;
        }
        long left = server.database(0).countKeysInSlot(slot);
        if (left == 0) {
            doneSent = true;
            ByteBuf out = Unpooled.buffer();
            encode(out, new Object[] {"SLOTIMPORT", "DONE", slot, myId()});
            send(out);
        } else if (sentThisWalk) {
            cursor = null;
            walkEnded = false;
            sentThisWalk = false;
            pump();
        } else {
            fail("slot " + slot + " still counts " + left + " keys, but a whole walk of it found none to send");
        }
    }

    /** Queues {@code out} on the link; {@link #pump()} flushes. */
    private void send(ByteBuf out) {
        TargetLink sentOn = link;
        link.write(out, () -> server.shard().execute(() -> {
            if (link == sentOn) { // not a write of an earlier call's link, failing as it is closed
                failConnection("writing to the target failed");
            }
        }));
    }

    // ---------------------------------------------------------------- acknowledgements

    /** Reply lines from the target, in the order of what was sent. */
    private void replies(List<String> lines) {
        for (String line : lines) {
            if (state != State.RUNNING) {
                return;
            }
            acknowledged(line);
        }
        if (state == State.RUNNING) {
            armTimer();
            pump();
        }
    }

    /** One reply line. */
    private void acknowledged(String line) {
        String error = line.startsWith("-") ? line.substring(1) : null;
        if (prefixReplies > 0) {
            prefixReplies--;
            if (error != null) {
                fail("the target refused the stream: " + error);
            } else if (prefixReplies == 0 && askedStaged) {
                askedStaged = false;
                resumeBigKey(Long.parseLong(line.substring(1)));
            }
            return;
        }
        Batch batch = inFlight.poll();
        if (batch == null) {
            if (!doneSent) {
                fail("the target sent a reply nothing asked for");
            } else if (error != null) {
                fail("the target refused the end of the slot: " + error);
            } else {
                state = State.DONE;
                answer(Outcome.DONE);
            }
            return;
        }
        if (error != null) {
            server.keyLocks().release(0, batch.keys());
            fail("the target refused a batch: " + error);
            return;
        }
        if (batch.chunkOf() != null) {
            batch.chunkOf().unacked.poll();
            batch.chunkOf().acked++;
        }
        Keyspace db = server.database(0);
        batch.keys().forEach(db::delete);
        server.dispatcher().commitInternal(0);
        server.keyLocks().release(0, batch.keys());
        keysMoved += batch.keys().size();
        bytesMoved += batch.bytes();
        batchesAcked++;
    }

    // ---------------------------------------------------------------- ending a call

    private void armTimer() {
        if (timer != null) {
            timer.cancel(false);
        }
        timer = server.shard().schedule(
                () -> failConnection("the target did not answer within " + IO_TIMEOUT_MILLIS + " ms"),
                IO_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Stops the call: keys not acknowledged stay here, unlocked; the next call sends them again. The big key in
     * progress is kept for the next call when the connection failed ({@link #failConnection}); after anything
     * else (a refusal, a slot no longer migrating) it is dropped and later sent again from chunk 0.
     */
    private void fail(String reason) {
        fail(reason, false);
    }

    /**
     * Stops the call after a failure of the connection itself (none made, cut, a write failed, no answer): the big
     * key in progress, whose chunks the target may still hold staged, is kept for the next call, which sends its
     * unacknowledged chunks again and goes on, so a key that takes longer than the time between cuts still moves.
     */
    private void failConnection(String reason) {
        fail(reason, true);
    }

    private void fail(String reason, boolean keepBigKey) {
        if (state != State.RUNNING) {
            return;
        }
        state = State.FAILED;
        lastError = reason;
        for (Batch batch : inFlight) {
            server.keyLocks().release(0, batch.keys());
        }
        inFlight.clear();
        if (keepBigKey && big != null) {
            while (!big.unacked.isEmpty()) { // the unacknowledged ones go first, before any left from earlier
                big.resend.addFirst(big.unacked.pollLast());
            }
            holdBigKey();
        } else {
            dropBigKey();
        }
        end(Outcome.STOPPED, reason);
    }

    private void answer(Outcome outcome) {
        if (state == State.RUNNING) {
            state = State.IDLE;
        }
        holdBigKey();
        end(outcome, "");
    }

    /** Keeps the big key in progress for the next call, unless none comes in time: writes to it wait meanwhile. */
    private void holdBigKey() {
        if (big != null) {
            lease = server.shard().schedule(() -> {
                if (state != State.RUNNING) {
                    dropBigKey();
                }
            }, IO_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void end(Outcome outcome, String why) {
        if (timer != null) {
            timer.cancel(false);
        }
        if (wakeUp != null) {
            wakeUp.cancel(false);
        }
        if (link != null) {
            if (outcome != Outcome.STOPPED && prefixReplies == 0 && inFlight.isEmpty()) {
                server.targetLinks().release(link); // every reply read: the next call, of any slot, goes on it
            } else {
                link.detach();
                link.close();
            }
            link = null;
        }
        Ending caller = ending;
        ending = null;
        caller.ended(outcome, why);
    }

    // ---------------------------------------------------------------- helpers

    private boolean stillMigrating() {
        ClusterNode to = server.cluster().state().migratingTo(slot);
        return to != null && to.id().equals(targetId);
    }

    private String myId() {
        return server.cluster().state().myself().id();
    }

    private static void encode(ByteBuf out, Object[] command) {
        try (ByteBufOutputStream stream = new ByteBufOutputStream(out)) {
            CommandEncoder.write(stream, command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The mover's progress, as {@code migrate_slot_status} and INFO show it. */
    public void status(BiConsumer<String, Object> field) {
        field.accept("state", state.name().toLowerCase(Locale.ROOT));
        field.accept("target", targetId);
        field.accept("keys_moved", keysMoved);
        field.accept("keys_left", server.database(0).countKeysInSlot(slot));
        field.accept("bytes_moved", bytesMoved);
        field.accept("batches", batchesAcked);
        field.accept("in_flight", inFlight.size());
        field.accept("big_key_chunks", big == null ? 0 : big.chunks);
        field.accept("calls", calls);
        field.accept("last_error", lastError.replace(',', ';'));
    }
}
