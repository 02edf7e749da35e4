package io.slotkv.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slotkv.protocol.RespClient;
import io.slotkv.testing.RedisCli;
import io.slotkv.testing.Resp3;
import io.slotkv.testing.ServerExtension;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.CommandListFilterByParams;
import redis.clients.jedis.resps.CommandDocument;

/**
 * COMMAND and its subcommands, checked against what Debian's redis-server 7.0 answers, and a sweep over the whole
 * command table: every command and subcommand must refuse a wrong argument count with Redis's arity error.
 */
class CommandCommandsIT {
    @RegisterExtension
    static final ServerExtension server = new ServerExtension();

    /** One COMMAND INFO entry as redis-server 7.0.15 prints it (flags and categories are sets). */
    private record Info(String name, long arity, Set<String> flags, long first, long last, long step,
            Set<String> categories) {

        static Info of(List<?> entry) {
            return new Info(RespClient.text(entry.get(0)), (Long) entry.get(1), texts(entry.get(2)),
                    (Long) entry.get(3), (Long) entry.get(4), (Long) entry.get(5), texts(entry.get(6)));
        }
    }

    // ---------------------------------------------------------------- COMMAND, COUNT, INFO

    @Test
    void countIsTheNumberOfCommands() throws IOException {
        try (RespClient client = server.respClient(); Jedis jedis = server.jedis()) {
            List<?> all = (List<?>) client.call("COMMAND");
            assertThat(jedis.commandCount()).isEqualTo(all.size()).isGreaterThan(100);
            for (Object entry : all) {
                assertThat((List<?>) entry).hasSize(10);
            }
            assertThat(((List<?>) client.call("COMMAND", "INFO"))).hasSameSizeAs(all);
            assertThatThrownBy(() -> client.call("COMMAND", "COUNT", "x"))
                    .hasMessage("ERR wrong number of arguments for 'command|count' command");
        }
    }

    @Test
    void infoHasRedisShapeAndValues() throws IOException {
        try (RespClient client = server.respClient()) {
            List<?> infos = (List<?>) client.call("COMMAND", "INFO", "get", "SET", "zunionstore", "nosuch", "blpop",
                    "client|kill", "auth", "echo");
            assertThat(infos).hasSize(8);
            assertThat(Info.of((List<?>) infos.get(0))).isEqualTo(new Info("get", 2, Set.of("readonly", "fast"),
                    1, 1, 1, Set.of("@read", "@string", "@fast")));
            assertThat(Info.of((List<?>) infos.get(1))).isEqualTo(new Info("set", -3, Set.of("write", "denyoom"),
                    1, 1, 1, Set.of("@write", "@string", "@slow")));
            assertThat(Info.of((List<?>) infos.get(2))).isEqualTo(new Info("zunionstore", -4,
                    Set.of("write", "denyoom", "movablekeys"), 1, 1, 1, Set.of("@write", "@sortedset", "@slow")));
            assertThat(infos.get(3)).isNull();
            assertThat(Info.of((List<?>) infos.get(4))).isEqualTo(new Info("blpop", -3,
                    Set.of("write", "noscript", "blocking"), 1, -2, 1,
                    Set.of("@write", "@list", "@slow", "@blocking")));
            assertThat(Info.of((List<?>) infos.get(5))).isEqualTo(new Info("client|kill", -3,
                    Set.of("admin", "noscript", "loading", "stale"), 0, 0, 0,
                    Set.of("@admin", "@slow", "@dangerous", "@connection")));
            assertThat(Info.of((List<?>) infos.get(6))).isEqualTo(new Info("auth", -2,
                    Set.of("noscript", "loading", "stale", "fast", "no_auth", "allow_busy"), 0, 0, 0,
                    Set.of("@fast", "@connection")));
            assertThat(Info.of((List<?>) infos.get(7))).isEqualTo(new Info("echo", 2,
                    Set.of("fast", "loading", "stale"), 0, 0, 0, Set.of("@fast", "@connection")));
            List<?> get = (List<?>) infos.get(0);
            assertThat(get.subList(7, 10)).allSatisfy(empty -> assertThat((List<?>) empty).isEmpty());
        }
    }

