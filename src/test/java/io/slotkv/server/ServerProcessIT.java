package io.slotkv.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.slotkv.protocol.RespClient;
import io.slotkv.testing.Ports;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/slotkv-server as a real process: start-up output, config errors, pidfile, SIGTERM, SIGINT and SHUTDOWN. */
class ServerProcessIT {
    @TempDir
    Path dir;

    private Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of("bin/slotkv-server").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        // Run where a user would: the default dir is the working directory.
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("out.log").toFile()));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("SLOTKV_JAVA_OPTS", "-Xmx128m -XX:+UseSerialGC");
        return builder.start();
    }

    private String output() throws IOException {
        return Files.readString(dir.resolve("out.log"), StandardCharsets.UTF_8);
    }

    private void awaitPong(int port) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            try (RespClient client = new RespClient("127.0.0.1", port, 2000)) {
                return "PONG".equals(client.call("PING"));
            }
        });
    }

    @Test
    void unknownDirectiveExitsNonZeroNamingTheLine() throws Exception {
        Path conf = dir.resolve("slotkv.conf");
        Files.writeString(conf, "port 7000\n# comment\nbogus-directive yes\n");
        Process process = start(conf.toString());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(output()).contains("at line 3").contains("'bogus-directive yes'")
                .contains("Bad directive or wrong number of arguments");
    }

    @Test
    void badValueOnCommandLineExitsNonZeroNamingTheDirective() throws Exception {
        Process process = start("--port", "notaport");
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(output()).contains("Invalid value for 'port'").contains(">>> 'port \"notaport\"'");
    }

    @Test
    void printsPidAndReadyThenStopsOnSigterm() throws Exception {
        int port = Ports.free();
        Path pidfile = dir.resolve("slotkv.pid");
        Process process = start("--port", Integer.toString(port), "--dir", dir.toString(), "--pidfile",
                pidfile.toString());
        awaitPong(port);
        assertThat(output()).contains("Ready to accept connections").contains("pid=" + process.pid());
        assertThat(Files.readString(pidfile).trim()).isEqualTo(Long.toString(process.pid()));
        Runtime.getRuntime().exec(new String[] {"kill", "-TERM", Long.toString(process.pid())}).waitFor();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(output()).contains("Received SIGTERM scheduling shutdown").contains("ready to exit");
        assertThat(pidfile).doesNotExist();
    }

    @Test
    void stopsOnSigint() throws Exception {
        int port = Ports.free();
        Process process = start("--port", Integer.toString(port));
        awaitPong(port);
        Runtime.getRuntime().exec(new String[] {"kill", "-INT", Long.toString(process.pid())}).waitFor();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(output()).contains("Received SIGINT");
    }

    @Test
    void stopsOnShutdownCommand() throws Exception {
        int port = Ports.free();
        Path conf = dir.resolve("slotkv.conf");
        Files.writeString(conf, "port " + port + "\nbind 127.0.0.1\nsave \"\"\n");
        Process process = start(conf.toString());
        awaitPong(port);
        try (RespClient client = new RespClient("127.0.0.1", port, 5000)) {
            client.send("SHUTDOWN");
            client.flush();
        }
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(output()).contains("User requested shutdown");
    }

    @Test
    void withoutArgumentsStoresDataDurablyUnderItsWorkingDirectory() throws Exception {
        int port = Ports.free();
        Process first = start("--port", Integer.toString(port));
        awaitPong(port);
        try (RespClient client = new RespClient("127.0.0.1", port, 5000)) {
            assertThat(new String((byte[]) client.call("INFO", "server"), StandardCharsets.UTF_8)).contains("storage_engine:rocksdb");
            assertThat(client.call("SET", "durable", "yes")).isEqualTo("OK");
        }
        Runtime.getRuntime().exec(new String[] {"kill", "-9", Long.toString(first.pid())}).waitFor();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(dir.resolve("rocksdb")).isDirectory();

        Process second = start("--port", Integer.toString(port));
        awaitPong(port);
        try (RespClient client = new RespClient("127.0.0.1", port, 5000)) {
            assertThat((byte[]) client.call("GET", "durable")).asString().isEqualTo("yes");
            client.send("SHUTDOWN");
            client.flush();
        }
        assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
}
