package io.slotkv.cluster;

import io.slotkv.protocol.HashSlot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * nodes.conf, in Redis 7's format, so a node survives restarts with its id, epochs, slots and open slots:
 * one {@link NodeLine} per known node (handshakes excluded, and so the open slots naming them), then
 * {@code vars currentEpoch <n> lastVoteEpoch <n>}.
 *
 * <p>Parsing is strict: anything Redis would not have written (an unknown flag, a slot out of range or owned
 * twice, a mark naming an unknown node, no myself line) is a {@link NodesConfException} naming the line.
 * {@link #write} saves it so that a crash of the process leaves the old text or the new one, never a mix; the
 * file may end in blank lines, room for the next save to overwrite it in place.
 */
public final class NodesConf {
    /** Saves that replace the file round its length up to this, so that the next saves fit in it. */
    private static final int PADDING = 512;
    /** A text shorter than the file by more than this is saved by replacing the file, which trims the padding. */
    private static final int MAX_IN_PLACE_PADDING = 4096;
    private NodesConf() {}

    /** The file content for {@code state}. */
    public static String render(ClusterState state) {
        StringBuilder text = new StringBuilder();
        for (ClusterNode node : state.nodes.values()) {
            if (!node.inHandshake()) {
                text.append(NodeLine.render(state, node, other -> !other.inHandshake())).append('\n');
            }
        }
        return text.append("vars currentEpoch ").append(state.currentEpoch)
                .append(" lastVoteEpoch ").append(state.lastVoteEpoch).append('\n').toString();
    }

    /**
     * The state {@code text} describes. Nodes come back disconnected, with fresh timers (nothing pending, nothing
     * heard yet); FAIL flags are kept and timed from {@code now}; this node's ports come from {@code settings},
     * and its address too when {@code settings} announces one.
     */
    public static ClusterState parse(String text, ClusterSettings settings, RandomGenerator random, long now)
            throws NodesConfException {
        ClusterState state = new ClusterState(settings, random, now);
        List<ParsedLine> lines = new ArrayList<>();
        String[] rawLines = text.split("\n", -1);
        long currentEpoch = 0;
        for (int i = 0; i < rawLines.length; i++) {
            String line = rawLines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("\\s+");
            if (fields[0].equals("vars")) {
                currentEpoch = parseVars(state, fields, i + 1);
            } else {
                ParsedLine parsed = ParsedLine.parse(fields, i + 1);
                if (state.lookup(parsed.node.id) != null) {
                    throw new NodesConfException(i + 1, "node " + parsed.node.id + " appears twice");
                }
                state.addNode(parsed.node);
                lines.add(parsed);
            }
        }
        for (ParsedLine line : lines) {
            line.apply(state, now);
        }
        if (state.myself == null) {
            int lastLine = text.endsWith("\n") ? rawLines.length - 1 : rawLines.length;
            throw new NodesConfException(Math.max(1, lastLine), "no node is flagged myself");
        }
        ClusterNode me = state.myself;
        me.ip = settings.announceIp().isEmpty() ? me.ip : settings.announceIp();
        me.port = settings.port();
        me.cport = settings.cport();
        state.currentEpoch = currentEpoch;
        for (ClusterNode node : state.nodes.values()) {
            state.currentEpoch = Math.max(state.currentEpoch, node.configEpoch);
        }
        return state;
    }

    /** Reads currentEpoch (returned) and lastVoteEpoch; unknown variables are skipped, as Redis does. */
    private static long parseVars(ClusterState state, String[] fields, int line) throws NodesConfException {
        if (fields.length % 2 == 0) {
            throw new NodesConfException(line, "vars needs name/value pairs");
        }
        long currentEpoch = 0;
        for (int i = 1; i < fields.length; i += 2) {
            long value = number(fields[i + 1], "value of " + fields[i], line);
            if (fields[i].equals("currentEpoch")) {
                currentEpoch = value;
            } else if (fields[i].equals("lastVoteEpoch")) {
                state.lastVoteEpoch = value;
            }
        }
        return currentEpoch;
    }

    /** Reads {@code path}: empty when the file is missing or empty (a node starting for the first time). */
    public static Optional<ClusterState> load(Path path, ClusterSettings settings, RandomGenerator random, long now)
            throws IOException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException missing) {
            return Optional.empty();
        }
        return text.isBlank() ? Optional.empty() : Optional.of(parse(text, settings, random, now));
    }

    /**
     * Saves {@code text} to {@code path}. A reshard changes the configuration several times per slot, so the usual
     * save must be cheap, yet survive a crash of the process at any instant:
     * <ul>
     *   <li>when the text fits in the file as it is, it is written over the file in place, padded with newlines
     *       (blank lines, which {@link #parse} skips) to the file's length, in one write, and the file is not
     *       truncated: a killed process leaves the old text or the new one (the kernel copies a page at a time
     *       and stops a killed write only between pages, so only a file over 4 KiB could be left mixed), and
     *       nothing is allocated, so a full disk cannot cut it short (Redis 7.0 saves its nodes.conf in place
     *       too); about 10 us here;
     *   <li>otherwise, and when {@code durable}, a temporary file in the same directory is renamed over it
     *       (replacing a file makes ext4 start writing the new one out, about 100-200 us here), padded to a
     *       multiple of {@value #PADDING} bytes so that the next saves fit in place; {@code durable}: with an
     *       fsync of the file before the rename and of the directory after it, for what a node must never forget.
     * </ul>
     * A crash of the machine may lose a save that was not durable, and an in-place write that was not on the disk
     * yet could reach it in part, as in Redis 7.0; every save that must survive that is a durable one.
     */
    public static void write(Path path, String text, boolean durable) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (!durable && writeInPlace(path, bytes)) {
            return;
        }
        Path directory = path.toAbsolutePath().getParent();
        // One writer per process (the shard thread), so a name of its own is enough and costs no random name.
        Path temporary = directory.resolve(path.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                writeFully(channel, padded(bytes, (bytes.length + PADDING - 1) / PADDING * PADDING));
                if (durable) {
                    channel.force(true);
                }
            }
            Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        if (durable) {
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true);
            }
        }
    }

    /** Overwrites {@code path} with {@code bytes} when they fit in it, with little padding; false when not done. */
    private static boolean writeInPlace(Path path, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            long length = channel.size();
            if (length < bytes.length || length - bytes.length > MAX_IN_PLACE_PADDING) {
                return false;
            }
            writeFully(channel, padded(bytes, (int) length));
            return true;
        } catch (NoSuchFileException missing) {
            return false;
        }
    }

    private static ByteBuffer padded(byte[] bytes, int length) {
        byte[] out = Arrays.copyOf(bytes, length);
        Arrays.fill(out, bytes.length, length, (byte) '\n');
        return ByteBuffer.wrap(out);
    }

    /** One write call for a file of this size in practice; the loop only guards against a short write. */
    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        for (long position = 0; buffer.hasRemaining(); ) {
            position += channel.write(buffer, position);
        }
    }

    static long number(String text, String what, int line) throws NodesConfException {
        try {
            long value = Long.parseLong(text);
            if (value >= 0 && text.charAt(0) != '+') {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new NodesConfException(line, what + " '" + text + "' is not a non-negative integer");
    }

    /** One node line, parsed; slots and marks are applied once every node exists (marks may name later lines). */
    private static final class ParsedLine {
        final int line;
        final ClusterNode node;
        final List<int[]> ranges = new ArrayList<>();
        final List<Mark> marks = new ArrayList<>();

        /** An open slot: migrating to, or importing from, {@code nodeId}. */
        private record Mark(int slot, boolean migrating, String nodeId) {}

        private ParsedLine(int line, ClusterNode node) {
            this.line = line;
            this.node = node;
        }

        static ParsedLine parse(String[] fields, int line) throws NodesConfException {
            if (fields.length < 8) {
                throw new NodesConfException(line, "expected at least 8 fields, found " + fields.length);
            }
            if (!NodeId.isValid(fields[0])) {
                throw new NodesConfException(line, "invalid node id '" + fields[0] + "'");
            }
            String address = fields[1];
            String hostname = "";
            int comma = address.indexOf(',');
            if (comma >= 0) {
                hostname = address.substring(comma + 1);
                address = address.substring(0, comma);
            }
            int at = address.indexOf('@');
            String hostPort = at >= 0 ? address.substring(0, at) : address;
            int colon = hostPort.lastIndexOf(':');
            if (colon < 0) {
                throw new NodesConfException(line, "address '" + fields[1] + "' is not ip:port@cport");
            }
            int port = port(hostPort.substring(colon + 1), line);
            int cport = at >= 0 ? port(address.substring(at + 1), line) : port + 10_000;
            String ip = hostPort.substring(0, colon);
            if (BusCodec.ipProblem(ip) != null) {
                throw new NodesConfException(line, "invalid ip '" + ip + "'");
            }
            ClusterNode node = new ClusterNode(fields[0], ip, port, cport, flags(fields[2], line), 0);
            node.hostname = hostname;
            if (!fields[3].equals("-")) {
                if (!NodeId.isValid(fields[3])) {
                    throw new NodesConfException(line, "invalid master id '" + fields[3] + "'");
                }
                node.masterId = fields[3];
            }
            number(fields[4], "ping_sent", line);
            number(fields[5], "pong_recv", line);
            node.configEpoch = node.has(NodeFlag.SLAVE) && !node.masterId.isEmpty()
                    ? 0
                    : number(fields[6], "configEpoch", line);
            if (!fields[7].equals("connected") && !fields[7].equals("disconnected")) {
                throw new NodesConfException(line, "link state '" + fields[7] + "' (expected: connected or disconnected)");
            }
            ParsedLine parsed = new ParsedLine(line, node);
            for (int i = 8; i < fields.length; i++) {
                parsed.slotField(fields[i]);
            }
            return parsed;
        }

        private static int port(String text, int line) throws NodesConfException {
            long port = number(text, "port", line);
            if (port > 0xFFFF) {
                throw new NodesConfException(line, "port " + port + " (expected: 0-65535)");
            }
            return (int) port;
        }

        private static EnumSet<NodeFlag> flags(String text, int line) throws NodesConfException {
            EnumSet<NodeFlag> flags = EnumSet.noneOf(NodeFlag.class);
            if (text.equals("noflags")) {
                return flags;
            }
            for (String label : text.split(",", -1)) {
                NodeFlag flag = NodeFlag.byLabel(label);
                if (flag == null) {
                    throw new NodesConfException(line, "unknown flag '" + label + "'");
                }
                flags.add(flag);
            }
            if (flags.contains(NodeFlag.FAIL)) {
                flags.remove(NodeFlag.PFAIL);
            }
            return flags;
        }

        /** "5", "0-5460", "[93->-id]" (migrating) or "[93-<-id]" (importing). */
        private void slotField(String field) throws NodesConfException {
            if (field.startsWith("[")) {
                int arrow = field.indexOf("->-");
                int back = field.indexOf("-<-");
                int split = arrow >= 0 ? arrow : back;
                if (split < 0 || !field.endsWith("]")) {
                    throw new NodesConfException(line, "open slot '" + field + "' is not [slot->-id] or [slot-<-id]");
                }
                String id = field.substring(split + 3, field.length() - 1);
                if (!NodeId.isValid(id)) {
                    throw new NodesConfException(line, "open slot '" + field + "' names an invalid node id");
                }
                marks.add(new Mark(slot(field.substring(1, split)), arrow >= 0, id));
                return;
            }
            int dash = field.indexOf('-');
            int start = slot(dash < 0 ? field : field.substring(0, dash));
            int end = dash < 0 ? start : slot(field.substring(dash + 1));
            if (start > end) {
                throw new NodesConfException(line, "slot range '" + field + "' ends before it starts");
            }
            ranges.add(new int[] {start, end});
        }

        private int slot(String text) throws NodesConfException {
            long slot = number(text, "slot", line);
            if (slot >= HashSlot.COUNT) {
                throw new NodesConfException(line, "slot " + slot + " (expected: 0-" + (HashSlot.COUNT - 1) + ")");
            }
            return (int) slot;
        }

        void apply(ClusterState state, long now) throws NodesConfException {
            node.createdAt = now;
            node.failTime = now;
            if (node.has(NodeFlag.MYSELF)) {
                if (state.myself != null) {
                    throw new NodesConfException(line, "a second node is flagged myself");
                }
                state.myself = node;
            }
            for (int[] range : ranges) {
                for (int slot = range[0]; slot <= range[1]; slot++) {
                    if (state.slots.owner(slot) != null) {
                        throw new NodesConfException(line, "slot " + slot + " is already owned by "
                                + state.slots.owner(slot).id);
                    }
                    state.slots.assign(slot, node);
                }
            }
            for (Mark mark : marks) {
                ClusterNode other = state.lookup(mark.nodeId());
                if (other == null) {
                    throw new NodesConfException(line, "open slot " + mark.slot() + " names unknown node "
                            + mark.nodeId());
                }
                if (mark.migrating()) {
                    state.slots.setMigrating(mark.slot(), other);
                } else {
                    state.slots.setImporting(mark.slot(), other);
                }
            }
        }
    }
}
