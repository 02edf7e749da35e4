package io.slotkv.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A {@link RealRedis} shared by the tests of one class, in a temporary directory removed afterwards:
 *
 * <pre>{@code @RegisterExtension static final RealRedisExtension redis = new RealRedisExtension();}</pre>
 */
public final class RealRedisExtension extends ClassScopedExtension {
    private final String[] extraArgs;
    private Path dir;
    private RealRedis redis;

    /** A redis-server with {@code extraArgs}, as {@link RealRedis#start}. */
    public RealRedisExtension(String... extraArgs) {
        this.extraArgs = extraArgs.clone();
    }

    @Override
    void start() throws IOException {
        dir = Files.createTempDirectory("real-redis");
        redis = RealRedis.start(dir, extraArgs);
    }

    @Override
    void stop() throws IOException {
        redis.close();
        redis = null;
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(RealRedisExtension::delete);
        }
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        if (redis == null) {
            throw new IllegalStateException("redis-server runs only while the tests of its class run");
        }
        return redis.port();
    }
}
