package dev.cinnabar.replication;

import dev.cinnabar.support.LaunchedServer;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import static dev.cinnabar.support.LaunchedServer.freePort;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The servers of one replication test, each a separate process in its own directory under
 * the test's temporary directory: Cinnabar launched through your_program.sh, and the real
 * redis-server where one is installed; plus the Lettuce clients talking to them, the write
 * load of every data type and the key-by-key comparison the tests share. Closing it stops
 * everything it started.
 */
final class ReplicationTopology implements AutoCloseable {

    private final Path dir;
    private final Map<String, LaunchedServer> servers = new HashMap<>();
    private final List<Process> redisServers = new ArrayList<>();
    private final List<RedisClient> clients = new ArrayList<>();

    ReplicationTopology(Path dir) {
        this.dir = dir;
    }

    /** Starts a Cinnabar server named {@code name} (its directory) on a free port and returns the port. */
    int cinnabar(String name, String... args) throws Exception {
        int port = freePort();
        List<String> arguments = new ArrayList<>(List.of("--port", Integer.toString(port), "--management.server.port=0"));
        arguments.addAll(List.of(args));
        LaunchedServer server = LaunchedServer.launch(dir.resolve(name), arguments.toArray(String[]::new));
        servers.put(name, server);
        server.waitForPort(port);
        return port;
    }

    /** The log of the Cinnabar server {@code name}. */
    String cinnabarLog(String name) throws Exception {
        return servers.get(name).log();
    }

    /** Starts a redis-server named {@code name} on a free port (diskless syncs without delay) and returns the port. */
    int redis(String name, String... args) throws Exception {
        int port = freePort();
        Path redisDir = Files.createDirectories(dir.resolve(name));
        List<String> command = new ArrayList<>(List.of(redisServerBinary(), "--port", Integer.toString(port),
                "--save", "", "--dir", redisDir.toString(), "--logfile", redisDir.resolve("redis.log").toString(),
                "--repl-diskless-sync-delay", "0"));
        command.addAll(List.of(args));
        redisServers.add(new ProcessBuilder(command).start());
        awaitTrue(() -> !LaunchedServer.isFree(port));
        return port;
    }

    /** The log of the redis-server {@code name}. */
    String redisLog(String name) throws Exception {
        return Files.readString(dir.resolve(name).resolve("redis.log"));
    }

    static String redisServerBinary() {
        for (String path : System.getenv("PATH").split(File.pathSeparator)) {
            Path candidate = Path.of(path, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    RedisCommands<String, String> connect(int port) {
        RedisURI uri = RedisURI.create("127.0.0.1", port);
        uri.setTimeout(Duration.ofSeconds(10));
        RedisClient client = RedisClient.create(uri);
        clients.add(client);
        return client.connect(StringCodec.UTF8).sync();
    }

    @Override
    public void close() throws Exception {
        clients.forEach(RedisClient::shutdown);
        for (LaunchedServer server : servers.values()) {
            server.close();
        }
        for (Process redis : redisServers) {
            redis.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    // ---- waiting ----

    static void awaitLinkUp(RedisCommands<String, String> replica) throws InterruptedException {
        awaitTrue(() -> {
            try {
                return replica.info("replication").contains("master_link_status:up");
            } catch (RedisCommandExecutionException loading) {
                return false;
            }
        });
    }

    /** Polls {@code condition} until it holds, failing after 30 s. */
    static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within 30 s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    // ---- the load and the comparison ----

    /** Writes of every data type in databases 0 and 3, including effects propagated differently than written. */
    static void writeEveryType(RedisCommands<String, String> redis, String prefix) {
        for (int db : new int[] {0, 3}) {
            redis.select(db);
            for (int i = 0; i < 50; i++) {
                redis.set(prefix + ":s:" + i, "v" + i);
                redis.incrby(prefix + ":n:" + (i % 7), i);
                redis.rpush(prefix + ":l:" + (i % 5), "e" + i);
                redis.hset(prefix + ":h:" + (i % 5), "f" + i, "v" + i);
                redis.sadd(prefix + ":set:" + (i % 5), "m" + i);
                redis.zadd(prefix + ":z:" + (i % 5), i * 1.5, "m" + i);
                redis.xadd(prefix + ":x", Map.of("f", "v" + i));
            }
            redis.set(prefix + ":ttl", "v", SetArgs.Builder.px(600_000));
            redis.lpop(prefix + ":l:0");
            redis.spop(prefix + ":set:1");
            redis.hincrbyfloat(prefix + ":h:2", "float", 1.25);
            redis.del(prefix + ":s:3");
            redis.multi();
            redis.incr(prefix + ":tx");
            redis.rpush(prefix + ":l:1", "in-transaction");
            redis.exec();
            redis.expire(prefix + ":s:4", 1000);
        }
        redis.select(0);
    }

    /** Every key of databases 0 and 3, as type-specific reads see it (order-free where the type is). */
    static Map<String, Object> dataset(RedisCommands<String, String> redis) {
        Map<String, Object> data = new TreeMap<>();
        for (int db : new int[] {0, 3}) {
            redis.select(db);
            for (String key : redis.keys("*")) {
                String type = redis.type(key);
                Object value = switch (type) {
                    case "string" -> redis.get(key);
                    case "list" -> redis.lrange(key, 0, -1);
                    case "hash" -> new TreeMap<>(redis.hgetall(key));
                    case "set" -> new TreeSet<>(redis.smembers(key));
                    case "zset" -> redis.zrangeWithScores(key, 0, -1).toString();
                    case "stream" -> redis.xrange(key, Range.create("-", "+")).stream()
                            .map(StreamMessage::toString).toList();
                    default -> type;
                };
                data.put(db + "/" + key + "/" + (redis.ttl(key) > 0), value);
            }
        }
        redis.select(0);
        return data;
    }

    /** A connection of its own writing every data type, round after round, until closed. */
    static final class WriteLoad implements AutoCloseable {
        private final AtomicBoolean stop = new AtomicBoolean();
        private final CompletableFuture<Integer> rounds;

        WriteLoad(RedisCommands<String, String> connection) {
            rounds = CompletableFuture.supplyAsync(() -> {
                int round = 0;
                while (!stop.get()) {
                    writeEveryType(connection, "load" + round++);
                }
                return round;
            });
        }

        @Override
        public void close() throws Exception {
            stop.set(true);
            assertThat(rounds.get(60, TimeUnit.SECONDS)).as("rounds of writes").isPositive();
        }
    }
}
