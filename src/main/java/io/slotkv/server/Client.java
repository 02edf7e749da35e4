package io.slotkv.server;

import io.netty.buffer.ByteBuf;
import io.slotkv.protocol.RespWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The command-side state of one client connection: selected database, authentication, protocol version,
 * transaction, watched keys and blocking state, and the buffer its replies are written to.
 *
 * <p>Owned by the shard thread: only the shard thread reads or writes it, except {@link #id()},
 * {@link #isAuthenticated()} (read by the I/O thread to pick parser limits) and the immutable fields.
 */
public final class Client {
    private final long id;
    private final Connection connection;
    private final RespWriter writer;
    private final long createdMillis = System.currentTimeMillis();
    private final ArrayDeque<byte[][]> pending = new ArrayDeque<>();
    private final Map<DbKey, Long> watched = new HashMap<>();

    private volatile boolean authenticated;
    private int db;
    private String name = "";
    private long lastInteractionMillis = createdMillis;
    private String lastCommand = "NULL";
    private List<byte[][]> queued;
    private boolean readonly;
    private boolean multiDirty;
    private boolean watchDirty;
    private boolean inExec;
    private boolean monitor;
    private boolean asking;
    private Blocked blocked;
    private boolean paused;

    Client(long id, Connection connection, ByteBuf out, boolean authenticated) {
        this.id = id;
        this.connection = connection;
        this.writer = new RespWriter(out);
        this.authenticated = authenticated;
    }

    public long id() {
        return id;
    }

    public RespWriter writer() {
        return writer;
    }

    Connection connection() {
        return connection;
    }

    public boolean isAuthenticated() {
        return authenticated;
    }

    public void setAuthenticated(boolean value) {
        authenticated = value;
    }

    public int db() {
        return db;
    }

    public void select(int database) {
        db = database;
    }

    public String name() {
        return name;
    }

    public void setName(String value) {
        name = value;
    }

    public long createdMillis() {
        return createdMillis;
    }

    public long lastInteractionMillis() {
        return lastInteractionMillis;
    }

    void interacted(long now, String command) {
        lastInteractionMillis = now;
        lastCommand = command;
    }

    public String lastCommand() {
        return lastCommand;
    }

    /** Commands read but not yet executed (waiting behind a blocked command). */
    ArrayDeque<byte[][]> pending() {
        return pending;
    }

    // ---------------------------------------------------------------- transactions

    // ---------------------------------------------------------------- cluster

    /** READONLY / READWRITE: reads may be served by a replica of the slot's owner. */
    public void setReadonly(boolean readonly) {
        this.readonly = readonly;
    }

    public boolean readonly() {
        return readonly;
    }

    public boolean inMulti() {
        return queued != null;
    }

    public void beginMulti() {
        queued = new ArrayList<>();
        multiDirty = false;
    }

    /** The commands queued since MULTI (read-only view). */
    List<byte[][]> queued() {
        return java.util.Collections.unmodifiableList(queued);
    }

    void queue(byte[][] argv) {
        queued.add(argv);
    }

    /** Ends MULTI and returns the queued commands. */
    public List<byte[][]> endMulti() {
        List<byte[][]> commands = queued;
        queued = null;
        multiDirty = false;
        return commands;
    }

    /** Marks the open transaction as failed (an error while queueing): EXEC will answer EXECABORT. */
    void flagMultiDirty() {
        if (queued != null) {
            multiDirty = true;
        }
    }

    public boolean multiDirty() {
        return multiDirty;
    }

    public boolean inExec() {
        return inExec;
    }

    public void setInExec(boolean value) {
        inExec = value;
    }

    // ---------------------------------------------------------------- WATCH

    /** Watched keys with the expiry they had when watched (a key that expires meanwhile counts as modified). */
    public Map<DbKey, Long> watched() {
        return watched;
    }

    public boolean watchDirty() {
        return watchDirty;
    }

    void setWatchDirty(boolean value) {
        watchDirty = value;
    }

    // ---------------------------------------------------------------- modes

    public boolean isMonitor() {
        return monitor;
    }

    public void setMonitor(boolean value) {
        monitor = value;
    }

    /** ASKING was sent: the next command (or the transaction it opens) may use a slot this node imports. */
    public boolean asking() {
        return asking;
    }

    public void setAsking(boolean value) {
        asking = value;
    }

    public Blocked blocked() {
        return blocked;
    }

    /**
     * Whether the client's commands wait: it is blocked (BLPOP), or paused (its MIGRATE is in flight, or its next
     * command touches a key a MIGRATE holds). Nothing it sent after runs until it is resumed.
     */
    public boolean waiting() {
        return blocked != null || paused;
    }

    /** Holds the client's commands until {@link Server#resume}; its current command replies later, if at all. */
    public void pause() {
        paused = true;
    }

    /**
     * Pauses the client before {@code argv}, which will run again, with every check, when it is resumed: what a
     * command touching a key a MIGRATE holds waits with.
     */
    public void pauseBefore(byte[][] argv) {
        pending.addFirst(argv);
        paused = true;
    }

    /** Lets the client's commands run again; {@link Server#resume} runs them. */
    public void unpause() {
        paused = false;
    }

    void setBlocked(Blocked state) {
        blocked = state;
    }

    /** Address as CLIENT LIST shows it. */
    public String address() {
        return connection.remoteAddress();
    }

    public String localAddress() {
        return connection.localAddress();
    }

    /** Asks for the connection to be closed once the replies written so far are flushed. */
    public void closeAfterReply() {
        connection.closeAfterReply();
    }
}
