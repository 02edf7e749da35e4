package io.slotkv.command;

import static io.slotkv.testing.ClientInfo.field;
import static io.slotkv.testing.ClientInfo.fieldNames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slotkv.protocol.RespClient;
import io.slotkv.testing.Resp3;
import io.slotkv.testing.ServerExtension;
import io.slotkv.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.args.ClientType;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.params.ClientKillParams;

/** CLIENT ID, INFO, LIST, KILL and HELP (SETNAME and GETNAME are in {@link ConnectionCommandsIT}). */
class ClientCommandsIT {
    /** The fields of a CLIENT INFO line, in order, as Debian's redis-server 7.0.15 prints them. */
    private static final List<String> REDIS_FIELDS = List.of("id", "addr", "laddr", "fd", "name", "age", "idle",
            "flags", "db", "sub", "psub", "ssub", "multi", "qbuf", "qbuf-free", "argv-mem", "multi-mem", "rbs", "rbp",
            "obl", "oll", "omem", "tot-mem", "events", "cmd", "user", "redir", "resp");

    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    @Test
    void idsAreUniqueAndGrow() {
        try (Jedis first = server.jedis(); Jedis second = server.jedis()) {
            long a = first.clientId();
            long b = second.clientId();
            assertThat(a).isPositive();
            assertThat(b).isGreaterThan(a);
            assertThat(first.clientId()).isEqualTo(a);
        }
    }

    @Test
    void infoHasRedisFieldsInRedisOrder() {
        try (Jedis jedis = server.jedis()) {
            jedis.clientSetname("info-test");
            jedis.select(3);
            String info = jedis.clientInfo();
            assertThat(info).endsWith("\n").doesNotContain("\r");
            assertThat(fieldNames(info)).isEqualTo(REDIS_FIELDS);
            assertThat(field(info, "id")).isEqualTo(Long.toString(jedis.clientId()));
            assertThat(field(info, "addr")).matches("127\\.0\\.0\\.1:\\d+");
            assertThat(field(info, "laddr")).isEqualTo("127.0.0.1:" + server.port());
            assertThat(field(info, "name")).isEqualTo("info-test");
            assertThat(field(info, "db")).isEqualTo("3");
            assertThat(field(info, "flags")).isEqualTo("N");
            assertThat(field(info, "multi")).isEqualTo("-1");
            assertThat(field(info, "cmd")).isEqualTo("client|info");
            assertThat(field(info, "user")).isEqualTo("default");
            assertThat(field(info, "resp")).isEqualTo("2");
            assertThat(field(info, "age")).matches("\\d+");
        }
        try (Jedis resp3 = Resp3.jedis(server.port())) {
            assertThat(field(resp3.clientInfo(), "resp")).isEqualTo("3");
        }
    }

    @Test
    void listShowsEveryClientWithItsLastCommand() {
        try (Jedis jedis = server.jedis(); Jedis other = server.jedis()) {
            long otherId = other.clientId();
            other.clientSetname("other");
            other.ping();
            String list = jedis.clientList();
            assertThat(list).endsWith("\n");
            List<String> lines = list.lines().toList();
            assertThat(lines).hasSizeGreaterThanOrEqualTo(2);
            lines.forEach(line -> assertThat(fieldNames(line)).isEqualTo(REDIS_FIELDS));
            String otherLine = lineOf(list, otherId);
            assertThat(field(otherLine, "name")).isEqualTo("other");
            assertThat(field(otherLine, "cmd")).isEqualTo("ping");
            other.clientGetname();
            assertThat(field(lineOf(jedis.clientList(), otherId), "cmd")).isEqualTo("client|getname");
            assertThat(field(lineOf(jedis.clientList(), jedis.clientId()), "cmd")).isEqualTo("client|list");
        }
    }

