package io.slotkv.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;

/**
 * Debian's redis-server as the reference: started on a free loopback port with nothing saved to disk, its files
 * and log in a directory of the caller, and stopped by {@link #close}. The port is chosen so that its cluster bus
 * port (+10000) is free too, so {@code --cluster-enabled yes} works as well.
 */
public final class RealRedis implements AutoCloseable {
    private static final int ATTEMPTS = 5;

    private final Process process;
    private final int port;

    private RealRedis(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts a redis-server with {@code extraArgs} (command-line options such as "--cluster-enabled", "yes"; relative
     * file names resolve in its own directory under {@code dir}) and waits until it answers PING.
     */
    public static RealRedis start(Path dir, String... extraArgs) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 55_000);
            if (!Ports.isFree(port) || !Ports.isFree(port + 10_000)) {
                continue;
            }
            RealRedis redis = new RealRedis(launch(dir.resolve("redis-" + port), port, extraArgs), port);
            if (redis.awaitPing()) {
                return redis;
            }
            redis.close();
        }
        throw new IllegalStateException("could not start redis-server; see the logs in " + dir);
    }

    private static Process launch(Path home, int port, String... extraArgs) {
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no",
                "--dir", home.toString()));
        command.addAll(List.of(extraArgs));
        try {
            Files.createDirectories(home);
            return new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(home.resolve("redis.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run redis-server (install redis-server)", e);
        }
    }

    private boolean awaitPing() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (process.isAlive() && System.nanoTime() < deadline) {
            try (Jedis jedis = new Jedis("127.0.0.1", port, 1000)) {
                if ("PONG".equals(jedis.ping())) {
                    return true;
                }
            } catch (RuntimeException notYet) {
                sleep(50);
            }
        }
        return false;
    }

    public int port() {
        return port;
    }

    /** A new Jedis connection; the caller closes it. */
    public Jedis jedis() {
        return new Jedis("127.0.0.1", port, 10_000);
    }

    /** Stops the server and waits (up to 10 s) for it to exit. */
    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
