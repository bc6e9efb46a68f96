package dev.cinnabar.persistence.aof;

import dev.cinnabar.support.LaunchedServer;
import dev.cinnabar.support.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.cinnabar.support.LaunchedServer.freePort;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The append-only file seen from outside, as Redis users see it: the packaged server is
 * launched as a separate process in a temporary directory, its files are read byte for
 * byte, it is restarted (or killed with SIGKILL) and must come back with its data.
 */
class AppendOnlyFileIT {

    @TempDir
    Path dir;

    /** Stands for the 13 digits of an absolute expiry time in unix milliseconds. */
    private static final String AT = "9".repeat(13);

    private final List<LaunchedServer> servers = new ArrayList<>();
    private final List<RawClient> clients = new ArrayList<>();
    private int port;

    @BeforeAll
    static void build() throws Exception {
        LaunchedServer.prepare();
    }

    @AfterEach
    void stop() throws Exception {
        for (RawClient client : clients) {
            client.close();
        }
        for (LaunchedServer server : servers) {
            server.close();
        }
    }

    @Test
    void writesAreAppendedAsTheRespOfTheirEffectWithSelectWhenTheDatabaseChanges() throws Exception {
        start("--appendfsync", "always");
        Path incremental = dir.resolve("appendonlydir/appendonly.aof.1.incr.aof");
        assertThat(Files.readString(dir.resolve("appendonlydir/appendonly.aof.manifest")))
                .isEqualTo("file appendonly.aof.1.incr.aof seq 1 type i\n");
        assertThat(Files.size(incremental)).isZero();

        RawClient client = client();
        expect(client.command("set", "k", "v"), "+OK\r\n");
        expect(client.command("GET", "k"), "$1\r\nv\r\n");
        expect(client.command("SET", "t", "v", "EX", "100"), "+OK\r\n");
        expect(client.command("SELECT", "3"), "+OK\r\n");
        expect(client.command("RPUSH", "l", "a", "b"), ":2\r\n");
        expect(client.command("DEL", "missing"), ":0\r\n");
        expect(client.command("MULTI"), "+OK\r\n");
        expect(client.command("INCR", "n"), "+QUEUED\r\n");
        expect(client.command("SELECT", "0"), "+QUEUED\r\n");
        expect(client.command("INCRBYFLOAT", "f", "1.5"), "+QUEUED\r\n");
        expect(client.command("EXEC"), "*3\r\n:1\r\n+OK\r\n$3\r\n1.5\r\n");

        String contents = Files.readString(incremental, StandardCharsets.ISO_8859_1);
        assertThat(contents.replaceAll("\\$13\r\n\\d{13}\r\n", "\\$13\r\n" + AT + "\r\n")).isEqualTo(
                resp("SELECT", "0") + resp("set", "k", "v") + resp("SET", "t", "v", "PXAT", AT)
                        + resp("SELECT", "3") + resp("RPUSH", "l", "a", "b") + resp("MULTI") + resp("INCR", "n")
                        + resp("SELECT", "0") + resp("SET", "f", "1.5", "KEEPTTL") + resp("EXEC"));
        String info = client.command("INFO", "persistence").readReply();
        assertThat(info).contains("aof_enabled:1\r\n", "aof_last_write_status:ok\r\n",
                "aof_current_size:" + Files.size(incremental) + "\r\n", "aof_base_size:0\r\n");
    }

    @Test
    void everyTypeComesBackAfterARestart() throws Exception {
        start();
        RawClient client = client();
        String[][] writes = {
                {"SET", "string", "plain"},
                {"SET", "expiring", "soon", "EX", "1000"},
                {"RPUSH", "list", "a", "b", "c"},
                {"HSET", "hash", "f1", "v1", "f2", "v2"},
                {"SADD", "set", "x", "y", "z"},
                {"ZADD", "zset", "1.5", "one", "2", "two"},
                {"XADD", "stream", "1-1", "field", "value"},
                {"XGROUP", "CREATE", "stream", "group", "0"},
                {"XREADGROUP", "GROUP", "group", "consumer", "COUNT", "1", "STREAMS", "stream", ">"},
                {"SELECT", "5"},
                {"SET", "elsewhere", "db5"},
                {"SPOP", "set"},
        };
        for (String[] write : writes) {
            client.command(write).readReply();
        }
        client.command("SELECT", "0").readReply();
        List<String> before = snapshot(client);

        restart();
        RawClient after = client();
        assertThat(snapshot(after)).isEqualTo(before);
        assertThat(Long.parseLong(after.command("TTL", "expiring").readReply().substring(1).trim()))
                .isBetween(900L, 1000L);
    }

