package io.slotkv.server;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Clients in MONITOR mode, fed every command after it ran, as Redis formats it:
 * {@code +1339518083.107412 [0 127.0.0.1:60866] "keys" "*"}, the database being the one selected after the
 * command. Passwords never reach a monitor: AUTH's arguments, and HELLO's after AUTH, show as "(redacted)", as in
 * Redis. Owned by the shard thread.
 */
public final class Monitors {
    private static final String REDACTED = "(redacted)";

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

    /** Sends {@code argv}, just run by {@code source}, to every monitor (the source too, if it is one). */
    void feed(Client source, byte[][] argv) {
        Instant now = Instant.now();
        StringBuilder line = new StringBuilder();
        line.append(now.getEpochSecond()).append('.').append(String.format(Locale.ROOT, "%06d", now.getNano() / 1000))
                .append(" [").append(source.db()).append(' ').append(source.address()).append(']');
        boolean[] redacted = redactedArguments(argv);
        for (int i = 0; i < argv.length; i++) {
            line.append(" \"");
            appendEscaped(line, redacted[i] ? REDACTED.getBytes(StandardCharsets.US_ASCII) : argv[i]);
            line.append('"');
        }
        String text = line.toString();
        for (Client monitor : monitors) {
            monitor.writer().simple(text);
            monitor.connection().flush();
        }
    }

    /** Which arguments carry a password: all of AUTH's; the user and password after HELLO's AUTH. */
    private static boolean[] redactedArguments(byte[][] argv) {
        boolean[] redacted = new boolean[argv.length];
        String command = new String(argv[0], StandardCharsets.ISO_8859_1);
        if (command.equalsIgnoreCase("auth")) {
            Arrays.fill(redacted, 1, argv.length, true);
        } else if (command.equalsIgnoreCase("hello")) {
            // HELLO protover [AUTH username password] [SETNAME name], parsed as HELLO itself parses it
            int i = 2;
            while (i < argv.length) {
                String option = new String(argv[i], StandardCharsets.ISO_8859_1);
                if (option.equalsIgnoreCase("AUTH") && i + 2 < argv.length) {
                    redacted[i + 1] = true;
                    redacted[i + 2] = true;
                    i += 3;
                } else if (option.equalsIgnoreCase("SETNAME") && i + 1 < argv.length) {
                    i += 2;
                } else {
                    break;
                }
            }
        }
        return redacted;
    }

    /** Redis's quoting of an argument: printable ASCII as is, C escapes, other bytes as \xNN. */
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
                        line.append(String.format(Locale.ROOT, "\\x%02x", c));
                    }
                }
            }
        }
    }
}
