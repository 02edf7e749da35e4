package io.slotkv.protocol;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A small blocking RESP2 client for slotkv's own tools (the admin CLI, the demo, benchmarks): one socket, requests
 * written with {@link #send} and read back in order with {@link #read}, so callers can pipeline.
 *
 * <p>Replies are decoded as: simple string → {@link String}, bulk → {@code byte[]} (null for nil), integer →
 * {@link Long}, array → {@link List} (null for nil); an error reply is thrown as {@link RespError}. Not
 * thread-safe: one client per thread.
 */
public final class RespClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** An error reply from the server ("-ERR ..."). */
    public static final class RespError extends IOException {
        public RespError(String message) {
            super(message);
        }
    }

    public RespClient(String host, int port, int timeoutMillis) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), timeoutMillis);
        socket.setSoTimeout(timeoutMillis);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    }

    /** Sends one command and returns its reply. */
    public Object call(Object... args) throws IOException {
        send(args);
        flush();
        return read();
    }

    /** Queues one command (arguments are byte[] or anything whose toString is the argument). */
    public void send(Object... args) throws IOException {
        CommandEncoder.write(out, args);
    }

    public void flush() throws IOException {
        out.flush();
    }

    /** Reads the next reply. */
    public Object read() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("connection closed by server");
        }
        String line = readLine();
        return switch (type) {
            case '+' -> line;
            case '-' -> throw new RespError(line);
            case ':' -> Long.parseLong(line);
            case '$' -> readBulk(Integer.parseInt(line));
            case '*' -> readArray(Integer.parseInt(line));
            default -> throw new IOException("unexpected reply type '" + (char) type + "'");
        };
    }

    private byte[] readBulk(int length) throws IOException {
        if (length < 0) {
            return null;
        }
        byte[] data = in.readNBytes(length);
        if (data.length < length || in.read() != '\r' || in.read() != '\n') {
            throw new EOFException("truncated bulk reply");
        }
        return data;
    }

    private List<Object> readArray(int length) throws IOException {
        if (length < 0) {
            return null;
        }
        List<Object> items = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            try {
                items.add(read());
            } catch (RespError e) {
                items.add(e);
            }
        }
        return items;
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new EOFException("connection closed by server");
            }
            line.append((char) c);
        }
        if (in.read() != '\n') {
            throw new IOException("malformed reply line");
        }
        return line.toString();
    }

    /** A bulk or simple reply as text. */
    public static String text(Object reply) {
        return reply instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(reply);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