    @Test
    void infoOfAContainerListsItsSubcommands() throws IOException {
        try (RespClient client = server.respClient()) {
            List<?> config = (List<?>) ((List<?>) client.call("COMMAND", "INFO", "config")).get(0);
            assertThat(Info.of(config)).isEqualTo(new Info("config", -2, Set.of(), 0, 0, 0, Set.of("@slow")));
            List<String> subcommands = ((List<?>) config.get(9)).stream()
                    .map(sub -> RespClient.text(((List<?>) sub).get(0))).toList();
            assertThat(subcommands).contains("config|get", "config|set", "config|resetstat", "config|help");
            assertThat(Info.of((List<?>) ((List<?>) client.call("COMMAND", "INFO", "CONFIG|GET")).get(0)))
                    .isEqualTo(new Info("config|get", -3, Set.of("admin", "noscript", "loading", "stale"), 0, 0, 0,
                            Set.of("@admin", "@slow", "@dangerous")));
        }
    }

    @Test
    void infoUsesSetsAndNullInResp3() {
        String out = Resp3.cli(server.port(), "command", "info", "get", "nosuch");
        assertThat(out).contains("3) 1~ readonly\n       2~ fast\n").contains("2) (nil)");
        assertThat(RedisCli.run(server.port(), "--no-raw", "command", "info", "nosuch")).isEqualTo("1) (nil)\n");
    }

    // ---------------------------------------------------------------- DOCS

    @Test
    void docsDescribeCommands() throws IOException {
        try (Jedis jedis = server.jedis(); RespClient client = server.respClient()) {
            Map<String, CommandDocument> docs = jedis.commandDocs("get", "nosuch", "zadd");
            assertThat(docs).containsOnlyKeys("get", "zadd");
            assertThat(docs.get("get").getSince()).isEqualTo("1.0.0");
            assertThat(docs.get("get").getGroup()).isEqualTo("string");
            assertThat(docs.get("get").getSummary()).isNotBlank();
            assertThat(docs.get("zadd").getGroup()).isEqualTo("sorted-set");
            assertThat((List<?>) client.call("COMMAND", "DOCS", "nosuch")).isEmpty();
            List<?> client1 = (List<?>) client.call("COMMAND", "DOCS", "client");
            assertThat(RespClient.text(client1.get(0))).isEqualTo("client");
            List<?> fields = (List<?>) client1.get(1);
            assertThat(fields.stream().map(RespClient::text).toList())
                    .contains("summary", "since", "group", "subcommands");
        }
        assertThat(Resp3.cli(server.port(), "command", "docs", "get"))
                .startsWith("1# \"get\" => \n   1# \"summary\" => ").contains("\"since\" => \"1.0.0\"");
    }

    // ---------------------------------------------------------------- GETKEYS

    @Test
    void getkeysFindsKeysLikeRedis() {
        try (Jedis jedis = server.jedis()) {
            assertThat(jedis.commandGetKeys("get", "k")).containsExactly("k");
            assertThat(jedis.commandGetKeys("MSET", "a", "1", "b", "2")).containsExactly("a", "b");
            assertThat(jedis.commandGetKeys("mset", "a", "1", "b")).containsExactly("a", "b");
            assertThat(jedis.commandGetKeys("zunionstore", "d", "2", "a", "b", "WEIGHTS", "1", "2"))
                    .containsExactly("d", "a", "b");
            assertThat(jedis.commandGetKeys("zunion", "2", "a", "b")).containsExactly("a", "b");
            assertThat(jedis.commandGetKeys("sintercard", "2", "a", "b", "LIMIT", "1")).containsExactly("a", "b");
            assertThat(jedis.commandGetKeys("blpop", "a", "b", "c", "0")).containsExactly("a", "b", "c");
            assertThat(jedis.commandGetKeys("object", "encoding", "k")).containsExactly("k");
            assertThat(jedis.commandGetKeys("rename", "a", "b")).containsExactly("a", "b");
        }
    }

