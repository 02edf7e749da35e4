package io.slotkv.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.slotkv.testing.RawConnection;
import io.slotkv.testing.RealRedisExtension;
import io.slotkv.testing.ServerExtension;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * Seeded random and mutated request streams (bit flips, truncations, random bytes, absurd lengths, valid commands
 * cut at random points), each on its own connection, several at a time. Every stream must end with the server
 * closing the connection (the client half-closes after sending), never with a hang, and the replies must be
 * well-formed RESP. Each stream also goes to a real redis-server, and the two must agree on how many replies
 * the stream gets and on its protocol error, which shows that slotkv cuts the stream into the same commands.
 *
 * <p>The seed is printed; {@code -Dfuzz.seed=N} replays a run.
 */
class ProtocolFuzzIT {
    private static final int STREAMS = 300;
    private static final int THREADS = 4;
    private static final long BUDGET_SECONDS = 30;
    private static final int READ_TIMEOUT_MS = 5000;
    private static final byte[] PROTOCOL_CHARS = "*$\r\n\r\n0123456789-+ \"'\\x".getBytes(StandardCharsets.US_ASCII);
    private static final String[] ODD_NUMBERS = {"2147483647", "2147483648", "536870912", "536870913", "1048576",
        "9223372036854775807", "-9223372036854775808", "99999999999999999999", "-1", "-2", "-0", "0", "01", "+1", "",
        " 1", "1x"};

    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    @RegisterExtension
    static final RealRedisExtension redis = new RealRedisExtension();

    @Test
    void everyStreamIsAnsweredOrClosedAndFramedAsRedisFramesIt() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("ProtocolFuzzIT seed " + seed + " (replay with -Dfuzz.seed=" + seed + ")");
        Random random = new Random(seed);
        List<FuzzStream> streams = new ArrayList<>();
        for (int i = 0; i < STREAMS; i++) {
            streams.add(FuzzStream.generate(i, random));
        }

        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (FuzzStream stream : streams) {
                results.add(pool.submit(() -> check(stream, failures)));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BUDGET_SECONDS);
            for (Future<?> result : results) {
                result.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures).as("seed %d", seed).isEmpty();

