package io.slotkv.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RespParserTest {
    private static final String BIG = "x".repeat(100_000);
    private static final String MANY_ARGS = "*1030\r\n" + "$1\r\na\r\n".repeat(1030);

    /** Valid streams and the commands they hold, each command written as its arguments joined by '|'. */
    private static final List<Case> VALID = List.of(
            new Case("*1\r\n$4\r\nPING\r\n", "PING"),
            new Case("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n", "SET|k|"),
            new Case("*2\r\n$4\r\nECHO\r\n$6\r\na\r\nb\r\n\r\n", "ECHO|a\r\nb\r\n"),
            new Case("*2\r\n$4\r\nECHO\r\n$100000\r\n" + BIG + "\r\n", "ECHO|" + BIG),
            new Case(MANY_ARGS, String.join("|", Collections.nCopies(1030, "a"))),
            new Case("PING\r\n", "PING"),
            new Case("SET k v\n", "SET|k|v"),
            new Case("  set \t \"a b\"  'c d'  \r\n", "set|a b|c d"),
            new Case("ECHO \"\\x41\\n\\\\\\\"\"\r\n", "ECHO|A\n\\\""),
            new Case("\r\n\n   \r\n*0\r\n*-1\r\nPING\r\n", "PING"),
            new Case("*2\r\n$3\r\nGET\r\n$1\r\na\r\nGET b\r\n*1\r\n$4\r\nPING\r\n\r\nQUIT\r\n",
                    "GET|a", "GET|b", "PING", "QUIT"),
            // Redis ends a header at its first '\r' and takes the next byte as the '\n' without looking at it
            new Case("*1\rX$4\r\nPING\r\n", "PING"),
            // ... and skips the two bytes after a bulk string unchecked
            new Case("*1\r\n$4\r\nPINGxx*1\r\n$4\r\nPONG\r\n", "PING", "PONG"),
            new Case("*-9223372036854775808\r\n*1\r\n$1\r\nx\r\n", "x"));

    @Test
    void parsesEveryValidStreamInOneBuffer() throws ProtocolException {
        for (Case c : VALID) {
            ByteBuf in = Unpooled.copiedBuffer(c.stream, StandardCharsets.ISO_8859_1);
            RespParser parser = parser();
            assertThat(drain(parser, in)).as(c.stream).containsExactly(c.commands);
            assertThat(in.readableBytes()).isZero();
            assertThat(parser.inProgress()).isFalse();
            in.release();
        }
    }

    @Test
    void parsesEveryValidStreamSplitInTwoAtEveryByte() throws ProtocolException {
        for (Case c : VALID) {
            byte[] bytes = c.stream.getBytes(StandardCharsets.ISO_8859_1);
            // the two long, repetitive streams are split at every byte near their ends only, to keep the test fast
            for (int at = 0; at <= bytes.length; at = nextSplit(at, bytes.length)) {
                assertThat(feed(bytes, new int[] {at})).as("%s split at %d", c.stream, at).containsExactly(c.commands);
            }
        }
    }

    @Test
    void parsesEveryValidStreamSplitIntoRandomFragments() throws ProtocolException {
        Random random = new Random(20_240_611);
        for (Case c : VALID) {
            byte[] bytes = c.stream.getBytes(StandardCharsets.ISO_8859_1);
            for (int round = 0; round < 200; round++) {
                int[] cuts = random.ints(1 + random.nextInt(8), 0, bytes.length + 1).sorted().toArray();
                assertThat(feed(bytes, cuts)).as("%s cut at %s", c.stream, Arrays.toString(cuts))
                        .containsExactly(c.commands);
            }
            int[] everyByte = IntStream.range(1, Math.min(bytes.length, 5000)).toArray();
            assertThat(feed(bytes, everyByte)).as("%s byte by byte", c.stream).containsExactly(c.commands);
        }
    }

    @Test
    void waitsForTheByteAfterTheCarriageReturn() throws ProtocolException {
        RespParser parser = parser();
        ByteBuf in = Unpooled.copiedBuffer("*1\r", StandardCharsets.US_ASCII);
        assertThat(parser.next(in, true)).isNull();
        assertThat(in.readerIndex()).isZero();
        in.writeBytes("\n$4\r".getBytes(StandardCharsets.US_ASCII));
        assertThat(parser.next(in, true)).isNull();
        assertThat(parser.inProgress()).isTrue();
        in.writeBytes("\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(drain(parser, in)).containsExactly("PING");
        assertThat(parser.inProgress()).isFalse();
    }

    @Test
    void aHeaderWithoutCarriageReturnWaitsAsInRedis() throws ProtocolException {
        ByteBuf in = Unpooled.copiedBuffer("*3\n", StandardCharsets.US_ASCII);
        assertThat(parser().next(in, true)).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "*abc\\r\\n                       | invalid multibulk length",
        "*01\\r\\n                        | invalid multibulk length",
        "*-0\\r\\n                        | invalid multibulk length",
        "*+1\\r\\n                        | invalid multibulk length",
        "*1 \\r\\n                        | invalid multibulk length",
        "*\\r\\n                          | invalid multibulk length",
        "*2147483648\\r\\n                | invalid multibulk length",
        "*9999999999999999999\\r\\n       | invalid multibulk length",
        "*-9223372036854775809\\r\\n      | invalid multibulk length",
        "*3\\n$3\\r\\n                    | invalid multibulk length",
        "*1\\r\\n$-1\\r\\n                | invalid bulk length",
        "*1\\r\\n$04\\r\\nPING\\r\\n      | invalid bulk length",
        "*1\\r\\n$-0\\r\\n                | invalid bulk length",
        "*1\\r\\n$+4\\r\\n                | invalid bulk length",
        "*1\\r\\n$\\r\\n                  | invalid bulk length",
        "*1\\r\\n$x\\r\\n                 | invalid bulk length",
        "*1\\r\\n$536870913\\r\\n         | invalid bulk length",
        "*1\\r\\n$99999999999999999999\\r\\n | invalid bulk length",
        "*1\\r\\nxyz\\r\\n                | expected '$', got 'x'",
        "*2\\r\\n$1\\r\\na\\r\\n:1\\r\\n  | expected '$', got ':'",
        "*1\\r\\n\\r\\n                   | expected '$', got '\\r'",
        "SET \"abc\\r\\n                  | unbalanced quotes in request",
        "SET 'abc\\r\\n                   | unbalanced quotes in request",
        "SET \"a\"b\\r\\n                 | unbalanced quotes in request",
    })
    void protocolErrorsUseRedisText(String stream, String error) {
        ByteBuf in = Unpooled.copiedBuffer(unescape(stream), StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> drain(parser(), in))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("ERR Protocol error: " + unescape(error));
    }

    @Test
    void tooLongLinesAreRefusedOnlyPastTheInlineLimit() throws ProtocolException {
        int limit = ParserLimits.DEFAULT.maxInlineLength();
        assertThat(parser().next(ascii("x".repeat(limit)), true)).isNull();
        assertError(ascii("x".repeat(limit + 1)), true, "too big inline request");
        assertThat(parser().next(ascii("*" + "1".repeat(limit - 1)), true)).isNull();
        assertError(ascii("*" + "1".repeat(limit)), true, "too big mbulk count string");
        assertError(ascii("*1\r\n$" + "1".repeat(limit)), true, "too big bulk count string");
        // a complete line may be longer: Redis only measures lines that have not ended
        String word = "y".repeat(limit + 10);
        assertThat(drain(parser(), ascii("ECHO " + word + "\r\n"))).containsExactly("ECHO|" + word);
    }

    @Test
    void unauthenticatedClientsGetRedisSmallerLimits() throws ProtocolException {
        assertThat(parser().next(ascii("*10\r\n"), false)).isNull();
        assertError(ascii("*11\r\n"), false, "unauthenticated multibulk length");
        assertThat(parser().next(ascii("*11\r\n"), true)).isNull();
        assertError(ascii("*2147483648\r\n"), false, "invalid multibulk length");
        assertThat(parser().next(ascii("*1\r\n$16384\r\n"), false)).isNull();
        assertError(ascii("*1\r\n$16385\r\n"), false, "unauthenticated bulk length");
        assertThat(parser().next(ascii("*1\r\n$16385\r\n"), true)).isNull();
    }

    @Test
    void bulkLengthLimitComesFromTheConfiguration() throws ProtocolException {
        ParserLimits small = ParserLimits.DEFAULT.withMaxBulkLength(1024 * 1024);
        assertThat(new RespParser(small).next(ascii("*1\r\n$1048576\r\n"), true)).isNull();
        ByteBuf in = ascii("*1\r\n$1048577\r\n");
        assertThatThrownBy(() -> new RespParser(small).next(in, true))
                .hasMessage("ERR Protocol error: invalid bulk length");
    }

    @Test
    void afterAnErrorEveryCallFailsTheSameWay() {
        RespParser parser = parser();
        ByteBuf in = ascii("*1\r\n$x\r\n");
        assertThatThrownBy(() -> parser.next(in, true)).hasMessage("ERR Protocol error: invalid bulk length");
        ByteBuf valid = ascii("PING\r\n");
        assertThatThrownBy(() -> parser.next(valid, true)).hasMessage("ERR Protocol error: invalid bulk length");
        assertThat(valid.readerIndex()).isZero();
    }

    @Test
    void claimedHugeCountsAndLengthsAllocateNothingUpFront() throws ProtocolException {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        ByteBuf in = ascii("*2147483647\r\n$536870912\r\nabc");
        RespParser parser = parser();
        long before = threads.getCurrentThreadAllocatedBytes();
        assertThat(parser.next(in, true)).isNull();
        assertThat(parser.next(in, true)).isNull();
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated").isLessThan(64 * 1024);
        assertThat(in.readableBytes()).isEqualTo(3);
    }

    @Test
    void argumentArrayGrowsAsArgumentsArrive() throws ProtocolException {
        RespParser parser = parser();
        ByteBuf in = ascii("*5000\r\n" + "$1\r\nz\r\n".repeat(4999));
        assertThat(parser.next(in, true)).isNull();
        in.writeBytes("$2\r\nzz\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[][] command = parser.next(in, true);
        assertThat(command.length).isEqualTo(5000);
        assertThat(new String(command[4999], StandardCharsets.US_ASCII)).isEqualTo("zz");
    }

    // ---------------------------------------------------------------- helpers

    private record Case(String stream, String... commands) {}

    private static RespParser parser() {
        return new RespParser(ParserLimits.DEFAULT);
    }

    private static ByteBuf ascii(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
    }

    private static void assertError(ByteBuf in, boolean authenticated, String error) {
        assertThatThrownBy(() -> drain(parser(), in, authenticated)).hasMessage("ERR Protocol error: " + error);
    }

    private static List<String> drain(RespParser parser, ByteBuf in) throws ProtocolException {
        return drain(parser, in, true);
    }

    private static List<String> drain(RespParser parser, ByteBuf in, boolean authenticated)
            throws ProtocolException {
        List<String> commands = new ArrayList<>();
        byte[][] argv;
        while ((argv = parser.next(in, authenticated)) != null) {
            commands.add(Arrays.stream(argv)
                    .map(arg -> new String(arg, StandardCharsets.ISO_8859_1))
                    .collect(Collectors.joining("|")));
        }
        return commands;
    }

    /**
     * Feeds {@code bytes} in fragments ending at {@code cuts}, as a connection would: each fragment is appended to
     * what is left, and now and then the leftover moves to a fresh buffer, as Netty's cumulator does, so the
     * parser cannot rely on buffer positions between calls. Checks that nothing is left at the end.
     */
    private static List<String> feed(byte[] bytes, int[] cuts) throws ProtocolException {
        RespParser parser = parser();
        List<String> commands = new ArrayList<>();
        ByteBuf in = Unpooled.buffer();
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : bytes.length;
            in.writeBytes(bytes, from, to - from);
            from = to;
            commands.addAll(drain(parser, in));
            if (i % 2 == 1) {
                ByteBuf moved = Unpooled.buffer().writeBytes(in);
                in.release();
                in = moved;
            }
        }
        assertThat(in.readableBytes()).as("bytes left").isZero();
        assertThat(parser.inProgress()).isFalse();
        in.release();
        return commands;
    }

    private static int nextSplit(int at, int length) {
        return length < 5_000 || at < 200 || at > length - 200 ? at + 1 : at + 97;
    }

    private static String unescape(String text) {
        return text.replace("\\r", "\r").replace("\\n", "\n");
    }
}
