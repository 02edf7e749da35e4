package io.slotkv.server;

import java.util.ArrayList;
import java.util.List;

/**
 * Clients in MONITOR mode, fed every command as Redis formats it:
 * {@code +1339518083.107412 [0 127.0.0.1:60866] "keys" "*"}. Owned by the shard thread.
 */
public final class Monitors {
    private final List<Client> monitors = new ArrayList<>();

    public void add(Client client) {
        monitors.add(client);
        client.setMonitor(true);
    }

    void remove(Client client) {
        monitors.remove(client);
    }

    public boolean active() {
        return !monitors.isEmpty();
    }

    /** Sends {@code argv}, run by {@code source}, to every monitor. */
    void feed(Client source, byte[][] argv) {
        long micros = System.currentTimeMillis() * 1000 + (System.nanoTime() / 1000) % 1000;
        StringBuilder line = new StringBuilder();
        line.append(micros / 1_000_000).append('.').append(String.format("%06d", micros % 1_000_000))
                .append(" [").append(source.db()).append(' ').append(source.address()).append(']');
        for (byte[] arg : argv) {
            line.append(" \"");
            appendEscaped(line, arg);
            line.append('"');
        }
        String text = line.toString();
        for (Client monitor : monitors) {
            if (monitor != source) {
                monitor.writer().simple(text);
                monitor.connection().flush();
            }
        }
    }

    private static void appendEscaped(StringBuilder line, byte[] arg) {
        for (byte b : arg) {
            int c = b & 0xFF;
            switch (c) {
                case '\\' -> line.append("\\\\");
                case '"' -> line.append("\\\"");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                case 7 -> line.append("\\a");
                case '\b' -> line.append("\\b");
                default -> {
                    if (c >= 32 && c < 127) {
                        line.append((char) c);
                    } else {
                        line.append(String.format("\\x%02x", c));
                    }
                }
            }
        }
    }
}
