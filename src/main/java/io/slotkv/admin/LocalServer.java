package io.slotkv.admin;

import io.slotkv.protocol.RespClient;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A slotkv server started as a child process with this JVM's java and classpath, for the demo and local clusters:
 * a real process, talked to over a real socket, stopped with SHUTDOWN (or killed if it does not stop).
 */
public final class LocalServer implements AutoCloseable {
    private final Process process;
    private final int port;

    private LocalServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts a server in {@code dir} on a free loopback port with extra directives ("--name value ..."). */
    public static LocalServer start(Path dir, Path log, String... directives) throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xms256m");
        command.add("-XX:+UseParallelGC");
        command.add("--enable-native-access=ALL-UNNAMED");
        if (Runtime.version().feature() >= 23) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.slotkv.server.ServerMain");
        command.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString()));
        command.addAll(List.of(directives));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        LocalServer server = new LocalServer(process, port);
        server.awaitReady(Duration.ofSeconds(30));
        return server;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void awaitReady(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("slotkv-server exited with code " + process.exitValue());
            }
            try (RespClient client = client()) {
                if ("PONG".equals(client.call("PING"))) {
                    return;
                }
            } catch (IOException notYet) {
                sleepQuietly(50);
            }
        }
        process.destroyForcibly();
        throw new IOException("slotkv-server did not start within " + timeout.toSeconds() + " s");
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public RespClient client() throws IOException {
        return new RespClient("127.0.0.1", port, 10_000);
    }

    /** Stops the server with SHUTDOWN, waiting up to 10 s before killing it. */
    @Override
    public void close() {
        try (RespClient client = client()) {
            client.send("SHUTDOWN");
            client.flush();
        } catch (IOException alreadyGone) {
            // nothing to stop
        }
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

}
