package io.slotkv.cluster;

/**
 * Where the transport must deliver an {@link Envelope}. The state machine never holds connections; it names the
 * recipient and the transport keeps (or opens) the link.
 */
public sealed interface Destination permits Destination.ToNode, Destination.ToAddress, Destination.Reply {
    /** A known node, reached at its cluster bus address (the transport may key its links by the id). */
    record ToNode(String nodeId, String ip, int cport) implements Destination {}

    /** A node in handshake, known only by address: its id arrives in the PONG. */
    record ToAddress(String ip, int cport) implements Destination {}

    /**
     * Back on the connection the message being processed arrived on: the PONG to a PING or MEET, as Redis
     * answers on the same link. The sender may be unknown, or not know its own address, so no address is given.
     */
    record Reply() implements Destination {}

    /** The one {@link Reply}. */
    Reply REPLY = new Reply();
}
