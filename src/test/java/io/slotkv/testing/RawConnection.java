package io.slotkv.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A bare socket speaking RESP, for tests that must see exactly what a server sends: each reply comes back as its
 * exact bytes (or their text), so {@code $-1} and {@code *-1} differ and RESP3 types show. Commands can be
 * pipelined or left blocked, and anything can be written, malformed requests included. I/O errors are thrown as
 * {@link UncheckedIOException}.
 *
 * <p>{@link RespText} writes expected replies in the same form.
 */
public final class RawConnection implements AutoCloseable {
    private static final int DEFAULT_TIMEOUT_MS = 10_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** What a server sent until it closed the connection, or until the read timeout if it did not. */
    public record Received(byte[] bytes, boolean closed) {}

    /** Connects to {@code port} on the loopback address, with a 10 s timeout for connecting and each read. */
    public RawConnection(int port) {
        this(port, DEFAULT_TIMEOUT_MS, 0);
    }

    /**
     * Connects with {@code timeoutMillis} for connecting and each read, and (when positive) a socket receive buffer
     * of {@code receiveBufferSize} bytes, set before connecting so that it bounds the TCP window.
     */
    public RawConnection(int port, int timeoutMillis, int receiveBufferSize) {
        socket = new Socket();
        try {
            if (receiveBufferSize > 0) {
                socket.setReceiveBufferSize(receiveBufferSize);
            }
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- writing

    /** Sends one command and returns its reply's exact text. */
    public String call(String... args) {
        send(args);
        return read();
    }

    /** Sends one command of binary arguments and returns its reply's exact bytes. */
    public byte[] callBytes(List<byte[]> args) {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        encode(args, request);
        write(request.toByteArray());
        return readBytes();
    }

    /** Sends commands in one write without reading (a pipeline, or a command that blocks). */
    public void send(String[]... commands) {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        for (String[] command : commands) {
            encode(Arrays.stream(command).map(arg -> arg.getBytes(StandardCharsets.UTF_8)).toList(), request);
        }
        write(request.toByteArray());
    }

    /** Sends one command without reading its reply. */
    public void send(String... args) {
        send(new String[][] {args});
    }

    private static void encode(List<byte[]> args, ByteArrayOutputStream request) {
        request.writeBytes(("*" + args.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] arg : args) {
            request.writeBytes(("$" + arg.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(arg);
            request.writeBytes(new byte[] {'\r', '\n'});
        }
    }

    /** Writes {@code text} as it is (one byte a character), for inline commands and malformed requests. */
    public void write(String text) {
        write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Writes {@code bytes} as they are. */
    public void write(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Half-closes the connection: the server reads end of stream after what was sent. */
    public void shutdownOutput() {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- reading

    /** Reads one complete reply (aggregates included) and returns its exact text (UTF-8). */
    public String read() {
        return new String(readBytes(), StandardCharsets.UTF_8);
    }

    /** Reads one complete reply (aggregates included) and returns its exact bytes. */
    public byte[] readBytes() {
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        try {
            readValue(reply);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return reply.toByteArray();
    }

    private void readValue(ByteArrayOutputStream reply) throws IOException {
        String header = readLine();
        if (header.isEmpty()) {
            throw new IOException("empty reply line");
        }
        reply.writeBytes((header + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        char type = header.charAt(0);
        switch (type) {
            case '+', '-', ':', ',', '#', '_', '(' -> { }
            case '$', '=', '!' -> {
                int length = Integer.parseInt(header.substring(1));
                if (length >= 0) {
                    byte[] body = in.readNBytes(length + 2);
                    if (body.length < length + 2) {
                        throw new IOException("connection closed inside a bulk reply");
                    }
                    reply.writeBytes(body);
                }
            }
            case '*', '~', '>', '%', '|' -> {
                long count = Long.parseLong(header.substring(1));
                for (long i = 0; i < (type == '%' || type == '|' ? 2 * count : count); i++) {
                    readValue(reply);
                }
            }
            default -> throw new IOException("unknown RESP type in reply line: " + header);
        }
    }

    /** The next line, without its "\r\n" (which must be there), as ISO-8859-1 text. */
    public String readLine() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("connection closed after " + line);
                }
                line.write(c);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        if (!text.endsWith("\r")) {
            throw new AssertionError("line without CR: " + text);
        }
        return text.substring(0, text.length() - 1);
    }

    /** Whether reply bytes are already waiting to be read. */
    public boolean hasPendingReply() {
        try {
            return in.available() > 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything the server sends until it closes the connection; fails if it keeps it open past the timeout. */
    public byte[] readUntilClosed() {
        Received received = readUntilClosedOrTimeout();
        if (!received.closed()) {
            throw new AssertionError("the server kept the connection open; received " + received.bytes().length
                    + " bytes: " + new String(received.bytes(), StandardCharsets.ISO_8859_1));
        }
        return received.bytes();
    }

    /** Everything the server sends until it closes the connection or a read times out. */
    public Received readUntilClosedOrTimeout() {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                received.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            return new Received(received.toByteArray(), false);
        } catch (IOException reset) {
            // a close with unread input arrives as a reset after the replies
        }
        return new Received(received.toByteArray(), true);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
