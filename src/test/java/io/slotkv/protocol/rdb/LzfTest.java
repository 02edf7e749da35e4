package io.slotkv.protocol.rdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LzfTest {

    /** Streams taken from redis-server 7.0's DUMP payloads of these strings (rdbcompression yes). */
    @Test
    void decompressesWhatRedisCompressed() throws DumpFormatException {
        assertThat(decompress("016161e05700016161", 100)).isEqualTo("a".repeat(100));
        assertThat(decompress("0d68656c6c6f20776f726c642c2068e04f0c012c20", 104))
                .isEqualTo("hello world, ".repeat(8));
        StringBuilder alphabet = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            alphabet.append((char) ('A' + i % 26));
        }
        assertThat(decompress("1a4142434445464748494a4b4c4d4e4f505152535455565758595a41e018190930313233343536373839"
                + "e00a090039", 90)).isEqualTo(alphabet + "0123456789".repeat(3));
    }

    @Test
    void roundTripsLiteralsShortAndLongReferencesAndOverlaps() throws DumpFormatException {
        Random random = new Random(5);
        for (int round = 0; round < 200; round++) {
            byte[] data = new byte[random.nextInt(20_000)];
            for (int i = 0; i < data.length; i++) {
                // few distinct bytes: long matches, short matches and literal runs all occur
                data[i] = (byte) (random.nextInt(round % 7 + 1) + 'a');
            }
            byte[] compressed = CompactEncodingsTest.Blobs.lzf(data);
            byte[] out = new byte[data.length];
            Lzf.decompress(compressed, out);
            assertThat(out).isEqualTo(data);
        }
    }

    @Test
    void refusesStreamsThatDoNotFillTheDeclaredSize() {
        byte[] stream = HexFormat.of().parseHex("016161e05700016161");
        assertRefused(stream, 97, "LZF back reference outside the data");
        assertRefused(stream, 99, "LZF literal run overruns the data");
        assertRefused(stream, 101, "LZF data is 100 bytes, 101 declared");
        assertRefused(HexFormat.of().parseHex("0461"), 5, "LZF literal run overruns the data");
        assertRefused(HexFormat.of().parseHex("0061e0"), 100, "LZF back reference truncated");
        assertRefused(HexFormat.of().parseHex("006120"), 100, "LZF back reference truncated");
        // a reference one byte further back than anything written
        assertRefused(HexFormat.of().parseHex("00612001"), 4, "LZF back reference outside the data");
        assertRefused(HexFormat.of().parseHex("00"), 1, "LZF literal run overruns the data");
    }

    private static String decompress(String hex, int size) throws DumpFormatException {
        byte[] out = new byte[size];
        Lzf.decompress(HexFormat.of().parseHex(hex), out);
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    private static void assertRefused(byte[] stream, int size, String message) {
        assertThatThrownBy(() -> Lzf.decompress(stream, new byte[size])).isInstanceOf(DumpFormatException.class)
                .hasMessage(message);
    }
}
