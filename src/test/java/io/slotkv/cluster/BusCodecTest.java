package io.slotkv.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BusCodecTest {
    private static final String A = "a".repeat(40);
    private static final String B = "0123456789abcdef0123456789abcdef01234567";
    private static final String C = "f".repeat(40);

    static BusMessage.Header header() {
        BitSet slots = new BitSet();
        slots.set(0);
        slots.set(9);
        slots.set(100, 200);
        slots.set(16383);
        return new BusMessage.Header(A, 7, 5, NodeFlag.mask(java.util.EnumSet.of(NodeFlag.MYSELF, NodeFlag.MASTER)),
                "10.0.0.1", 7000, 17000, NodeId.NONE, SlotBitmap.of(slots));
    }

    static List<BusMessage> everyType() {
        BusMessage.Header h = header();
        List<BusMessage.Gossip> gossip = List.of(
                new BusMessage.Gossip(B, "::ffff:127.0.0.1", 7001, 17001, 1 << NodeFlag.MASTER.ordinal()),
                new BusMessage.Gossip(C, "", 0, 0, NodeFlag.ALL));
        BusMessage.Header replica = new BusMessage.Header(B, Long.MAX_VALUE, 0, 1 << NodeFlag.SLAVE.ordinal(),
                "2001:db8::1", 65535, 1, A, SlotBitmap.EMPTY);
        return List.of(
                new BusMessage.Heartbeat(MessageType.PING, h, B, "10.0.0.2", gossip),
                new BusMessage.Heartbeat(MessageType.PONG, replica, NodeId.NONE, "", List.of()),
                new BusMessage.Heartbeat(MessageType.MEET, h, C, "10.0.0.3", gossip.subList(0, 1)),
                new BusMessage.Fail(h, B),
                new BusMessage.Update(h, C, 42, h.slots()));
    }

    @Test
    void everyTypeRoundTrips() throws BusFormatException {
        for (BusMessage message : everyType()) {
            byte[] frame = BusCodec.encode(message);
            assertThat(BusCodec.frameLength(frame)).isEqualTo(frame.length);
            assertThat(BusCodec.decode(frame)).isEqualTo(message);
        }
    }

    /** The layout in BusCodec's javadoc, byte by byte: the format other implementations would read. */
    @Test
    void headerAndBodiesSitAtTheDocumentedOffsets() {
        BusMessage ping = everyType().get(0);
        byte[] frame = BusCodec.encode(ping);
        assertThat(ascii(frame, 0, 4)).isEqualTo("SKVB");
        assertThat(u16(frame, 4)).isEqualTo(1);
        assertThat(u16(frame, 6)).isEqualTo(0);
        assertThat(u32(frame, 8)).isEqualTo(2208 + 88 + 2 * 92).isEqualTo(frame.length);
        assertThat(ascii(frame, 12, 40)).isEqualTo(A);
        assertThat(u32(frame, 52) << 32 | u32(frame, 56)).isEqualTo(7);
        assertThat(u32(frame, 60) << 32 | u32(frame, 64)).isEqualTo(5);
        assertThat(u16(frame, 68)).isEqualTo(0b11);
        assertThat(u16(frame, 70)).isEqualTo(7000);
        assertThat(u16(frame, 72)).isEqualTo(17000);
        assertThat(frame[74]).isEqualTo((byte) 8);
        assertThat(ascii(frame, 75, 8)).isEqualTo("10.0.0.1");
        assertThat(Arrays.copyOfRange(frame, 83, 160)).containsOnly(0);
        // slots 0 and 9, 100-199 and 16383: Redis's bitmap layout, least significant bit first
        assertThat(frame[160]).isEqualTo((byte) 0x01);
        assertThat(frame[161]).isEqualTo((byte) 0x02);
        assertThat(frame[160 + 12]).isEqualTo((byte) 0xF0);
        assertThat(frame[160 + 24]).isEqualTo((byte) 0xFF);
        assertThat(frame[2207]).isEqualTo((byte) 0x80);
        assertThat(ascii(frame, 2208, 40)).isEqualTo(B);
        assertThat(frame[2248]).isEqualTo((byte) 8);
        assertThat(ascii(frame, 2249, 8)).isEqualTo("10.0.0.2");
        assertThat(u16(frame, 2294)).isEqualTo(2);
        assertThat(ascii(frame, 2296, 40)).isEqualTo(B);
        assertThat(ascii(frame, 2337, 16)).isEqualTo("::ffff:127.0.0.1");
        assertThat(u16(frame, 2382)).isEqualTo(7001);
        assertThat(u16(frame, 2384)).isEqualTo(17001);
        assertThat(u16(frame, 2386)).isEqualTo(0b10);

        byte[] pong = BusCodec.encode(everyType().get(1));
        assertThat(ascii(pong, 120, 40)).isEqualTo(A);
        assertThat(Arrays.copyOfRange(pong, 2208, 2248)).containsOnly(0);
        assertThat(BusCodec.encode(everyType().get(3))).hasSize(2248);
        byte[] update = BusCodec.encode(everyType().get(4));
        assertThat(update).hasSize(4304);
        assertThat(u32(update, 2248) << 32 | u32(update, 2252)).isEqualTo(42);
        assertThat(Arrays.copyOfRange(update, 2256, 4304)).isEqualTo(Arrays.copyOfRange(update, 160, 2208));
    }

    @Test
    void everyTruncationIsRejected() {
        for (BusMessage message : everyType()) {
            byte[] frame = BusCodec.encode(message);
            for (int length = 0; length < frame.length; length++) {
                byte[] prefix = Arrays.copyOf(frame, length);
                assertThatThrownBy(() -> BusCodec.decode(prefix)).isInstanceOf(BusFormatException.class);
            }
            byte[] longer = Arrays.copyOf(frame, frame.length + 1);
            assertThatThrownBy(() -> BusCodec.decode(longer))
                    .isInstanceOf(BusFormatException.class)
                    .hasMessage("length field says " + frame.length + " bytes, frame has " + longer.length);
        }
    }

    @Test
    void badPrefixFields() {
        rejects(0, f -> f[0] = 'X', "bad magic (expected: \"SKVB\")");
        rejects(0, f -> f[5] = 2, "unsupported version 2 (expected: 1)");
        rejects(0, f -> f[7] = 5, "unknown message type 5");
        rejects(0, f -> f[6] = 1, "unknown message type 256");
        rejects(0, f -> putU32(f, 8, 100), "frame length 100 (expected: 2208-" + BusCodec.MAX_FRAME + ")");
        rejects(0, f -> putU32(f, 8, 0xFFFFFFFFL),
                "frame length 4294967295 (expected: 2208-" + BusCodec.MAX_FRAME + ")");
        assertThatThrownBy(() -> BusCodec.frameLength(new byte[11]))
                .hasMessage("frame prefix of 11 bytes (expected: 12)");
    }

    @Test
    void badHeaderFields() {
        rejects(0, f -> f[12] = 'A', "sender is not 40 lowercase hex characters");
        rejects(0, f -> Arrays.fill(f, 12, 52, (byte) 0), "sender is missing");
        rejects(0, f -> f[52] = (byte) 0x80, "currentEpoch 9223372036854775815 (expected: < 2^63)");
        rejects(0, f -> f[60] = (byte) 0xFF, "configEpoch 18374686479671623685 (expected: < 2^63)");
        rejects(0, f -> f[68] = 1, "unknown node flag bits 0x100");
        rejects(0, f -> f[74] = 46, "ip length 46 (expected: <= 45)");
        rejects(0, f -> f[76] = 'x', "ip has character 0x78 at 1, not in an IP address");
        rejects(0, f -> f[100] = 1, "ip has non-zero bytes after its 8 characters");
        rejects(0, f -> f[120] = 'g', "master id is not 40 lowercase hex characters");
    }

    @Test
    void badBodyFields() {
        rejects(0, f -> f[2208] = '-', "link id is not 40 lowercase hex characters");
        rejects(0, f -> f[2248] = 9, "link ip has character 0x0 at 8, not in an IP address");
        rejects(0, f -> f[2295] = 3, "PING frame of 2480 bytes (expected: 2572)");
        rejects(0, f -> f[2294] = (byte) 0xFF, "gossip count 65282 (expected: <= 4096)");
        rejects(0, f -> Arrays.fill(f, 2296, 2336, (byte) 0), "gossip node id is missing");
        rejects(0, f -> f[2336] = 17, "gossip ip has character 0x0 at 16, not in an IP address");
        rejects(0, f -> f[2386] = 1, "unknown node flag bits 0x100");
        rejects(3, f -> f[2208] = 'Z', "failing node id is not 40 lowercase hex characters");
        rejects(4, f -> f[2248] = (byte) 0x80, "update configEpoch 9223372036854775850 (expected: < 2^63)");
        rejects(4, f -> putU32(f, 8, 4305), "length field says 4305 bytes, frame has 4304");
    }

    @Test
    void typeAndLengthMustAgree() {
        rejects(3, f -> f[7] = 4, "UPDATE frame of 2248 bytes (expected: 4304)");
        rejects(4, f -> f[7] = 3, "FAIL frame of 4304 bytes (expected: 2248)");
    }

    /**
     * Random mutations of valid frames: decoding either succeeds or throws BusFormatException, and whatever
     * decodes encodes back to the same bytes (the format has one encoding per message).
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void mutatedFramesNeverCrashTheDecoder(long seed) {
        Random random = new Random(seed);
        List<BusMessage> messages = everyType();
        int decoded = 0;
        for (int round = 0; round < 3000; round++) {
            byte[] frame = BusCodec.encode(messages.get(random.nextInt(messages.size())));
            frame = mutate(frame, random);
            try {
                BusMessage message = BusCodec.decode(frame);
                assertThat(BusCodec.encode(message)).isEqualTo(frame);
                decoded++;
            } catch (BusFormatException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
        assertThat(decoded).as("some mutations keep the frame valid").isPositive();
    }

    private static byte[] mutate(byte[] frame, Random random) {
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            switch (random.nextInt(6)) {
                case 0 -> frame[random.nextInt(frame.length)] ^= (byte) (1 << random.nextInt(8));
                case 1 -> frame[random.nextInt(frame.length)] = (byte) random.nextInt(256);
                case 2 -> frame = Arrays.copyOf(frame, random.nextInt(frame.length + 1));
                case 3 -> frame = Arrays.copyOf(frame, frame.length + random.nextInt(200));
                case 4 -> {
                    if (frame.length >= 12) {
                        putU32(frame, 8, random.nextInt(2) == 0 ? frame.length : random.nextInt(6000));
                    }
                }
                default -> {
                    // a slot bit flips: stays valid
                    if (frame.length > 2207) {
                        frame[160 + random.nextInt(2048)] ^= 1;
                    }
                }
            }
        }
        return frame;
    }

    private static void rejects(int type, Consumer<byte[]> corruption, String message) {
        byte[] frame = BusCodec.encode(everyType().get(type));
        corruption.accept(frame);
        assertThatThrownBy(() -> BusCodec.decode(frame)).isInstanceOf(BusFormatException.class).hasMessage(message);
    }

    @Test
    void messagesRefuseInvalidFieldsAtConstruction() {
        assertThatThrownBy(() -> new BusMessage.Gossip("x", "", 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nodeId: x (expected: 40 lowercase hex characters)");
        assertThatThrownBy(() -> new BusMessage.Heartbeat(MessageType.FAIL, header(), "", "", List.of()))
                .hasMessage("type: FAIL (expected: PING, PONG or MEET)");
        assertThatThrownBy(() -> new BusMessage.Fail(header(), NodeId.NONE))
                .hasMessage("nodeId:  (expected: 40 lowercase hex characters)");
    }

    @Test
    void anEmptySenderIpIsFilledByTheTransport() {
        BusMessage.Header h = header();
        BusMessage.Header unknown = new BusMessage.Header(h.sender(), 1, 1, 0, "", 1, 2, "", SlotBitmap.EMPTY);
        BusMessage fail = new BusMessage.Fail(unknown, B);
        assertThat(fail.withSenderIp("10.1.1.1").header().ip()).isEqualTo("10.1.1.1");
        BusMessage known = new BusMessage.Fail(h, B);
        assertThat(known.withSenderIp("10.1.1.1")).isSameAs(known);
    }

    private static String ascii(byte[] frame, int offset, int length) {
        return new String(frame, offset, length, StandardCharsets.US_ASCII);
    }

    private static int u16(byte[] frame, int offset) {
        return (frame[offset] & 0xFF) << 8 | frame[offset + 1] & 0xFF;
    }

    private static long u32(byte[] frame, int offset) {
        return (long) u16(frame, offset) << 16 | u16(frame, offset + 2);
    }

    private static void putU32(byte[] frame, int offset, long value) {
        for (int i = 0; i < 4; i++) {
            frame[offset + i] = (byte) (value >>> (24 - 8 * i));
        }
    }
}
