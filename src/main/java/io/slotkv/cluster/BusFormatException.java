package io.slotkv.cluster;

/**
 * A bus frame that is not a valid slotkv cluster message. Checked, because every frame comes from the network and
 * the transport must decide what to do (log it and close the link; Redis drops such packets).
 */
public final class BusFormatException extends Exception {
    public BusFormatException(String message) {
        super(message);
    }
}
