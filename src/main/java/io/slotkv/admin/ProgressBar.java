package io.slotkv.admin;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar with rate and ETA for long operations ("loading  [#####     ] 52% 52000/100000
 * 180k/s ETA 0s"), redrawn in place at most every 100 ms. On a non-terminal it prints only the final line.
 */
public final class ProgressBar {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final String label;
    private final long total;
    private final long started = System.nanoTime();
    private final boolean live = System.console() != null;
    private long lastDraw;

    public ProgressBar(PrintStream out, String label, long total) {
        this.out = out;
        this.label = label;
        this.total = Math.max(1, total);
    }

    /** Reports that {@code done} of the total units are finished. */
    public void update(long done) {
        long now = System.nanoTime();
        if (live && now - lastDraw > 100_000_000L) {
            lastDraw = now;
            out.print("\r" + line(done, now));
            out.flush();
        }
    }

    /** Draws the final state and ends the line. */
    public void finish(long done) {
        out.print((live ? "\r" : "") + line(done, System.nanoTime()) + "\n");
        out.flush();
    }

    private String line(long done, long now) {
        double seconds = Math.max(1e-9, (now - started) / 1e9);
        double rate = done / seconds;
        int filled = (int) Math.min(WIDTH, WIDTH * done / total);
        long eta = rate > 0 ? (long) ((total - done) / rate) : 0;
        return String.format(Locale.ROOT, "%-10s [%s%s] %3d%% %d/%d %s/s ETA %ds", label, "#".repeat(filled),
                " ".repeat(WIDTH - filled), 100 * done / total, done, total, human(rate), Math.max(0, eta));
    }

    static String human(double value) {
        if (value >= 1_000_000) {
            return String.format(Locale.ROOT, "%.1fM", value / 1_000_000);
        }
        if (value >= 1_000) {
            return String.format(Locale.ROOT, "%.1fk", value / 1_000);
        }
        return String.format(Locale.ROOT, "%.0f", value);
    }
}
