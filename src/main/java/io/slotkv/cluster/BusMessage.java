package io.slotkv.cluster;

import java.util.List;
import java.util.Objects;

/**
 * A cluster bus message, decoded. Every message starts with the sender's {@link Header}: who it is, where it
 * listens, its epochs and the slots it claims, so any message refreshes the receiver's view of the sender. Then
 * comes a body by type: heartbeats ({@link Heartbeat}: PING, PONG, MEET) carry gossip about other nodes, FAIL names
 * a failing node, UPDATE tells a node about a newer owner of slots it still claims.
 *
 * <p>Immutable, validated on construction, so a message built here always encodes. Strings that may be absent are
 * "" ({@link NodeId#NONE}), never null.
 */
public sealed interface BusMessage permits BusMessage.Heartbeat, BusMessage.Fail, BusMessage.Update {
    MessageType type();

    Header header();

    /** This message with the header ip set to {@code ip} if the sender left it empty (see {@link Header#ip}). */
    BusMessage withSenderIp(String ip);

    /**
     * What every message says about its sender.
     *
     * @param sender the sender's node id
     * @param ip the sender's address, "" if it does not know it yet: the transport must then fill in the peer
     *     address of the connection (Redis does the same) with {@link BusMessage#withSenderIp}
     * @param masterId {@link NodeId#NONE} for a master
     * @param slots the slots the sender claims (its master's, for a replica)
     */
    record Header(
            String sender,
            long currentEpoch,
            long configEpoch,
            int flags,
            String ip,
            int port,
            int cport,
            String masterId,
            SlotBitmap slots) {
        public Header {
            requireId(sender, "sender");
            requireEpoch(currentEpoch, "currentEpoch");
            requireEpoch(configEpoch, "configEpoch");
            requireFlags(flags);
            requireIp(ip);
            requirePort(port, "port");
            requirePort(cport, "cport");
            requireOptionalId(masterId, "masterId");
            Objects.requireNonNull(slots, "slots");
        }

        Header withIp(String ip) {
            return new Header(sender, currentEpoch, configEpoch, flags, ip, port, cport, masterId, slots);
        }
    }

    /** One node the sender knows about, as the sender sees it. */
    record Gossip(String nodeId, String ip, int port, int cport, int flags) {
        public Gossip {
            requireId(nodeId, "nodeId");
            requireIp(ip);
            requirePort(port, "port");
            requirePort(cport, "cport");
            requireFlags(flags);
        }
    }

    /**
     * PING, PONG or MEET.
     *
     * @param linkId for PING and MEET, the id the sender knows the receiver by (the random id of a handshake node
     *     until the real one is known); a PONG echoes the linkId of the PING it answers, so the pinger knows which
     *     of its nodes answered (Redis knows it from the connection). {@link NodeId#NONE} in unsolicited PONGs.
     * @param linkIp the address the sender believes the receiver has: a node learns its own address from a MEET
     *     (Redis reads it from the socket)
     */
    record Heartbeat(MessageType type, Header header, String linkId, String linkIp, List<Gossip> gossip)
            implements BusMessage {
        public Heartbeat {
            if (!Objects.requireNonNull(type, "type").isHeartbeat()) {
                throw new IllegalArgumentException("type: " + type + " (expected: PING, PONG or MEET)");
            }
            Objects.requireNonNull(header, "header");
            requireOptionalId(linkId, "linkId");
            requireIp(linkIp);
            gossip = List.copyOf(gossip);
            if (gossip.size() > BusCodec.MAX_GOSSIP) {
                throw new IllegalArgumentException("gossip: " + gossip.size() + " entries (expected: <= "
                        + BusCodec.MAX_GOSSIP + ")");
            }
        }

        @Override
        public Heartbeat withSenderIp(String ip) {
            return header.ip().isEmpty() ? new Heartbeat(type, header.withIp(ip), linkId, linkIp, gossip) : this;
        }
    }

    /** FAIL: the sender saw a majority agree that {@code nodeId} is failing. */
    record Fail(Header header, String nodeId) implements BusMessage {
        public Fail {
            Objects.requireNonNull(header, "header");
            requireId(nodeId, "nodeId");
        }

        @Override
        public MessageType type() {
            return MessageType.FAIL;
        }

        @Override
        public Fail withSenderIp(String ip) {
            return header.ip().isEmpty() ? new Fail(header.withIp(ip), nodeId) : this;
        }
    }

    /** UPDATE: {@code nodeId} owns {@code slots} with {@code configEpoch}, newer than what the receiver claims. */
    record Update(Header header, String nodeId, long configEpoch, SlotBitmap slots) implements BusMessage {
        public Update {
            Objects.requireNonNull(header, "header");
            requireId(nodeId, "nodeId");
            requireEpoch(configEpoch, "configEpoch");
            Objects.requireNonNull(slots, "slots");
        }

        @Override
        public MessageType type() {
            return MessageType.UPDATE;
        }

        @Override
        public Update withSenderIp(String ip) {
            return header.ip().isEmpty() ? new Update(header.withIp(ip), nodeId, configEpoch, slots) : this;
        }
    }

    private static void requireId(String id, String what) {
        if (!NodeId.isValid(id)) {
            throw new IllegalArgumentException(what + ": " + id + " (expected: 40 lowercase hex characters)");
        }
    }

    private static void requireOptionalId(String id, String what) {
        if (!NodeId.NONE.equals(id)) {
            requireId(id, what);
        }
    }

    private static void requireEpoch(long epoch, String what) {
        if (epoch < 0) {
            throw new IllegalArgumentException(what + ": " + epoch + " (expected: >= 0)");
        }
    }

    private static void requireFlags(int flags) {
        if ((flags & ~NodeFlag.ALL) != 0) {
            throw new IllegalArgumentException("flags: 0x" + Integer.toHexString(flags) + " (expected: bits of 0x"
                    + Integer.toHexString(NodeFlag.ALL) + ")");
        }
    }

    private static void requirePort(int port, String what) {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException(what + ": " + port + " (expected: 0-65535)");
        }
    }

    private static void requireIp(String ip) {
        String problem = BusCodec.ipProblem(ip);
        if (problem != null) {
            throw new IllegalArgumentException("ip: " + problem);
        }
    }
}
