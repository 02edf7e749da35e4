package io.slotkv.protocol.rdb;

/**
 * LZF decompression, because Redis compresses long strings in DUMP payloads with it (rdbcompression) and
 * LZF-compresses the inner nodes of lists (list-compress-depth).
 *
 * <p>The stream is a sequence of control bytes: below 32, a run of that many plus one literal bytes follows; from 32
 * on, a back reference copies (length + 2) bytes from (offset + 1) bytes back in the output, where the length is
 * the top three bits (7 meaning "add the next byte") and the offset is the low five bits followed by the next byte.
 */
public final class Lzf {
    /**
     * Most output bytes one input byte can stand for: a back reference of three bytes copies at most 264 bytes.
     * A declared size above this many times the input size cannot be right, and is refused before allocating.
     */
    public static final int MAX_EXPANSION = 88;

    private Lzf() {}

    /** Decompresses all of {@code in} into exactly all of {@code out}; anything else is a malformed stream. */
    public static void decompress(byte[] in, byte[] out) throws DumpFormatException {
        int ip = 0;
        int op = 0;
        while (ip < in.length) {
            int control = in[ip++] & 0xFF;
            if (control < 32) {
                int run = control + 1;
                if (ip + run > in.length || op + run > out.length) {
                    throw new DumpFormatException("LZF literal run overruns the data");
                }
                System.arraycopy(in, ip, out, op, run);
                ip += run;
                op += run;
                continue;
            }
            int length = control >>> 5;
            if (length == 7) {
                if (ip >= in.length) {
                    throw new DumpFormatException("LZF back reference truncated");
                }
                length += in[ip++] & 0xFF;
            }
            if (ip >= in.length) {
                throw new DumpFormatException("LZF back reference truncated");
            }
            int from = op - ((control & 0x1F) << 8) - (in[ip++] & 0xFF) - 1;
            length += 2;
            if (from < 0 || op + length > out.length) {
                throw new DumpFormatException("LZF back reference outside the data");
            }
            // byte by byte: the source may overlap the bytes being written, repeating a pattern
            for (int i = 0; i < length; i++) {
                out[op++] = out[from++];
            }
        }
        if (op != out.length) {
            throw new DumpFormatException("LZF data is " + op + " bytes, " + out.length + " declared");
        }
    }
}
