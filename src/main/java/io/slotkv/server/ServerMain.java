package io.slotkv.server;

import io.slotkv.config.Config;
import io.slotkv.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import sun.misc.Signal;

/**
 * {@code bin/slotkv-server [config-file] [--directive value ...]}: starts a server the way redis-server starts,
 * reports its pid, and exits 0 after SHUTDOWN, SIGTERM or SIGINT, or 1 with a message naming the bad directive.
 */
public final class ServerMain {
    private ServerMain() {}

    public static void main(String[] args) throws InterruptedException {
        Config config;
        try {
            config = Config.parse(args);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        long pid = ProcessHandle.current().pid();
        Server server;
        try {
            Path dir = Path.of(config.get("dir"));
            if (!Files.isDirectory(dir)) {
                throw new IOException("Can't chdir to '" + dir + "': No such file or directory");
            }
            server = Server.start(config);
            config.warnings().forEach(w -> server.log().warning(w));
            String pidfile = config.get("pidfile");
            if (!pidfile.isEmpty()) {
                Files.writeString(Path.of(pidfile), pid + "\n", StandardCharsets.US_ASCII);
            }
        } catch (IOException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> {
                server.log().warning("Received SIG" + name + " scheduling shutdown...");
                server.shutdown();
            });
        }
        try {
            server.terminated().join();
        } catch (CompletionException e) {
            System.err.println("Shutdown failed: " + e.getCause());
            System.exit(1);
        }
        System.exit(0);
    }
}
