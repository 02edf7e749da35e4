package io.slotkv.protocol.rdb;

import static io.slotkv.protocol.rdb.CompactEncodingsTest.Blobs.ascii;
import static io.slotkv.protocol.rdb.CompactEncodingsTest.Blobs.describe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slotkv.testing.RealRedis;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.resps.Tuple;

/**
 * Payloads against redis-server 7.0 in both directions: its DUMPs of every type in every encoding it uses decode to
 * the data written, and what {@link DumpWriter} encodes RESTOREs into the same data there. Redis also judges the
 * older encodings built byte by byte in {@link CompactEncodingsTest}: what it RESTOREs from them must be what
 * {@link DumpReader} reads. Nothing here depends on slotkv's storage engine, so it runs once.
 */
@DisabledIfSystemProperty(named = "slotkv.test.engine", matches = "rocksdb")
class DumpGoldenIT {
    private static final int BIG = 100_000;
    private static final ProtocolCommand DEBUG = () -> ascii("DEBUG");
    private static final byte[] KEY = ascii("key");

    @TempDir
    static Path dir;

    private static RealRedis redis;
    private static Jedis jedis;

    private final Random random = new Random(7_000_015);

    @BeforeAll
    static void startRedis() {
        redis = RealRedis.start(dir, "--enable-debug-command", "yes");
        jedis = redis.jedis();
    }

    @AfterAll
    static void stopRedis() {
        jedis.close();
        redis.close();
    }

    /** Redis's default encoding thresholds, and deep checks of every RESTOREd payload. */
    @BeforeEach
    void defaults() {
        jedis.flushAll();
        jedis.configSet("list-max-listpack-size", "-2", "list-compress-depth", "0", "set-max-intset-entries", "512",
                "hash-max-listpack-entries", "128", "hash-max-listpack-value", "64", "zset-max-listpack-entries",
                "128", "zset-max-listpack-value", "64", "rdbcompression", "yes", "sanitize-dump-payload", "yes");
        jedis.sendCommand(DEBUG, "QUICKLIST-PACKED-THRESHOLD", "1gb");
    }

    // ---------------------------------------------------------------- Redis's DUMP, read by slotkv

    @Test
    void pinnedPayloadsAreWhatRedisDumps() {
        for (String[] golden : DumpReaderTest.REDIS_PAYLOADS) {
            jedis.restore(KEY, 0, HexFormat.of().parseHex(golden[0]));
            assertSameValue(fromRedis(KEY), golden[1]);
            jedis.del(KEY);
        }
        jedis.set("k", "hello");
        assertThat(HexFormat.of().formatHex(jedis.dump("k"))).isEqualTo(DumpReaderTest.REDIS_HELLO);
        jedis.rpush("l", "a", "1", "-2", "300", "hello world");
        assertThat(HexFormat.of().formatHex(jedis.dump("l"))).isEqualTo(DumpReaderTest.REDIS_PAYLOADS.get(3)[0]);
    }

    @Test
    void redisStringsInEveryEncoding() throws DumpFormatException {
        for (byte[] value : strings()) {
            jedis.set(KEY, value);
            byte[] payload = dump(KEY);
            assertThat(DumpReader.read(payload)).isInstanceOfSatisfying(DumpValue.StringValue.class,
                    s -> assertThat(s.value()).isEqualTo(value));
        }
        assertStringEncoding("-100", "int", 0xC0);
        assertStringEncoding("12345", "int", 0xC1);
        assertStringEncoding("-2147483648", "int", 0xC2);
        assertStringEncoding("9223372036854775807", "int", 19);
        assertStringEncoding("abc".repeat(30), "raw", 0xC3);
        assertStringEncoding("hello", "embstr", 5);
    }