    @Test
    void listFiltersByTypeAndId() {
        try (Jedis jedis = server.jedis(); Jedis other = server.jedis()) {
            long id = jedis.clientId();
            long otherId = other.clientId();
            assertThat(jedis.clientList(id, otherId).lines().map(ClientCommandsIT::idOf))
                    .containsExactly(id, otherId);
            assertThat(jedis.clientList(otherId, 999_999L).lines().map(ClientCommandsIT::idOf))
                    .containsExactly(otherId);
            assertThat(jedis.clientList(999_999L)).isEmpty();
            assertThat(jedis.clientList(ClientType.NORMAL)).contains("id=" + otherId + " ");
            assertThat(jedis.clientList(ClientType.PUBSUB)).isEmpty();
            assertThat(jedis.clientList(ClientType.REPLICA)).isEmpty();
            assertThat(jedis.clientList(ClientType.MASTER)).isEmpty();
            assertThatThrownBy(() -> client(jedis, "LIST", "TYPE", "foo")).hasMessage("ERR Unknown client type 'foo'");
            assertThatThrownBy(() -> client(jedis, "LIST", "ID", "1", "abc")).hasMessage("ERR Invalid client ID");
            assertThatThrownBy(() -> client(jedis, "LIST", "foo")).hasMessage("ERR syntax error");
            assertThatThrownBy(() -> client(jedis, "LIST", "ID")).hasMessage("ERR syntax error");
            assertThatThrownBy(() -> client(jedis, "LIST", "TYPE")).hasMessage("ERR syntax error");
        }
    }

    // ---------------------------------------------------------------- KILL

    @Test
    void killByAddressClosesThatConnection() {
        try (Jedis killer = server.jedis(); Jedis victim = server.jedis()) {
            String addr = field(victim.clientInfo(), "addr");
            assertThat(killer.clientKill(addr)).isEqualTo("OK");
            assertThatThrownBy(victim::ping).isInstanceOf(JedisConnectionException.class);
            assertThat(killer.clientList()).doesNotContain("addr=" + addr + " ");
            assertThatThrownBy(() -> killer.clientKill(addr)).hasMessage("ERR No such client");
            assertThatThrownBy(() -> killer.clientKill("1.2.3.4:5")).hasMessage("ERR No such client");
        }
    }

    @Test
    void killById() {
        try (Jedis killer = server.jedis(); Jedis victim = server.jedis(); Jedis bystander = server.jedis()) {
            long id = victim.clientId();
            assertThat(killer.clientKill(ClientKillParams.clientKillParams().id(Long.toString(id)))).isEqualTo(1);
            assertThatThrownBy(victim::ping).isInstanceOf(JedisConnectionException.class);
            assertThat(killer.clientKill(ClientKillParams.clientKillParams().id(Long.toString(id)))).isZero();
            assertThat(bystander.ping()).isEqualTo("PONG");
            assertThatThrownBy(() -> client(killer, "KILL", "ID", "abc"))
                    .hasMessage("ERR client-id should be greater than 0");
            assertThatThrownBy(() -> client(killer, "KILL", "ID", "0"))
                    .hasMessage("ERR client-id should be greater than 0");
        }
    }

    @Test
    void killSkipsTheCallerUnlessToldNotTo() throws IOException {
        try (Jedis jedis = server.jedis()) {
            String addr = field(jedis.clientInfo(), "addr");
            assertThat(jedis.clientKill(ClientKillParams.clientKillParams().addr(addr))).isZero();
            assertThat(jedis.clientKill(ClientKillParams.clientKillParams().addr(addr)
                    .skipMe(ClientKillParams.SkipMe.YES))).isZero();
            assertThat(jedis.ping()).isEqualTo("PONG");
        }
        try (RespClient self = server.respClient()) {
            long id = (Long) self.call("CLIENT", "ID");
            // the caller gets its reply, then its connection closes
            assertThat(self.call("CLIENT", "KILL", "ID", id, "SKIPME", "no")).isEqualTo(1L);
            assertThatThrownBy(() -> self.call("PING")).isInstanceOf(IOException.class);
        }
        try (RespClient self = server.respClient()) {
            String addr = field(RespClient.text(self.call("CLIENT", "INFO")), "addr");
            assertThat(self.call("CLIENT", "KILL", addr)).isEqualTo("OK");
            assertThatThrownBy(() -> self.call("PING")).isInstanceOf(IOException.class);
        }
    }

