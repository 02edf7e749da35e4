package io.slotkv.server;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The server log, in redis-server's line format ({@code pid:M 21 Nov 2026 23:09:12.345 * message}), to the
 * {@code logfile} or standard output. Levels are Redis's: debug, verbose, notice, warning. Thread-safe.
 */
public final class Log {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss.SSS");
    private static final String[] LEVELS = {"debug", "verbose", "notice", "warning", "nothing"};
    private static final char[] MARKS = {'.', '-', '*', '#'};

    private final PrintStream out;
    private volatile int threshold;
    private final long pid = ProcessHandle.current().pid();

    /** Logs to {@code logfile}, or to standard output when it is empty. */
    public Log(String logfile, String level) throws IOException {
        this.out = logfile.isEmpty()
                ? System.out
                : new PrintStream(new FileOutputStream(logfile, true), true, StandardCharsets.UTF_8);
        setLevel(level);
    }

    /** Changes the threshold (CONFIG SET loglevel). */
    public void setLevel(String level) {
        for (int i = 0; i < LEVELS.length; i++) {
            if (LEVELS[i].equals(level)) {
                threshold = i;
            }
        }
    }

    public void debug(String message) {
        log(0, message);
    }

    public void verbose(String message) {
        log(1, message);
    }

    public void notice(String message) {
        log(2, message);
    }

    public void warning(String message) {
        log(3, message);
    }

    private void log(int level, String message) {
        if (level < threshold) {
            return;
        }
        synchronized (out) {
            out.println(pid + ":M " + LocalDateTime.now().format(TIME) + " " + MARKS[level] + " " + message);
        }
    }

    /** Closes a log file; standard output stays open. */
    void close() {
        if (out != System.out) {
            out.close();
        }
    }
}