    @Test
    void theManifestNamesTheFilesToLoadAndToAppendTo() throws Exception {
        Path aofDir = Files.createDirectories(dir.resolve("banana"));
        Files.writeString(aofDir.resolve("pear.aof.manifest"), "file grape.aof.1.incr.aof seq 1 type i\n");
        Files.writeString(aofDir.resolve("grape.aof.1.incr.aof"),
                resp("SET", "k1", "a") + resp("SET", "k2", "b") + resp("SET", "k1", "c"),
                StandardCharsets.ISO_8859_1);
        start("--appenddirname", "banana", "--appendfilename", "pear.aof", "--appendfsync", "always");
        RawClient client = client();
        expect(client.command("GET", "k1"), "$1\r\nc\r\n");
        expect(client.command("GET", "k2"), "$1\r\nb\r\n");
        expect(client.command("SET", "k3", "d"), "+OK\r\n");
        assertThat(Files.readString(aofDir.resolve("grape.aof.1.incr.aof"), StandardCharsets.ISO_8859_1))
                .endsWith(resp("SET", "k1", "c") + resp("SELECT", "0") + resp("SET", "k3", "d"));
        assertThat(Files.exists(aofDir.resolve("pear.aof.1.incr.aof"))).isFalse();
    }

    @Test
    void aTruncatedLastCommandIsDroppedAndCutFromTheFile() throws Exception {
        Path aofDir = Files.createDirectories(dir.resolve("appendonlydir"));
        Files.writeString(aofDir.resolve("appendonly.aof.manifest"), "file appendonly.aof.1.incr.aof seq 1 type i\n");
        String complete = resp("SET", "kept", "1") + resp("MULTI") + resp("SET", "in-transaction", "1")
                + resp("EXEC");
        String partial = resp("SET", "lost", "1").substring(0, 20);
        Path incremental = aofDir.resolve("appendonly.aof.1.incr.aof");
        Files.writeString(incremental, complete + partial, StandardCharsets.ISO_8859_1);
        LaunchedServer server = start();
        RawClient client = client();
        expect(client.command("MGET", "kept", "in-transaction", "lost"), "*3\r\n$1\r\n1\r\n$1\r\n1\r\n$-1\r\n");
        assertThat(Files.size(incremental)).isEqualTo(complete.length());
        assertThat(server.log()).contains("Truncating the AOF appendonly.aof.1.incr.aof at offset "
                + complete.length());
    }

    @Test
    void aTransactionWithoutExecAtTheEndIsDropped() throws Exception {
        Path aofDir = Files.createDirectories(dir.resolve("appendonlydir"));
        Files.writeString(aofDir.resolve("appendonly.aof.manifest"), "file appendonly.aof.1.incr.aof seq 1 type i\n");
        String complete = resp("SET", "kept", "1");
        Files.writeString(aofDir.resolve("appendonly.aof.1.incr.aof"),
                complete + resp("MULTI") + resp("SET", "lost", "1"), StandardCharsets.ISO_8859_1);
        start();
        expect(client().command("MGET", "kept", "lost"), "*2\r\n$1\r\n1\r\n$-1\r\n");
        assertThat(Files.size(aofDir.resolve("appendonly.aof.1.incr.aof"))).isEqualTo(complete.length());
    }

