package io.slotkv.config;

/** A directive or value that cannot be accepted; the message names the directive and why. */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }
}
