package io.slotkv.cluster;

import java.util.EnumSet;

/**
 * What a received bus message does to the state, rule by rule as Redis's clusterProcessPacket applies them.
 *
 * <ol>
 *   <li>A known sender (not in handshake) refreshes its liveness, raises our currentEpoch to its own and its
 *       configEpoch to the one it announces (epochs never go down).
 *   <li>PING and MEET get a PONG. A MEET also teaches us our own address (and so does any PING while we have
 *       none), and a MEET from an unknown node starts a handshake with it.
 *   <li>A PONG answers the PING named by its link id: a handshake node takes the sender's real id (or is dropped
 *       if we already know that id), a node that answers with a different id loses its address (NOADDR), and the
 *       answering node's ping timer and PFAIL are cleared.
 *   <li>From a known node: its role, its slot claims ({@link SlotClaims}) and an UPDATE back when it claims
 *       slots a newer configEpoch owns (unless the message carries an older configEpoch than one already seen
 *       from it: a late message, whose claim is stale; Redis's TCP links rarely reorder, slotkv's rules must
 *       not depend on it), configEpoch collision handling, and its gossip: failure reports (from masters only),
 *       addresses of failing nodes, and unknown nodes (added with their real id, as Redis 7 does, unless
 *       forgotten in the last minute).
 *   <li>FAIL and UPDATE are only taken from known senders about known nodes.
 * </ol>
 */
final class BusReceiver {
    private final ClusterState state;

    BusReceiver(ClusterState state) {
        this.state = state;
    }

    void receive(BusMessage message, long now) {
        state.messenger.countReceived(message.type());
        ClusterNode sender = state.lookup(message.header().sender());
        if (sender != null && sender.inHandshake()) {
            sender = null;
        }
        if (sender != null) {
            sender.dataReceived = now;
            adoptEpochs(sender, message.header());
        }
        switch (message) {
            case BusMessage.Heartbeat heartbeat -> heartbeat(heartbeat, sender, now);
            case BusMessage.Fail fail -> {
                ClusterNode failing = state.lookup(fail.nodeId());
                if (sender != null && failing != null) {
                    state.failures.failReceived(failing, now);
                }
            }
            case BusMessage.Update update -> update(update, sender);
        }
    }

    private void adoptEpochs(ClusterNode sender, BusMessage.Header header) {
        if (header.currentEpoch() > state.currentEpoch) {
            state.currentEpoch = header.currentEpoch();
            state.configChanged = true;
        }
        if (header.configEpoch() > sender.configEpoch) {
            sender.configEpoch = header.configEpoch();
            state.configChanged = true;
        }
    }

    private void heartbeat(BusMessage.Heartbeat message, ClusterNode sender, long now) {
        BusMessage.Header header = message.header();
        if (message.type() != MessageType.PONG) {
            learnMyIp(message);
            if (sender == null && message.type() == MessageType.MEET) {
                if (!header.ip().isEmpty() && !state.handshakeInProgress(header.ip(), header.port(), header.cport())) {
                    state.startHandshake(header.ip(), header.port(), header.cport(), now);
                }
                gossip(message, null, now);
            }
            if (sender != null) {
                sender.meetPending = false; // it pings us, so it knows us
            }
            state.messenger.reply(message);
        } else if (!answerReceived(message, sender, now)) {
            return;
        }
        if (sender == null || sender == state.myself) {
            return;
        }
        if (message.type() == MessageType.PING && updateAddress(sender, header)) {
            state.configChanged = true;
        }
        adoptRole(sender, header);
        if (header.configEpoch() == sender.configEpoch) { // an older epoch: a late message, its claim is stale
            if (sender.isMaster()) {
                state.claims.apply(sender, header.configEpoch(), header.slots(), true);
            }
            state.claims.correct(sender, header.configEpoch(), header.slots());
        }
        resolveEpochCollision(sender, header.configEpoch());
        gossip(message, sender, now);
    }

    /** The PONG bookkeeping; false when the message must not be processed further. */
    private boolean answerReceived(BusMessage.Heartbeat pong, ClusterNode sender, long now) {
        ClusterNode pinged = pong.linkId().isEmpty() ? null : state.lookup(pong.linkId());
        if (pinged == null) {
            return true; // unsolicited, or the node is gone
        }
        BusMessage.Header header = pong.header();
        if (pinged.inHandshake()) {
            if (sender != null) {
                updateAddress(sender, header);
                state.deleteNode(pinged);
                return false;
            }
            state.rename(pinged, header.sender());
            pinged.flags.remove(NodeFlag.HANDSHAKE);
            EnumSet<NodeFlag> announced = NodeFlag.fromMask(header.flags());
            announced.retainAll(EnumSet.of(NodeFlag.MASTER, NodeFlag.SLAVE));
            pinged.flags.addAll(announced);
        } else if (!pinged.id.equals(header.sender())) {
            pinged.flags.add(NodeFlag.NOADDR);
            pinged.ip = "";
            pinged.port = 0;
            pinged.cport = 0;
            pinged.linkConnected = false;
            state.configChanged = true;
            return false;
        }
        state.failures.pongReceived(pinged, now);
        return true;
    }

