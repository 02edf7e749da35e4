package io.slotkv.protocol.rdb;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads DUMP payloads from Redis (up to 7.2) and from slotkv, which RESTORE turns into keys. A payload comes from the
 * network, so nothing in it is trusted: every length is checked against the bytes actually there before anything is
 * allocated, and only {@link DumpFormatException} comes out of a damaged one.
 *
 * <p>Strings, lists, sets, hashes and sorted sets are read in every encoding Redis has written them in. Streams,
 * module values, hashes with field expirations and unknown types are refused.
 */
public final class DumpReader {
    /** The newest RDB version read: Redis 7.2's. */
    public static final int MAX_VERSION = 11;
    /** The RDB version and the CRC-64 that end every payload. */
    private static final int FOOTER = 10;
    /** A quicklist node holding one element as it is. */
    private static final int PLAIN_NODE = 1;
    /** A quicklist node holding a ziplist or listpack of elements. */
    private static final int PACKED_NODE = 2;

    private DumpReader() {}

    /** false when the payload is too short, its version is newer than slotkv reads, or the CRC is wrong. */
    public static boolean verify(byte[] payload) {
        if (payload.length < FOOTER) {
            return false;
        }
        return version(payload) <= MAX_VERSION
                && ByteCursor.littleEndian(payload, payload.length - 8, 8)
                        == Crc64.update(0, payload, 0, payload.length - 8);
    }

    /** Decodes a payload that passed verify(); DumpFormatException for anything malformed. */
    public static DumpValue read(byte[] payload) throws DumpFormatException {
        if (payload.length < FOOTER) {
            throw new DumpFormatException("payload of " + payload.length + " bytes is shorter than its footer");
        }
        int version = version(payload);
        if (version < 1 || version > MAX_VERSION) {
            throw new DumpFormatException("RDB version " + version + " is not read");
        }
        RdbInput in = new RdbInput(new ByteCursor(payload, 0, payload.length - FOOTER));
        DumpValue value = value(in);
        if (!in.atEnd()) {
            throw new DumpFormatException(in.remaining() + " bytes follow the value");
        }
        return value;
    }

    private static int version(byte[] payload) {
        return (int) ByteCursor.littleEndian(payload, payload.length - FOOTER, 2);
    }

    private static DumpValue value(RdbInput in) throws DumpFormatException {
        int type = in.type();
        return switch (type) {
            case RdbType.STRING -> new DumpValue.StringValue(in.string());
            case RdbType.LIST -> Values.list(in.strings(in.count()));
            case RdbType.SET -> Values.set(in.strings(in.count()));
            case RdbType.ZSET, RdbType.ZSET_2 -> sortedSet(in, type == RdbType.ZSET_2);
            case RdbType.HASH -> Values.hash(in.strings(2 * in.count()));
            case RdbType.HASH_ZIPMAP -> Values.hash(Zipmap.pairs(in.string()));
            case RdbType.LIST_ZIPLIST -> Values.list(Ziplist.entries(in.string()));
            case RdbType.SET_INTSET -> Values.set(Intset.members(in.string()));
            case RdbType.ZSET_ZIPLIST -> Values.zset(Ziplist.entries(in.string()));
            case RdbType.HASH_ZIPLIST -> Values.hash(Ziplist.entries(in.string()));
            case RdbType.LIST_QUICKLIST -> quicklist(in, false);
            case RdbType.HASH_LISTPACK -> Values.hash(Listpack.entries(in.string()));
            case RdbType.ZSET_LISTPACK -> Values.zset(Listpack.entries(in.string()));
            case RdbType.LIST_QUICKLIST_2 -> quicklist(in, true);
            case RdbType.SET_LISTPACK -> Values.set(Listpack.entries(in.string()));
            default -> throw new DumpFormatException("RDB type " + type + " is not supported");
        };
    }

    private static DumpValue sortedSet(RdbInput in, boolean binaryScores) throws DumpFormatException {
        long count = in.count();
        List<byte[]> members = new ArrayList<>((int) count);
        double[] scores = new double[(int) count];
        for (int i = 0; i < count; i++) {
            members.add(in.string());
            scores[i] = binaryScores ? in.binaryDouble() : in.textDouble();
        }
        return Values.zset(members, scores);
    }

    /**
     * A list as a sequence of nodes, each a ziplist (RDB type 14) or, since Redis 7.0, a listpack or one plain
     * element, as its container number says. Empty nodes are skipped, as Redis skips them.
     */
    private static DumpValue quicklist(RdbInput in, boolean withContainers) throws DumpFormatException {
        long nodes = in.count();
        List<byte[]> elements = new ArrayList<>();
        for (long i = 0; i < nodes; i++) {
            long container = withContainers ? in.length() : PACKED_NODE;
            if (container != PLAIN_NODE && container != PACKED_NODE) {
                throw new DumpFormatException("unknown quicklist node container " + container);
            }
            byte[] node = in.string();
            if (node.length == 0) {
                throw new DumpFormatException("empty quicklist node");
            }
            if (container == PLAIN_NODE) {
                elements.add(node);
            } else {
                elements.addAll(withContainers ? Listpack.entries(node) : Ziplist.entries(node));
            }
        }
        return Values.list(elements);
    }
}