        try (Jedis jedis = server.jedis()) {
            assertThat(jedis.ping()).isEqualTo("PONG");
            assertThat(jedis.set("fuzz:after", "still fine")).isEqualTo("OK");
            assertThat(jedis.get("fuzz:after")).isEqualTo("still fine");
        }
    }

    private static void check(FuzzStream stream, List<String> failures) {
        try {
            Outcome ours = Outcome.of(server.port(), stream);
            if (ours.hung) {
                failures.add(stream.describe("no reply and not closed within " + READ_TIMEOUT_MS + " ms", ours, null));
                return;
            }
            List<String> our = Replies.parse(ours.received, StandardCharsets.UTF_8);
            Outcome theirs = Outcome.of(redis.port(), stream);
            List<String> their = Replies.parse(theirs.received, StandardCharsets.ISO_8859_1);
            if (our.size() != their.size() || !protocolErrors(our).equals(protocolErrors(their))) {
                failures.add(stream.describe("differs from Redis", ours, theirs));
            }
        } catch (RuntimeException e) {
            failures.add("stream " + stream.index + " (" + stream.kind + "): " + e);
        }
    }

    private static List<String> protocolErrors(List<String> replies) {
        return replies.stream().filter(r -> r.startsWith("-ERR Protocol error")).toList();
    }

    // ---------------------------------------------------------------- streams

    /** A request stream and the points where it is cut into separate writes. */
    private record FuzzStream(int index, String kind, byte[] bytes, int[] cuts) {

        static FuzzStream generate(int index, Random random) {
            byte[] valid = commands(random, 1 + random.nextInt(8));
            String kind;
            byte[] bytes;
            switch (random.nextInt(6)) {
                case 0 -> {
                    kind = "valid";
                    bytes = valid;
                }
                case 1 -> {
                    kind = "bit flips";
                    bytes = valid.clone();
                    for (int flips = 1 + random.nextInt(6); flips > 0; flips--) {
                        bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                case 2 -> {
                    kind = "truncated";
                    bytes = Arrays.copyOf(valid, random.nextInt(valid.length));
                }
                case 3 -> {
                    kind = "random bytes";
                    bytes = new byte[1 + random.nextInt(1500)];
                    for (int i = 0; i < bytes.length; i++) {
                        bytes[i] = random.nextBoolean()
                                ? PROTOCOL_CHARS[random.nextInt(PROTOCOL_CHARS.length)]
                                : (byte) random.nextInt(256);
                    }
                }
                case 4 -> {
                    kind = "odd lengths";
                    bytes = oddLengths(valid, random);
                }
                default -> {
                    kind = "spliced";
                    bytes = splice(valid, commands(random, 1 + random.nextInt(4)), random);
                }
            }
            // Redis reads lines as C strings: a NUL byte makes it wait for ever where slotkv answers
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == 0) {
                    bytes[i] = 1;
                }
            }
            int[] cuts = random.ints(random.nextInt(5), 0, bytes.length + 1).sorted().toArray();
            return new FuzzStream(index, kind, bytes, cuts);
        }

        /** Valid commands, in the multibulk or (when possible) the inline form. */
        private static byte[] commands(Random random, int count) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int c = 0; c < count; c++) {
                List<byte[]> args = command(random);
                if (random.nextInt(4) == 0 && args.stream().allMatch(ProtocolFuzzIT::plain)) {
                    for (int i = 0; i < args.size(); i++) {
                        out.writeBytes(i == 0 ? args.get(i) : concat(" ", args.get(i)));
                    }
                    out.writeBytes(ascii(random.nextBoolean() ? "\r\n" : "\n"));
                } else {
                    out.writeBytes(ascii("*" + args.size() + "\r\n"));
                    for (byte[] arg : args) {
                        out.writeBytes(ascii("$" + arg.length + "\r\n"));
                        out.writeBytes(arg);
                        out.writeBytes(ascii("\r\n"));
                    }
                }
            }
            return out.toByteArray();
        }

        private static List<byte[]> command(Random random) {
            String key = "fuzz:" + random.nextInt(5);
            return switch (random.nextInt(7)) {
                case 0 -> List.of(ascii("PING"));
                case 1 -> List.of(ascii("PING"), value(random));
                case 2 -> List.of(ascii("ECHO"), value(random));
                case 3 -> List.of(ascii("SET"), ascii(key), value(random));
                case 4 -> List.of(ascii("GET"), ascii(key));
                case 5 -> List.of(ascii("DEL"), ascii(key), ascii("fuzz:" + random.nextInt(5)));
                default -> List.of(ascii("EXISTS"), ascii(key));
            };
        }

        private static byte[] value(Random random) {
            byte[] value = new byte[random.nextInt(40)];
            for (int i = 0; i < value.length; i++) {
                value[i] = random.nextInt(3) == 0 ? (byte) random.nextInt(256) : (byte) ('a' + random.nextInt(26));
            }
            return value;
        }

        /** Replaces one count or length of {@code valid} with an absurd or malformed number. */
        private static byte[] oddLengths(byte[] valid, Random random) {
            String text = new String(valid, StandardCharsets.ISO_8859_1);
            List<Integer> headers = new ArrayList<>();
            for (int i = 0; i < text.length(); i++) {
                if ((text.charAt(i) == '*' || text.charAt(i) == '$') && (i == 0 || text.charAt(i - 1) == '\n')) {
                    headers.add(i);
                }
            }
            if (headers.isEmpty()) {
                return ascii("*" + ODD_NUMBERS[random.nextInt(ODD_NUMBERS.length)] + "\r\n" + text);
            }
            int at = headers.get(random.nextInt(headers.size()));
            int end = text.indexOf('\r', at);
            return (text.substring(0, at + 1) + ODD_NUMBERS[random.nextInt(ODD_NUMBERS.length)] + text.substring(end))
                    .getBytes(StandardCharsets.ISO_8859_1);
        }

        /** Inserts, deletes or repeats a piece, or joins another stream at a random point. */
        private static byte[] splice(byte[] valid, byte[] other, Random random) {
            int at = random.nextInt(valid.length + 1);
            int length = random.nextInt(Math.max(1, valid.length - at) + 1);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(valid, 0, at);
            switch (random.nextInt(4)) {
                case 0 -> {
                    byte[] noise = new byte[1 + random.nextInt(8)];
                    random.nextBytes(noise);
                    out.writeBytes(noise);
                    out.write(valid, at, valid.length - at);
                }
                case 1 -> {
                    int resume = Math.min(valid.length, at + length);
                    out.write(valid, resume, valid.length - resume);
                }
                case 2 -> {
                    out.write(valid, at, Math.min(length, valid.length - at));
                    out.write(valid, at, valid.length - at);
                }
                default -> {
                    out.writeBytes(other);
                    out.write(valid, at, valid.length - at);
                }
            }
            return out.toByteArray();
        }

        String describe(String problem, Outcome ours, Outcome theirs) {
            StringBuilder b = new StringBuilder("stream " + index + " (" + kind + "): " + problem)
                    .append("\n  sent:  ").append(show(bytes))
                    .append("\n  cuts:  ").append(Arrays.toString(cuts))
                    .append("\n  slotkv: ").append(show(ours.received));
            if (theirs != null) {
                b.append("\n  redis:  ").append(show(theirs.received));
            }
            return b.toString();
        }

        private static String show(byte[] bytes) {
            String text = new String(bytes, 0, Math.min(bytes.length, 600), StandardCharsets.ISO_8859_1)
                    .replace("\r", "\\r").replace("\n", "\\n");
            String hex = HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 300));
            return bytes.length + " bytes: " + text + " | hex " + hex;
        }
    }

    private static boolean plain(byte[] arg) {
        if (arg.length == 0) {
            return false;
        }
        for (byte b : arg) {
            if (b <= ' ' || b == '"' || b == '\'' || b >= 0x7f) {
                return false;
            }
        }
        return arg[0] != '*';
    }

    private static byte[] concat(String prefix, byte[] arg) {
        byte[] joined = new byte[prefix.length() + arg.length];
        System.arraycopy(ascii(prefix), 0, joined, 0, prefix.length());
        System.arraycopy(arg, 0, joined, prefix.length(), arg.length);
        return joined;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    // ---------------------------------------------------------------- sending and reading

    /** What a server sent back for a stream, and whether it failed to close the connection in time. */
    private record Outcome(byte[] received, boolean hung) {

        /** Sends the stream in its pieces, half-closes, and reads until the server closes or the timeout. */
        static Outcome of(int port, FuzzStream stream) {
            try (RawConnection connection = new RawConnection(port, READ_TIMEOUT_MS, 0)) {
                try {
                    int from = 0;
                    for (int cut : stream.cuts) {
                        connection.write(Arrays.copyOfRange(stream.bytes, from, cut));
                        from = cut;
                    }
                    connection.write(Arrays.copyOfRange(stream.bytes, from, stream.bytes.length));
                    connection.shutdownOutput();
                } catch (UncheckedIOException closedByServer) {
                    // the server may close before the whole stream is sent (after a protocol error)
                }
                RawConnection.Received received = connection.readUntilClosedOrTimeout();
                return new Outcome(received.bytes(), !received.closed());
            }
        }
    }

    /** A strict reader of RESP2 and RESP3 replies. */
    private static final class Replies {
        private final byte[] data;
        private final Charset charset;
        private int at;

        private Replies(byte[] data, Charset charset) {
            this.data = data;
            this.charset = charset;
        }

        /**
         * The top-level replies in {@code data}, errors as their text, others as their type character.
         *
         * @throws IllegalStateException when the bytes are not a sequence of complete, well-formed replies
         */
        static List<String> parse(byte[] data, Charset charset) {
            Replies replies = new Replies(data, charset);
            List<String> all = new ArrayList<>();
            while (replies.at < data.length) {
                all.add(replies.value());
            }
            return all;
        }

        private String value() {
            byte type = data[at++];
            String line = line();
            switch (type) {
                case '+', '-', ':', ',', '#', '(', '_' -> {
                    return type == '-' ? "-" + line : String.valueOf((char) type);
                }
                case '$', '=', '!' -> {
                    int length = Integer.parseInt(line);
                    if (length >= 0) {
                        int end = at + length;
                        expect(end + 2 <= data.length && data[end] == '\r' && data[end + 1] == '\n',
                                "bulk of " + length + " bytes");
                        at += length + 2;
                    }
                    return String.valueOf((char) type);
                }
                case '*', '~', '>', '%' -> {
                    int count = Integer.parseInt(line) * (type == '%' ? 2 : 1);
                    for (int i = 0; i < count; i++) {
                        value();
                    }
                    return String.valueOf((char) type);
                }
                default -> throw new IllegalStateException("malformed reply: type byte " + type + " at " + (at - 1));
            }
        }

        private String line() {
            for (int i = at; i + 1 < data.length; i++) {
                if (data[i] == '\r' && data[i + 1] == '\n') {
                    String line = new String(data, at, i - at, charset);
                    at = i + 2;
                    return line;
                }
                expect(data[i] != '\n' && data[i] != '\r', "a line without CR or LF");
            }
            throw new IllegalStateException("malformed reply: unterminated line at " + at);
        }

        private void expect(boolean condition, String what) {
            if (!condition) {
                throw new IllegalStateException("malformed reply: expected " + what + " at " + at);
            }
        }
    }
}
