package io.slotkv.protocol.rdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Damages valid payloads of every encoding at random and re-computes their checksum, so that the parser, not the
 * checksum, has to catch the damage: every result must be a well-formed value or a {@link DumpFormatException}.
 */
class DumpFuzzTest {
    private static final int MUTATIONS = 6000;
    /** Lengths that claim far more than any payload holds. */
    private static final int[][] HUGE_LENGTHS = {
        {0x81, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}, {0x81, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF},
        {0x80, 0xFF, 0xFF, 0xFF, 0xFF}, {0x80, 0x7F, 0xFF, 0xFF, 0xF0}, {0xBF, 0xFF}, {0x7F, 0xFF},
        {0xC3, 0x01, 0x80, 0x7F, 0xFF, 0xFF, 0xFF}, {0xF0, 0xFF, 0xFF, 0xFF, 0x7F}, {0xFE, 0xFF, 0xFF, 0xFF, 0x7F}};

    @Test
    void damagedPayloadsDecodeOrFailCleanly() {
        List<byte[]> seeds = seeds();
        Random random = new Random(20_240_611);
        int[] outcomes = new int[2];
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < MUTATIONS; i++) {
                byte[] seed = seeds.get(random.nextInt(seeds.size()));
                byte[] payload = mutate(seed, random);
                assertThat(DumpReader.verify(payload)).isTrue();
                try {
                    assertWellFormed(DumpReader.read(payload));
                    outcomes[0]++;
                } catch (DumpFormatException refused) {
                    assertThat(refused.getMessage()).isNotBlank();
                    outcomes[1]++;
                } catch (RuntimeException | Error e) {
                    throw new AssertionError("mutation " + i + ": " + HexFormat.of().formatHex(payload), e);
                }
            }
        });
        // both outcomes occur: the mutations neither all break the payloads nor all miss
        assertThat(outcomes[0]).isGreaterThan(MUTATIONS / 50);
        assertThat(outcomes[1]).isGreaterThan(MUTATIONS / 2);
    }

    @Test
    void truncationAtEveryByteFailsCleanly() {
        for (byte[] seed : seeds()) {
            byte[] object = Arrays.copyOf(seed, seed.length - 10);
            int version = seed[seed.length - 10];
            for (int cut = 0; cut < object.length; cut++) {
                byte[] payload = CompactEncodingsTest.Blobs.withFooter(Arrays.copyOf(object, cut), version);
                assertThatCode(() -> {
                    try {
                        DumpReader.read(payload);
                    } catch (DumpFormatException expected) {
                        // refused cleanly
                    }
                }).as(HexFormat.of().formatHex(payload)).doesNotThrowAnyException();
            }
        }
    }

    private static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        CompactEncodingsTest.Blobs.samples().forEach(s -> seeds.add(s.payload()));
        DumpReaderTest.REDIS_PAYLOADS.forEach(p -> seeds.add(HexFormat.of().parseHex(p[0])));
        DumpWriter list = DumpWriter.list(3);
        DumpWriter hash = DumpWriter.hash(3);
        DumpWriter zset = DumpWriter.zset(3);
        for (int i = 0; i < 3; i++) {
            byte[] item = CompactEncodingsTest.Blobs.ascii(i == 0 ? "x".repeat(70) : Integer.toString(i * 1000));
            list.element(item);
            hash.field(item, item);
            zset.member(item, i == 1 ? Double.NEGATIVE_INFINITY : i);
        }
        seeds.add(list.finish());
        seeds.add(hash.finish());
        seeds.add(zset.finish());
        return seeds;
    }

    /** One to three random kinds of damage to the object part; then the footer is written anew. */
    private static byte[] mutate(byte[] seed, Random random) {
        int version = seed[seed.length - 10];
        byte[] object = Arrays.copyOf(seed, seed.length - 10);
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
            object = damage(object, random);
        }
        return CompactEncodingsTest.Blobs.withFooter(object, version);
    }

    private static byte[] damage(byte[] object, Random random) {
        int at = object.length == 0 ? 0 : random.nextInt(object.length);
        switch (random.nextInt(7)) {
            case 0 -> {
                if (object.length > 0) {
                    object[at] ^= (byte) (1 << random.nextInt(8));
                }
                return object;
            }
            case 1 -> {
                if (object.length > 0) {
                    object[at] = (byte) random.nextInt(256);
                }
                return object;
            }
            case 2 -> {
                return Arrays.copyOf(object, at);
            }
            case 3 -> {
                int[] huge = HUGE_LENGTHS[random.nextInt(HUGE_LENGTHS.length)];
                byte[] bytes = new byte[huge.length];
                for (int i = 0; i < huge.length; i++) {
                    bytes[i] = (byte) huge[i];
                }
                return splice(object, at, random.nextBoolean() ? 0 : Math.min(bytes.length, object.length - at),
                        bytes);
            }
            case 4 -> {
                int length = random.nextInt(Math.min(8, object.length - at) + 1);
                return splice(object, at, length, new byte[0]);
            }
            case 5 -> {
                int length = random.nextInt(Math.min(16, object.length - at) + 1);
                return splice(object, at, 0, Arrays.copyOfRange(object, at, at + length));
            }
            default -> {
                byte[] garbage = new byte[1 + random.nextInt(4)];
                random.nextBytes(garbage);
                return splice(object, object.length, 0, garbage);
            }
        }
    }

    /** {@code object} with {@code removed} bytes at {@code at} replaced by {@code inserted}. */
    private static byte[] splice(byte[] object, int at, int removed, byte[] inserted) {
        byte[] out = new byte[object.length - removed + inserted.length];
        System.arraycopy(object, 0, out, 0, at);
        System.arraycopy(inserted, 0, out, at, inserted.length);
        System.arraycopy(object, at + removed, out, at + inserted.length, object.length - at - removed);
        return out;
    }

    private static void assertWellFormed(DumpValue value) {
        switch (value) {
            case DumpValue.StringValue s -> assertThat(s.value()).isNotNull();
            case DumpValue.ListValue l -> assertThat(l.elements()).isNotEmpty().doesNotContainNull();
            case DumpValue.SetValue s -> assertDistinct(s.members());
            case DumpValue.HashValue h -> {
                assertDistinct(h.fields());
                assertThat(h.values()).hasSameSizeAs(h.fields()).doesNotContainNull();
            }
            case DumpValue.ZSetValue z -> {
                assertDistinct(z.members());
                assertThat(z.scores()).hasSize(z.members().size());
                assertThat(Arrays.stream(z.scores()).noneMatch(Double::isNaN)).isTrue();
            }
        }
    }

    private static void assertDistinct(List<byte[]> items) {
        assertThat(items).isNotEmpty();
        Set<ByteBuffer> distinct = new HashSet<>();
        items.forEach(item -> distinct.add(ByteBuffer.wrap(item)));
        assertThat(distinct).hasSize(items.size());
    }
}
