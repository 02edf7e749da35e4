package io.slotkv.command;

import static io.slotkv.testing.JedisText.error;
import static io.slotkv.testing.JedisText.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.slotkv.store.WrongTypeException;
import io.slotkv.testing.ServerExtension;
import io.slotkv.testing.TestServer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/** SETBIT, GETBIT, BITCOUNT and BITPOS over real sockets, checked against the answers of Redis 7. */
class BitmapCommandsIT {
    private static final String BIT_OFFSET = "ERR bit offset is not an integer or out of range";
    private static final String BIT_VALUE = "ERR bit is not an integer or out of range";
    private static final String SYNTAX = "ERR syntax error";
    private static final String NOT_INTEGER = "ERR value is not an integer or out of range";

    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    private final Jedis jedis = server.connection();

    private void setBytes(String key, int... bytes) {
        byte[] value = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            value[i] = (byte) bytes[i];
        }
        jedis.set(key.getBytes(StandardCharsets.UTF_8), value);
    }

    private byte[] getBytes(String key) {
        return jedis.get(key.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void setbitGrowsTheStringAndAnswersTheOldBit() {
        assertThat(send(jedis, "SETBIT", "sb:k", "7", "1")).isEqualTo(0L);
        assertThat(getBytes("sb:k")).containsExactly(0x01);
        assertThat(send(jedis, "SETBIT", "sb:k", "7", "1")).isEqualTo(1L);
        assertThat(send(jedis, "SETBIT", "sb:k", "0", "1")).isEqualTo(0L);
        assertThat(send(jedis, "SETBIT", "sb:k", "7", "0")).isEqualTo(1L);
        assertThat(getBytes("sb:k")).containsExactly(0x80);
        assertThat(send(jedis, "SETBIT", "sb:k", "17", "1")).isEqualTo(0L);
        assertThat(getBytes("sb:k")).containsExactly(0x80, 0x00, 0x40);
        assertThat(send(jedis, "SETBIT", "sb:zero", "9", "0")).isEqualTo(0L);
        assertThat(getBytes("sb:zero")).containsExactly(0x00, 0x00);

        assertThat(send(jedis, "GETBIT", "sb:k", "0")).isEqualTo(1L);
        assertThat(send(jedis, "GETBIT", "sb:k", "1")).isEqualTo(0L);
        assertThat(send(jedis, "GETBIT", "sb:k", "17")).isEqualTo(1L);
        assertThat(send(jedis, "GETBIT", "sb:k", "4294967295")).isEqualTo(0L);
        assertThat(send(jedis, "GETBIT", "sb:none", "0")).isEqualTo(0L);
    }

    @Test
    void setbitKeepsTheExpiryAndValueSharedByCopy() {
        jedis.setex("sbt:k", 100, "a");
        assertThat(send(jedis, "SETBIT", "sbt:k", "6", "1")).isEqualTo(0L);
        assertThat(jedis.get("sbt:k")).isEqualTo("c");
        assertThat(jedis.ttl("sbt:k")).isBetween(99L, 100L);
        jedis.set("sbt:src", "a");
        jedis.copy("sbt:src", "sbt:copy", false);
        send(jedis, "SETBIT", "sbt:copy", "7", "0");
        assertThat(jedis.get("sbt:copy")).isEqualTo("`");
        assertThat(jedis.get("sbt:src")).isEqualTo("a");
    }

    @Test
    void offsetAndBitErrorsComeBeforeTheTypeCheck() {
        jedis.rpush("sbe:list", "a");
        for (String offset : new String[] {"-1", "4294967296", "abc", "1.5", "9223372036854775808"}) {
            assertThat(error(jedis, "SETBIT", "sbe:k", offset, "1")).as(offset).isEqualTo(BIT_OFFSET);
            assertThat(error(jedis, "GETBIT", "sbe:k", offset)).as(offset).isEqualTo(BIT_OFFSET);
        }
        for (String bit : new String[] {"2", "-1", "x", ""}) {
            assertThat(error(jedis, "SETBIT", "sbe:k", "4294967295", bit)).as(bit).isEqualTo(BIT_VALUE);
        }
        assertThat(error(jedis, "SETBIT", "sbe:list", "-1", "1")).isEqualTo(BIT_OFFSET);
        assertThat(error(jedis, "SETBIT", "sbe:list", "0", "5")).isEqualTo(BIT_VALUE);
        assertThat(error(jedis, "SETBIT", "sbe:list", "0", "1")).isEqualTo(WrongTypeException.MESSAGE);
        assertThat(error(jedis, "GETBIT", "sbe:list", "0")).isEqualTo(WrongTypeException.MESSAGE);
        assertThat(jedis.exists("sbe:k")).isFalse();
    }

    @Test
    void offsetLimitFollowsProtoMaxBulkLen() {
        long bits = 8L * 1024 * 1024;
        try (TestServer small = TestServer.start("proto-max-bulk-len 1mb"); Jedis client = small.jedis()) {
            assertThat(error(client, "SETBIT", "k", Long.toString(bits), "1")).isEqualTo(BIT_OFFSET);
            assertThat(error(client, "GETBIT", "k", Long.toString(bits))).isEqualTo(BIT_OFFSET);
            assertThat(send(client, "SETBIT", "k", Long.toString(bits - 1), "1")).isEqualTo(0L);
            assertThat(send(client, "STRLEN", "k")).isEqualTo(1024L * 1024);
            assertThat(send(client, "BITCOUNT", "k")).isEqualTo(1L);
        }
    }

    @Test
    void bitcountInBytesAndBits() {
        jedis.set("bc:k", "foobar");
        String[][] cases = {
            {"26"}, {"0", "0", "4"}, {"1", "1", "6"}, {"1", "1", "BYTE", "6"}, {"5", "30", "BIT", "17"},
            {"-1", "-100", "0"}, {"-100", "-1", "26"}, {"3", "1", "0"}, {"-100", "-200", "0"}, {"2", "-200", "0"},
            {"0", "-200", "4"}, {"-5", "-1", "bit", "2"}, {"7", "7", "bit", "0"}, {"-100", "-200", "BIT", "0"},
            {"0", "9223372036854775807", "BIT", "26"}, {"-9223372036854775808", "-1", "BIT", "26"},
        };
        for (String[] c : cases) {
            String[] argv = new String[c.length + 1];
            argv[0] = "BITCOUNT";
            argv[1] = "bc:k";
            System.arraycopy(c, 0, argv, 2, c.length - 1);
            assertThat(send(jedis, argv)).as(String.join(" ", c)).isEqualTo(Long.parseLong(c[c.length - 1]));
        }
        jedis.set("bc:empty", "");
        assertThat(send(jedis, "BITCOUNT", "bc:empty")).isEqualTo(0L);
        assertThat(send(jedis, "BITCOUNT", "bc:none")).isEqualTo(0L);
        assertThat(send(jedis, "BITCOUNT", "bc:none", "0", "1", "BIT")).isEqualTo(0L);
    }

    @Test
    void bitcountErrorsAlsoForMissingKeys() {
        for (String key : new String[] {"bc:k", "bc:none"}) {
            jedis.set("bc:k", "foobar");
            assertThat(error(jedis, "BITCOUNT", key, "0")).isEqualTo(SYNTAX);
            assertThat(error(jedis, "BITCOUNT", key, "0", "1", "2")).isEqualTo(SYNTAX);
            assertThat(error(jedis, "BITCOUNT", key, "0", "1", "BIT", "x")).isEqualTo(SYNTAX);
            assertThat(error(jedis, "BITCOUNT", key, "a", "b")).isEqualTo(NOT_INTEGER);
        }
        jedis.rpush("bc:list", "a");
        assertThat(error(jedis, "BITCOUNT", "bc:list")).isEqualTo(WrongTypeException.MESSAGE);
        assertThat(error(jedis, "BITCOUNT", "bc:list", "0", "1")).isEqualTo(WrongTypeException.MESSAGE);
    }

    @Test
    void bitposFindsSetAndClearBits() {
        setBytes("bp:k", 0xFF, 0xF0, 0x01);
        Object[][] cases = {
            {new String[] {"0"}, 12L}, {new String[] {"1"}, 0L}, {new String[] {"0", "0"}, 12L},
            {new String[] {"0", "0", "0"}, -1L}, {new String[] {"0", "0", "-1"}, 12L}, {new String[] {"1", "2"}, 23L},
            {new String[] {"1", "2", "-1"}, 23L}, {new String[] {"0", "0", "1", "BIT"}, -1L},
            {new String[] {"0", "8", "15", "bit"}, 12L}, {new String[] {"0", "7", "15", "BIT"}, 12L},
            {new String[] {"1", "13", "20", "BIT"}, -1L}, {new String[] {"1", "12", "22", "BIT"}, -1L},
            {new String[] {"1", "12", "23", "BIT"}, 23L}, {new String[] {"0", "0", "1", "BYTE"}, 12L},
            {new String[] {"1", "-100", "-200"}, 0L}, {new String[] {"0", "-100", "-200", "BIT"}, -1L},
        };
        for (Object[] c : cases) {
            String[] args = (String[]) c[0];
            String[] argv = new String[args.length + 2];
            argv[0] = "BITPOS";
            argv[1] = "bp:k";
            System.arraycopy(args, 0, argv, 2, args.length);
            assertThat(send(jedis, argv)).as(String.join(" ", args)).isEqualTo(c[1]);
        }
    }

    @Test
    void bitposForClearBitsPadsOnlyWithoutAnEnd() {
        setBytes("bpf:k", 0xFF, 0xFF);
        assertThat(send(jedis, "BITPOS", "bpf:k", "0")).isEqualTo(16L);
        assertThat(send(jedis, "BITPOS", "bpf:k", "0", "1")).isEqualTo(16L);
        assertThat(send(jedis, "BITPOS", "bpf:k", "0", "-1")).isEqualTo(16L);
        assertThat(send(jedis, "BITPOS", "bpf:k", "0", "0", "-1")).isEqualTo(-1L);
        assertThat(send(jedis, "BITPOS", "bpf:k", "0", "0", "-1", "BIT")).isEqualTo(-1L);
        assertThat(send(jedis, "BITPOS", "bpf:k", "1", "5", "3")).isEqualTo(-1L);
        assertThat(send(jedis, "BITPOS", "bpf:k", "0", "1", "0")).isEqualTo(-1L);
        jedis.set("bpf:empty", "");
        assertThat(send(jedis, "BITPOS", "bpf:empty", "0")).isEqualTo(-1L);
        assertThat(send(jedis, "BITPOS", "bpf:empty", "1")).isEqualTo(-1L);
        assertThat(send(jedis, "BITPOS", "bpf:none", "0")).isEqualTo(0L);
        assertThat(send(jedis, "BITPOS", "bpf:none", "1")).isEqualTo(-1L);
        assertThat(send(jedis, "BITPOS", "bpf:none", "0", "5", "10", "BIT")).isEqualTo(0L);
    }

    @Test
    void bitposErrors() {
        for (String key : new String[] {"bpe:k", "bpe:none"}) {
            jedis.set("bpe:k", "abc");
            assertThat(error(jedis, "BITPOS", key, "2")).isEqualTo("ERR The bit argument must be 1 or 0.");
            assertThat(error(jedis, "BITPOS", key, "a")).isEqualTo(NOT_INTEGER);
            assertThat(error(jedis, "BITPOS", key, "0", "a")).isEqualTo(NOT_INTEGER);
            assertThat(error(jedis, "BITPOS", key, "0", "0", "a")).isEqualTo(NOT_INTEGER);
            assertThat(error(jedis, "BITPOS", key, "0", "0", "1", "foo")).isEqualTo(SYNTAX);
            assertThat(error(jedis, "BITPOS", key, "0", "0", "a", "foo")).isEqualTo(SYNTAX);
            assertThat(error(jedis, "BITPOS", key, "0", "0", "1", "2", "3")).isEqualTo(SYNTAX);
        }
        jedis.rpush("bpe:list", "a");
        assertThat(error(jedis, "BITPOS", "bpe:list", "1")).isEqualTo(WrongTypeException.MESSAGE);
    }
}
