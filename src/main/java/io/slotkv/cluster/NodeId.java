package io.slotkv.cluster;

import java.util.random.RandomGenerator;

/**
 * Node ids as Redis Cluster spells them: 40 lowercase hex characters, random, fixed for the life of a node (a hard
 * reset draws a new one). Clients and redis-cli compare them as text, so nothing else is accepted.
 */
public final class NodeId {
    /** Length of every node id. */
    public static final int LENGTH = 40;
    /** "No node", where a field may name one (a master's master id, a PONG that answers no PING). */
    public static final String NONE = "";

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private NodeId() {}

    /** A fresh id drawn from {@code random}. */
    public static String random(RandomGenerator random) {
        char[] id = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            id[i] = HEX[random.nextInt(16)];
        }
        return new String(id);
    }

    /** Whether {@code text} is a well-formed node id. */
    public static boolean isValid(String text) {
        if (text == null || text.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
