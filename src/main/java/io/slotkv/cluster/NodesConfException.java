package io.slotkv.cluster;

import java.io.IOException;

/**
 * A nodes.conf that cannot be trusted. Start-up must stop on it, as Redis does ("corrupted cluster config
 * file"), rather than join a cluster with a guessed configuration; the message names the line.
 */
public final class NodesConfException extends IOException {
    private final int line;

    public NodesConfException(int line, String problem) {
        super("nodes.conf line " + line + ": " + problem);
        this.line = line;
    }

    /** The 1-based line number of the problem. */
    public int line() {
        return line;
    }
}