    @Test
    void aTruncatedFileStopsStartUpWhenAofLoadTruncatedIsNo() throws Exception {
        Path aofDir = Files.createDirectories(dir.resolve("appendonlydir"));
        Files.writeString(aofDir.resolve("appendonly.aof.manifest"), "file appendonly.aof.1.incr.aof seq 1 type i\n");
        String complete = resp("SET", "k", "1");
        Files.writeString(aofDir.resolve("appendonly.aof.1.incr.aof"), complete + "*3\r\n$3\r\nSE",
                StandardCharsets.ISO_8859_1);
        LaunchedServer server = launch("--aof-load-truncated", "no");
        assertThat(server.waitForExit()).isNotZero();
        assertThat(server.log()).contains("Unexpected end of file reading the append only file "
                + "appendonly.aof.1.incr.aof after offset " + complete.length());
    }

    @Test
    void garbageInTheMiddleStopsStartUpNamingTheFileAndOffset() throws Exception {
        Path aofDir = Files.createDirectories(dir.resolve("appendonlydir"));
        Files.writeString(aofDir.resolve("appendonly.aof.manifest"), "file appendonly.aof.1.incr.aof seq 1 type i\n");
        String good = resp("SET", "k", "1");
        Files.writeString(aofDir.resolve("appendonly.aof.1.incr.aof"), good + "garbage\r\n" + resp("SET", "k", "2"),
                StandardCharsets.ISO_8859_1);
        LaunchedServer server = launch();
        assertThat(server.waitForExit()).isNotZero();
        assertThat(server.log()).contains("Bad file format reading the append only file appendonly.aof.1.incr.aof "
                + "at offset " + good.length());
    }

    @Test
    void aBaseRdbFileNeedsTheRdbLoader() throws Exception {
        Path aofDir = Files.createDirectories(dir.resolve("appendonlydir"));
        Files.writeString(aofDir.resolve("appendonly.aof.manifest"),
                "file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n");
        Files.writeString(aofDir.resolve("appendonly.aof.1.base.rdb"), "REDIS0010");
        Files.writeString(aofDir.resolve("appendonly.aof.1.incr.aof"), "");
        LaunchedServer server = launch();
        assertThat(server.waitForExit()).isNotZero();
        assertThat(server.log()).contains("base RDB files need the RDB loader");
    }

    @Test
    void configSetAppendonlyCreatesTheFilesOnAnEmptyDatasetAndIsRefusedOtherwise() throws Exception {
        start("--appendonly", "no");
        RawClient client = client();
        expect(client.command("CONFIG", "SET", "appendonly", "yes"), "+OK\r\n");
        expect(client.command("SET", "k", "v"), "+OK\r\n");
        expect(client.command("CONFIG", "SET", "appendonly", "no"), "+OK\r\n");
        assertThat(Files.readString(dir.resolve("appendonlydir/appendonly.aof.1.incr.aof")))
                .isEqualTo(resp("SELECT", "0") + resp("SET", "k", "v"));
        assertThat(client.command("CONFIG", "SET", "appendonly", "yes").readReply())
                .startsWith("-ERR AOF cannot be switched on while the dataset is not empty");
        expect(client.command("CONFIG", "GET", "appendonly"), "*2\r\n$10\r\nappendonly\r\n$2\r\nno\r\n");
    }

    @Test
    void withAppendfsyncAlwaysEveryAcknowledgedWriteSurvivesAKill() throws Exception {
        List<Integer> acknowledged = writeUntilKilled("always");
        RawClient client = client();
        for (int i : acknowledged) {
            expect(client.command("GET", "key:" + i), "$" + Integer.toString(i).length() + "\r\n" + i + "\r\n");
        }
        assertThat(acknowledged).isNotEmpty();
    }

