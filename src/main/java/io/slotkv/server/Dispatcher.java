package io.slotkv.server;

import io.netty.buffer.ByteBuf;
import io.slotkv.command.Call;
import io.slotkv.command.CommandException;
import io.slotkv.command.CommandFlag;
import io.slotkv.command.CommandSpec;
import io.slotkv.command.CommandTable;
import io.slotkv.command.Errors;
import io.slotkv.cluster.ClusterState;
import io.slotkv.cluster.Router;
import io.slotkv.protocol.HashSlot;
import io.slotkv.store.Keyspace;
import io.slotkv.store.StorageException;
import io.slotkv.store.WrongTypeException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs commands for clients: finds the command in the {@link CommandTable}, applies the checks every command
 * shares (existence, arity, authentication, MULTI queueing), executes it, and then does what follows a write
 * (touching watchers, waking blocked clients, feeding MONITOR).
 *
 * <p>Runs on the shard thread only. A command runs to completion before the next begins, so every command is
 * atomic with respect to all others; {@link io.slotkv.store.Keyspace#commit()} after each one ends its unit of
 * writes.
 */
public final class Dispatcher {
    /** Redis's refusal after a failed AOF write, followed by the reason (strerror). */
    private static final String MISCONF = "MISCONF Errors writing to the AOF file: ";

    private final Server server;
    private final CommandTable table;

    Dispatcher(Server server, CommandTable table) {
        this.server = server;
        this.table = table;
    }

    /**
     * Executes the commands waiting in {@code client}'s input, stopping if one blocks the client. Their writes reach
     * the storage engine as one group (one WAL write for a whole pipeline, as Redis writes its AOF once per event
     * loop), before any of their replies is sent: see {@link #commitGroup}.
     */
    void drain(Client client) {
        ByteBuf out = client.writer().target();
        int mark = out.writerIndex();
        int replies = 0;
        server.engine().deferCommits();
        try {
            byte[][] argv;
            while (!client.waiting() && !client.connection().closing()
                    && (argv = client.pending().poll()) != null) {
                execute(client, argv);
                replies += client.waiting() ? 0 : 1;
                client.connection().closeIfOverOutputLimit();
            }
        } finally {
            commitGroup(client, out, mark, replies);
        }
    }

    /**
     * Writes the group of commands a drain ran. If that fails, none of them is acknowledged: their replies are
     * replaced by the error, so a client never reads OK for a write the disk did not take.
     */
    private void commitGroup(Client client, ByteBuf out, int mark, int replies) {
        try {
            server.engine().commitDeferred();
        } catch (StorageException e) {
            server.log().warning("Write failed for a group of " + replies + " commands: " + e.getMessage());
            if (client.writer().target() == out && out.writerIndex() >= mark) {
                out.writerIndex(mark);
                for (int i = 0; i < replies; i++) {
                    client.writer().error(writeFailure(e));
                }
            }
        }
    }

    private static String storageError(StorageException e) {
        return "ERR storage error: " + e.getMessage();
    }

    /**
     * Executes one command from a client, with every check; see the class comment. ASKING is one-shot: whatever
     * happens to the next command (run, refused, redirected), the flag is dropped after it, unless inside MULTI, as
     * Redis drops it; a command that waits keeps it until it runs.
     */
    public void execute(Client client, byte[][] argv) {
        dispatch(client, argv);
        if (client.asking() && !client.inMulti() && !client.waiting() && !isAsking(argv)) {
            client.setAsking(false);
        }
    }

    private static boolean isAsking(byte[][] argv) {
        return argv[0].length == 6 && new String(argv[0], StandardCharsets.ISO_8859_1).equalsIgnoreCase("asking");
    }

    private void dispatch(Client client, byte[][] argv) {
        // The ownership rule, checked on every command when assertions are on (they are in every test run).
        assert server.shard().inEventLoop() : "command outside the shard thread: " + Thread.currentThread();
        long now = System.currentTimeMillis();
        CommandSpec spec = table.lookup(argv[0]);
        String rejection = check(client, spec, argv);
        if (rejection == null && hasSubcommand(spec, argv)) {
            spec = table.subcommand(spec, argv[1]);
        }
        client.interacted(now, spec == null ? "NULL" : spec.name());
        if (rejection != null) {
            if (spec != null && spec.name().equals("exec")) {
                abortTransaction(client, rejection);
                return;
            }
            client.flagMultiDirty();
            client.writer().error(rejection);
            return;
        }
        boolean queues = client.inMulti() && !spec.has(CommandFlag.NO_MULTI) && !isTransactionControl(spec);
        List<byte[]> keys = server.cluster() != null || server.keyLocks().any() ? keys(client, spec, argv) : List.of();
        if (!queues && server.keyLocks().holdsAny(client.db(), keys)) {
            server.keyLocks().await(client, argv); // a MIGRATE is moving one of its keys: run it afterwards
            return;
        }
        String redirect = server.cluster() == null ? null : route(client, spec, keys);
        if (redirect != null) {
            if (spec.name().equals("exec")) {
                client.endMulti();
                server.watches().unwatchAll(client);
            } else {
                client.flagMultiDirty();
            }
            client.writer().error(redirect);
            return;
        }
        if (queues) {
            client.queue(argv);
            client.writer().simple("QUEUED");
            return;
        }
        if (client.inMulti() && spec.has(CommandFlag.NO_MULTI)) {
            client.flagMultiDirty();
            client.writer().error("ERR Command not allowed inside a transaction");
            return;
        }
        call(client, spec, argv);
        server.blocking().serveReady();
    }

    /** The keys a command touches; for EXEC, the keys of every queued command. */
    private List<byte[]> keys(Client client, CommandSpec spec, byte[][] argv) {
        List<byte[]> keys = new ArrayList<>();
        if (spec.name().equals("exec")) {
            if (client.inMulti()) {
                client.queued().forEach(queued -> addKeys(resolve(queued), queued, keys));
            }
        } else {
            addKeys(spec, argv, keys);
        }
        return keys;
    }

    /**
     * The cluster's answer for a command, or {@code null} to run it: see {@link Router}. EXEC is routed with the
     * keys of every queued command, so a transaction runs only where all its keys live. MIGRATE is never
     * redirected while its slot is being migrated or imported, as in Redis: it is how keys leave such a slot.
     */
    private String route(Client client, CommandSpec spec, List<byte[]> keys) {
        boolean write = spec.has(CommandFlag.WRITE);
        if (spec.name().equals("exec") && client.inMulti()) {
            for (byte[][] queued : client.queued()) {
                write |= resolve(queued).has(CommandFlag.WRITE);
            }
        }
        boolean asking = client.asking() || spec.has(CommandFlag.ASKING);
        Keyspace db = server.database(0);
        ClusterState state = server.cluster().state();
        String answer = Router.route(state, new Router.Request(keys, write, asking,
                server.config().getBool("cluster-allow-reads-when-down"), db::exists));
        if (answer != null && spec.name().equals("migrate") && isRedirect(answer)) {
            int slot = HashSlot.of(keys.get(0));
            if (state.migratingTo(slot) != null || state.importingFrom(slot) != null) {
                return null;
            }
        }
        return answer;
    }

    private static boolean isRedirect(String answer) {
        return answer.startsWith("MOVED ") || answer.startsWith("ASK ") || answer.equals(Router.TRYAGAIN);
    }

    private static void addKeys(CommandSpec spec, byte[][] argv, List<byte[]> keys) {
        int[] positions = spec.keys().positions(argv);
        if (positions != null) {
            for (int position : positions) {
                keys.add(argv[position]);
            }
        }
    }

    /**
     * An EXEC refused before it runs (arity, NOAUTH) ends the transaction, open or not, and says why, as Redis does:
     * "EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command".
     */
    private void abortTransaction(Client client, String rejection) {
        if (client.inMulti()) {
            client.endMulti();
        }
        server.watches().unwatchAll(client);
        String reason = rejection.startsWith("ERR ") ? rejection.substring(4) : rejection;
        client.writer().error("EXECABORT Transaction discarded because of: " + reason);
    }

    private static boolean isTransactionControl(CommandSpec spec) {
        return switch (spec.name()) {
            case "exec", "discard", "multi", "watch", "quit", "reset" -> true;
            default -> false;
        };
    }

    /** Containers (CLIENT, CONFIG, ...) take a subcommand; COMMAND alone also runs without one. */
    private static boolean hasSubcommand(CommandSpec spec, byte[][] argv) {
        return !spec.subcommands().isEmpty() && (argv.length > 1 || spec.handler() == null);
    }

    /** The error that refuses this command before it runs, or {@code null}. */
    private String check(Client client, CommandSpec spec, byte[][] argv) {
        if (spec == null) {
            return unknownCommand(argv);
        }
        if (server.requiresPassword() && !client.isAuthenticated() && !spec.has(CommandFlag.NO_AUTH)) {
            return Errors.NOAUTH;
        }
        if (!spec.arityAccepts(argv.length)) {
            return Errors.arity(spec.name());
        }
        if (hasSubcommand(spec, argv)) {
            CommandSpec sub = table.subcommand(spec, argv[1]);
            if (sub == null) {
                return "ERR unknown subcommand '" + abbreviate(argv[1]) + "'. Try "
                        + spec.name().toUpperCase(java.util.Locale.ROOT) + " HELP.";
            }
            if (!sub.arityAccepts(argv.length)) {
                return Errors.arity(sub.name());
            }
        }
        return diskErrorRefusal(hasSubcommand(spec, argv) ? table.subcommand(spec, argv[1]) : spec);
    }

    /**
     * While the engine cannot write (disk full or failing), write commands and PING are refused with MISCONF, as
     * Redis refuses them after a failed AOF write (PING too, so health checks notice); reads are served.
     */
    private String diskErrorRefusal(CommandSpec spec) {
        if (!spec.has(CommandFlag.WRITE) && !spec.name().equals("ping")) {
            return null;
        }
        String error = server.engine().writeError();
        return error == null ? null : MISCONF + error;
    }

    /** What a command refused for a write the disk did not take is answered. */
    private String writeFailure(StorageException e) {
        String reason = server.engine().writeError();
        return MISCONF + (reason == null ? e.getMessage() : reason);
    }

    private static String unknownCommand(byte[][] argv) {
        StringBuilder b = new StringBuilder("ERR unknown command '").append(abbreviate(argv[0]))
                .append("', with args beginning with: ");
        for (int i = 1; i < argv.length && b.length() < 128; i++) {
            b.append('\'').append(abbreviate(argv[i])).append("' ");
        }
        return b.toString();
    }

    private static String abbreviate(byte[] arg) {
        String text = new String(arg, 0, Math.min(arg.length, 128), StandardCharsets.UTF_8);
        return text.replace('\r', ' ').replace('\n', ' ');
    }

    /**
     * Executes an already checked command: the reply is exactly one RESP value, an error replaces any partial
     * reply, and the database's unit of writes is committed. Then MONITOR clients see the command, as in Redis:
     * after it ran (so SELECT shows the new database and EXEC comes after the commands it ran), and never an
     * administrative one (CONFIG, CLIENT KILL, DEBUG, ...).
     */
    public void call(Client client, CommandSpec spec, byte[][] argv) {
        run(client, spec, argv);
        if (server.monitors().active() && !spec.has(CommandFlag.SKIP_MONITOR) && !spec.has(CommandFlag.ADMIN)) {
            server.monitors().feed(client, argv);
        }
    }

    /**
     * {@link #call} without feeding monitors. Only the keys the keyspace reports as modified touch watched keys
     * and wake blocked clients, so a write that changed nothing (or failed before writing) disturbs no one.
     */
    private void run(Client client, CommandSpec spec, byte[][] argv) {
        ByteBuf out = client.writer().target();
        int mark = out.writerIndex();
        long started = System.nanoTime();
        List<byte[]> modified;
        try {
            spec.handler().execute(new Call(server, client, spec, argv));
        } catch (CommandException | WrongTypeException e) {
            out.writerIndex(mark);
            client.writer().error(e.getMessage());
        } catch (StorageException e) {
            out.writerIndex(mark);
            server.log().warning("Storage error in " + spec.name() + ": " + e.getMessage());
            client.writer().error(storageError(e));
        } catch (RuntimeException e) {
            // A defect in a command: answer and keep serving rather than dropping the connection or the server.
            out.writerIndex(mark);
            server.log().warning("Command " + spec.name() + " failed: " + e);
            client.writer().error("ERR internal error in '" + spec.name() + "': " + e.getClass().getSimpleName());
        } finally {
            modified = commit(client, spec, out, mark);
        }
        server.stats().commandDone(spec, System.nanoTime() - started);
        if (!modified.isEmpty()) {
            signalModified(client.db(), modified);
        }
    }

    /**
     * Ends the command's unit of writes. If the disk refuses them they are dropped, so a write command's reply
     * becomes MISCONF; a read keeps its reply, as all it can have written is the removal of keys it found expired,
     * which stay invisible and are removed again later.
     */
    private List<byte[]> commit(Client client, CommandSpec spec, ByteBuf out, int mark) {
        try {
            return server.engine().database(client.db()).commit();
        } catch (StorageException e) {
            server.log().warning("Write failed in " + spec.name() + ": " + e.getMessage());
            if (spec.has(CommandFlag.WRITE)) {
                out.writerIndex(mark);
                client.writer().error(writeFailure(e));
            }
            return List.of();
        }
    }

    /**
     * Ends a unit of writes made outside any command (MIGRATE deleting the keys its target took): commits them and
     * tells watchers and blocked clients, as a command's writes do.
     */
    public void commitInternal(int db) {
        List<byte[]> modified = server.database(db).commit();
        if (!modified.isEmpty()) {
            signalModified(db, modified);
        }
    }

    /** Keys a command changed: their watchers' transactions fail, and clients blocked on them get a chance. */
    private void signalModified(int db, List<byte[]> keys) {
        server.stats().dirty(keys.size());
        if (server.watches().isEmpty() && server.blocking().blockedClients() == 0) {
            return;
        }
        for (byte[] key : keys) {
            DbKey dbKey = DbKey.of(db, key);
            server.watches().touch(dbKey);
            server.blocking().signal(dbKey);
        }
    }

    /** Runs a blocked client's command again after one of its keys received data; monitors saw it already. */
    void rerun(Client client, byte[][] argv) {
        run(client, resolve(argv), argv);
    }

    /** The spec of a command already checked at queueing or blocking time, subcommand resolved. */
    public CommandSpec resolve(byte[][] argv) {
        CommandSpec spec = table.lookup(argv[0]);
        return hasSubcommand(spec, argv) ? table.subcommand(spec, argv[1]) : spec;
    }
}
