package io.slotkv.admin;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives {@code redis-cli --cluster} against slotkv nodes, exactly as an operator would: reshard (with a progress
 * bar fed by redis-cli's "Moving slot" lines) and check. That redis-cli's own tool moves slots between slotkv
 * nodes is the point the demo makes.
 */
final class RedisCliReshard {
    private RedisCliReshard() {}

    /** The redis-cli on the PATH, or {@code null}. */
    static Path find() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "redis-cli");
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Moves {@code slots} slots from node {@code fromId} to {@code toId}; returns redis-cli's exit code. */
    static int reshard(Path cli, String seed, String fromId, String toId, int slots, PrintStream out)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(cli.toString(), "--cluster", "reshard", seed, "--cluster-from", fromId,
                "--cluster-to", toId, "--cluster-slots", Integer.toString(slots), "--cluster-yes")
                .redirectErrorStream(true).start();
        ProgressBar bar = new ProgressBar(out, "reshard", slots);
        List<String> errors = new ArrayList<>();
        int moved = 0;
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                if (line.startsWith("Moving slot ")) {
                    bar.update(++moved);
                } else if (line.contains("[ERR]") || line.startsWith("ERR") || line.contains("error")) {
                    errors.add(line);
                }
            }
        }
        int code = process.waitFor();
        bar.finish(moved);
        errors.forEach(line -> out.println("  redis-cli: " + line));
        return code;
    }

    /** The output of {@code redis-cli --cluster check}. */
    static String check(Path cli, String seed) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(cli.toString(), "--cluster", "check", seed).redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return output.replaceAll("\u001b\\[[0-9;]*m", "");
    }
}
