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
        return start(dir, log, freePort(), directives);
    }

    /** Starts a server in {@code dir} on {@code port} (a restart keeps its port) with extra directives. */
    public static LocalServer start(Path dir, Path log, int port, String... directives) throws IOException {
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
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        LocalServer server = new LocalServer(process, port);
        server.awaitReady(Duration.ofSeconds(30));
        return server;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * A free port whose cluster bus port (port + 10000) is free and valid too, as a cluster node needs: drawn from
     * 20000-45000, below the system's ephemeral range, so neither is likely to be taken meanwhile.
     */
    public static int freeClusterPort() throws IOException {
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = 20_000 + random.nextInt(25_000);
            if (isFree(port) && isFree(port + 10_000)) {
                return port;
            }
        }
        throw new IOException("no free pair of ports for a cluster node");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
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

    /** Kills the process at once (kill -9), as a crash would, and waits for it to be gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isAlive() {
        return process.isAlive();
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
