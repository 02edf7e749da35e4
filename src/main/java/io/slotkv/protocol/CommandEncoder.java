package io.slotkv.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a command as a client sends it (an array of bulk strings), for every place slotkv talks to another
 * server: the blocking {@link RespClient} of the admin tool and MIGRATE's connections to its targets.
 */
public final class CommandEncoder {
    private static final byte[] CRLF = {'\r', '\n'};

    private CommandEncoder() {}

    /** Writes one command; each argument is a byte[] or anything whose toString is the argument. */
    public static void write(OutputStream out, Object... args) throws IOException {
        out.write('*');
        out.write(ascii(args.length));
        out.write(CRLF);
        for (Object arg : args) {
            byte[] bytes = arg instanceof byte[] b ? b : String.valueOf(arg).getBytes(StandardCharsets.UTF_8);
            out.write('$');
            out.write(ascii(bytes.length));
            out.write(CRLF);
            out.write(bytes);
            out.write(CRLF);
        }
    }

    private static byte[] ascii(int n) {
        return Integer.toString(n).getBytes(StandardCharsets.US_ASCII);
    }
}
