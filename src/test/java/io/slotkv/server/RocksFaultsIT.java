package io.slotkv.server;

import static io.slotkv.server.RocksDurabilityIT.ServerProcesses.awaitPong;
import static io.slotkv.server.RocksDurabilityIT.ServerProcesses.command;
import static io.slotkv.server.RocksDurabilityIT.ServerProcesses.exitStatus;
import static io.slotkv.server.RocksDurabilityIT.ServerProcesses.kill9;
import static io.slotkv.server.RocksDurabilityIT.ServerProcesses.withFileSizeLimit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.slotkv.server.RocksDurabilityIT.ServerProcesses;
import io.slotkv.testing.InfoFields;
import io.slotkv.testing.Ports;
import io.slotkv.testing.TestServer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The rocksdb engine when its data directory or its disk fails, as real processes. A corrupt, unusable or locked
 * data directory stops {@code bin/slotkv-server} with status 1 and one line naming the directory, and leaves every
 * file's bytes and modification time as they were; a WAL cut short at its end, as {@code kill -9} leaves it, is
 * dropped and the server starts. A write the disk refuses (file size limit, full file system) is answered with
 * Redis's MISCONF error, as after a failed AOF write, while reads go on; INFO shows it; writes resume once there is
 * space again. Also INFO's persistence and rocksdb sections on both engines. These tests pick their engines
 * themselves, so the failsafe run that puts every test server on rocksdb skips them.
 */
@DisabledIfSystemProperty(named = "slotkv.test.engine", matches = "rocksdb")
class RocksFaultsIT {
    private static final String MISCONF = "MISCONF Errors writing to the AOF file: ";
    private static final int TEMPLATE_KEYS = 50;
    private static final String BIG_VALUE = "x".repeat(64 * 1024);

    /** A data directory with strings a-i in an SST file and b-i only in the WAL; each test works on a copy. */
    @TempDir
    static Path template;

    @TempDir
    Path dir;

    private ServerProcesses servers;
    private final List<Path> mounts = new ArrayList<>();

    @BeforeAll
    static void prepareTemplate() throws Exception {
        try (ServerProcesses setup = new ServerProcesses(template)) {
            Path data = template.resolve("data");
            int port = Ports.free();
            Process first = setup.start("first.log", command(data, port, "--appendfsync", "always"));
            awaitPong(port);
            setStrings(port, "a");
            first.destroy();
            assertThat(exitStatus(first)).isZero();
            // the second start replays the WAL into an SST file (RocksDB flushes what it recovered)
            port = Ports.free();
            Process second = setup.start("second.log", command(data, port, "--appendfsync", "always"));
            awaitPong(port);
            setStrings(port, "b");
            kill9(second);
        }
        assertThat(newest(template.resolve("data/rocksdb"), "*.sst")).isNotNull();
        assertThat(Files.size(newest(template.resolve("data/rocksdb"), "*.log"))).isPositive();
    }

    private static void setStrings(int port, String prefix) {
        try (Jedis jedis = new Jedis("127.0.0.1", port, 5000)) {
            for (int i = 0; i < TEMPLATE_KEYS; i++) {
                jedis.set(prefix + "-" + i, "value " + i);
            }
        }
    }

    @BeforeEach
    void createServers() {
        servers = new ServerProcesses(dir);
    }

    @AfterEach
    void stopServersAndUnmount() throws Exception {
        servers.close();
        for (Path mount : mounts.reversed()) {
            run("umount", "-l", mount.toString());
        }
    }

    // ---------------------------------------------------------------- helpers

    /** A fresh copy of the template's data directory under {@code parent}. */
    private static Path copyTemplate(Path parent) throws IOException {
        Path source = template.resolve("data");
        Path target = parent.resolve("data");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(source.relativize(file).toString()),
                        StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return target;
    }

