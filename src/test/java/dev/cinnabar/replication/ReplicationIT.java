package dev.cinnabar.replication;

import dev.cinnabar.support.LaunchedServer;
import io.lettuce.core.KillArgs;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.RedisCommandExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static dev.cinnabar.support.LaunchedServer.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Replication between separate processes: a Cinnabar master with a Cinnabar replica, and
 * interoperability with a real redis-server 7.0 on either side (skipped when none is
 * installed). Every pair ends with the same dataset, compared key by key with type-specific
 * reads; WAIT, partial resync after a cut link, promotion and READONLY are checked on the way.
 */
class ReplicationIT {

    @TempDir
    Path dir;

    private final List<LaunchedServer> servers = new ArrayList<>();
    private final List<Process> redisServers = new ArrayList<>();
    private final List<RedisClient> clients = new ArrayList<>();

    @BeforeAll
    static void buildTheServer() throws Exception {
        LaunchedServer.prepare();
    }

    @AfterEach
    void stopEverything() throws Exception {
        clients.forEach(RedisClient::shutdown);
        for (LaunchedServer server : servers) {
            server.close();
        }
        for (Process redis : redisServers) {
            redis.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aCinnabarReplicaFollowsACinnabarMasterAndTakesOverWhenPromoted() throws Exception {
        int masterPort = cinnabar("master");
        RedisCommands<String, String> master = connect(masterPort);
        writeEveryType(master, "before");
        int replicaPort = cinnabar("replica", "--replicaof", "127.0.0.1 " + masterPort);
        RedisCommands<String, String> replica = connect(replicaPort);
        awaitLinkUp(replica);
        writeEveryType(master, "after");
        assertThat(master.waitForReplication(1, 5000)).isEqualTo(1);
        assertThat(dataset(replica)).isEqualTo(dataset(master));
        assertThatThrownBy(() -> replica.set("k", "v")).hasMessage("READONLY You can't write against a read only replica.");
        assertThat(master.info("replication")).contains("connected_slaves:1", "slave0:ip=127.0.0.1,port=" + replicaPort);

        // Promote the replica and point the old master at it: it continues from the backlog.
        assertThat(replica.replicaofNoOne()).isEqualTo("OK");
        replica.set("written-on-new-master", "1");
        assertThat(master.replicaof("127.0.0.1", replicaPort)).isEqualTo("OK");
        awaitLinkUp(master);
        assertThat(replica.waitForReplication(1, 5000)).isEqualTo(1);
        assertThat(master.get("written-on-new-master")).isEqualTo("1");
        assertThat(dataset(master)).isEqualTo(dataset(replica));
        assertThat(servers.get(1).log()).contains("Partial resynchronization request");
    }

    @Test
    void aRedisReplicaFollowsACinnabarMaster() throws Exception {
        assumeThat(redisServerBinary()).as("redis-server installed").isNotNull();
        int masterPort = cinnabar("master");
        RedisCommands<String, String> master = connect(masterPort);
        writeEveryType(master, "before");
        int redisPort = redis("replica", "--replicaof", "127.0.0.1", Integer.toString(masterPort));
        RedisCommands<String, String> replica = connect(redisPort);
        awaitLinkUp(replica);
        writeEveryType(master, "after");
        assertThat(master.waitForReplication(1, 5000)).isEqualTo(1);
        assertThat(dataset(replica)).isEqualTo(dataset(master));

        // A cut link continues with +CONTINUE from the backlog, not a new full sync.
        replica.clientKill(KillArgs.Builder.typeMaster());
        writeEveryType(master, "while-cut");
        awaitLinkUp(replica);
        assertThat(master.waitForReplication(1, 5000)).isEqualTo(1);
        assertThat(dataset(replica)).isEqualTo(dataset(master));
        assertThat(Files.readString(dir.resolve("replica/redis.log"))).contains("Partial Resynchronization");
    }

    @Test
    void aCinnabarReplicaFollowsARedisMaster() throws Exception {
        assumeThat(redisServerBinary()).as("redis-server installed").isNotNull();
        int redisPort = redis("master");
        RedisCommands<String, String> master = connect(redisPort);
        writeEveryType(master, "before");
        int replicaPort = cinnabar("replica", "--replicaof", "127.0.0.1 " + redisPort);
        RedisCommands<String, String> replica = connect(replicaPort);
        awaitLinkUp(replica);
        writeEveryType(master, "after");
        assertThat(master.waitForReplication(1, 5000)).isEqualTo(1);
        assertThat(dataset(replica)).isEqualTo(dataset(master));

        master.clientKill(KillArgs.Builder.typeSlave());
        writeEveryType(master, "while-cut");
        awaitLinkUp(replica);
        assertThat(master.waitForReplication(1, 5000)).isEqualTo(1);
        assertThat(dataset(replica)).isEqualTo(dataset(master));
        assertThat(master.info("stats")).contains("sync_full:1", "sync_partial_ok:1");
    }

    // ---- the load and the comparison ----

    private static void writeEveryType(RedisCommands<String, String> redis, String prefix) {
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
            redis.set(prefix + ":ttl", "v", io.lettuce.core.SetArgs.Builder.px(600_000));
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
    private static Map<String, Object> dataset(RedisCommands<String, String> redis) {
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

    // ---- servers ----

    private int cinnabar(String name, String... args) throws Exception {
        int port = freePort();
        List<String> arguments = new ArrayList<>(List.of("--port", Integer.toString(port), "--management.server.port=0"));
        arguments.addAll(List.of(args));
        LaunchedServer server = LaunchedServer.launch(dir.resolve(name), arguments.toArray(String[]::new));
        servers.add(server);
        server.waitForPort(port);
        return port;
    }

    private int redis(String name, String... args) throws Exception {
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

    private static String redisServerBinary() {
        for (String path : System.getenv("PATH").split(File.pathSeparator)) {
            Path candidate = Path.of(path, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    private RedisCommands<String, String> connect(int port) {
        RedisURI uri = RedisURI.create("127.0.0.1", port);
        uri.setTimeout(Duration.ofSeconds(10));
        RedisClient client = RedisClient.create(uri);
        clients.add(client);
        return client.connect(StringCodec.UTF8).sync();
    }

    private static void awaitLinkUp(RedisCommands<String, String> replica) throws InterruptedException {
        awaitTrue(() -> {
            try {
                return replica.info("replication").contains("master_link_status:up");
            } catch (RedisCommandExecutionException loading) {
                return false;
            }
        });
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within 30 s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
