package io.slotkv.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.slotkv.testing.InfoFields;
import io.slotkv.testing.RawConnection;
import io.slotkv.testing.RedisCli;
import io.slotkv.testing.Resp3;
import io.slotkv.testing.ServerExtension;
import io.slotkv.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * CONFIG GET, SET, RESETSTAT and HELP, with Redis 7's error texts, and the directives that act at once: requirepass,
 * timeout and maxclients. Tests that change the configuration start their own server.
 */
class ConfigCommandsIT {
    private static final String SET_FAILED = "ERR CONFIG SET failed (possibly related to argument '%s') - %s";

    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    // ---------------------------------------------------------------- CONFIG GET

    @Test
    void getMatchesGlobsIgnoringCase() {
        try (Jedis jedis = server.jedis()) {
            assertThat(jedis.configGet("max*")).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "maxclients", "10000", "maxmemory", "0", "maxmemory-policy", "noeviction"));
            assertThat(jedis.configGet("MAXCLIENTS")).isEqualTo(Map.of("maxclients", "10000"));
            assertThat(jedis.configGet("?z")).isEqualTo(Map.of("hz", "10"));
            assertThat(jedis.configGet("nosuch*")).isEmpty();
            assertThat(jedis.configGet("*")).containsEntry("port", "0").containsEntry("timeout", "0")
                    .containsEntry("databases", "16").containsEntry("appendonly", "no").hasSizeGreaterThan(20);
        }
    }

    @Test
    void getWithSeveralPatternsListsEachDirectiveOnce() {
        try (Jedis jedis = server.jedis()) {
            assertThat(jedis.configGet("timeout", "TIMEOUT", "tim*", "hz"))
                    .containsExactlyInAnyOrderEntriesOf(Map.of("timeout", "0", "hz", "10"));
            assertThat((List<?>) jedis.sendCommand(Protocol.Command.CONFIG, "GET", "timeout", "nosuch")).hasSize(2);
            assertThatThrownBy(() -> jedis.sendCommand(Protocol.Command.CONFIG, "GET"))
                    .hasMessage("ERR wrong number of arguments for 'config|get' command");
        }
    }

    @Test
    void getIsAMapInResp3AndAFlatArrayInResp2() {
        assertThat(Resp3.cli(server.port(), "config", "get", "timeout", "hz"))
                .isEqualTo("1# \"timeout\" => \"0\"\n2# \"hz\" => \"10\"");
        assertThat(Resp3.cli(server.port(), "config", "get", "nosuch")).isEqualTo("(empty hash)");
        assertThat(RedisCli.run(server.port(), "--no-raw", "config", "get", "timeout"))
                .isEqualTo("1) \"timeout\"\n2) \"0\"\n");
        try (Jedis resp3 = Resp3.jedis(server.port())) {
            assertThat(resp3.configGet("maxmemory-policy")).isEqualTo(Map.of("maxmemory-policy", "noeviction"));
        }
    }

    // ---------------------------------------------------------------- CONFIG SET

    @Test
    void setChangesSeveralDirectivesAtOnce() {
        try (TestServer own = TestServer.start(); Jedis jedis = own.jedis()) {
            assertThat(jedis.configSet("timeout", "300", "hz", "20", "maxmemory", "1mb", "LOGLEVEL", "Notice"))
                    .isEqualTo("OK");
            assertThat(jedis.configGet("timeout", "hz", "maxmemory", "loglevel")).containsExactlyInAnyOrderEntriesOf(
                    Map.of("timeout", "300", "hz", "20", "maxmemory", "1048576", "loglevel", "notice"));
            // as Redis, hz is clamped to 1..500
            jedis.configSet("hz", "1000");
            assertThat(jedis.configGet("hz")).isEqualTo(Map.of("hz", "500"));
            jedis.configSet("hz", "0");
            assertThat(jedis.configGet("hz")).isEqualTo(Map.of("hz", "1"));
        }
    }

    @Test
    void setIsAllOrNothing() {
        try (TestServer own = TestServer.start(); Jedis jedis = own.jedis()) {
            assertThatThrownBy(() -> configSet(jedis, "timeout", "7", "hz", "abc"))
                    .hasMessage(SET_FAILED.formatted("hz", "argument couldn't be parsed into an integer"));
            assertThatThrownBy(() -> configSet(jedis, "timeout", "7", "databases", "4"))
                    .hasMessage(SET_FAILED.formatted("databases", "can't set immutable config"));
            assertThatThrownBy(() -> configSet(jedis, "maxclients", "5", "timeout", "7", "timeout", "8"))
                    .hasMessage(SET_FAILED.formatted("timeout", "duplicate parameter"));
            assertThat(jedis.configGet("timeout", "hz", "maxclients")).containsExactlyInAnyOrderEntriesOf(
                    Map.of("timeout", "0", "hz", "10", "maxclients", "10000"));
        }
    }

    @Test
    void setChecksEveryNameBeforeAnyValue() {
        try (Jedis jedis = server.jedis()) {
            assertThatThrownBy(() -> configSet(jedis, "timeout", "abc", "nosuch", "1"))
                    .hasMessage("ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'");
            assertThatThrownBy(() -> configSet(jedis, "nosuch", "1", "timeout", "1", "timeout", "2"))
                    .hasMessage("ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'");
            assertThatThrownBy(() -> configSet(jedis, "timeout", "abc", "port", "1"))
                    .hasMessage(SET_FAILED.formatted("port", "can't set immutable config"));
        }
    }

    @Test
    void setErrorsUseRedisText() {
        try (Jedis jedis = server.jedis()) {
            assertThatThrownBy(() -> configSet(jedis, "NOSUCH", "1"))
                    .hasMessage("ERR Unknown option or number of arguments for CONFIG SET - 'NOSUCH'");
            assertThatThrownBy(() -> configSet(jedis, "Databases", "4"))
                    .hasMessage(SET_FAILED.formatted("Databases", "can't set immutable config"));
            assertThatThrownBy(() -> configSet(jedis, "daemonize", "yes"))
                    .hasMessage(SET_FAILED.formatted("daemonize", "can't set immutable config"));
            assertThatThrownBy(() -> configSet(jedis, "TIMEOUT", "-1"))
                    .hasMessage(SET_FAILED.formatted("timeout", "argument must be between 0 and 2147483647 inclusive"));
            assertThatThrownBy(() -> configSet(jedis, "maxclients", "abc"))
                    .hasMessage(SET_FAILED.formatted("maxclients", "argument couldn't be parsed into an integer"));
            assertThatThrownBy(() -> configSet(jedis, "protected-mode", "maybe"))
                    .hasMessage(SET_FAILED.formatted("protected-mode", "argument must be 'yes' or 'no'"));
            assertThatThrownBy(() -> configSet(jedis, "maxmemory", "lots"))
                    .hasMessage(SET_FAILED.formatted("maxmemory", "argument must be a memory value"));
            assertThatThrownBy(() -> configSet(jedis, "maxmemory-policy", "random"))
                    .hasMessage(SET_FAILED.formatted("maxmemory-policy", "argument(s) must be one of the following: "
                            + "volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, "
                            + "allkeys-random, noeviction"));
            assertThatThrownBy(() -> configSet(jedis, "appendfsync", "sometimes"))
                    .hasMessage(SET_FAILED.formatted("appendfsync",
                            "argument(s) must be one of the following: everysec, always, no"));
            assertThatThrownBy(() -> configSet(jedis, "timeout", "1", "TIMEOUT", "2"))
                    .hasMessage(SET_FAILED.formatted("TIMEOUT", "duplicate parameter"));
            assertThatThrownBy(() -> configSet(jedis, "timeout", "1", "hz")).hasMessage("ERR syntax error");
            assertThatThrownBy(() -> configSet(jedis, "timeout"))
                    .hasMessage("ERR wrong number of arguments for 'config|set' command");
            assertThat(jedis.configGet("timeout")).isEqualTo(Map.of("timeout", "0"));
        }
    }

    // ---------------------------------------------------------------- directives that act at once

    @Test
    void requirepassAppliesToNewConnections() {
        try (TestServer own = TestServer.start(); Jedis admin = own.jedis()) {
            assertThat(admin.configSet("requirepass", "s3cret")).isEqualTo("OK");
            assertThat(admin.ping()).as("connections already open stay authenticated").isEqualTo("PONG");
            try (Jedis late = own.jedis()) {
                assertThatThrownBy(late::ping).hasMessage("NOAUTH Authentication required.");
                assertThatThrownBy(() -> late.auth("wrong"))
                        .hasMessage("WRONGPASS invalid username-password pair or user is disabled.");
                assertThat(late.auth("s3cret")).isEqualTo("OK");
                assertThat(late.ping()).isEqualTo("PONG");
            }
            try (Jedis waiting = own.jedis()) {
                assertThatThrownBy(waiting::ping).hasMessage("NOAUTH Authentication required.");
                assertThat(admin.configSet("requirepass", "")).isEqualTo("OK");
                assertThat(waiting.ping()).as("no password: everyone is in").isEqualTo("PONG");
            }
        }
    }

    @Test
    void timeoutClosesIdleClientsButNotMonitors() throws IOException {
        try (TestServer own = TestServer.start(); Jedis admin = own.jedis(); Jedis monitor = own.jedis();
                Jedis idle = own.jedis()) {
            long monitorId = monitor.clientId();
            monitor.getClient().sendCommand(Protocol.Command.MONITOR);
            assertThat(monitor.getClient().getStatusCodeReply()).isEqualTo("OK");
            long idleId = idle.clientId();
            assertThat(admin.configSet("timeout", "1")).isEqualTo("OK");
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !admin.clientList().contains("id=" + idleId + " "));
            assertThatThrownBy(idle::ping).isInstanceOf(JedisConnectionException.class);
            assertThat(admin.clientList()).as("monitors never time out").contains("id=" + monitorId + " ");
        }
    }

    @Test
    void maxclientsRejectsConnectionsBeyondTheLimit() {
        try (TestServer own = TestServer.start(); Jedis admin = own.jedis(); Jedis second = own.jedis()) {
            assertThat(admin.configSet("maxclients", "2")).isEqualTo("OK");
            assertThat(second.ping()).isEqualTo("PONG");
            try (RawConnection rejected = new RawConnection(own.port())) {
                assertThat(new String(rejected.readUntilClosed(), StandardCharsets.UTF_8))
                        .isEqualTo("-ERR max number of clients reached\r\n");
            }
            assertThat(admin.info("stats")).contains("rejected_connections:1\r\n");
            assertThat(admin.info("clients")).contains("connected_clients:2\r\n");
            assertThat(admin.configSet("maxclients", "3")).isEqualTo("OK");
            try (Jedis third = own.jedis()) {
                assertThat(third.ping()).isEqualTo("PONG");
            }
        }
    }

    // ---------------------------------------------------------------- CONFIG RESETSTAT, HELP

    @Test
    void resetstatResetsTheCounters() {
        try (TestServer own = TestServer.start(); Jedis jedis = own.jedis()) {
            for (int i = 0; i < 5; i++) {
                jedis.ping();
            }
            assertThat(InfoFields.number(jedis.info("stats"), "total_commands_processed")).isGreaterThanOrEqualTo(5);
            assertThat(jedis.configResetStat()).isEqualTo("OK");
            String stats = jedis.info("stats");
            // as in Redis, the RESETSTAT itself is counted after the reset
            assertThat(InfoFields.number(stats, "total_commands_processed")).isEqualTo(1);
            assertThat(InfoFields.number(stats, "total_connections_received")).isZero();
            assertThat(jedis.info("commandstats")).doesNotContain("cmdstat_ping")
                    .contains("cmdstat_config|resetstat:calls=1,");
            assertThatThrownBy(() -> jedis.sendCommand(Protocol.Command.CONFIG, "RESETSTAT", "x"))
                    .hasMessage("ERR wrong number of arguments for 'config|resetstat' command");
        }
    }

    @Test
    void helpListsTheSubcommands() {
        try (Jedis jedis = server.jedis()) {
            List<?> help = (List<?>) jedis.sendCommand(Protocol.Command.CONFIG, "HELP");
            assertThat(new String((byte[]) help.get(0), StandardCharsets.UTF_8))
                    .isEqualTo("CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
            assertThat(help.stream().map(line -> new String((byte[]) line, StandardCharsets.UTF_8)))
                    .contains("GET <pattern>", "RESETSTAT", "HELP");
        }
    }

    // ---------------------------------------------------------------- helpers

    private static Object configSet(Jedis jedis, String... namesAndValues) {
        String[] args = new String[namesAndValues.length + 1];
        args[0] = "SET";
        System.arraycopy(namesAndValues, 0, args, 1, namesAndValues.length);
        return jedis.sendCommand(Protocol.Command.CONFIG, args);
    }
}