    private void learnMyIp(BusMessage.Heartbeat message) {
        ClusterNode me = state.myself;
        boolean wanted = message.type() == MessageType.MEET || me.ip.isEmpty();
        if (wanted && state.settings.announceIp().isEmpty() && !message.linkIp().isEmpty()
                && !message.linkIp().equals(me.ip)) {
            me.ip = message.linkIp();
            state.configChanged = true;
        }
    }

    /** Takes the address {@code header} announces for {@code node}; true if it changed. */
    private static boolean updateAddress(ClusterNode node, BusMessage.Header header) {
        if (header.ip().isEmpty() || node.sameAddress(header.ip(), header.port(), header.cport())) {
            return false;
        }
        node.ip = header.ip();
        node.port = header.port();
        node.cport = header.cport();
        node.flags.remove(NodeFlag.NOADDR);
        node.linkConnected = false; // the transport must reconnect to the new address
        return true;
    }

    /** Master or replica, as the sender announces; a master turning replica loses its slots. */
    private void adoptRole(ClusterNode sender, BusMessage.Header header) {
        boolean replica = !header.masterId().isEmpty();
        if (sender.has(replica ? NodeFlag.SLAVE : NodeFlag.MASTER) && header.masterId().equals(sender.masterId)) {
            return;
        }
        if (replica && sender.isMaster()) {
            for (int slot = sender.slots.nextSetBit(0); slot >= 0; slot = sender.slots.nextSetBit(slot + 1)) {
                state.slots.unassign(slot);
            }
        }
        sender.flags.remove(replica ? NodeFlag.MASTER : NodeFlag.SLAVE);
        sender.flags.add(replica ? NodeFlag.SLAVE : NodeFlag.MASTER);
        sender.masterId = header.masterId();
        state.configChanged = true;
    }

    /**
     * Two masters with one configEpoch: the one with the smaller id (compared as Redis does, byte by byte) moves
     * to a new epoch, so all configEpochs end up distinct.
     */
    private void resolveEpochCollision(ClusterNode sender, long senderConfigEpoch) {
        ClusterNode me = state.myself;
        if (senderConfigEpoch == me.configEpoch && sender.configEpoch == me.configEpoch && sender.isMaster()
                && me.isMaster() && sender.id.compareTo(me.id) > 0) {
            state.currentEpoch++;
            me.configEpoch = state.currentEpoch;
            state.configChanged = true;
        }
    }

    private void update(BusMessage.Update update, ClusterNode sender) {
        ClusterNode node = state.lookup(update.nodeId());
        if (sender == null || node == null || node.configEpoch >= update.configEpoch()) {
            return;
        }
        if (node.has(NodeFlag.SLAVE)) {
            node.flags.remove(NodeFlag.SLAVE);
            node.flags.add(NodeFlag.MASTER);
            node.masterId = NodeId.NONE;
        }
        node.configEpoch = update.configEpoch();
        state.configChanged = true;
        state.claims.apply(node, update.configEpoch(), update.slots(), false);
    }

    /** The gossip section; {@code sender} is null for a MEET from an unknown node (addresses only). */
    private void gossip(BusMessage.Heartbeat message, ClusterNode sender, long now) {
        for (BusMessage.Gossip entry : message.gossip()) {
            EnumSet<NodeFlag> flags = NodeFlag.fromMask(entry.flags());
            boolean failing = flags.contains(NodeFlag.PFAIL) || flags.contains(NodeFlag.FAIL);
            ClusterNode node = state.lookup(entry.nodeId());
            if (node == null) {
                if (sender != null && !flags.contains(NodeFlag.NOADDR) && !state.blacklisted(entry.nodeId(), now)) {
                    flags.retainAll(EnumSet.of(NodeFlag.MASTER, NodeFlag.SLAVE));
                    state.addNode(new ClusterNode(entry.nodeId(), entry.ip(), entry.port(), entry.cport(), flags,
                            now));
                    state.configChanged = true;
                }
                continue;
            }
            if (sender != null && sender.isMaster() && node != state.myself) {
                if (failing) {
                    state.failures.report(node, sender, now);
                    state.failures.markFailingIfNeeded(node, now);
                } else {
                    state.failures.withdraw(node, sender);
                }
            }
            if (node.isFailing() && !failing && !flags.contains(NodeFlag.NOADDR) && !entry.ip().isEmpty()
                    && !node.sameAddress(entry.ip(), entry.port(), entry.cport())) {
                node.ip = entry.ip();
                node.port = entry.port();
                node.cport = entry.cport();
                node.flags.remove(NodeFlag.NOADDR);
                node.linkConnected = false;
                state.configChanged = true;
            }
        }
    }
}
