package io.slotkv.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.slotkv.testing.TestServer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the command scripts under src/test/resources/compat against Debian's redis-server and against slotkv,
 * each on a fresh connection after FLUSHALL, and compares every reply (see {@link ScriptLine} for the rules).
 * Every deliberate difference a script marks must be listed, with its reason, in compat/DIFFERENCES.md.
 */
class RedisCompatibilityIT {
    private static final Path SCRIPTS = Path.of("src/test/resources/compat");

    @TempDir
    static Path dir;

    private static Process redis;
    private static int redisPort;
    private static TestServer slotkv;

    @BeforeAll
    static void start() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            redisPort = socket.getLocalPort();
        }
        redis = new ProcessBuilder("redis-server", "--port", Integer.toString(redisPort), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket probe = new Socket("127.0.0.1", redisPort)) {
                break;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("redis-server did not start");
                }
                Thread.sleep(50);
            }
        }
        slotkv = TestServer.start();
    }

    @AfterAll
    static void stop() {
        if (slotkv != null) {
            slotkv.close();
        }
        if (redis != null) {
            redis.destroy();
        }
    }

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
        try (Peer r = new Peer(redisPort); Peer s = new Peer(slotkv.port())) {
            r.exchange(List.of("FLUSHALL".getBytes(StandardCharsets.US_ASCII)));
            s.exchange(List.of("FLUSHALL".getBytes(StandardCharsets.US_ASCII)));
            int compared = 0;
            for (int i = 0; i < lines.size(); i++) {
                ScriptLine line = ScriptLine.parse(file.getFileName().toString(), i + 1, lines.get(i));
                if (line == null) {
                    continue;
                }
                RespValue expected = r.exchange(line.command());
                RespValue actual = s.exchange(line.command());
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

    /** One connection to a server under comparison. */
    private static final class Peer implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Peer(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(10_000);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        RespValue exchange(List<byte[]> command) throws IOException {
            java.io.ByteArrayOutputStream request = new java.io.ByteArrayOutputStream();
            request.writeBytes(("*" + command.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (byte[] arg : command) {
                request.writeBytes(("$" + arg.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                request.writeBytes(arg);
                request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write(request.toByteArray());
            out.flush();
            return RespValue.read(in);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