    @Test
    void getkeysErrorsUseRedisText() {
        try (Jedis jedis = server.jedis()) {
            assertThatThrownBy(() -> jedis.commandGetKeys("nosuch", "a")).hasMessage("ERR Invalid command specified");
            assertThatThrownBy(() -> jedis.commandGetKeys("client", "nosuch"))
                    .hasMessage("ERR Invalid command specified");
            assertThatThrownBy(() -> jedis.commandGetKeys("object", "nosuch", "k"))
                    .hasMessage("ERR Invalid command specified");
            assertThatThrownBy(() -> jedis.commandGetKeys("config", "get", "x"))
                    .hasMessage("ERR The command has no key arguments");
            assertThatThrownBy(() -> jedis.commandGetKeys("config", "get"))
                    .hasMessage("ERR The command has no key arguments");
            assertThatThrownBy(() -> jedis.commandGetKeys("get", "a", "b"))
                    .hasMessage("ERR Invalid number of arguments specified for command");
            assertThatThrownBy(() -> jedis.commandGetKeys("mset", "a"))
                    .hasMessage("ERR Invalid number of arguments specified for command");
            for (String numkeys : List.of("x", "5", "0", "-1")) {
                assertThatThrownBy(() -> jedis.commandGetKeys("zunionstore", "d", numkeys, "a")).as(numkeys)
                        .hasMessage("ERR Invalid arguments specified for command");
            }
            assertThatThrownBy(() -> jedis.commandGetKeys("sintercard", "0", "a"))
                    .hasMessage("ERR Invalid arguments specified for command");
            assertThatThrownBy(() -> jedis.commandGetKeys("ping"))
                    .hasMessage("ERR wrong number of arguments for 'command|getkeys' command");
        }
    }

    // ---------------------------------------------------------------- LIST, HELP

    @Test
    void listNamesCommandsAndSubcommands() {
        try (Jedis jedis = server.jedis()) {
            List<String> all = jedis.commandList();
            assertThat(all).contains("get", "zunionstore", "client", "client|kill", "config|set", "command|list")
                    .doesNotHaveDuplicates();
            assertThat((long) all.size()).isGreaterThan(jedis.commandCount());
            assertThat(jedis.commandListFilterBy(CommandListFilterByParams.commandListFilterByParams()
                    .filterByPattern("CLIENT*"))).containsExactlyInAnyOrder("client", "client|id", "client|setname",
                    "client|getname", "client|list", "client|info", "client|kill", "client|help");
            assertThat(jedis.commandListFilterBy(CommandListFilterByParams.commandListFilterByParams()
                    .filterByPattern("config|[gs]et"))).containsExactlyInAnyOrder("config|get", "config|set");
            assertThat(jedis.commandListFilterBy(CommandListFilterByParams.commandListFilterByParams()
                    .filterByAclCat("HASH"))).contains("hset", "hgetall", "hscan").allMatch(n -> n.startsWith("h"));
            assertThat(jedis.commandListFilterBy(CommandListFilterByParams.commandListFilterByParams()
                    .filterByAclCat("admin"))).contains("config|set", "client|kill", "monitor", "shutdown", "debug")
                    .doesNotContain("get", "config");
            assertThat(jedis.commandListFilterBy(CommandListFilterByParams.commandListFilterByParams()
                    .filterByAclCat("nosuch"))).isEmpty();
            assertThat(jedis.commandListFilterBy(CommandListFilterByParams.commandListFilterByParams()
                    .filterByModule("json"))).isEmpty();
        }
    }

