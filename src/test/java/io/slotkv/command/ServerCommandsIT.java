package io.slotkv.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slotkv.protocol.RespClient;
import io.slotkv.testing.ClientInfo;
import io.slotkv.testing.InfoFields;
import io.slotkv.testing.RawConnection;
import io.slotkv.testing.RedisCli;
import io.slotkv.testing.ServerExtension;
import io.slotkv.testing.TestServer;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.args.FlushMode;
import redis.clients.jedis.commands.ProtocolCommand;

/**
 * INFO, DBSIZE, FLUSHDB, FLUSHALL, TIME, DEBUG, MONITOR and SHUTDOWN, with the texts Redis 7 answers. Tests that
 * need keys (DBSIZE and FLUSH* with data, INFO keyspace lines) are in {@link TransactionCommandsIT}.
 */
class ServerCommandsIT {
    /** A MONITOR line: time, then database and client address, then the quoted arguments. */
    private static final Pattern MONITOR_LINE = Pattern.compile("(\\d{10})\\.(\\d{6}) \\[(\\d+) ([0-9.:]+)] (.*)");

    private static final ProtocolCommand DEBUG = () -> "DEBUG".getBytes(StandardCharsets.US_ASCII);

    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    // ---------------------------------------------------------------- INFO

    /** Redis's sections, then slotkv's rocksdb section when the server runs on that engine. */
    private static List<String> withEngineSection(List<String> sections) {
        List<String> all = new java.util.ArrayList<>(sections);
        if (System.getProperty("slotkv.test.engine", "memory").equals("rocksdb")) {
            all.add("# Rocksdb");
        }
        return all;
    }

    @Test
    void infoHasRedisSectionsInRedisOrder() {
        try (Jedis jedis = server.jedis()) {
            String info = jedis.info();
            // Redis 7.0 also prints "# Errorstats" between Modules and Cluster; slotkv does not count errors yet
            assertThat(headers(info)).containsExactlyElementsOf(withEngineSection(List.of("# Server", "# Clients",
                    "# Memory", "# Persistence", "# Stats", "# Replication", "# CPU", "# Modules", "# Cluster",
                    "# Keyspace")));
            for (String line : info.split("\r\n")) {
                assertThat(line).as("INFO line").matches("(# [A-Za-z]+|[a-z0-9_]+:.*|)");
            }
        }
    }

    @Test
    void infoFieldsUseRedisNamesAndValues() {
        try (Jedis jedis = server.jedis(); Jedis other = server.jedis()) {
            other.ping();
            Map<String, String> fields = InfoFields.parse(jedis.info());
            assertThat(fields.get("redis_version")).startsWith("7.");
            assertThat(fields).containsEntry("redis_mode", "standalone")
                    .containsEntry("tcp_port", Integer.toString(server.port()))
                    .containsEntry("role", "master")
                    .containsEntry("connected_slaves", "0")
                    .containsEntry("cluster_enabled", "0")
                    .containsEntry("maxclients", "10000")
                    .containsEntry("maxmemory_policy", "noeviction")
                    .containsEntry("loading", "0");
            assertThat(Long.parseLong(fields.get("connected_clients"))).isGreaterThanOrEqualTo(2);
            assertThat(Long.parseLong(fields.get("used_memory"))).isPositive();
            assertThat(fields.get("used_memory_human")).matches("\\d+\\.\\d{2}[KMG]");
            assertThat(fields.get("run_id")).matches("[0-9a-f]{40}");
            assertThat(Long.parseLong(fields.get("total_commands_processed"))).isPositive();
            assertThat(fields.get("used_cpu_user")).matches("\\d+\\.\\d{6}");
        }
    }

    @Test
    void infoSectionsAreSelectableInAnyCase() {
        try (Jedis jedis = server.jedis()) {
            assertThat(headers(jedis.info("SERVER"))).containsExactly("# Server");
            assertThat(headers(jedis.info("cpu"))).containsExactly("# CPU");
            assertThat(jedis.info("modules")).isEqualTo("# Modules\r\n");
            Object both = jedis.sendCommand(Protocol.Command.INFO, "clients", "server");
            assertThat(headers(new String((byte[]) both, StandardCharsets.UTF_8)))
                    .containsExactly("# Server", "# Clients");
            assertThat(headers(jedis.info("default"))).hasSize(withEngineSection(List.of()).size() + 10)
                    .doesNotContain("# Commandstats");
        }
    }