    @Test
    void withAppendfsyncEverysecAKillLosesOnlyTheLastWrites() throws Exception {
        List<Integer> acknowledged = writeUntilKilled("everysec");
        RawClient client = client();
        int present = 0;
        for (int i : acknowledged) {
            if (!client.command("GET", "key:" + i).readReply().equals("$-1\r\n")) {
                present++;
            }
        }
        // Each writer writes in order, so what is lost is at most the tail of each writer's sequence.
        for (int writer = 0; writer < WRITERS; writer++) {
            boolean missingSeen = false;
            for (int i : acknowledged) {
                if (i % WRITERS != writer) {
                    continue;
                }
                boolean missing = client.command("EXISTS", "key:" + i).readReply().equals(":0\r\n");
                assertThat(!missing && missingSeen).as("key:%d present after a lost write", i).isFalse();
                missingSeen |= missing;
            }
        }
        assertThat(present).isPositive();
    }

    private static final int WRITERS = 4;

    /** Writers set key:i to i until the server is killed with SIGKILL; returns the acknowledged i, then restarts. */
    private List<Integer> writeUntilKilled(String fsync) throws Exception {
        LaunchedServer server = start("--appendfsync", fsync);
        ConcurrentLinkedQueue<Integer> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicBoolean killed = new AtomicBoolean();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            Thread thread = new Thread(() -> {
                try (RawClient client = new RawClient("127.0.0.1", port)) {
                    for (int i = writer; !killed.get(); i += WRITERS) {
                        String reply = client.command("SET", "key:" + i, Integer.toString(i)).readReply();
                        if (reply.equals("+OK\r\n")) {
                            acknowledged.add(i);
                        }
                    }
                } catch (IOException expectedOnKill) {
                    // the server went away mid-request
                }
            });
            thread.start();
            writers.add(thread);
        }
        Thread.sleep(1500);
        killed.set(true);
        server.process().destroyForcibly().waitFor();
        for (Thread thread : writers) {
            thread.join();
        }
        List<Integer> result = new ArrayList<>(acknowledged);
        result.sort(Integer::compare);
        start("--appendfsync", fsync);
        return result;
    }

    private List<String> snapshot(RawClient client) throws IOException {
        List<String> replies = new ArrayList<>();
        for (String[] read : new String[][] {
                {"GET", "string"}, {"GET", "expiring"}, {"LRANGE", "list", "0", "-1"}, {"HGETALL", "hash"},
                {"SCARD", "set"}, {"SMISMEMBER", "set", "x", "y", "z"}, {"ZRANGE", "zset", "0", "-1", "WITHSCORES"},
                {"XRANGE", "stream", "-", "+"}, {"XPENDING", "stream", "group"}, {"DBSIZE"},
                {"SELECT", "5"}, {"GET", "elsewhere"}, {"SELECT", "0"}}) {
            replies.add(client.command(read).readReply());
        }
        return replies;
    }

    private LaunchedServer start(String... args) throws Exception {
        port = freePort();
        LaunchedServer server = launch(args);
        server.waitForPort(port);
        return server;
    }

    private void restart() throws Exception {
        client().command("SHUTDOWN").send(new byte[0]);
        LaunchedServer last = servers.get(servers.size() - 1);
        assertThat(last.waitForExit()).isZero();
        start();
    }

    private LaunchedServer launch(String... args) throws IOException {
        if (port == 0) {
            port = freePort();
        }
        List<String> arguments = new ArrayList<>(List.of("--port", Integer.toString(port), "--dir", dir.toString(),
                "--management.server.port=0"));
        if (!List.of(args).contains("--appendonly")) {
            arguments.addAll(List.of("--appendonly", "yes"));
        }
        arguments.addAll(List.of(args));
        LaunchedServer server = LaunchedServer.launch(dir.resolve("process-" + servers.size()), arguments.toArray(
                String[]::new));
        servers.add(server);
        return server;
    }

    private RawClient client() throws IOException {
        RawClient client = new RawClient("127.0.0.1", port);
        clients.add(client);
        return client;
    }

    private static void expect(RawClient client, String reply) throws IOException {
        assertThat(client.readReply()).isEqualTo(reply);
    }

    private static String resp(String... argv) {
        StringBuilder text = new StringBuilder("*").append(argv.length).append("\r\n");
        for (String argument : argv) {
            text.append('$').append(argument.length()).append("\r\n").append(argument).append("\r\n");
        }
        return text.toString();
    }
}
