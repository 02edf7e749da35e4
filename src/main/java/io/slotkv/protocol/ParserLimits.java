package io.slotkv.protocol;

/**
 * Bounds that keep a hostile or broken client from making the parser allocate without limit.
 *
 * @param maxBulkLength largest bulk string accepted (Redis's {@code proto-max-bulk-len}, 512 MB by default)
 * @param maxInlineLength longest inline command or unterminated header line (Redis: 64 KB)
 * @param maxUnauthenticatedArgs most arguments a client that has not authenticated may send (Redis: 10)
 * @param maxUnauthenticatedBulk largest bulk string before authentication (Redis: 16 KB)
 */
public record ParserLimits(
        long maxBulkLength, int maxInlineLength, int maxUnauthenticatedArgs, int maxUnauthenticatedBulk) {

    /** Redis's defaults. */
    public static final ParserLimits DEFAULT = new ParserLimits(512L * 1024 * 1024, 64 * 1024, 10, 16 * 1024);

    public ParserLimits {
        if (maxBulkLength < 1) {
            throw new IllegalArgumentException("maxBulkLength: " + maxBulkLength + " (expected: > 0)");
        }
        if (maxInlineLength < 1) {
            throw new IllegalArgumentException("maxInlineLength: " + maxInlineLength + " (expected: > 0)");
        }
    }

    /** The same limits with another {@code proto-max-bulk-len}. */
    public ParserLimits withMaxBulkLength(long length) {
        return new ParserLimits(length, maxInlineLength, maxUnauthenticatedArgs, maxUnauthenticatedBulk);
    }
}
