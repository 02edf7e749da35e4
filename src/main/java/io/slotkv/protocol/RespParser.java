package io.slotkv.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

import java.util.Arrays;
import java.util.List;

/**
 * Turns a client's byte stream into commands ({@code byte[][]} argument vectors), one at a time, in either the
 * multibulk form ({@code *2\r\n$3\r\nGET\r\n$1\r\nk\r\n}) or the inline form ({@code GET k\r\n}).
 *
 * <p>It is an explicit state machine that can stop at any byte and resume when more input arrives: the bytes of a
 * complete element are consumed from the buffer as soon as they are parsed, and what is half-read stays in the
 * buffer. Every length is checked against {@link ParserLimits} before anything is allocated for it, and the
 * argument array grows as arguments arrive, so a claimed length alone never allocates memory.
 *
 * <p>Error messages are Redis's ("Protocol error: invalid bulk length", ...); after one the stream is out of sync,
 * so callers reply and close the connection.
 */
public final class RespParser {
    private enum State {
        START,
        BULK_HEADER,
        BULK_BODY
    }

    private static final int MAX_PREALLOCATED_ARGS = 1024;

    private final ParserLimits limits;
    private State state = State.START;
    private byte[][] args;
    private int expectedArgs;
    private int argCount;
    private int bulkLength;

    public RespParser(ParserLimits limits) {
        this.limits = limits;
    }

    /**
     * Parses the next command from {@code in}.
     *
     * @param authenticated whether the connection has authenticated; before it has, the stricter limits of
     *     {@link ParserLimits} apply, as in Redis
     * @return the arguments of a complete command (never empty), or {@code null} when more input is needed
     */
    public byte[][] next(ByteBuf in, boolean authenticated) throws ProtocolException {
        while (true) {
            switch (state) {
                case START -> {
                    if (!in.isReadable()) {
                        return null;
                    }
                    if (in.getByte(in.readerIndex()) == '*') {
                        if (!startMultibulk(in, authenticated)) {
                            return null;
                        }
                    } else {
                        byte[][] inline = inline(in);
                        if (inline == null) {
                            return null;
                        }
                        if (inline.length > 0) {
                            return inline;
                        }
                    }
                }
                case BULK_HEADER -> {
                    if (!bulkHeader(in, authenticated)) {
                        return null;
                    }
                }
                case BULK_BODY -> {
                    if (in.readableBytes() < bulkLength + 2L) {
                        return null;
                    }
                    byte[] arg = new byte[bulkLength];
                    in.readBytes(arg);
                    in.skipBytes(2);
                    addArg(arg);
                    if (argCount == expectedArgs) {
                        return finish();
                    }
                    state = State.BULK_HEADER;
                }
            }
        }
    }

    /** Whether a command has been partly read: its remaining bytes are still to come. */
    public boolean inProgress() {
        return state != State.START;
    }

    private boolean startMultibulk(ByteBuf in, boolean authenticated) throws ProtocolException {
        int eol = lineEnd(in, "Protocol error: too big mbulk count string");
        if (eol < 0) {
            return false;
        }
        long count = parseLength(in, in.readerIndex() + 1, eol, "Protocol error: invalid multibulk length");
        in.readerIndex(eol + 2);
        if (count > Integer.MAX_VALUE) {
            throw new ProtocolException("Protocol error: invalid multibulk length");
        }
        if (!authenticated && count > limits.maxUnauthenticatedArgs()) {
            throw new ProtocolException("Protocol error: unauthenticated multibulk length");
        }
        if (count <= 0) {
            return true; // an empty command is skipped, as Redis does
        }
        expectedArgs = (int) count;
        args = new byte[Math.min(expectedArgs, MAX_PREALLOCATED_ARGS)][];
        argCount = 0;
        state = State.BULK_HEADER;
        return true;
    }

    private boolean bulkHeader(ByteBuf in, boolean authenticated) throws ProtocolException {
        if (!in.isReadable()) {
            return false;
        }
        byte first = in.getByte(in.readerIndex());
        if (first != '$') {
            throw new ProtocolException("Protocol error: expected '$', got '" + (char) (first & 0xFF) + "'");
        }
        int eol = lineEnd(in, "Protocol error: too big bulk count string");
        if (eol < 0) {
            return false;
        }
        long length = parseLength(in, in.readerIndex() + 1, eol, "Protocol error: invalid bulk length");
        if (length < 0 || length > limits.maxBulkLength() || length > Integer.MAX_VALUE - 2) {
            throw new ProtocolException("Protocol error: invalid bulk length");
        }
        if (!authenticated && length > limits.maxUnauthenticatedBulk()) {
            throw new ProtocolException("Protocol error: unauthenticated bulk length");
        }
        in.readerIndex(eol + 2);
        bulkLength = (int) length;
        state = State.BULK_BODY;
        return true;
    }

    /** Index of the '\r' of a complete "...\r\n" line, or -1 when the line is not complete yet. */
    private int lineEnd(ByteBuf in, String tooLong) throws ProtocolException {
        int lf = in.forEachByte(ByteProcessor.FIND_LF);
        if (lf < 0) {
            if (in.readableBytes() > limits.maxInlineLength()) {
                throw new ProtocolException(tooLong);
            }
            return -1;
        }
        if (lf == in.readerIndex() || in.getByte(lf - 1) != '\r') {
            // A header line must end in \r\n; Redis finds no \r and reports the length as invalid.
            return lf;
        }
        return lf - 1;
    }

    private static long parseLength(ByteBuf in, int from, int to, String error) throws ProtocolException {
        if (from >= to || to - from > 19) {
            throw new ProtocolException(error);
        }
        boolean negative = in.getByte(from) == '-';
        int i = negative ? from + 1 : from;
        if (i == to) {
            throw new ProtocolException(error);
        }
        long value = 0;
        for (; i < to; i++) {
            int digit = in.getByte(i) - '0';
            if (digit < 0 || digit > 9) {
                throw new ProtocolException(error);
            }
            value = value * 10 + digit;
        }
        if (in.getByte(to) != '\r') {
            throw new ProtocolException(error);
        }
        return negative ? -value : value;
    }

    private void addArg(byte[] arg) {
        if (argCount == args.length) {
            args = Arrays.copyOf(args, Math.min(expectedArgs, args.length * 2));
        }
        args[argCount++] = arg;
    }

    private byte[][] finish() {
        byte[][] done = args;
        args = null;
        state = State.START;
        return done;
    }

    private byte[][] inline(ByteBuf in) throws ProtocolException {
        int lf = in.forEachByte(ByteProcessor.FIND_LF);
        if (lf < 0) {
            if (in.readableBytes() > limits.maxInlineLength()) {
                throw new ProtocolException("Protocol error: too big inline request");
            }
            return null;
        }
        int end = lf > in.readerIndex() && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
        byte[] line = new byte[end - in.readerIndex()];
        in.getBytes(in.readerIndex(), line);
        in.readerIndex(lf + 1);
        List<byte[]> words = InlineSplitter.split(line);
        if (words == null) {
            throw new ProtocolException("Protocol error: unbalanced quotes in request");
        }
        return words.toArray(new byte[0][]);
    }
}
