package io.slotkv.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.slotkv.testing.RawConnection;
import io.slotkv.testing.RealRedisExtension;
import io.slotkv.testing.ServerExtension;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs the command scripts under src/test/resources/compat against Debian's redis-server and against slotkv,
 * each on a fresh connection after FLUSHALL, and compares every reply (see {@link ScriptLine} for the rules).
 * Every deliberate difference a script marks must be listed, with its reason, in compat/DIFFERENCES.md.
 */
class RedisCompatibilityIT {
    private static final Path SCRIPTS = Path.of("src/test/resources/compat");

    @RegisterExtension
    static final RealRedisExtension redis = new RealRedisExtension();

    @RegisterExtension
    static final ServerExtension slotkv = new ServerExtension();

    @TestFactory
    Stream<DynamicTest> scripts() throws IOException {
        List<String> differences = listedDifferences();
        try (Stream<Path> files = Files.list(SCRIPTS)) {
            return files.filter(f -> f.toString().endsWith(".redis")).sorted().toList().stream()
                    .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> runScript(f, differences)));
        }
    }

    private static List<String> listedDifferences() throws IOException {
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^## (\\S+)").matcher(Files.readString(SCRIPTS.resolve("DIFFERENCES.md")));
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static void runScript(Path file, List<String> differences) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        try (RawConnection r = new RawConnection(redis.port()); RawConnection s = new RawConnection(slotkv.port())) {
            r.call("FLUSHALL");
            s.call("FLUSHALL");
            int compared = 0;
            for (int i = 0; i < lines.size(); i++) {
                ScriptLine line = ScriptLine.parse(file.getFileName().toString(), i + 1, lines.get(i));
                if (line == null) {
                    continue;
                }
                RespValue expected = exchange(r, line.command());
                RespValue actual = exchange(s, line.command());
                switch (line.mode()) {
                    case "exact" -> assertThat(actual.toString()).as(line.where()).isEqualTo(expected.toString());
                    case "@sort" -> assertThat(actual.sorted().toString()).as(line.where())
                            .isEqualTo(expected.sorted().toString());
                    case "@type" -> assertThat(actual.type()).as(line.where() + " " + actual + " vs " + expected)
                            .isEqualTo(expected.type());
                    case "@differs" -> assertThat(differences).as(line.where() + ": difference id not listed in "
                            + "DIFFERENCES.md").contains(line.differenceId());
                    default -> { }
                }
                compared++;
            }
            assertThat(compared).as("commands in " + file).isPositive();
        }
    }

    /** Sends {@code command} and returns the reply exactly as the server sent it. */
    private static RespValue exchange(RawConnection peer, List<byte[]> command) throws IOException {
        return RespValue.read(new ByteArrayInputStream(peer.callBytes(command)));
    }
}