    @Test
    void redisListsInEveryEncoding() throws DumpFormatException {
        List<byte[]> mixed = elements(300);
        assertRedisDumps(list(mixed), "quicklist", RdbType.LIST_QUICKLIST_2);
        // many small nodes, the inner ones LZF-compressed
        jedis.configSet("list-max-listpack-size", "16", "list-compress-depth", "1");
        byte[] compressed = assertRedisDumps(list(elements(BIG)), "quicklist", RdbType.LIST_QUICKLIST_2);
        assertThat(compressedNodes(compressed, 2)).isGreaterThan(1000);
        // elements over the threshold go in plain nodes, the first one here too
        jedis.sendCommand(DEBUG, "QUICKLIST-PACKED-THRESHOLD", "100");
        List<byte[]> withPlain = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            withPlain.add(ascii(i % 3 == 0 ? ("plain element " + i + " ").repeat(20) : Integer.toString(i)));
        }
        byte[] payload = assertRedisDumps(list(withPlain), "quicklist", RdbType.LIST_QUICKLIST_2);
        assertThat(payload[2]).as("the first node's container").isEqualTo((byte) 1);
        assertThat(compressedNodes(payload, 1)).isGreaterThan(5);
    }

    @Test
    void redisSetsInEveryEncoding() throws DumpFormatException {
        assertRedisDumps(set(numbers(-300, 7, 32767, -32768)), "intset", RdbType.SET_INTSET);
        assertRedisDumps(set(numbers(70_000, -2_147_483_648L, 5)), "intset", RdbType.SET_INTSET);
        assertRedisDumps(set(numbers(Long.MIN_VALUE, Long.MAX_VALUE, 0)), "intset", RdbType.SET_INTSET);
        assertRedisDumps(set(distinct(elements(300))), "hashtable", RdbType.SET);
        List<byte[]> bigIntegers = new ArrayList<>();
        for (int i = 0; i < BIG; i++) {
            bigIntegers.add(ascii(Long.toString(random.nextLong() >> random.nextInt(64))));
        }
        assertRedisDumps(set(distinct(bigIntegers)), "hashtable", RdbType.SET);
        assertRedisDumps(set(distinct(elements(BIG))), "hashtable", RdbType.SET);
    }

    @Test
    void redisHashesInEveryEncoding() throws DumpFormatException {
        List<byte[]> small = distinct(elements(60)).stream().filter(e -> e.length <= 64).toList();
        assertRedisDumps(hash(small), "listpack", RdbType.HASH_LISTPACK);
        assertRedisDumps(hash(distinct(elements(300))), "hashtable", RdbType.HASH);
        assertRedisDumps(hash(distinct(elements(BIG))), "hashtable", RdbType.HASH);
    }

    @Test
    void redisSortedSetsInEveryEncoding() throws DumpFormatException {
        // not -0: a listpack keeps it as the integer 0
        assertRedisDumps(zset(distinct(elements(40)).stream().filter(e -> e.length <= 64).toList(),
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e-300, 0.1, -7, 1L << 53, 1e300, 4.9e-324),
                "listpack", RdbType.ZSET_LISTPACK);
        // a skiplist from the first member on, or -0 would have become 0 in a listpack first
        jedis.configSet("zset-max-listpack-entries", "0");
        assertRedisDumps(zset(distinct(elements(BIG)), Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0,
                1e-300, Double.MIN_VALUE, -Double.MAX_VALUE), "skiplist", RdbType.ZSET_2);
    }

    // ---------------------------------------------------------------- slotkv's payloads, restored by Redis

    @Test
    void writtenStringsRestore() {
        for (byte[] value : strings()) {
            jedis.restore(KEY, 0, DumpWriter.string(value));
            assertThat(jedis.get(KEY)).isEqualTo(value);
            jedis.del(KEY);
        }
    }

    @Test
    void writtenCollectionsRestore() {
        List<byte[]> items = distinct(elements(BIG));
        assertRestores(new DumpValue.ListValue(elements(BIG)));
        assertRestores(new DumpValue.ListValue(List.of(new byte[1 << 20])));
        assertRestores(new DumpValue.SetValue(items));
        assertRestores(new DumpValue.SetValue(numbers(Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE)));
        assertRestores(new DumpValue.HashValue(items, items.reversed()));
        assertRestores(new DumpValue.HashValue(List.of(ascii("f")), List.of(ascii("v"))));
        assertRestores(withScores(items, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 1e-300,
                Double.MIN_VALUE, Double.MAX_VALUE));
        assertRestores(withScores(items.subList(0, 3), 1.5, 2, Double.NEGATIVE_INFINITY));
    }

    // ---------------------------------------------------------------- older encodings, judged by Redis

    @Test
    void compactEncodingsRestoreAsTheyDecode() throws DumpFormatException {
        for (CompactEncodingsTest.Sample sample : CompactEncodingsTest.Blobs.samples()) {
            if (sample.payload()[sample.payload().length - 10] > 10) {
                continue; // newer than Redis 7.0 reads
            }
            jedis.restore(KEY, 0, sample.payload());
            assertSameValue(fromRedis(KEY), describe(DumpReader.read(sample.payload())));
            jedis.del(KEY);
        }
    }

    @Test
    void malformedPayloadsAreRefusedByRedisToo() {
        for (DumpReaderTest.Malformed bad : DumpReaderTest.refusedByRedisToo()) {
            assertThatThrownBy(() -> jedis.restore(KEY, 0, bad.payload())).as(bad.name())
                    .isInstanceOf(JedisDataException.class).hasMessage("ERR Bad data format");
            assertThatThrownBy(() -> DumpReader.read(bad.payload())).isInstanceOf(DumpFormatException.class);
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Strings for every string encoding: integers of every width, LZF, binary, empty, a megabyte. */
    private List<byte[]> strings() {
        List<byte[]> strings = new ArrayList<>();
        for (String text : new String[] {"", "hello", "0", "-1", "127", "-128", "128", "32767", "-32768",
            "2147483647", "-2147483648", "2147483648", "9223372036854775807", "-9223372036854775808", "007", "+1",
            "1.5", " 1", "abc".repeat(30), "x".repeat(21)}) {
            strings.add(ascii(text));
        }
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        strings.add(binary);
        byte[] megabyte = new byte[1 << 20];
        random.nextBytes(megabyte);
        strings.add(megabyte);
        strings.add(ascii("compressible megabyte ".repeat((1 << 20) / 22)));
        return strings;
    }

    /**
     * Elements of every listpack and RDB form: integers of every width (negative and 64-bit too), non-canonical
     * numbers, empty, short, 64-byte, 4 KB and 16 KB strings, binary bytes.
     */
    private List<byte[]> elements(int count) {
        List<byte[]> elements = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            elements.add(switch (i % 10) {
                case 0 -> ascii(Long.toString(random.nextInt(128)));
                case 1 -> ascii(Long.toString(random.nextInt(8192) - 4096));
                case 2 -> ascii(Long.toString(random.nextInt() >> random.nextInt(32)));
                case 3 -> ascii(Long.toString(random.nextLong()));
                case 4 -> ascii(i % 1000 == 4 ? "" : "0" + i);
                case 5 -> ascii("element:" + i);
                case 6 -> {
                    byte[] bytes = new byte[1 + random.nextInt(i % 1000 == 6 ? 5000 : 70)];
                    random.nextBytes(bytes);
                    yield bytes;
                }
                case 7 -> ascii(("e" + i).repeat(i % 5000 == 7 ? 4000 : 1));
                case 8 -> ascii(i % 2000 == 8 ? "x".repeat(16_384) : "-" + (1L << 62) + i);
                default -> ascii(Integer.toString(i));
            });
        }
        return elements;
    }

    private static List<byte[]> distinct(List<byte[]> items) {
        Set<ByteBuffer> distinct = new LinkedHashSet<>();
        items.forEach(item -> distinct.add(ByteBuffer.wrap(item)));
        return distinct.stream().map(ByteBuffer::array).toList();
    }

    private static List<byte[]> numbers(long... numbers) {
        List<byte[]> texts = new ArrayList<>();
        for (long n : numbers) {
            texts.add(ascii(Long.toString(n)));
        }
        return texts;
    }

    /** {@code members} with the {@code special} scores first, then ordinary ones. */
    private DumpValue.ZSetValue withScores(List<byte[]> members, double... special) {
        double[] scores = new double[members.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = i < special.length ? special[i] : random.nextInt(3) == 0 ? i : random.nextGaussian() * 1e9;
        }
        return new DumpValue.ZSetValue(members, scores);
    }

    private DumpValue.ListValue list(List<byte[]> elements) {
        pipelined(elements, 1000, (p, chunk) -> p.rpush(KEY, chunk.toArray(byte[][]::new)));
        return new DumpValue.ListValue(elements);
    }

    private DumpValue.SetValue set(List<byte[]> members) {
        pipelined(members, 1000, (p, chunk) -> p.sadd(KEY, chunk.toArray(byte[][]::new)));
        return new DumpValue.SetValue(members);
    }

    private DumpValue.HashValue hash(List<byte[]> fields) {
        List<byte[]> values = fields.reversed();
        pipelined(indexes(fields.size()), 1000, (p, chunk) -> {
            Map<byte[], byte[]> pairs = new LinkedHashMap<>();
            chunk.forEach(i -> pairs.put(fields.get(i), values.get(i)));
            p.hset(KEY, pairs);
        });
        return new DumpValue.HashValue(fields, values);
    }

    private DumpValue.ZSetValue zset(List<byte[]> members, double... special) {
        DumpValue.ZSetValue zset = withScores(members, special);
        pipelined(indexes(members.size()), 1000, (p, chunk) -> {
            Map<byte[], Double> scores = new LinkedHashMap<>();
            chunk.forEach(i -> scores.put(members.get(i), zset.scores()[i]));
            p.zadd(KEY, scores);
        });
        return zset;
    }

    private static List<Integer> indexes(int count) {
        return IntStream.range(0, count).boxed().toList();
    }

    private interface ChunkSender<T> {
        void send(Pipeline pipeline, List<T> chunk);
    }

    private static <T> void pipelined(List<T> items, int chunkSize, ChunkSender<T> sender) {
        try (Pipeline pipeline = jedis.pipelined()) {
            for (int from = 0; from < items.size(); from += chunkSize) {
                sender.send(pipeline, items.subList(from, Math.min(items.size(), from + chunkSize)));
            }
            pipeline.sync();
        }
    }

    /** DUMPs the key, checks its encoding and payload type, and that the payload decodes to {@code written}. */
    private static byte[] assertRedisDumps(DumpValue written, String encoding, int type) throws DumpFormatException {
        assertThat(new String(jedis.objectEncoding(KEY), StandardCharsets.US_ASCII)).isEqualTo(encoding);
        byte[] payload = dump(KEY);
        assertThat(payload[0]).as("payload type").isEqualTo((byte) type);
        assertSameValue(describe(DumpReader.read(payload)), describe(written));
        jedis.del(KEY);
        return payload;
    }

    /** How many nodes of a quicklist payload hold {@code container} LZF-compressed. */
    private static int compressedNodes(byte[] payload, int container) throws DumpFormatException {
        ByteCursor cursor = new ByteCursor(payload, 1, payload.length - 10);
        RdbInput in = new RdbInput(cursor);
        int compressed = 0;
        for (long nodes = in.length(); nodes > 0; nodes--) {
            boolean matches = in.length() == container && cursor.peek() == 0xC3;
            compressed += matches ? 1 : 0;
            in.string();
        }
        return compressed;
    }

    private static void assertStringEncoding(String value, String encoding, int firstByte) {
        jedis.set(KEY, ascii(value));
        assertThat(new String(jedis.objectEncoding(KEY), StandardCharsets.US_ASCII)).as(value).isEqualTo(encoding);
        assertThat(dump(KEY)[1] & 0xFF).as(value).isEqualTo(firstByte);
    }

    private static byte[] dump(byte[] key) {
        byte[] payload = jedis.dump(key);
        assertThat(DumpReader.verify(payload)).isTrue();
        return payload;
    }

    /** Encodes {@code value} with {@link DumpWriter}, RESTOREs it and checks what Redis then holds. */
    private static void assertRestores(DumpValue value) {
        byte[] payload = switch (value) {
            case DumpValue.StringValue s -> DumpWriter.string(s.value());
            case DumpValue.ListValue l -> write(DumpWriter.list(l.elements().size()), l.elements(),
                    DumpWriter::element);
            case DumpValue.SetValue s -> write(DumpWriter.set(s.members().size()), s.members(), DumpWriter::element);
            case DumpValue.HashValue h -> {
                DumpWriter writer = DumpWriter.hash(h.fields().size());
                for (int i = 0; i < h.fields().size(); i++) {
                    writer.field(h.fields().get(i), h.values().get(i));
                }
                yield writer.finish();
            }
            case DumpValue.ZSetValue z -> {
                DumpWriter writer = DumpWriter.zset(z.members().size());
                for (int i = 0; i < z.members().size(); i++) {
                    writer.member(z.members().get(i), z.scores()[i]);
                }
                yield writer.finish();
            }
        };
        assertThat(jedis.restore(KEY, 0, payload)).isEqualTo("OK");
        assertSameValue(fromRedis(KEY), describe(value));
        jedis.del(KEY);
    }

    private interface ItemWriter {
        void write(DumpWriter writer, byte[] item);
    }

    private static byte[] write(DumpWriter writer, List<byte[]> items, ItemWriter each) {
        items.forEach(item -> each.write(writer, item));
        return writer.finish();
    }

    /** Values as {@code describe} writes them, reported around the first difference (they can be megabytes). */
    private static void assertSameValue(String actual, String expected) {
        int at = Arrays.mismatch(actual.toCharArray(), expected.toCharArray());
        if (at >= 0) {
            int from = Math.max(0, at - 100);
            throw new AssertionError("values differ at character " + at + ":\n expected ..."
                    + expected.substring(from, Math.min(expected.length(), at + 100)) + "\n but was  ..."
                    + actual.substring(from, Math.min(actual.length(), at + 100)));
        }
    }

    /** What Redis holds at {@code key}, read with ordinary commands and written as {@code describe} writes it. */
    private static String fromRedis(byte[] key) {
        DumpValue value = switch (jedis.type(key)) {
            case "string" -> new DumpValue.StringValue(jedis.get(key));
            case "list" -> new DumpValue.ListValue(jedis.lrange(key, 0, -1));
            case "set" -> new DumpValue.SetValue(new ArrayList<>(jedis.smembers(key)));
            case "hash" -> {
                Map<byte[], byte[]> all = jedis.hgetAll(key);
                yield new DumpValue.HashValue(new ArrayList<>(all.keySet()),
                        all.keySet().stream().map(all::get).toList());
            }
            case "zset" -> {
                List<Tuple> tuples = jedis.zrangeWithScores(key, 0, -1);
                yield new DumpValue.ZSetValue(tuples.stream().map(Tuple::getBinaryElement).toList(),
                        tuples.stream().mapToDouble(Tuple::getScore).toArray());
            }
            default -> throw new AssertionError("unexpected type " + jedis.type(key));
        };
        return describe(value);
    }
}
