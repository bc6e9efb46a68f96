package dev.cinnabar.persistence;

import dev.cinnabar.support.LaunchedServer;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static dev.cinnabar.support.LaunchedServer.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * RDB files across restarts of the packaged server (SAVE, BGSAVE, SIGTERM, SHUTDOWN), a
 * corrupt file stopping start-up, and interoperability with a real redis-server when one is
 * installed: each loads the other's files and RESTOREs the other's DUMP payloads.
 */
class RdbPersistenceIT {

    private static RedisClient lettuce;

    @TempDir
    Path dir;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void prepare() throws Exception {
        LaunchedServer.prepare();
        lettuce = RedisClient.create();
    }

    @AfterAll
    static void shutdownClient() {
        lettuce.shutdown();
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private int launchCinnabar(Path workingDirectory, String... args) throws Exception {
        int port = freePort();
        List<String> all = new ArrayList<>(List.of("--port", Integer.toString(port), "--dir", dir.toString(),
                "--management.server.port=-1"));
        all.addAll(List.of(args));
        LaunchedServer server = LaunchedServer.launch(workingDirectory, all.toArray(new String[0]));
        opened.add(server);
        lastLaunched = server;
        server.waitForPort(port);
        return port;
    }

    private LaunchedServer lastLaunched;

    private RedisCommands<byte[], byte[]> connect(int port) {
        StatefulRedisConnection<byte[], byte[]> connection = lettuce.connect(ByteArrayCodec.INSTANCE,
                RedisURI.builder().withHost("127.0.0.1").withPort(port).withTimeout(Duration.ofSeconds(30)).build());
        opened.add(connection);
        return connection.sync();
    }

    private static byte[] b(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String s(byte[] bytes) {
        return bytes == null ? null : new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Data of every type and encoding, small and large, with expiries, in several databases. */
    static void fill(RedisCommands<byte[], byte[]> redis) {
        redis.select(0);
        redis.set(b("string"), b("plain value"));
        redis.set(b("integer"), b("-12345"));
        redis.set(b("compressible"), b("abcd".repeat(500)));
        redis.psetex(b("expiring"), 3_600_000, b("soon"));
        redis.rpush(b("list:small"), b("a"), b("1"), b("-70000"), b("b"));
        for (int i = 0; i < 2000; i += 100) {
            byte[][] elements = new byte[100][];
            for (int j = 0; j < 100; j++) {
                elements[j] = b("element-" + (i + j) + "-" + "x".repeat((i + j) % 40));
            }
            redis.rpush(b("list:big"), elements);
        }
        redis.sadd(b("set:ints"), b("1"), b("-2"), b("300000"), b("9000000000"));
        redis.sadd(b("set:strings"), b("x"), b("y"), b("z"));
        for (int i = 0; i < 700; i++) {
            redis.sadd(b("set:big"), b(Integer.toString(i)));
        }
        redis.zadd(b("zset:small"), 1.5, b("a"));
        redis.zadd(b("zset:small"), Double.POSITIVE_INFINITY, b("top"));
        redis.zadd(b("zset:small"), -3, b("low"));
        for (int i = 0; i < 300; i++) {
            redis.zadd(b("zset:big"), i / 3.0, b("member-" + i));
        }
        redis.hset(b("hash:small"), Map.of(b("f1"), b("v1"), b("f2"), b("22")));
        Map<byte[], byte[]> big = new HashMap<>();
        for (int i = 0; i < 800; i++) {
            big.put(b("field-" + i), b("value-" + i));
        }
        redis.hset(b("hash:big"), big);
        for (int i = 1; i <= 300; i++) {
            redis.xadd(b("stream"), new io.lettuce.core.XAddArgs().id(i + "-" + (i % 4)),
                    Map.of(b("f"), b("v" + i), b("g"), b(Integer.toString(i))));
        }
        redis.xdel(b("stream"), "7-3");
        redis.xgroupCreate(XReadArgs.StreamOffset.from(b("stream"), "0-0"), b("group"));
        redis.xreadgroup(io.lettuce.core.Consumer.from(b("group"), b("alice")), XReadArgs.Builder.count(5),
                XReadArgs.StreamOffset.lastConsumed(b("stream")));
        redis.xack(b("stream"), b("group"), "2-2");
        redis.select(2);
        redis.set(b("db2:key"), b("two"));
        redis.select(15);
        redis.rpush(b("db15:list"), b("fifteen"));
        redis.select(0);
    }

    /** What each key holds, read through commands, in every database. */
    static Map<String, String> contents(RedisCommands<byte[], byte[]> redis) {
        Map<String, String> contents = new TreeMap<>();
        for (int db : new int[] {0, 2, 15}) {
            redis.select(db);
            for (byte[] key : redis.keys("*")) {
                String name = db + ":" + s(key);
                String type = redis.type(key);
                long ttl = redis.pttl(key);
                String value = switch (type) {
                    case "string" -> s(redis.get(key));
                    case "list" -> redis.lrange(key, 0, -1).stream().map(RdbPersistenceIT::s).toList().toString();
                    case "set" -> new TreeSet<>(redis.smembers(key).stream().map(RdbPersistenceIT::s).toList()).toString();
                    case "zset" -> redis.zrangeWithScores(key, 0, -1).stream()
                            .map(v -> s(v.getValue()) + "=" + v.getScore()).toList().toString();
                    case "hash" -> {
                        Map<String, String> fields = new TreeMap<>();
                        redis.hgetall(key).forEach((f, v) -> fields.put(s(f), s(v)));
                        yield fields.toString();
                    }
                    case "stream" -> {
                        List<String> entries = new ArrayList<>();
                        for (StreamMessage<byte[], byte[]> message : redis.xrange(key, Range.create("-", "+"))) {
                            Map<String, String> body = new TreeMap<>();
                            message.getBody().forEach((f, v) -> body.put(s(f), s(v)));
                            entries.add(message.getId() + body);
                        }
                        List<Object> groups = redis.xinfoGroups(key);
                        List<Object> pending = redis.xpending(key, b("group"), Range.create("-", "+"),
                                io.lettuce.core.Limit.from(100)).stream()
                                .map(p -> p.getId() + "@" + p.getConsumer() + "x" + p.getRedeliveryCount())
                                .map(Object::toString).map(Object.class::cast).toList();
                        yield entries + " groups " + render(groups) + " pending " + pending;
                    }
                    default -> type;
                };
                contents.put(name, type + " " + value + (ttl > 0 ? " with ttl" : ""));
            }
        }
        redis.select(0);
        return contents;
    }

    private static String render(Object reply) {
        if (reply instanceof byte[] bytes) {
            return s(bytes);
        }
        if (reply instanceof List<?> list) {
            return list.stream().map(RdbPersistenceIT::render).toList().toString();
        }
        return String.valueOf(reply);
    }

    @Test
    void everyTypeSurvivesSaveAndRestart() throws Exception {
        int port = launchCinnabar(dir.resolve("first"), "--save", "");
        RedisCommands<byte[], byte[]> redis = connect(port);
        fill(redis);
        Map<String, String> before = contents(redis);
        assertThat(redis.save()).isEqualTo("OK");
        long lastSave = redis.lastsave().getTime() / 1000;
        assertThat(lastSave).isGreaterThan(0);
        lastLaunched.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);

        int again = launchCinnabar(dir.resolve("second"), "--save", "");
        assertThat(contents(connect(again))).isEqualTo(before);
    }

    @Test
    void bgsaveWritesWhileServingAndSigtermSavesWithSavePoints() throws Exception {
        int port = launchCinnabar(dir.resolve("first"), "--save", "3600 1");
        RedisCommands<byte[], byte[]> redis = connect(port);
        fill(redis);
        assertThat(redis.bgsave()).isEqualTo("Background saving started");
        for (int i = 0; i < 200 && redis.info("persistence").contains("rdb_bgsave_in_progress:1"); i++) {
            Thread.sleep(50);
        }
        assertThat(redis.info("persistence")).contains("rdb_bgsave_in_progress:0", "rdb_last_bgsave_status:ok",
                "rdb_changes_since_last_save:0", "rdb_saves:1");
        assertThat(Files.exists(dir.resolve("dump.rdb"))).isTrue();
        redis.set(b("after-bgsave"), b("kept by the final save"));
        Map<String, String> before = contents(redis);
        lastLaunched.process().destroy();
        assertThat(lastLaunched.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(lastLaunched.log()).contains("Saving the final RDB snapshot before exiting.");

        int again = launchCinnabar(dir.resolve("second"), "--save", "");
        RedisCommands<byte[], byte[]> reloaded = connect(again);
        assertThat(contents(reloaded)).isEqualTo(before);
        assertThat(reloaded.info("persistence")).contains("rdb_last_load_keys_loaded:" + before.size());
    }

    @Test
    void shutdownNosaveKeepsTheOldFileAndShutdownSaveWritesOne() throws Exception {
        int port = launchCinnabar(dir.resolve("first"), "--save", "");
        RedisCommands<byte[], byte[]> redis = connect(port);
        redis.set(b("k"), b("v1"));
        shutdown(port, "SAVE");
        port = launchCinnabar(dir.resolve("second"), "--save", "3600 1");
        redis = connect(port);
        assertThat(s(redis.get(b("k")))).isEqualTo("v1");
        redis.set(b("k"), b("v2"));
        shutdown(port, "NOSAVE");
        port = launchCinnabar(dir.resolve("third"), "--save", "");
        assertThat(s(connect(port).get(b("k")))).isEqualTo("v1");
    }

    private void shutdown(int port, String modifier) throws Exception {
        try (dev.cinnabar.support.RawClient client = new dev.cinnabar.support.RawClient("127.0.0.1", port)) {
            client.command("SHUTDOWN", modifier);
            assertThat(client.isClosedByServer()).isTrue();
        }
        assertThat(lastLaunched.waitForExit()).isZero();
    }

    @Test
    void aCorruptFileStopsStartUpWithItsOffset() throws Exception {
        byte[] file = RdbPersistenceIT.class.getResourceAsStream("rdb/redis-7.0-all-types.rdb").readAllBytes();
        file[file.length / 2] ^= 0x5a;
        file[file.length / 2 + 1] ^= 0x5a;
        Files.write(dir.resolve("dump.rdb"), file);
        LaunchedServer server = LaunchedServer.launch(dir.resolve("run"), "--port", Integer.toString(freePort()),
                "--dir", dir.toString(), "--management.server.port=-1");
        opened.add(server);
        assertThat(server.waitForExit()).isNotZero();
        assertThat(server.log()).contains("Fatal error loading the DB").contains("Bad RDB data at offset");
    }

    // ---- with a real redis-server ----

    private int startRedisServer(Path redisDir) throws Exception {
        Path binary = Path.of("/usr/bin/redis-server");
        assumeThat(Files.isExecutable(binary) || which("redis-server") != null).as("redis-server installed").isTrue();
        int port = freePort();
        Files.createDirectories(redisDir);
        Process process = new ProcessBuilder(which("redis-server"), "--port", Integer.toString(port), "--dir",
                redisDir.toString(), "--save", "", "--appendonly", "no")
                .redirectErrorStream(true).redirectOutput(redisDir.resolve("redis.log").toFile()).start();
        opened.add(() -> process.destroyForcibly().waitFor(10, TimeUnit.SECONDS));
        for (int i = 0; i < 200; i++) {
            try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
                return port;
            } catch (IOException notYet) {
                Thread.sleep(25);
            }
        }
        throw new AssertionError("redis-server did not start: " + Files.readString(redisDir.resolve("redis.log")));
    }

    private static String which(String program) {
        for (String path : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(path, program);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    @Test
    void redisLoadsOurFileAndWeLoadRedisFile() throws Exception {
        assumeThat(which("redis-server")).as("redis-server installed").isNotNull();
        int cinnabar = launchCinnabar(dir.resolve("cinnabar"), "--save", "");
        RedisCommands<byte[], byte[]> ours = connect(cinnabar);
        fill(ours);
        Map<String, String> expected = contents(ours);
        ours.save();

        Path redisDir = dir.resolve("redis");
        Files.createDirectories(redisDir);
        Files.copy(dir.resolve("dump.rdb"), redisDir.resolve("dump.rdb"));
        int redisPort = startRedisServer(redisDir);
        RedisCommands<byte[], byte[]> redis = connect(redisPort);
        assertThat(contents(redis)).as("Redis reading our file").isEqualTo(expected);

        redis.set(b("written-by"), b("redis"));
        expected.put("0:written-by", "string redis");
        redis.save();
        Files.copy(redisDir.resolve("dump.rdb"), dir.resolve("dump.rdb"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        lastLaunched.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        int reloaded = launchCinnabar(dir.resolve("cinnabar-again"), "--save", "");
        assertThat(contents(connect(reloaded))).as("our reading of Redis's file").isEqualTo(expected);
    }

    @Test
    void dumpPayloadsRestoreAcrossBothServers() throws Exception {
        assumeThat(which("redis-server")).as("redis-server installed").isNotNull();
        RedisCommands<byte[], byte[]> redis = connect(startRedisServer(dir.resolve("redis")));
        RedisCommands<byte[], byte[]> ours = connect(launchCinnabar(dir.resolve("cinnabar"), "--save", ""));
        fill(redis);
        Map<String, String> expected = contents(redis);
        copyByDumpAndRestore(redis, ours);
        assertThat(contents(ours)).as("RESTORE of Redis's DUMP").isEqualTo(expected);

        for (int db : new int[] {0, 2, 15}) {
            redis.select(db);
            redis.flushdb();
        }
        copyByDumpAndRestore(ours, redis);
        assertThat(contents(redis)).as("Redis restoring our DUMP").isEqualTo(expected);
    }

    private static void copyByDumpAndRestore(RedisCommands<byte[], byte[]> from, RedisCommands<byte[], byte[]> to) {
        for (int db : new int[] {0, 2, 15}) {
            from.select(db);
            to.select(db);
            for (byte[] key : from.keys("*")) {
                byte[] payload = from.dump(key);
                long ttl = Math.max(0, from.pttl(key));
                assertThat(to.restore(key, ttl, payload)).isEqualTo("OK");
            }
        }
        from.select(0);
        to.select(0);
    }
}
