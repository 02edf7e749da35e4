package io.slotkv.cluster;

import java.util.Objects;

/** One message the state machine wants sent; the transport encodes it with {@link BusCodec} and delivers it. */
public record Envelope(Destination to, BusMessage message) {
    public Envelope {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(message, "message");
    }
}
