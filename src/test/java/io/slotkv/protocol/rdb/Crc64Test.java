package io.slotkv.protocol.rdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Crc64Test {

    @Test
    void checkValueOfTheJonesPolynomial() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(Crc64.update(0, check, 0, check.length)).isEqualTo(0xe9c6d914c4b8d9caL);
        assertThat(Crc64.update(0, new byte[0], 0, 0)).isZero();
    }

    @Test
    void continuesOverPiecesAndHonoursTheRange() {
        byte[] data = new byte[10_000];
        new Random(64).nextBytes(data);
        long whole = Crc64.update(0, data, 0, data.length);
        long pieces = 0;
        for (int from = 0; from < data.length; from += 777) {
            pieces = Crc64.update(pieces, data, from, Math.min(777, data.length - from));
        }
        assertThat(pieces).isEqualTo(whole);
        byte[] framed = "xx123456789yy".getBytes(StandardCharsets.US_ASCII);
        assertThat(Crc64.update(0, framed, 2, 9)).isEqualTo(0xe9c6d914c4b8d9caL);
    }

    /** The footer of redis-server 7.0's DUMP of "hello": the CRC covers the value and the version. */
    @Test
    void matchesTheChecksumOfARedisPayload() {
        byte[] payload = HexFormat.of().parseHex(DumpReaderTest.REDIS_HELLO);
        long crc = Crc64.update(0, payload, 0, payload.length - 8);
        assertThat(Long.reverseBytes(crc)).isEqualTo(0x6372df766534200aL);
    }
}
