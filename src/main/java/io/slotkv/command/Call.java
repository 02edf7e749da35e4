package io.slotkv.command;

import io.slotkv.protocol.Numbers;
import io.slotkv.protocol.RespWriter;
import io.slotkv.server.Client;
import io.slotkv.server.Server;
import io.slotkv.store.Keyspace;
import io.slotkv.store.ValueType;
import java.nio.charset.StandardCharsets;

/**
 * One execution of a command: its arguments, the client, the selected database and the reply writer, plus the
 * argument parsers every command family needs, each throwing {@link CommandException} with Redis's text.
 *
 * <p>Lives for one command on the shard thread; never kept.
 */
public final class Call {
    private final Server server;
    private final Client client;
    private final CommandSpec spec;
    private final byte[][] argv;
    private final long now;

    public Call(Server server, Client client, CommandSpec spec, byte[][] argv) {
        this.server = server;
        this.client = client;
        this.spec = spec;
        this.argv = argv;
        this.now = System.currentTimeMillis();
    }

    public Server server() {
        return server;
    }

    public Client client() {
        return client;
    }

    public CommandSpec spec() {
        return spec;
    }

    public RespWriter reply() {
        return client.writer();
    }

    /** The client's selected database. */
    public Keyspace db() {
        return server.engine().database(client.db());
    }

    /** Wall-clock time in ms when the command started: one command sees one "now", as in Redis. */
    public long now() {
        return now;
    }

    public int argc() {
        return argv.length;
    }

    public byte[][] argv() {
        return argv;
    }

    public byte[] arg(int index) {
        return argv[index];
    }

    public String text(int index) {
        return new String(argv[index], StandardCharsets.UTF_8);
    }

    /** Whether argument {@code index} is {@code word}, ignoring ASCII case. */
    public boolean is(int index, String word) {
        byte[] arg = argv[index];
        if (arg.length != word.length()) {
            return false;
        }
        for (int i = 0; i < arg.length; i++) {
            int a = arg[i];
            int b = word.charAt(i);
            if (a != b && (a | 0x20) != (b | 0x20)) {
                return false;
            }
            if (a != b && !Character.isLetter(b)) {
                return false;
            }
        }
        return true;
    }

    /** Argument {@code index} as a 64-bit integer, or "value is not an integer or out of range". */
    public long longArg(int index) {
        return longArg(index, Errors.NOT_INTEGER);
    }

    /** Argument {@code index} as a 64-bit integer, or the given error. */
    public long longArg(int index, String error) {
        byte[] arg = argv[index];
        long value = Numbers.parseLong(arg, Long.MIN_VALUE);
        if (value == Long.MIN_VALUE && !Numbers.isLong(arg)) {
            throw new CommandException(error);
        }
        return value;
    }

    /** Argument {@code index} as a double, or "value is not a valid float". */
    public double doubleArg(int index) {
        return doubleArg(index, Errors.NOT_FLOAT);
    }

    public double doubleArg(int index, String error) {
        Double value = Numbers.parseDouble(argv[index]);
        if (value == null) {
            throw new CommandException(error);
        }
        return value;
    }

    /**
     * Blocks the client until one of {@code keys} holds a value of {@code type} (BLPOP and friends); the command
     * then runs again.
     * Inside MULTI/EXEC, where a client cannot block, answers at once as a timeout would.
     *
     * @param onTimeout writes the reply for a timeout
     */
    public void block(ValueType type, java.util.List<byte[]> keys, long timeoutMillis, Runnable onTimeout) {
        if (client.inExec()) {
            onTimeout.run();
            return;
        }
        server.blocking().block(client, type, keys, timeoutMillis, onTimeout, argv);
    }

    /** A syntax error unless {@code condition}. */
    public static void require(boolean condition, String error) {
        if (!condition) {
            throw new CommandException(error);
        }
    }
}
