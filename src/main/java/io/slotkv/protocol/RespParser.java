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
 * <p>It reads exactly what Redis reads: a header line ends at its first '\r', which must be followed by one more
 * byte (taken as the '\n'); counts and lengths are strict integers ("*01", "$-0" and "$+1" are invalid); the two
 * bytes after a bulk string are skipped unchecked; "*0" and "*-1" are empty commands, skipped, as are blank
 * inline lines. Errors are Redis's ("ERR Protocol error: invalid bulk length", ...); after one the stream is out
 * of sync, so callers reply and close the connection, and every later call fails with the same error.
 */
public final class RespParser {
    private enum State {
        START,
        BULK_HEADER,
        BULK_BODY
    }

    private static final int MAX_PREALLOCATED_ARGS = 1024;
    /** Longest count or length Redis's integer parser reads ("-9223372036854775808"). */
    private static final int MAX_NUMBER_LENGTH = 20;

    private final ParserLimits limits;
    private final byte[] number = new byte[MAX_NUMBER_LENGTH];
    private State state = State.START;
    private ProtocolException failure;
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
     * @throws ProtocolException when the stream is invalid; the message is the error to reply with
     */
    public byte[][] next(ByteBuf in, boolean authenticated) throws ProtocolException {
        if (failure != null) {
            throw failure;
        }
        try {
            return parse(in, authenticated);
        } catch (ProtocolException e) {
            failure = e;
            throw e;
        }
    }

    /** Whether a command has been partly read: its remaining bytes are still to come. */
    public boolean inProgress() {
        return state != State.START;
    }

    private byte[][] parse(ByteBuf in, boolean authenticated) throws ProtocolException {
        while (true) {
            switch (state) {
                case START -> {
                    if (!in.isReadable()) {
                        return null;
                    }
                    if (in.getByte(in.readerIndex()) == '*') {
                        if (!multibulkHeader(in, authenticated)) {
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

    /** Reads "*count\r\n"; returns false when the line is not complete yet. */
    private boolean multibulkHeader(ByteBuf in, boolean authenticated) throws ProtocolException {
        int cr = headerEnd(in, "too big mbulk count string");
        if (cr < 0) {
            return false;
        }
        long count = number(in, cr, Long.MAX_VALUE);
        if (count > Integer.MAX_VALUE) {
            throw error("invalid multibulk length");
        }
        if (!authenticated && count > limits.maxUnauthenticatedArgs()) {
            throw error("unauthenticated multibulk length");
        }
        in.readerIndex(cr + 2);
        if (count > 0) {
            expectedArgs = (int) count;
            args = new byte[Math.min(expectedArgs, MAX_PREALLOCATED_ARGS)][];
            argCount = 0;
            state = State.BULK_HEADER;
        }
        return true;
    }

    /** Reads "$length\r\n"; returns false when the line is not complete yet. */
    private boolean bulkHeader(ByteBuf in, boolean authenticated) throws ProtocolException {
        int cr = headerEnd(in, "too big bulk count string");
        if (cr < 0) {
            return false;
        }
        byte first = in.getByte(in.readerIndex());
        if (first != '$') {
            throw error("expected '$', got '" + (char) (first & 0xFF) + "'");
        }
        long length = number(in, cr, -1);
        // Java arrays end below 2 GB, whatever proto-max-bulk-len says
        if (length < 0 || length > limits.maxBulkLength() || length > Integer.MAX_VALUE - 2) {
            throw error("invalid bulk length");
        }
        if (!authenticated && length > limits.maxUnauthenticatedBulk()) {
            throw error("unauthenticated bulk length");
        }
        in.readerIndex(cr + 2);
        bulkLength = (int) length;
        state = State.BULK_BODY;
        return true;
    }

    /**
     * Index of the '\r' that ends the header line at the reader index, or -1 while the line or the byte after
     * its '\r' has not arrived.
     */
    private int headerEnd(ByteBuf in, String tooLong) throws ProtocolException {
        int cr = in.forEachByte(ByteProcessor.FIND_CR);
        if (cr < 0) {
            if (in.readableBytes() > limits.maxInlineLength()) {
                throw error(tooLong);
            }
            return -1;
        }
        return cr + 1 < in.writerIndex() ? cr : -1;
    }

    /** The strict integer between the header's type byte and {@code end}, or {@code invalid}. */
    private long number(ByteBuf in, int end, long invalid) {
        int from = in.readerIndex() + 1;
        int length = end - from;
        if (length > MAX_NUMBER_LENGTH) {
            return invalid;
        }
        in.getBytes(from, number, 0, length);
        return Numbers.parseLong(number, 0, length, invalid);
    }

    private static ProtocolException error(String what) {
        return new ProtocolException("ERR Protocol error: " + what);
    }

    private void addArg(byte[] arg) {
        if (argCount == args.length) {
            args = Arrays.copyOf(args, (int) Math.min(expectedArgs, args.length * 2L));
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
                throw error("too big inline request");
            }
            return null;
        }
        int end = lf > in.readerIndex() && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
        byte[] line = new byte[end - in.readerIndex()];
        in.getBytes(in.readerIndex(), line);
        in.readerIndex(lf + 1);
        List<byte[]> words = InlineSplitter.split(line);
        if (words == null) {
            throw error("unbalanced quotes in request");
        }
        return words.toArray(new byte[0][]);
    }
}