    @Test
    void infoAllAddsCommandstats() {
        try (Jedis jedis = server.jedis()) {
            List<String> all = headers(jedis.info("all"));
            assertThat(all).containsExactlyElementsOf(withEngineSection(List.of("# Server", "# Clients", "# Memory",
                    "# Persistence", "# Stats", "# Replication", "# CPU", "# Modules", "# Commandstats", "# Cluster",
                    "# Keyspace")));
            assertThat(headers(jedis.info("everything"))).isEqualTo(all);
        }
    }

    @Test
    void infoCommandstatsCountsEachCommandAndSubcommand() {
        try (Jedis jedis = server.jedis()) {
            jedis.ping();
            jedis.configGet("hz");
            String stats = jedis.info("commandstats");
            assertThat(headers(stats)).containsExactly("# Commandstats");
            assertThat(stats).containsPattern("(?m)^cmdstat_ping:calls=\\d+,usec=\\d+,usec_per_call=\\d+\\.\\d{2},"
                    + "rejected_calls=0,failed_calls=0$");
            assertThat(stats).containsPattern("(?m)^cmdstat_config\\|get:calls=\\d+,");
            long before = InfoFields.calls(stats, "ping");
            jedis.ping();
            jedis.ping();
            assertThat(InfoFields.calls(jedis.info("commandstats"), "ping")).isEqualTo(before + 2);
        }
    }

    @Test
    void infoOfAnUnknownSectionIsEmpty() {
        try (Jedis jedis = server.jedis()) {
            assertThat(jedis.info("nosuch")).isEmpty();
            assertThat(RedisCli.run(server.port(), "info", "nosuch").strip()).isEmpty();
        }
    }

    @Test
    void infoIsVerbatimTextInResp3() {
        try (RawConnection resp3 = new RawConnection(server.port());
                RawConnection resp2 = new RawConnection(server.port())) {
            resp3.write("HELLO 3\r\nINFO cluster\r\n");
            resp3.read();
            assertThat(resp3.read()).isEqualTo("=34\r\ntxt:# Cluster\r\ncluster_enabled:0\r\n\r\n");
            resp2.write("INFO cluster\r\n");
            assertThat(resp2.read()).isEqualTo("$30\r\n# Cluster\r\ncluster_enabled:0\r\n\r\n");
        }
    }

    // ---------------------------------------------------------------- DBSIZE, FLUSHDB, FLUSHALL

    @Test
    void dbsizeOfAnEmptyDatabaseIsZero() {
        try (Jedis jedis = server.jedis()) {
            assertThat(jedis.dbSize()).isZero();
            jedis.select(7);
            assertThat(jedis.dbSize()).isZero();
            assertThatThrownBy(() -> jedis.sendCommand(Protocol.Command.DBSIZE, "x"))
                    .hasMessage("ERR wrong number of arguments for 'dbsize' command");
        }
    }

    @Test
    void flushAcceptsAsyncAndSyncOnly() {
        try (Jedis jedis = server.jedis()) {
            assertThat(jedis.flushDB()).isEqualTo("OK");
            assertThat(jedis.flushDB(FlushMode.ASYNC)).isEqualTo("OK");
            assertThat(jedis.flushDB(FlushMode.SYNC)).isEqualTo("OK");
            assertThat(jedis.flushAll()).isEqualTo("OK");
            assertThat(jedis.flushAll(FlushMode.ASYNC)).isEqualTo("OK");
            assertThat(jedis.sendCommand(Protocol.Command.FLUSHALL, "sync")).isEqualTo(bytes("OK"));
            for (Protocol.Command flush : List.of(Protocol.Command.FLUSHDB, Protocol.Command.FLUSHALL)) {
                assertThatThrownBy(() -> jedis.sendCommand(flush, "foo")).hasMessage("ERR syntax error");
                assertThatThrownBy(() -> jedis.sendCommand(flush, "async", "sync")).hasMessage("ERR syntax error");
            }
        }
    }

    // ---------------------------------------------------------------- TIME

    @Test
    void timeIsSecondsAndMicrosecondsThatNeverGoBack() {
        try (Jedis jedis = server.jedis()) {
            long previous = 0;
            for (int i = 0; i < 50; i++) {
                List<String> time = jedis.time();
                assertThat(time).hasSize(2);
                assertThat(time.get(0)).matches("\\d{10}");
                assertThat(time.get(1)).matches("\\d{1,6}");
                long micros = Long.parseLong(time.get(0)) * 1_000_000 + Long.parseLong(time.get(1));
                assertThat(micros).isGreaterThanOrEqualTo(previous);
                previous = micros;
            }
            assertThat(previous / 1000).isCloseTo(System.currentTimeMillis(), Offset.offset(5000L));
            assertThatThrownBy(() -> jedis.sendCommand(Protocol.Command.TIME, "x"))
                    .hasMessage("ERR wrong number of arguments for 'time' command");
        }
    }

