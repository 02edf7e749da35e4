package io.slotkv.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.slotkv.testing.RealRedis;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;

class HashSlotTest {

    @Test
    void crc16IsXmodem() {
        assertThat(HashSlot.crc16(ascii("123456789"), 0, 9)).isEqualTo(0x31C3);
        assertThat(HashSlot.crc16(ascii("x123456789y"), 1, 10)).isEqualTo(0x31C3);
        assertThat(HashSlot.crc16(new byte[0], 0, 0)).isZero();
        assertThat(HashSlot.of(ascii("123456789"))).isEqualTo(0x31C3);
    }

    /** Examples from Redis's documentation (CLUSTER KEYSLOT and the cluster specification). */
    @Test
    void redisDocumentedSlots() {
        assertThat(slot("somekey")).isEqualTo(11058);
        assertThat(slot("foo{hash_tag}")).isEqualTo(2515);
        assertThat(slot("bar{hash_tag}")).isEqualTo(2515);
        assertThat(slot("foo")).isEqualTo(12182);
        assertThat(slot("")).isZero();
    }

    @Test
    void hashTagsFollowTheSpecification() {
        assertThat(slot("{user1000}.following")).isEqualTo(slot("{user1000}.followers")).isEqualTo(slot("user1000"));
        assertThat(slot("foo{}{bar}")).isEqualTo(crcSlot("foo{}{bar}"));
        assertThat(slot("foo{{bar}}zap")).isEqualTo(crcSlot("{bar"));
        assertThat(slot("foo{bar}{zap}")).isEqualTo(crcSlot("bar"));
        assertThat(slot("{}")).isEqualTo(crcSlot("{}"));
        assertThat(slot("a{b")).isEqualTo(crcSlot("a{b"));
        assertThat(slot("a}b{c")).isEqualTo(crcSlot("a}b{c"));
        assertThat(slot("a}b{c}")).isEqualTo(crcSlot("c"));
    }

    @Test
    void everySlotIsInRange() {
        Random random = new Random(1);
        for (int i = 0; i < 10_000; i++) {
            byte[] key = new byte[random.nextInt(40)];
            random.nextBytes(key);
            assertThat(HashSlot.of(key)).isBetween(0, HashSlot.COUNT - 1);
        }
    }

    /**
     * The keys above and 1000 seeded random keys, many with braces, against a real redis-server in cluster mode
     * (Debian's refuses CLUSTER KEYSLOT otherwise).
     */
    @Test
    void agreesWithRedisClusterKeyslot(@TempDir Path dir) {
        Random random = new Random(16_384);
        byte[] alphabet = ascii("{}{}ab{}cd}{xyz0123");
        List<byte[]> keys = new ArrayList<>();
        for (String key : new String[] {"123456789", "somekey", "foo{hash_tag}", "foo", "", "{user1000}.following",
            "foo{}{bar}", "foo{{bar}}zap", "foo{bar}{zap}", "{}", "a{b", "a}b{c", "a}b{c}"}) {
            keys.add(key.getBytes(StandardCharsets.UTF_8));
        }
        for (int i = 0; i < 1000; i++) {
            byte[] key = new byte[random.nextInt(24)];
            for (int j = 0; j < key.length; j++) {
                key[j] = random.nextInt(4) == 0
                        ? (byte) random.nextInt(256)
                        : alphabet[random.nextInt(alphabet.length)];
            }
            keys.add(key);
        }
        try (RealRedis redis = RealRedis.start(dir, "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf");
                Jedis jedis = redis.jedis()) {
            Pipeline pipeline = jedis.pipelined();
            List<Response<Object>> slots = new ArrayList<>();
            for (byte[] key : keys) {
                slots.add(pipeline.sendCommand(Protocol.Command.CLUSTER, ascii("KEYSLOT"), key));
            }
            pipeline.sync();
            for (int i = 0; i < keys.size(); i++) {
                assertThat((long) HashSlot.of(keys.get(i)))
                        .as("key %s", new String(keys.get(i), StandardCharsets.ISO_8859_1))
                        .isEqualTo((Long) slots.get(i).get());
            }
        }
    }

    private static int slot(String key) {
        return HashSlot.of(key.getBytes(StandardCharsets.UTF_8));
    }

    private static int crcSlot(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return HashSlot.crc16(bytes, 0, bytes.length) & (HashSlot.COUNT - 1);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