    @Test
    void listSyntaxErrors() throws IOException {
        try (RespClient client = server.respClient()) {
            for (List<String> bad : List.of(List.of("foo"), List.of("FILTERBY", "foo", "x"),
                    List.of("FILTERBY", "PATTERN"), List.of("nofilter", "PATTERN", "x"))) {
                List<Object> argv = new ArrayList<>(List.of("COMMAND", "LIST"));
                argv.addAll(bad);
                assertThatThrownBy(() -> client.call(argv.toArray())).as(bad.toString()).hasMessage("ERR syntax error");
            }
            assertThatThrownBy(() -> client.call("COMMAND", "nosuch"))
                    .hasMessage("ERR unknown subcommand 'nosuch'. Try COMMAND HELP.");
            List<?> help = (List<?>) client.call("COMMAND", "HELP");
            assertThat(help.get(0)).isEqualTo("COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        }
    }

    // ---------------------------------------------------------------- the whole table

    /**
     * Calls every command of COMMAND's output, and every subcommand, with too few (and, for fixed arities, too many)
     * arguments: each must answer Redis's arity error naming it, before doing anything.
     */
    @Test
    void everyCommandRefusesAWrongArgumentCount() throws IOException {
        List<List<String>> calls = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        try (RespClient client = server.respClient()) {
            for (Object entry : (List<?>) client.call("COMMAND")) {
                List<?> info = (List<?>) entry;
                String name = RespClient.text(info.get(0));
                assertThat(name).isLowerCase();
                List<?> subcommands = (List<?>) info.get(9);
                if (subcommands.isEmpty()) {
                    wrongCounts((Long) info.get(1), 1).forEach(argc -> {
                        calls.add(argv(List.of(name), argc));
                        expected.add(name);
                    });
                    continue;
                }
                if ((Long) info.get(1) == -2) {
                    calls.add(List.of(name));
                    expected.add(name);
                }
                for (Object sub : subcommands) {
                    List<?> subInfo = (List<?>) sub;
                    String full = RespClient.text(subInfo.get(0));
                    assertThat(full).startsWith(name + "|");
                    List<String> prefix = List.of(name, full.substring(name.length() + 1));
                    wrongCounts((Long) subInfo.get(1), 2).forEach(argc -> {
                        calls.add(argv(prefix, argc));
                        expected.add(full);
                    });
                }
            }
            for (List<String> call : calls) {
                client.send(call.toArray());
            }
            client.flush();
            List<String> errors = new ArrayList<>();
            for (int i = 0; i < calls.size(); i++) {
                try {
                    errors.add("no error: " + RespClient.text(client.read()));
                } catch (RespClient.RespError e) {
                    errors.add(e.getMessage());
                }
            }
            for (int i = 0; i < calls.size(); i++) {
                String arity = "wrong number of arguments for '" + expected.get(i) + "' command";
                // as in Redis, a refused EXEC also ends the transaction and says so
                String error = expected.get(i).equals("exec")
                        ? "EXECABORT Transaction discarded because of: " + arity : "ERR " + arity;
                assertThat(errors.get(i)).as(String.join(" ", calls.get(i))).isEqualTo(error);
            }
            assertThat(calls.size()).as("calls checked").isGreaterThan(150);
            assertThat(client.call("PING")).isEqualTo("PONG");
        }
    }

    /**
     * Argument counts (name included) that {@code arity} refuses and that still name this command: fewer than the
     * minimum, and one more than a fixed count. {@code minimum} is the shortest call that still names it (2 for a
     * subcommand).
     */
    private static List<Integer> wrongCounts(long arity, int minimum) {
        List<Integer> counts = new ArrayList<>();
        long required = Math.abs(arity);
        if (required - 1 >= minimum) {
            counts.add((int) required - 1);
        }
        if (arity > 0) {
            counts.add((int) arity + 1);
        }
        return counts;
    }

    private static List<String> argv(List<String> prefix, int argc) {
        List<String> argv = new ArrayList<>(prefix);
        argv.addAll(Collections.nCopies(argc - prefix.size(), "x"));
        return argv;
    }

    // ---------------------------------------------------------------- helpers

    private static Set<String> texts(Object array) {
        Set<String> texts = new HashSet<>();
        for (Object item : (List<?>) array) {
            texts.add(RespClient.text(item));
        }
        return texts;
    }
}
