package io.slotkv.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class RespWriterTest {

    @Test
    void simpleRepliesAndErrors() {
        assertBoth(RespWriter::ok, "+OK\r\n");
        assertBoth(w -> w.simple("PONG"), "+PONG\r\n");
        assertBoth(w -> w.error("ERR bad"), "-ERR bad\r\n");
        assertBoth(w -> w.error("ERR a\r\nb\nc"), "-ERR a  b c\r\n");
    }

    @Test
    void errorsKeepUtf8Text() {
        ByteBuf out = Unpooled.buffer();
        new RespWriter(out).error("ERR unknown command 'é'");
        assertThat(ByteBufUtil.getBytes(out))
                .isEqualTo("-ERR unknown command 'é'\r\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void integers() {
        assertBoth(w -> w.integer(0), ":0\r\n");
        assertBoth(w -> w.integer(1023), ":1023\r\n");
        assertBoth(w -> w.integer(1024), ":1024\r\n");
        assertBoth(w -> w.integer(-1), ":-1\r\n");
        assertBoth(w -> w.integer(-1024), ":-1024\r\n");
        assertBoth(w -> w.integer(Long.MAX_VALUE), ":9223372036854775807\r\n");
        assertBoth(w -> w.integer(Long.MIN_VALUE), ":-9223372036854775808\r\n");
        assertBoth(w -> w.integer(Long.MIN_VALUE + 1), ":-9223372036854775807\r\n");
        assertBoth(w -> w.integer(1_000_000_000_000L), ":1000000000000\r\n");
    }

    @Test
    void bulkStringsAroundTheCachedHeaders() {
        for (int length : new int[] {0, 1, 9, 10, 1023, 1024, 1025, 100_000}) {
            String value = "v".repeat(length);
            assertBoth(w -> w.bulk(value.getBytes(StandardCharsets.US_ASCII)), "$" + length + "\r\n" + value + "\r\n");
        }
        assertBoth(w -> w.bulk("é"), "$2\r\né\r\n");
        assertBoth(w -> w.bulkDecimal(-5), "$2\r\n-5\r\n");
        assertBoth(w -> w.bulkDecimal(Long.MIN_VALUE), "$20\r\n-9223372036854775808\r\n");
    }

    @Test
    void nullsDependOnTheProtocol() {
        assertResp(w -> w.bulk((byte[]) null), "$-1\r\n", "_\r\n");
        assertResp(RespWriter::nullBulk, "$-1\r\n", "_\r\n");
        assertResp(RespWriter::nullArray, "*-1\r\n", "_\r\n");
    }

    @Test
    void aggregates() {
        assertBoth(w -> w.array(0), "*0\r\n");
        assertBoth(w -> w.array(1023), "*1023\r\n");
        assertBoth(w -> w.array(1024), "*1024\r\n");
        assertResp(w -> w.map(2), "*4\r\n", "%2\r\n");
        assertResp(w -> w.map(511), "*1022\r\n", "%511\r\n");
        assertResp(w -> w.map(512), "*1024\r\n", "%512\r\n");
        assertResp(w -> w.map(0), "*0\r\n", "%0\r\n");
        assertResp(w -> w.set(3), "*3\r\n", "~3\r\n");
        assertResp(w -> w.set(1024), "*1024\r\n", "~1024\r\n");
        assertResp(w -> w.push(2), "*2\r\n", ">2\r\n");
    }

    @Test
    void aMapOfValues() {
        assertResp(w -> {
            w.map(2);
            w.bulk("a");
            w.integer(1);
            w.bulk("b");
            w.nullBulk();
        }, "*4\r\n$1\r\na\r\n:1\r\n$1\r\nb\r\n$-1\r\n", "%2\r\n$1\r\na\r\n:1\r\n$1\r\nb\r\n_\r\n");
    }

    @Test
    void doubles() {
        assertResp(w -> w.doubleValue(1.5), "$3\r\n1.5\r\n", ",1.5\r\n");
        assertResp(w -> w.doubleValue(3.0), "$1\r\n3\r\n", ",3\r\n");
        assertResp(w -> w.doubleValue(0.1), "$3\r\n0.1\r\n", ",0.1\r\n");
        assertResp(w -> w.doubleValue(1e20), "$5\r\n1e+20\r\n", ",1e+20\r\n");
        assertResp(w -> w.doubleValue(-2.5e-7), "$7\r\n-2.5e-7\r\n", ",-2.5e-7\r\n");
        assertResp(w -> w.doubleValue(-0.0), "$2\r\n-0\r\n", ",-0\r\n");
        assertResp(w -> w.doubleValue(Double.POSITIVE_INFINITY), "$3\r\ninf\r\n", ",inf\r\n");
        assertResp(w -> w.doubleValue(Double.NEGATIVE_INFINITY), "$4\r\n-inf\r\n", ",-inf\r\n");
        assertResp(w -> w.doubleValue(Double.NaN), "$3\r\nnan\r\n", ",nan\r\n");
    }

    @Test
    void booleans() {
        assertResp(w -> w.bool(true), ":1\r\n", "#t\r\n");
        assertResp(w -> w.bool(false), ":0\r\n", "#f\r\n");
    }

    @Test
    void verbatimText() {
        assertResp(w -> w.verbatim("hello"), "$5\r\nhello\r\n", "=9\r\ntxt:hello\r\n");
        assertResp(w -> w.verbatim("a\r\nb"), "$4\r\na\r\nb\r\n", "=8\r\ntxt:a\r\nb\r\n");
        assertResp(w -> w.verbatim("é"), "$2\r\né\r\n", "=6\r\ntxt:é\r\n");
    }

    @Test
    void rawBytesAreCopiedWithoutConsumingThem() {
        ByteBuf captured = Unpooled.copiedBuffer(":1\r\n", StandardCharsets.US_ASCII);
        assertBoth(w -> w.raw(captured), ":1\r\n");
        assertThat(captured.readableBytes()).isEqualTo(4);
    }

    @Test
    void outputCanBeRedirected() {
        ByteBuf first = Unpooled.buffer();
        ByteBuf second = Unpooled.buffer();
        RespWriter writer = new RespWriter(first);
        writer.ok();
        writer.target(second);
        writer.integer(7);
        assertThat(writer.target()).isSameAs(second);
        assertThat(first.toString(StandardCharsets.UTF_8)).isEqualTo("+OK\r\n");
        assertThat(second.toString(StandardCharsets.UTF_8)).isEqualTo(":7\r\n");
    }

    @Test
    void onlyProtocolsTwoAndThreeExist() {
        RespWriter writer = new RespWriter(Unpooled.buffer());
        assertThat(writer.protocol()).isEqualTo(2);
        assertThat(writer.resp3()).isFalse();
        writer.protocol(3);
        assertThat(writer.resp3()).isTrue();
        assertThatThrownBy(() -> writer.protocol(4)).isInstanceOf(IllegalArgumentException.class);
        assertThat(writer.protocol()).isEqualTo(3);
    }

    private static void assertBoth(Consumer<RespWriter> reply, String expected) {
        assertResp(reply, expected, expected);
    }

    private static void assertResp(Consumer<RespWriter> reply, String resp2, String resp3) {
        assertThat(write(reply, 2)).as("RESP2").isEqualTo(resp2);
        assertThat(write(reply, 3)).as("RESP3").isEqualTo(resp3);
    }

    private static String write(Consumer<RespWriter> reply, int protocol) {
        ByteBuf out = Unpooled.buffer(4);
        RespWriter writer = new RespWriter(out);
        writer.protocol(protocol);
        reply.accept(writer);
        return out.toString(StandardCharsets.UTF_8);
    }
}