    // ---------------------------------------------------------------- DEBUG

    @Test
    void debugSleepAndLog() {
        try (Jedis jedis = server.jedis()) {
            assertThat(debug(jedis, "SLEEP", "0")).isEqualTo("OK");
            assertThat(debug(jedis, "sleep", "-1")).isEqualTo("OK");
            long started = System.nanoTime();
            assertThat(debug(jedis, "SLEEP", "0.05")).isEqualTo("OK");
            assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(45));
            assertThat(debug(jedis, "LOG", "hello from the test")).isEqualTo("OK");
            assertThat(jedis.ping()).isEqualTo("PONG");
        }
    }

    @Test
    void debugErrorsUseRedisText() {
        try (Jedis jedis = server.jedis()) {
            assertThatThrownBy(() -> debug(jedis, "nosuch"))
                    .hasMessage("ERR unknown subcommand or wrong number of arguments for 'nosuch'. Try DEBUG HELP.");
            assertThatThrownBy(() -> debug(jedis, "SLEEP"))
                    .hasMessage("ERR unknown subcommand or wrong number of arguments for 'SLEEP'. Try DEBUG HELP.");
            assertThatThrownBy(() -> debug(jedis, "log", "a", "b"))
                    .hasMessage("ERR unknown subcommand or wrong number of arguments for 'log'. Try DEBUG HELP.");
            assertThatThrownBy(() -> debug(jedis, "sleep", "abc")).hasMessage("ERR value is not a valid float");
            assertThatThrownBy(() -> jedis.sendCommand(DEBUG))
                    .hasMessage("ERR wrong number of arguments for 'debug' command");
            Object help = jedis.sendCommand(DEBUG, "HELP");
            assertThat(RespClient.text(((List<?>) help).get(0)))
                    .isEqualTo("DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        }
    }

    // ---------------------------------------------------------------- MONITOR

    @Test
    void monitorSeesOtherClientsCommandsInRedisFormat() throws IOException {
        try (RespClient monitor = server.respClient(); RespClient client = server.respClient()) {
            String addr = ClientInfo.field(RespClient.text(client.call("CLIENT", "INFO")), "addr");
            assertThat(monitor.call("MONITOR")).isEqualTo("OK");

            client.call("ping");
            client.call("echo", new byte[] {'a', 1, 'b', '"', 'c', '\\', 'd', '\n', 'e', '\r', '\t', 7, '\b',
                    (byte) 0xff, 0, ' ', 'z'});
            client.call("select", "3");
            client.call("ping");
            client.call("SELECT", "0");
            client.call("config", "get", "hz");
            assertThatThrownBy(() -> client.call("auth", "secret")).isInstanceOf(RespClient.RespError.class);
            client.call("hello", "2", "AUTH", "default", "secret", "SETNAME", "c1");
            client.call("client", "setname", "c2");
            client.call("multi");
            client.call("ping");
            client.call("exec");

            List<String> lines = readMonitorLines(monitor, 11);
            assertThat(lines.stream().map(line -> monitorEntry(line, addr)).toList()).containsExactly(
                    "0 \"ping\"",
                    "0 \"echo\" \"a\\x01b\\\"c\\\\d\\ne\\r\\t\\a\\b\\xff\\x00 z\"",
                    "3 \"select\" \"3\"",
                    "3 \"ping\"",
                    "0 \"SELECT\" \"0\"",
                    "0 \"auth\" \"(redacted)\"",
                    "0 \"hello\" \"2\" \"AUTH\" \"(redacted)\" \"(redacted)\" \"SETNAME\" \"c1\"",
                    "0 \"client\" \"setname\" \"c2\"",
                    "0 \"multi\"",
                    "0 \"ping\"",
                    "0 \"exec\"");
            long previous = 0;
            for (String line : lines) {
                Matcher m = MONITOR_LINE.matcher(line);
                assertThat(m.matches()).isTrue();
                long micros = Long.parseLong(m.group(1)) * 1_000_000 + Long.parseLong(m.group(2));
                assertThat(micros).isGreaterThanOrEqualTo(previous);
                previous = micros;
            }
        }
    }

    @Test
    void monitorSeesItsOwnCommandsAfterTheirRepliesAndIgnoresASecondMonitor() throws IOException {
        try (RespClient monitor = server.respClient(); Jedis other = server.jedis()) {
            String otherAddr = ClientInfo.field(other.clientInfo(), "addr");
            assertThat(monitor.call("MONITOR")).isEqualTo("OK");
            String addr = ClientInfo.field(RespClient.text(monitor.call("CLIENT", "INFO")), "addr");
            assertThat(monitorEntry((String) monitor.read(), addr)).isEqualTo("0 \"CLIENT\" \"INFO\"");
            monitor.send("MONITOR");
            monitor.flush();
            other.ping();
            // no reply to the second MONITOR: the next thing read is the other client's PING, once
            assertThat(monitorEntry((String) monitor.read(), otherAddr)).isEqualTo("0 \"PING\"");
            other.echo("after");
            assertThat(monitorEntry((String) monitor.read(), otherAddr)).isEqualTo("0 \"ECHO\" \"after\"");
        }
        try (Jedis after = server.jedis()) {
            assertThat(after.ping()).as("the closed monitor was forgotten").isEqualTo("PONG");
        }
    }

    @Test
    void monitorIsNotAllowedInsideATransaction() throws IOException {
        try (RespClient client = server.respClient()) {
            assertThat(client.call("MULTI")).isEqualTo("OK");
            assertThat(client.call("MONITOR")).isEqualTo("QUEUED");
            List<?> results = (List<?>) client.call("EXEC");
            assertThat(results).hasSize(1);
            assertThat((Throwable) results.get(0)).isInstanceOf(RespClient.RespError.class)
                    .hasMessage("ERR MONITOR isn't allowed for DENY BLOCKING client");
            assertThat(client.call("PING")).isEqualTo("PONG");
            assertThatThrownBy(() -> client.call("MONITOR", "x"))
                    .hasMessage("ERR wrong number of arguments for 'monitor' command");
        }
    }

    // ---------------------------------------------------------------- SHUTDOWN

    @Test
    void shutdownChecksItsOptions() throws Exception {
        try (TestServer own = TestServer.start(); RespClient client = own.respClient()) {
            assertThatThrownBy(() -> client.call("SHUTDOWN", "ABORT")).hasMessage("ERR No shutdown in progress.");
            for (List<String> bad : List.of(List.of("NOSAVE", "SAVE"), List.of("abort", "now"), List.of("foo"),
                    List.of("now", "now", "foo"))) {
                List<Object> argv = new ArrayList<>(List.of("SHUTDOWN"));
                argv.addAll(bad);
                assertThatThrownBy(() -> client.call(argv.toArray())).as(bad.toString()).hasMessage("ERR syntax error");
            }
            assertThat(client.call("MULTI")).isEqualTo("OK");
            assertThatThrownBy(() -> client.call("SHUTDOWN"))
                    .hasMessage("ERR Command not allowed inside a transaction");
            assertThat(client.call("DISCARD")).isEqualTo("OK");
            assertThat(client.call("PING")).isEqualTo("PONG");
        }
    }

    /** Repeated because closing the connections once depended on timing (see Server.closeClients). */
    @RepeatedTest(3)
    void shutdownClosesEveryConnectionAndStopsTheServer() throws Exception {
        TestServer doomed = TestServer.start();
        try (RespClient bystander = doomed.respClient(); RespClient client = doomed.respClient()) {
            assertThat(bystander.call("PING")).isEqualTo("PONG");
            // no reply: the connection just closes, as in Redis
            assertThatThrownBy(() -> client.call("SHUTDOWN", "NOSAVE", "NOW", "FORCE"))
                    .isInstanceOf(EOFException.class);
            assertThatThrownBy(bystander::read).isInstanceOf(EOFException.class);
        }
        doomed.server().terminated().get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> new Socket("127.0.0.1", doomed.port()).close()).isInstanceOf(ConnectException.class);
        doomed.close();
    }

    @Test
    void jedisShutdownStopsTheServer() throws Exception {
        TestServer doomed = TestServer.start();
        try (Jedis jedis = doomed.jedis()) {
            jedis.shutdown();
        }
        doomed.server().terminated().get(10, TimeUnit.SECONDS);
        doomed.close();
    }

    // ---------------------------------------------------------------- helpers

    private static List<String> headers(String info) {
        return info.lines().filter(line -> line.startsWith("#")).toList();
    }

    private static String debug(Jedis jedis, String... args) {
        return RespClient.text(jedis.sendCommand(DEBUG, args));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> readMonitorLines(RespClient monitor, int count) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add((String) monitor.read());
        }
        return lines;
    }

    /** "db args" of a MONITOR line, checked to come from {@code addr}. */
    private static String monitorEntry(String line, String addr) {
        Matcher m = MONITOR_LINE.matcher(line);
        assertThat(m.matches()).as(line).isTrue();
        assertThat(m.group(4)).as(line).isEqualTo(addr);
        return m.group(3) + " " + m.group(5);
    }
}