    @Test
    void killFiltersByTypeUserAndLocalAddress() {
        try (TestServer own = TestServer.start(); Jedis killer = own.jedis(); Jedis victim = own.jedis()) {
            victim.ping();
            ClientKillParams params = ClientKillParams.clientKillParams();
            assertThat(killer.clientKill(params.type(ClientType.PUBSUB))).isZero();
            assertThat(killer.clientKill(ClientKillParams.clientKillParams().type(ClientType.REPLICA))).isZero();
            assertThat(victim.ping()).as("no pubsub or replica clients were killed").isEqualTo("PONG");
            assertThat(killer.clientKill(ClientKillParams.clientKillParams().laddr("127.0.0.1", 1))).isZero();
            assertThat(killer.clientKill(ClientKillParams.clientKillParams().user("default")
                    .laddr("127.0.0.1", own.port()).type(ClientType.NORMAL))).isEqualTo(1);
            assertThatThrownBy(victim::ping).isInstanceOf(JedisConnectionException.class);
            assertThat(killer.ping()).isEqualTo("PONG");
        }
    }

    @Test
    void killErrorsUseRedisText() {
        try (Jedis jedis = server.jedis(); Jedis bystander = server.jedis()) {
            assertThatThrownBy(() -> client(jedis, "KILL", "TYPE", "foo")).hasMessage("ERR Unknown client type 'foo'");
            assertThatThrownBy(() -> client(jedis, "KILL", "USER", "nosuch")).hasMessage("ERR No such user 'nosuch'");
            assertThatThrownBy(() -> client(jedis, "KILL", "foo", "bar")).hasMessage("ERR syntax error");
            assertThatThrownBy(() -> client(jedis, "KILL", "ID", "1", "SKIPME")).hasMessage("ERR syntax error");
            assertThatThrownBy(() -> client(jedis, "KILL", "SKIPME", "maybe")).hasMessage("ERR syntax error");
            assertThatThrownBy(() -> client(jedis, "KILL", "MAXAGE", "1")).hasMessage("ERR syntax error");
            assertThatThrownBy(() -> client(jedis, "KILL"))
                    .hasMessage("ERR wrong number of arguments for 'client|kill' command");
            // an invalid filter after a valid one kills nobody
            assertThatThrownBy(() -> client(jedis, "KILL", "SKIPME", "yes", "TYPE", "foo"))
                    .hasMessage("ERR Unknown client type 'foo'");
            assertThat(bystander.ping()).isEqualTo("PONG");
        }
    }

    @Test
    void helpAndArity() {
        try (Jedis jedis = server.jedis()) {
            List<?> help = (List<?>) jedis.sendCommand(Protocol.Command.CLIENT, "HELP");
            assertThat(new String((byte[]) help.get(0), StandardCharsets.UTF_8))
                    .isEqualTo("CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
            assertThatThrownBy(() -> client(jedis, "ID", "x"))
                    .hasMessage("ERR wrong number of arguments for 'client|id' command");
            assertThatThrownBy(() -> client(jedis, "INFO", "x"))
                    .hasMessage("ERR wrong number of arguments for 'client|info' command");
            assertThatThrownBy(() -> client(jedis, "NOSUCH"))
                    .hasMessage("ERR unknown subcommand 'NOSUCH'. Try CLIENT HELP.");
        }
    }

    // ---------------------------------------------------------------- helpers

    private static Object client(Jedis jedis, String... args) {
        return jedis.sendCommand(Protocol.Command.CLIENT, args);
    }

    private static long idOf(String line) {
        return Long.parseLong(field(line, "id"));
    }

    private static String lineOf(String list, long id) {
        return list.lines().filter(line -> idOf(line) == id).findFirst()
                .orElseThrow(() -> new AssertionError("no client " + id + " in " + list));
    }
}
