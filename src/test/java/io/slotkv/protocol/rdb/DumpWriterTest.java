package io.slotkv.protocol.rdb;

import static io.slotkv.protocol.rdb.CompactEncodingsTest.Blobs.ascii;
import static io.slotkv.protocol.rdb.CompactEncodingsTest.Blobs.describe;
import static io.slotkv.protocol.rdb.CompactEncodingsTest.Blobs.show;
import static io.slotkv.protocol.rdb.CompactEncodingsTest.Blobs.withFooter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DumpWriterTest {

    @Test
    void stringsAreWrittenAsRedisWritesThem() {
        // the same object bytes as Redis 7.0's DUMP of "hello", with version 9
        assertThat(hex(DumpWriter.string(ascii("hello")))).isEqualTo(hex(withFooter(
                HexFormat.of().parseHex("000568656c6c6f"), 9)));
        assertObject(DumpWriter.string(ascii("12345")), "00c13930");
        assertObject(DumpWriter.string(ascii("0")), "00c000");
        assertObject(DumpWriter.string(ascii("-128")), "00c080");
        assertObject(DumpWriter.string(ascii("128")), "00c18000");
        assertObject(DumpWriter.string(ascii("-32769")), "00c2ff7fffff");
        assertObject(DumpWriter.string(ascii("-2147483648")), "00c200000080");
        // not integers Redis would write as one: too wide, not canonical, or too long
        assertObject(DumpWriter.string(ascii("2147483648")), "000a32313437343833363438");
        assertObject(DumpWriter.string(ascii("007")), "0003303037");
        assertObject(DumpWriter.string(ascii("-0")), "00022d30");
        assertObject(DumpWriter.string(ascii("+1")), "00022b31");
        assertObject(DumpWriter.string(ascii("")), "0000");
    }

    @Test
    void lengthsUseTheShortestForm() {
        assertObject(DumpWriter.string(new byte[63]), "003f" + "00".repeat(63));
        assertObject(DumpWriter.string(new byte[64]), "004040" + "00".repeat(64));
        assertObject(DumpWriter.string(new byte[16383]), "007fff" + "00".repeat(16383));
        assertObject(DumpWriter.string(new byte[16384]), "008000004000" + "00".repeat(16384));
        DumpWriter list = DumpWriter.list(1L << 32);
        assertThat(list.bytes()).isEqualTo(10);
        DumpWriter set = DumpWriter.set(0xFFFF_FFFFL);
        assertThat(set.bytes()).isEqualTo(6);
    }

    @Test
    void collectionsAreWrittenInPlainEncodings() {
        DumpWriter list = DumpWriter.list(2);
        list.element(ascii("a"));
        list.element(ascii("300"));
        assertObject(list.finish(), "01" + "02" + "0161" + "c12c01");
        DumpWriter set = DumpWriter.set(1);
        set.element(ascii("m"));
        assertObject(set.finish(), "02" + "01" + "016d");
        DumpWriter hash = DumpWriter.hash(1);
        hash.field(ascii("f"), ascii("v"));
        assertObject(hash.finish(), "04" + "01" + "0166" + "0176");
        DumpWriter zset = DumpWriter.zset(2);
        zset.member(ascii("a"), 1.5);
        zset.member(ascii("b"), Double.NEGATIVE_INFINITY);
        assertObject(zset.finish(), "05" + "02" + "0161" + "000000000000f83f" + "0162" + "000000000000f0ff");
    }

    @Test
    void everyTypeDecodesBack() throws DumpFormatException {
        Random random = new Random(9);
        List<byte[]> items = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            byte[] item = new byte[random.nextInt(i % 100 == 0 ? 20_000 : 30)];
            random.nextBytes(item);
            items.add(i % 3 == 0 ? ascii(Long.toString(random.nextLong() >> random.nextInt(64))) : item);
        }
        items = items.stream().map(ByteBuffer::wrap).distinct().map(ByteBuffer::array).toList();
        DumpWriter list = DumpWriter.list(items.size());
        DumpWriter set = DumpWriter.set(items.size());
        DumpWriter hash = DumpWriter.hash(items.size());
        DumpWriter zset = DumpWriter.zset(items.size());
        double[] scores = new double[items.size()];
        double[] special = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, 1e-300, Double.MIN_VALUE,
            Double.MAX_VALUE, -1};
        for (int i = 0; i < items.size(); i++) {
            byte[] item = items.get(i);
            list.element(item);
            set.element(item);
            hash.field(item, items.get(items.size() - 1 - i));
            scores[i] = i < special.length ? special[i] : random.nextGaussian() * 1e6;
            zset.member(item, scores[i]);
        }
        assertThat(((DumpValue.ListValue) DumpReader.read(list.finish())).elements())
                .containsExactlyElementsOf(items);
        assertThat(((DumpValue.SetValue) DumpReader.read(set.finish())).members()).containsExactlyElementsOf(items);
        DumpValue.HashValue h = (DumpValue.HashValue) DumpReader.read(hash.finish());
        assertThat(h.fields()).containsExactlyElementsOf(items);
        assertThat(h.values()).containsExactlyElementsOf(items.reversed());
        DumpValue.ZSetValue z = (DumpValue.ZSetValue) DumpReader.read(zset.finish());
        assertThat(z.members()).containsExactlyElementsOf(items);
        assertThat(Arrays.stream(z.scores()).mapToLong(Double::doubleToRawLongBits).toArray())
                .isEqualTo(Arrays.stream(scores).mapToLong(Double::doubleToRawLongBits).toArray());
        for (byte[] item : items) {
            assertThat(describe(DumpReader.read(DumpWriter.string(item)))).isEqualTo("string:" + show(item));
        }
    }

    @Test
    void payloadsPassVerification() {
        DumpWriter list = DumpWriter.list(3);
        for (int i = 0; i < 3; i++) {
            list.element(new byte[100_000]);
            assertThat(list.bytes()).isEqualTo(2 + (i + 1) * 100_005L);
        }
        byte[] payload = list.finish();
        assertThat(payload).hasSize(2 + 3 * 100_005 + 10);
        assertThat(DumpReader.verify(payload)).isTrue();
        assertThat(payload[payload.length - 10]).isEqualTo((byte) DumpWriter.VERSION);
        assertThat(DumpReader.verify(DumpWriter.string(new byte[0]))).isTrue();
    }

    @Test
    void misuseIsRefused() {
        assertThatThrownBy(() -> DumpWriter.list(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a collection needs at least one element, not 0");
        DumpWriter list = DumpWriter.list(2);
        list.element(ascii("a"));
        assertThatThrownBy(list::finish).isInstanceOf(IllegalStateException.class)
                .hasMessage("1 of 2 items written");
        assertThatThrownBy(() -> list.field(ascii("f"), ascii("v"))).isInstanceOf(IllegalStateException.class)
                .hasMessage("a list payload has no field items");
        list.element(ascii("b"));
        assertThatThrownBy(() -> list.element(ascii("c"))).isInstanceOf(IllegalStateException.class)
                .hasMessage("all 2 items are already written");
        list.finish();
        assertThatThrownBy(list::finish).isInstanceOf(IllegalStateException.class)
                .hasMessage("the payload is finished");
        DumpWriter zset = DumpWriter.zset(1);
        assertThatThrownBy(() -> zset.member(ascii("m"), Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a score cannot be NaN");
        assertThatThrownBy(() -> zset.element(ascii("m"))).isInstanceOf(IllegalStateException.class)
                .hasMessage("a zset payload has no element items");
    }

    private static void assertObject(byte[] payload, String objectHex) {
        assertThat(hex(payload)).isEqualTo(hex(withFooter(HexFormat.of().parseHex(objectHex), 9)));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
