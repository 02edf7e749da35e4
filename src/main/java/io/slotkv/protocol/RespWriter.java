package io.slotkv.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Encodes replies in RESP2 or RESP3 into a buffer, so that command code states the shape of a reply once
 * ({@link #map}, {@link #doubleValue}, {@link #nullBulk}) and the protocol version of the connection decides the
 * bytes: RESP2 writes maps as flat arrays, doubles as bulk strings and nulls as {@code $-1}/{@code *-1}.
 *
 * <p>Cost: every call appends to the buffer and nothing is flushed here; the connection flushes once per read
 * batch. Small integers and common length headers come from precomputed tables because they are written for
 * nearly every reply.
 */
public final class RespWriter {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final int CACHED = 1024;
    private static final byte[][] BULK_HEADERS = headers('$');
    private static final byte[][] ARRAY_HEADERS = headers('*');
    private static final byte[][] INTEGERS = headers(':');
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_BULK = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_ARRAY = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);

    private ByteBuf out;
    private int protocol = 2;

    public RespWriter(ByteBuf out) {
        this.out = out;
    }

    private static byte[][] headers(char prefix) {
        byte[][] table = new byte[CACHED][];
        for (int i = 0; i < CACHED; i++) {
            table[i] = (prefix + Integer.toString(i) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        }
        return table;
    }

    /** Redirects output to another buffer (used when replies are captured, e.g. for MULTI or scripts). */
    public void target(ByteBuf buffer) {
        this.out = buffer;
    }

    /** The buffer replies are written to. */
    public ByteBuf target() {
        return out;
    }

    public int protocol() {
        return protocol;
    }

    /** Selects RESP2 or RESP3 for every following reply. */
    public void protocol(int version) {
        if (version != 2 && version != 3) {
            throw new IllegalArgumentException("version: " + version + " (expected: 2 or 3)");
        }
        this.protocol = version;
    }

    public boolean resp3() {
        return protocol == 3;
    }

    public void ok() {
        out.writeBytes(OK);
    }

    /** A status reply ({@code +text}); the text must not contain CR or LF. */
    public void simple(String text) {
        out.writeByte('+');
        out.writeCharSequence(text, StandardCharsets.UTF_8);
        out.writeBytes(CRLF);
    }

    /**
     * An error reply. {@code message} is written as given, in UTF-8, and must start with the error code ("ERR ...",
     * "WRONGTYPE ..."); CR and LF are replaced with spaces so an error can never break the stream, as Redis does.
     */
    public void error(String message) {
        out.writeByte('-');
        out.writeCharSequence(message.replace('\r', ' ').replace('\n', ' '), StandardCharsets.UTF_8);
        out.writeBytes(CRLF);
    }

    public void integer(long value) {
        if (value >= 0 && value < CACHED) {
            out.writeBytes(INTEGERS[(int) value]);
        } else {
            out.writeByte(':');
            writeDecimal(value);
            out.writeBytes(CRLF);
        }
    }

    public void bulk(byte[] value) {
        if (value == null) {
            nullBulk();
            return;
        }
        header(BULK_HEADERS, '$', value.length);
        out.writeBytes(value);
        out.writeBytes(CRLF);
    }

    public void bulk(String value) {
        bulk(value.getBytes(StandardCharsets.UTF_8));
    }

    /** A bulk string holding the decimal form of {@code value} (e.g. INCRBYFLOAT's, or a RESP2 rank). */
    public void bulkDecimal(long value) {
        bulk(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
    }

    /** Missing value: {@code $-1} in RESP2, {@code _} in RESP3. */
    public void nullBulk() {
        out.writeBytes(protocol == 3 ? NULL3 : NULL_BULK);
    }

    /** Missing aggregate: {@code *-1} in RESP2, {@code _} in RESP3. */
    public void nullArray() {
        out.writeBytes(protocol == 3 ? NULL3 : NULL_ARRAY);
    }

    public void array(int length) {
        header(ARRAY_HEADERS, '*', length);
    }

    /** A map of {@code pairs} entries: {@code %} in RESP3, a flat array of 2×pairs elements in RESP2. */
    public void map(int pairs) {
        if (protocol == 3) {
            out.writeByte('%');
            writeDecimal(pairs);
            out.writeBytes(CRLF);
        } else {
            array(pairs * 2);
        }
    }

    /** A set: {@code ~} in RESP3, an array in RESP2. */
    public void set(int length) {
        if (protocol == 3) {
            out.writeByte('~');
            writeDecimal(length);
            out.writeBytes(CRLF);
        } else {
            array(length);
        }
    }

    /** An out-of-band push ({@code >} in RESP3, an array in RESP2). */
    public void push(int length) {
        if (protocol == 3) {
            out.writeByte('>');
            writeDecimal(length);
            out.writeBytes(CRLF);
        } else {
            array(length);
        }
    }

    /** A double: {@code ,} in RESP3, a bulk string in Redis's human-readable form in RESP2. */
    public void doubleValue(double value) {
        byte[] text = Numbers.formatDouble(value).getBytes(StandardCharsets.US_ASCII);
        if (protocol == 3) {
            out.writeByte(',');
            out.writeBytes(text);
            out.writeBytes(CRLF);
        } else {
            bulk(text);
        }
    }

    /** A boolean: {@code #t}/{@code #f} in RESP3, the integer 1/0 in RESP2. */
    public void bool(boolean value) {
        if (protocol == 3) {
            out.writeByte('#');
            out.writeByte(value ? 't' : 'f');
            out.writeBytes(CRLF);
        } else {
            integer(value ? 1 : 0);
        }
    }

    /** Text such as INFO's: a verbatim string ({@code =...txt:}) in RESP3, a bulk string in RESP2. */
    public void verbatim(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (protocol == 3) {
            out.writeByte('=');
            writeDecimal(bytes.length + 4L);
            out.writeBytes(CRLF);
            out.writeCharSequence("txt:", StandardCharsets.US_ASCII);
            out.writeBytes(bytes);
            out.writeBytes(CRLF);
        } else {
            bulk(bytes);
        }
    }

    /** Bytes already encoded as RESP (e.g. a reply captured earlier). */
    public void raw(ByteBuf encoded) {
        out.writeBytes(encoded, encoded.readerIndex(), encoded.readableBytes());
    }

    private void header(byte[][] cache, char prefix, int length) {
        if (length >= 0 && length < CACHED) {
            out.writeBytes(cache[length]);
        } else {
            out.writeByte(prefix);
            writeDecimal(length);
            out.writeBytes(CRLF);
        }
    }

    private void writeDecimal(long value) {
        if (value == Long.MIN_VALUE) {
            out.writeCharSequence("-9223372036854775808", StandardCharsets.US_ASCII);
            return;
        }
        if (value < 0) {
            out.writeByte('-');
            value = -value;
        }
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        int at = out.writerIndex();
        out.ensureWritable(digits);
        for (int i = digits - 1; i >= 0; i--) {
            out.setByte(at + i, (int) ('0' + value % 10));
            value /= 10;
        }
        out.writerIndex(at + digits);
    }
}
