package io.slotkv.cluster;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * slotkv's cluster bus format (its own, not Redis's): one frame per message, every integer big-endian.
 *
 * <pre>
 * offset  size  field
 *      0     4  magic "SKVB"
 *      4     2  version (1)
 *      6     2  type: 0 PING, 1 PONG, 2 MEET, 3 FAIL, 4 UPDATE
 *      8     4  total frame length in bytes, these 12 included   (PREFIX = 12 bytes)
 *     12    40  sender node id (40 lowercase hex)
 *     52     8  sender's currentEpoch (&gt;= 0)
 *     60     8  sender's configEpoch (&gt;= 0)
 *     68     2  sender's flags (bit i = NodeFlag ordinal i)
 *     70     2  sender's port
 *     72     2  sender's cluster bus port
 *     74    46  sender's ip: 1 length byte (0-45), 45 bytes, unused bytes zero
 *    120    40  sender's master id, 40 zero bytes for a master
 *    160  2048  slots the sender claims (SlotBitmap layout)         (HEADER = 2208 bytes)
 * PING, PONG, MEET body:
 *   2208    40  link id, or 40 zero bytes
 *   2248    46  link ip (same form as the header ip)
 *   2294     2  gossip entry count n (&lt;= MAX_GOSSIP)
 *   2296  92*n  gossip entries: node id 40, ip 46, port 2, cport 2, flags 2
 * FAIL body:    node id 40                                          (2248 bytes in all)
 * UPDATE body:  node id 40, configEpoch 8, slots 2048               (4304 bytes in all)
 * </pre>
 *
 * <p>{@link #decode} checks every field and throws {@link BusFormatException} for anything else, whatever the
 * bytes: a frame from the network can never crash the caller. The transport reads {@link #PREFIX} bytes, asks
 * {@link #frameLength} how long the frame is (at most {@link #MAX_FRAME}), then reads the rest.
 */
public final class BusCodec {
    public static final int VERSION = 1;
    /** Bytes needed to know a frame's length. */
    public static final int PREFIX = 12;
    /** Size of the common header; the smallest frame. */
    public static final int HEADER = 2208;
    /** Most gossip entries one heartbeat may carry (Redis sends a tenth of the nodes plus the failing ones). */
    public static final int MAX_GOSSIP = 4096;
    /** Longest ip text: an IPv6 address with an embedded IPv4 one (INET6_ADDRSTRLEN - 1). */
    public static final int MAX_IP = 45;

    private static final byte[] MAGIC = {'S', 'K', 'V', 'B'};
    private static final int IP_FIELD = 1 + MAX_IP;
    private static final int GOSSIP_ENTRY = NodeId.LENGTH + IP_FIELD + 6;
    private static final int HEARTBEAT_FIXED = NodeId.LENGTH + IP_FIELD + 2;
    /** Largest valid frame: a heartbeat with {@link #MAX_GOSSIP} entries. */
    public static final int MAX_FRAME = HEADER + HEARTBEAT_FIXED + MAX_GOSSIP * GOSSIP_ENTRY;

    private BusCodec() {}

    /** The frame bytes of {@code message}. */
    public static byte[] encode(BusMessage message) {
        int length = HEADER + switch (message) {
            case BusMessage.Heartbeat h -> HEARTBEAT_FIXED + h.gossip().size() * GOSSIP_ENTRY;
            case BusMessage.Fail f -> NodeId.LENGTH;
            case BusMessage.Update u -> NodeId.LENGTH + 8 + SlotBitmap.BYTES;
        };
        Writer out = new Writer(length);
        out.bytes(MAGIC);
        out.u16(VERSION);
        out.u16(message.type().ordinal());
        out.u32(length);
        BusMessage.Header h = message.header();
        out.id(h.sender());
        out.u64(h.currentEpoch());
        out.u64(h.configEpoch());
        out.u16(h.flags());
        out.u16(h.port());
        out.u16(h.cport());
        out.ip(h.ip());
        out.id(h.masterId());
        out.slots(h.slots());
        switch (message) {
            case BusMessage.Heartbeat hb -> {
                out.id(hb.linkId());
                out.ip(hb.linkIp());
                out.u16(hb.gossip().size());
                for (BusMessage.Gossip g : hb.gossip()) {
                    out.id(g.nodeId());
                    out.ip(g.ip());
                    out.u16(g.port());
                    out.u16(g.cport());
                    out.u16(g.flags());
                }
            }
            case BusMessage.Fail f -> out.id(f.nodeId());
            case BusMessage.Update u -> {
                out.id(u.nodeId());
                out.u64(u.configEpoch());
                out.slots(u.slots());
            }
        }
        return out.bytes;
    }

    /**
     * The total length of the frame that starts with {@code prefix} (at least {@link #PREFIX} bytes), after
     * checking the magic, the version and that the length is within [{@link #HEADER}, {@link #MAX_FRAME}].
     */
    public static int frameLength(byte[] prefix) throws BusFormatException {
        if (prefix.length < PREFIX) {
            throw new BusFormatException("frame prefix of " + prefix.length + " bytes (expected: " + PREFIX + ")");
        }
        Reader in = new Reader(prefix);
        for (byte b : MAGIC) {
            if (in.u8() != b) {
                throw new BusFormatException("bad magic (expected: \"SKVB\")");
            }
        }
        int version = in.u16();
        if (version != VERSION) {
            throw new BusFormatException("unsupported version " + version + " (expected: " + VERSION + ")");
        }
        in.u16(); // the type, checked by decode
        long length = in.u32();
        if (length < HEADER || length > MAX_FRAME) {
            throw new BusFormatException("frame length " + length + " (expected: " + HEADER + "-" + MAX_FRAME + ")");
        }
        return (int) length;
    }

    /** The message {@code frame} holds; the frame must be exactly one message. */
    public static BusMessage decode(byte[] frame) throws BusFormatException {
        int length = frameLength(frame);
        if (length != frame.length) {
            throw new BusFormatException("length field says " + length + " bytes, frame has " + frame.length);
        }
        Reader in = new Reader(frame);
        in.skip(6);
        int code = in.u16();
        MessageType type = MessageType.byCode(code);
        if (type == null) {
            throw new BusFormatException("unknown message type " + code);
        }
        in.skip(4);
        String sender = in.id("sender");
        long currentEpoch = in.epoch("currentEpoch");
        long configEpoch = in.epoch("configEpoch");
        int flags = in.flags();
        int port = in.port();
        int cport = in.port();
        String ip = in.ip("ip");
        BusMessage.Header header = new BusMessage.Header(sender, currentEpoch, configEpoch, flags, ip, port, cport,
                in.optionalId("master id"), in.slots());
        int expected = switch (type) {
            case PING, PONG, MEET -> HEARTBEAT_FIXED;
            case FAIL -> NodeId.LENGTH;
            case UPDATE -> NodeId.LENGTH + 8 + SlotBitmap.BYTES;
        };
        BusMessage message = switch (type) {
            case PING, PONG, MEET -> {
                String linkId = in.optionalId("link id");
                String linkIp = in.ip("link ip");
                int count = in.u16();
                if (count > MAX_GOSSIP) {
                    throw new BusFormatException("gossip count " + count + " (expected: <= " + MAX_GOSSIP + ")");
                }
                expected += count * GOSSIP_ENTRY;
                checkLength(type, frame.length, HEADER + expected);
                List<BusMessage.Gossip> gossip = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    String id = in.id("gossip node id");
                    String gossipIp = in.ip("gossip ip");
                    gossip.add(new BusMessage.Gossip(id, gossipIp, in.port(), in.port(), in.flags()));
                }
                yield new BusMessage.Heartbeat(type, header, linkId, linkIp, gossip);
            }
            case FAIL -> {
                checkLength(type, frame.length, HEADER + expected);
                yield new BusMessage.Fail(header, in.id("failing node id"));
            }
            case UPDATE -> {
                checkLength(type, frame.length, HEADER + expected);
                yield new BusMessage.Update(header, in.id("updated node id"), in.epoch("update configEpoch"),
                        in.slots());
            }
        };
        return message;
    }

    private static void checkLength(MessageType type, int actual, int expected) throws BusFormatException {
        if (actual != expected) {
            throw new BusFormatException(type + " frame of " + actual + " bytes (expected: " + expected + ")");
        }
    }

    /** Why {@code ip} cannot travel in an ip field, or null if it can. */
    static String ipProblem(String ip) {
        if (ip == null) {
            return "null";
        }
        if (ip.length() > MAX_IP) {
            return ip.length() + " characters (expected: <= " + MAX_IP + ")";
        }
        for (int i = 0; i < ip.length(); i++) {
            char c = ip.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == '.' || c == ':')) {
                return "has character 0x" + Integer.toHexString(c) + " at " + i + ", not in an IP address";
            }
        }
        return null;
    }

    /** Big-endian writes into a frame of known size. */
    private static final class Writer {
        final byte[] bytes;
        int at;

        Writer(int length) {
            bytes = new byte[length];
        }

        void bytes(byte[] value) {
            System.arraycopy(value, 0, bytes, at, value.length);
            at += value.length;
        }

        void u16(int value) {
            bytes[at++] = (byte) (value >>> 8);
            bytes[at++] = (byte) value;
        }

        void u32(long value) {
            u16((int) (value >>> 16) & 0xFFFF);
            u16((int) value & 0xFFFF);
        }

        void u64(long value) {
            u32(value >>> 32);
            u32(value & 0xFFFFFFFFL);
        }

        /** A node id, or zeros for {@link NodeId#NONE}. */
        void id(String id) {
            if (!id.isEmpty()) {
                bytes(id.getBytes(StandardCharsets.US_ASCII));
            } else {
                at += NodeId.LENGTH;
            }
        }

        void ip(String ip) {
            bytes[at] = (byte) ip.length();
            byte[] text = ip.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(text, 0, bytes, at + 1, text.length);
            at += IP_FIELD;
        }

        void slots(SlotBitmap slots) {
            slots.writeTo(bytes, at);
            at += SlotBitmap.BYTES;
        }
    }

    /** Checked big-endian reads: every read is within the frame because decode checked the length first. */
    private static final class Reader {
        final byte[] bytes;
        int at;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        private void need(int count) throws BusFormatException {
            if (at + count > bytes.length) {
                throw new BusFormatException("frame ends at byte " + bytes.length + ", field needs " + (at + count));
            }
        }

        void skip(int count) throws BusFormatException {
            need(count);
            at += count;
        }

        int u8() throws BusFormatException {
            need(1);
            return bytes[at++] & 0xFF;
        }

        int u16() throws BusFormatException {
            return u8() << 8 | u8();
        }

        long u32() throws BusFormatException {
            return (long) u16() << 16 | u16();
        }

        long epoch(String what) throws BusFormatException {
            long value = u32() << 32 | u32();
            if (value < 0) {
                throw new BusFormatException(what + " " + Long.toUnsignedString(value) + " (expected: < 2^63)");
            }
            return value;
        }

        int port() throws BusFormatException {
            return u16();
        }

        int flags() throws BusFormatException {
            int flags = u16();
            if ((flags & ~NodeFlag.ALL) != 0) {
                throw new BusFormatException("unknown node flag bits 0x" + Integer.toHexString(flags & ~NodeFlag.ALL));
            }
            return flags;
        }

        String id(String what) throws BusFormatException {
            String id = optionalId(what);
            if (id.isEmpty()) {
                throw new BusFormatException(what + " is missing");
            }
            return id;
        }

        /** A node id, or {@link NodeId#NONE} for 40 zero bytes. */
        String optionalId(String what) throws BusFormatException {
            need(NodeId.LENGTH);
            int start = at;
            at += NodeId.LENGTH;
            boolean zeros = true;
            for (int i = start; i < at; i++) {
                zeros &= bytes[i] == 0;
            }
            if (zeros) {
                return NodeId.NONE;
            }
            String id = new String(bytes, start, NodeId.LENGTH, StandardCharsets.ISO_8859_1);
            if (!NodeId.isValid(id)) {
                throw new BusFormatException(what + " is not 40 lowercase hex characters");
            }
            return id;
        }

        String ip(String what) throws BusFormatException {
            need(IP_FIELD);
            int length = bytes[at] & 0xFF;
            if (length > MAX_IP) {
                throw new BusFormatException(what + " length " + length + " (expected: <= " + MAX_IP + ")");
            }
            for (int i = at + 1 + length; i < at + IP_FIELD; i++) {
                if (bytes[i] != 0) {
                    throw new BusFormatException(what + " has non-zero bytes after its " + length + " characters");
                }
            }
            String ip = new String(bytes, at + 1, length, StandardCharsets.ISO_8859_1);
            at += IP_FIELD;
            String problem = ipProblem(ip);
            if (problem != null) {
                throw new BusFormatException(what + " " + problem);
            }
            return ip;
        }

        SlotBitmap slots() throws BusFormatException {
            need(SlotBitmap.BYTES);
            SlotBitmap slots = SlotBitmap.fromBytes(bytes, at);
            at += SlotBitmap.BYTES;
            return slots;
        }
    }
}