    /** The last file (by name, so the newest RocksDB file) of {@code dir} matching {@code glob}, or null. */
    private static Path newest(Path dir, String glob) throws IOException {
        Path last = null;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, glob)) {
            for (Path file : files) {
                last = last == null || file.compareTo(last) > 0 ? file : last;
            }
        }
        return last;
    }

    /** Every file and directory under {@code root}: its size, SHA-256 (files) and modification time. */
    private static Map<String, String> snapshot(Path root) throws Exception {
        Map<String, String> state = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.toList()) {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                String hash = attributes.isRegularFile() ? HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path))) : "dir";
                state.put(root.relativize(path).toString(), attributes.size() + " " + hash + " "
                        + attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS));
            }
        }
        return state;
    }

    /** A snapshot that stays the same for 300 ms (a running server may still be finishing its start-up). */
    private static Map<String, String> stableSnapshot(Path root) {
        AtomicReference<Map<String, String>> last = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    Map<String, String> now = snapshot(root);
                    return now.equals(last.getAndSet(now));
                });
        return last.get();
    }

    /**
     * Starts a server on {@code data} that must refuse to start: status 1, the data directory untouched, and one
     * output line "cannot open the rocksdb data directory DIR: REASON". Returns REASON.
     */
    private String refusal(Path data) throws Exception {
        return refusal(data, Set.of());
    }

    /** {@link #refusal(Path)}, except that the files {@code writtenMeanwhile} (relative to data) may change. */
    private String refusal(Path data, Set<String> writtenMeanwhile) throws Exception {
        Map<String, String> before = stableSnapshot(data);
        Process server = servers.start("refused.log", command(data, Ports.free()));
        assertThat(exitStatus(server)).as("exit status").isEqualTo(1);
        Map<String, String> after = snapshot(data);
        for (String file : writtenMeanwhile) {
            assertThat(after).containsKey(file);
            after.put(file, before.get(file));
        }
        assertThat(after).as("data directory untouched").isEqualTo(before);
        String prefix = "cannot open the rocksdb data directory " + data.resolve("rocksdb") + ": ";
        List<String> lines = servers.log("refused.log").lines().filter(line -> line.contains("rocksdb data"))
                .toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith(prefix);
        return lines.get(0).substring(prefix.length());
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            return "failed: " + output;
        }
        return output;
    }

    /** Mounts a tmpfs at {@code at} (unmounted after the test); skips the test where mounting is not allowed. */
    private void mountTmpfs(Path at, String options) throws Exception {
        Files.createDirectories(at);
        String output = run("mount", "-t", "tmpfs", "-o", options, "tmpfs", at.toString());
        Assumptions.assumeFalse(output.startsWith("failed: "), "cannot mount a tmpfs here: " + output);
        mounts.add(at);
    }

    /** Damages one byte in the middle of {@code file}, as bit rot would. */
    private static void flipMiddleByte(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(file, bytes);
    }

    private static void truncateBy(Path file, long bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - bytes);
        }
    }

    // ---------------------------------------------------------------- a bad data directory

    @Test
    void garbageInCurrentStopsTheServer() throws Exception {
        Path data = copyTemplate(dir);
        Files.writeString(data.resolve("rocksdb/CURRENT"), "garbage\n");
        assertThat(refusal(data)).isEqualTo("it is corrupt: CURRENT file corrupted");
    }

    @Test
    void aDamagedManifestStopsTheServer() throws Exception {
        Path data = copyTemplate(dir);
        Path manifest = newest(data.resolve("rocksdb"), "MANIFEST-*");
        flipMiddleByte(manifest);
        assertThat(refusal(data)).startsWith("it is corrupt: ").contains(manifest.toString());
    }

    @Test
    void aTruncatedSstFileStopsTheServer() throws Exception {
        Path data = copyTemplate(dir);
        Path sst = newest(data.resolve("rocksdb"), "*.sst");
        truncateBy(sst, Files.size(sst) / 2);
        assertThat(refusal(data)).startsWith("it is corrupt: Sst file size mismatch: " + sst);
    }

    /** Damage before the WAL's last record is corruption: dropping the records after it would lose writes. */
    @Test
    void aDamagedRecordInsideTheWalStopsTheServer() throws Exception {
        Path data = copyTemplate(dir);
        Path wal = newest(data.resolve("rocksdb"), "*.log");
        flipMiddleByte(wal);
        assertThat(refusal(data)).startsWith("it is corrupt: checksum mismatch (" + wal + ": dropping ");
    }

    @Test
    void dataFilesWithoutCurrentAreNotReplacedByAnEmptyDatabase() throws Exception {
        Path data = copyTemplate(dir);
        Files.delete(data.resolve("rocksdb/CURRENT"));
        assertThat(refusal(data)).isEqualTo("it holds RocksDB data files but no CURRENT file (lost or deleted); "
                + "refusing to create an empty database over them");
    }

    @Test
    void aRegularFileWhereTheDirectoryShouldBeStopsTheServer() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("rocksdb"), "not a directory");
        assertThat(refusal(data)).isEqualTo("it is not a directory");
    }

    @Test
    void aReadOnlyFileSystemStopsTheServer() throws Exception {
        Path mount = dir.resolve("mnt");
        mountTmpfs(mount, "size=16m");
        Path data = copyTemplate(mount);
        assertThat(run("mount", "-o", "remount,ro", mount.toString())).doesNotStartWith("failed: ");
        assertThat(refusal(data)).isEqualTo("it is not writable (read-only file system or permissions)");
    }

    /** The second server touches nothing: no LOG rotated under the first one, which only appends to it. */
    @Test
    void aDirectoryLockedByARunningServerStopsASecondOneAndLeavesTheFirstServing() throws Exception {
        Path data = copyTemplate(dir);
        int port = Ports.free();
        Process first = servers.start("first.log", command(data, port));
        awaitPong(port);
        assertThat(refusal(data, Set.of("rocksdb/LOG"))).isEqualTo("it is locked, probably by another running server (process "
                + first.pid() + " holds " + data.resolve("rocksdb/LOCK") + ")");
        try (Jedis jedis = new Jedis("127.0.0.1", port, 5000)) {
            assertThat(jedis.get("a-0")).isEqualTo("value 0");
            assertThat(jedis.set("after", "2")).isEqualTo("OK");
            assertThat(jedis.get("after")).isEqualTo("2");
        }
    }

    /** A record cut short at the end of the WAL is what a crash leaves: it is dropped and the server starts. */
    @Test
    void aTornWalTailIsDroppedAndTheServerStarts() throws Exception {
        Path data = copyTemplate(dir);
        truncateBy(newest(data.resolve("rocksdb"), "*.log"), 3);
        int port = Ports.free();
        servers.start("torn.log", command(data, port));
        awaitPong(port);
        try (Jedis jedis = new Jedis("127.0.0.1", port, 5000)) {
            for (int i = 0; i < TEMPLATE_KEYS; i++) {
                assertThat(jedis.get("a-" + i)).isEqualTo("value " + i);
            }
            for (int i = 0; i < TEMPLATE_KEYS - 1; i++) {
                assertThat(jedis.get("b-" + i)).isEqualTo("value " + i);
            }
            assertThat(jedis.exists("b-" + (TEMPLATE_KEYS - 1))).as("the torn last write").isFalse();
            assertThat(jedis.dbSize()).isEqualTo(2L * TEMPLATE_KEYS - 1);
            assertThat(jedis.set("after", "1")).isEqualTo("OK");
        }
    }

    // ---------------------------------------------------------------- a disk that refuses writes

    /** How far {@link #writeUntilRefused} got: big strings k0..k(acknowledged-1) were stored, then this error. */
    private record Refused(int acknowledged, String error) {}

    private static Refused writeUntilRefused(Jedis jedis) {
        for (int i = 0; i < 2_000; i++) {
            try {
                jedis.set("k" + i, BIG_VALUE);
            } catch (JedisDataException e) {
                return new Refused(i, e.getMessage());
            }
        }
        throw new AssertionError("2000 writes of 64 KB were all accepted");
    }

    /** While writes fail: they and PING get MISCONF (a transaction with one is discarded), reads are served. */
    private static void assertWritesRefusedReadsServed(Jedis jedis, Refused refused, String reason) {
        assertThat(refused.error()).isEqualTo(MISCONF + reason);
        assertThat(jedis.exists("k" + refused.acknowledged())).as("the refused write").isFalse();
        assertThat(jedis.dbSize()).isEqualTo(refused.acknowledged());
        assertThat(jedis.get("k0")).isEqualTo(BIG_VALUE);
        assertThat(jedis.strlen("k" + (refused.acknowledged() - 1))).isEqualTo(BIG_VALUE.length());
        assertThatThrownBy(() -> jedis.set("small", "1")).hasMessage(MISCONF + reason);
        assertThatThrownBy(() -> jedis.del("k0")).hasMessage(MISCONF + reason);
        assertThatThrownBy(jedis::ping).hasMessage(MISCONF + reason);
        assertThat(jedis.sendCommand(Protocol.Command.MULTI)).isEqualTo("OK".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> jedis.sendCommand(Protocol.Command.SET, "small", "1"))
                .hasMessage(MISCONF + reason);
        assertThatThrownBy(() -> jedis.sendCommand(Protocol.Command.EXEC))
                .hasMessage("EXECABORT Transaction discarded because of previous errors.");
        assertThat(jedis.exists("small")).isFalse();

        Map<String, String> persistence = InfoFields.parse(jedis.info("persistence"));
        assertThat(persistence).containsEntry("aof_enabled", "1").containsEntry("aof_last_write_status", "err")
                .containsEntry("slotkv_write_error", reason);
        Map<String, String> rocksdb = InfoFields.parse(jedis.info("rocksdb"));
        assertThat(Long.parseLong(rocksdb.get("rocksdb_background_errors"))).isPositive();
        assertThat(rocksdb.get("rocksdb_last_background_error")).endsWith(reason);
    }

    /**
     * A file size limit (ulimit -f: writes beyond it fail with EFBIG) stops the WAL: the write that hit it and every
     * later one is refused with MISCONF, reads go on, the process lives. RocksDB treats this error as fatal, so
     * writes stay refused until a restart, which (without the limit) has every acknowledged write and not the
     * refused one.
     */
    @Test
    void writesBeyondAFileSizeLimitAreRefusedWithMisconfWhileReadsGoOn() throws Exception {
        Path data = dir.resolve("data");
        int port = Ports.free();
        // 20 MB: room for RocksDB's native library (15 MB), which the JVM copies to /tmp before loading it
        Process server = servers.start("limited.log",
                withFileSizeLimit(20 * 1024, command(data, port, "--appendfsync", "everysec")));
        awaitPong(port);
        Refused refused;
        try (Jedis jedis = new Jedis("127.0.0.1", port, 10_000)) {
            refused = writeUntilRefused(jedis);
            assertWritesRefusedReadsServed(jedis, refused, "File too large");
            assertThat(InfoFields.parse(jedis.info("persistence"))).containsEntry("slotkv_appendfsync", "everysec");
        }
        assertThat(server.isAlive()).isTrue();
        assertThat(servers.log("limited.log")).contains("Write failed for a group of ");
        kill9(server);

        int again = Ports.free();
        servers.start("restarted.log", command(data, again));
        awaitPong(again);
        try (Jedis jedis = new Jedis("127.0.0.1", again, 10_000)) {
            assertThat(jedis.dbSize()).isEqualTo(refused.acknowledged());
            assertThat(jedis.exists("k" + refused.acknowledged())).isFalse();
            assertThat(jedis.get("k" + (refused.acknowledged() - 1))).isEqualTo(BIG_VALUE);
            assertThat(jedis.set("after", "1")).isEqualTo("OK");
        }
    }

    /**
     * A full file system (a 100 MB tmpfs with a filler file leaving 2 MB) refuses writes with MISCONF; once the
     * filler is deleted RocksDB recovers by itself (its SstFileManager checks the free space every 5 s) and
     * writes, PING and INFO are back to normal.
     */
    @Test
    void aFullDiskRefusesWritesUntilSpaceIsBack() throws Exception {
        Path mount = dir.resolve("mnt");
        mountTmpfs(mount, "size=100m");
        int port = Ports.free();
        Process server = servers.start("full.log", command(mount.resolve("data"), port));
        awaitPong(port);
        Path filler = mount.resolve("filler");
        try (FileChannel channel = FileChannel.open(filler, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ByteBuffer block = ByteBuffer.allocate(1 << 20);
            while (Files.getFileStore(mount).getUsableSpace() > 2 << 20) {
                channel.write(block.clear());
            }
        }
        try (Jedis jedis = new Jedis("127.0.0.1", port, 10_000)) {
            Refused refused = writeUntilRefused(jedis);
            assertWritesRefusedReadsServed(jedis, refused, "No space left on device");
            assertThat(server.isAlive()).isTrue();

            Files.delete(filler);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                    .ignoreException(JedisDataException.class).until(() -> jedis.set("after", "1").equals("OK"));
            assertThat(jedis.ping()).isEqualTo("PONG");
            assertThat(InfoFields.parse(jedis.info("persistence"))).containsEntry("aof_last_write_status", "ok")
                    .containsEntry("slotkv_write_error", "");
            assertThat(jedis.set("k" + refused.acknowledged(), BIG_VALUE)).isEqualTo("OK");
            assertThat(jedis.dbSize()).isEqualTo(refused.acknowledged() + 2L);
        }
    }

    // ---------------------------------------------------------------- INFO

    private static final List<String> ROCKSDB_FIELDS = List.of("rocksdb_cur_size_all_mem_tables",
            "rocksdb_num_immutable_mem_table", "rocksdb_block_cache_capacity", "rocksdb_block_cache_usage",
            "rocksdb_block_cache_pinned_usage", "rocksdb_estimate_table_readers_mem", "rocksdb_estimate_num_keys",
            "rocksdb_estimate_pending_compaction_bytes", "rocksdb_total_sst_files_size",
            "rocksdb_live_sst_files_size", "rocksdb_num_running_compactions", "rocksdb_num_running_flushes",
            "rocksdb_is_write_stopped", "rocksdb_actual_delayed_write_rate", "rocksdb_write_stall_delays",
            "rocksdb_write_stall_stops", "rocksdb_background_errors", "rocksdb_last_background_error");

    private static long number(Map<String, String> fields, String name) {
        return Long.parseLong(fields.get(name));
    }

    @Test
    void infoOnRocksdbHasItsPersistenceFieldsAndARocksdbSectionThatMoves() throws Exception {
        try (TestServer server = TestServer.start("storage-engine rocksdb", "dir " + dir, "appendfsync no");
                Jedis jedis = server.jedis()) {
            Map<String, String> persistence = InfoFields.parse(jedis.info("persistence"));
            assertThat(persistence).containsEntry("aof_enabled", "1").containsEntry("aof_last_write_status", "ok")
                    .containsEntry("slotkv_appendfsync", "no").containsEntry("slotkv_write_error", "");
            Map<String, String> before = InfoFields.parse(jedis.info("rocksdb"));
            assertThat(before.keySet()).containsExactlyElementsOf(ROCKSDB_FIELDS);
            for (String name : ROCKSDB_FIELDS.subList(0, ROCKSDB_FIELDS.size() - 1)) {
                assertThat(before.get(name)).as(name).matches("\\d+");
            }
            assertThat(before).containsEntry("rocksdb_is_write_stopped", "0")
                    .containsEntry("rocksdb_background_errors", "0").containsEntry("rocksdb_last_background_error", "");
            assertThat(number(before, "rocksdb_block_cache_capacity")).isPositive();

            for (int i = 0; i < 500; i++) {
                jedis.set("key:" + i, "value:" + i);
            }
            Map<String, String> after = InfoFields.parse(jedis.info("rocksdb"));
            assertThat(number(after, "rocksdb_cur_size_all_mem_tables"))
                    .isGreaterThan(number(before, "rocksdb_cur_size_all_mem_tables"));
            assertThat(number(after, "rocksdb_estimate_num_keys"))
                    .isGreaterThanOrEqualTo(number(before, "rocksdb_estimate_num_keys") + 500);
            assertThat(number(InfoFields.parse(jedis.info("persistence")), "rdb_changes_since_last_save"))
                    .isEqualTo(number(persistence, "rdb_changes_since_last_save") + 500);

            for (String which : List.of("default", "all", "everything")) {
                String info = jedis.info(which);
                assertThat(info).as(which).contains("# Keyspace\r\n").endsWith("rocksdb_last_background_error:\r\n");
                assertThat(info.substring(info.indexOf("# Keyspace"))).as(which).contains("\r\n# Rocksdb\r\n");
            }
            assertThat(jedis.info()).contains("\r\n# Rocksdb\r\nrocksdb_cur_size_all_mem_tables:");
        }
    }

    @Test
    void infoOnTheMemoryEngineHasNoRocksdbSectionAndNoAof() {
        try (TestServer server = TestServer.start("storage-engine memory"); Jedis jedis = server.jedis()) {
            assertThat(jedis.info("rocksdb")).isEmpty();
            for (String which : List.of("default", "all", "everything")) {
                assertThat(jedis.info(which)).as(which).doesNotContain("# Rocksdb").doesNotContain("rocksdb_");
            }
            Map<String, String> persistence = InfoFields.parse(jedis.info("persistence"));
            assertThat(persistence).containsEntry("aof_enabled", "0").containsEntry("aof_last_write_status", "ok")
                    .doesNotContainKeys("slotkv_appendfsync", "slotkv_write_error");
        }
    }
}
