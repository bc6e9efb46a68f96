package dev.cinnabar;

import dev.cinnabar.support.LaunchedServer;
import dev.cinnabar.support.RawClient;
import dev.cinnabar.support.RdbFileBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.cinnabar.support.LaunchedServer.freePort;
import static dev.cinnabar.support.LaunchedServer.isFree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The CodeCrafters stages (CODECRAFTERS.md section 3), played the way the tester plays them:
 * the packaged server is launched through {@code ./your_program.sh} from another working
 * directory, and every reply is checked byte for byte with nothing extra after it.
 */
class CodeCraftersStagesIT {

    private static final int NOTHING_EXTRA_MILLIS = 50;

    @TempDir
    Path workingDirectory;

    private LaunchedServer server;
    private final List<RawClient> clients = new ArrayList<>();

    @BeforeAll
    static void prepareLikeTheTesterCompileStep() throws Exception {
        LaunchedServer.prepare();
    }

    @AfterEach
    void stopServer() throws Exception {
        for (RawClient client : clients) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void baseStagesPassOnAGivenPort() throws Exception {
        int port = freePort();
        server = launch("--port", Integer.toString(port), "--management.server.port=0");
        server.waitForPort(port);

        RawClient first = client(port);
        expect(first.command("PING"), "+PONG\r\n");
        for (int i = 0; i < 3; i++) {
            expect(first.command("PING"), "+PONG\r\n");
        }

        RawClient second = client(port);
        expect(second.command("PING"), "+PONG\r\n");
        expect(first.command("PING"), "+PONG\r\n");
        expect(first.command("PING"), "+PONG\r\n");
        expect(second.command("PING"), "+PONG\r\n");
        RawClient third = client(port);
        expect(third.command("PING"), "+PONG\r\n");

        expect(first.command("ECHO", "pineapple"), "$9\r\npineapple\r\n");
        expect(first.command("SET", "mango", "raspberry"), "+OK\r\n");
        expect(first.command("GET", "mango"), "$9\r\nraspberry\r\n");

        expect(second.command("SET", "banana", "grape", "PX", "100"), "+OK\r\n");
        expect(second.command("GET", "banana"), "$5\r\ngrape\r\n");
        Thread.sleep(101);
        expect(second.command("GET", "banana"), "$-1\r\n");

        String dir = workingDirectory.toRealPath().toString();
        expect(third.command("CONFIG", "GET", "dir"), "*2\r\n$3\r\ndir\r\n$" + dir.length() + "\r\n" + dir + "\r\n");
        assertThat(third.command("MEMORY", "DOCTOR").readReply().toLowerCase()).doesNotContain("sam");
    }

    @Test
    void transactionStagesPass() throws Exception {
        int port = startOnFreePort();
        RawClient c1 = client(port);
        RawClient c2 = client(port);
        expect(c1.command("SET", "apple", "41"), "+OK\r\n");
        expect(c1.command("INCR", "apple"), ":42\r\n");
        expect(c1.command("INCR", "missing_key_1"), ":1\r\n");
        expect(c1.command("INCR", "missing_key_1"), ":2\r\n");
        expect(c1.command("SET", "pear", "grape"), "+OK\r\n");
        expect(c1.command("INCR", "pear"), "-ERR value is not an integer or out of range\r\n");
        expect(c1.command("EXEC"), "-ERR EXEC without MULTI\r\n");
        expect(c1.command("MULTI"), "+OK\r\n");
        expect(c1.command("EXEC"), "*0\r\n");
        expect(c1.command("EXEC"), "-ERR EXEC without MULTI\r\n");

        expect(c1.command("MULTI"), "+OK\r\n");
        expect(c1.command("SET", "mango", "7"), "+QUEUED\r\n");
        expect(c1.command("INCR", "mango"), "+QUEUED\r\n");
        expect(c1.command("INCR", "banana"), "+QUEUED\r\n");
        expect(c1.command("GET", "banana"), "+QUEUED\r\n");
        expect(c2.command("GET", "mango"), "$-1\r\n");
        expect(c1.command("EXEC"), "*4\r\n+OK\r\n:8\r\n:1\r\n$1\r\n1\r\n");
        expect(c2.command("GET", "mango"), "$1\r\n8\r\n");

        expect(c1.command("MULTI"), "+OK\r\n");
        expect(c1.command("SET", "kiwi", "1"), "+QUEUED\r\n");
        expect(c1.command("DISCARD"), "+OK\r\n");
        expect(c1.command("GET", "kiwi"), "$-1\r\n");
        expect(c1.command("DISCARD"), "-ERR DISCARD without MULTI\r\n");

        expect(c1.command("MULTI"), "+OK\r\n");
        expect(c1.command("INCR", "pear"), "+QUEUED\r\n");
        expect(c1.command("INCR", "mango"), "+QUEUED\r\n");
        expect(c1.command("EXEC"), "*2\r\n-ERR value is not an integer or out of range\r\n:9\r\n");
    }

    @Test
    void optimisticLockingStagesPass() throws Exception {
        int port = startOnFreePort();
        RawClient watcher = client(port);
        RawClient modifier = client(port);
        expect(watcher.command("SET", "grape", "12"), "+OK\r\n");
        expect(watcher.command("WATCH", "grape"), "+OK\r\n");
        expect(watcher.command("MULTI"), "+OK\r\n");
        expect(watcher.command("WATCH", "grape"), "-ERR WATCH inside MULTI is not allowed\r\n");
        expect(watcher.command("SET", "orange", "60"), "+QUEUED\r\n");
        expect(modifier.command("SET", "grape", "150"), "+OK\r\n");
        expect(watcher.command("EXEC"), "*-1\r\n");
        expect(watcher.command("GET", "orange"), "$-1\r\n");

        expect(watcher.command("WATCH", "missing_key_7"), "+OK\r\n");
        expect(watcher.command("MULTI"), "+OK\r\n");
        expect(watcher.command("SET", "missing_key_7", "70"), "+QUEUED\r\n");
        expect(modifier.command("SET", "missing_key_7", "170"), "+OK\r\n");
        expect(watcher.command("EXEC"), "*-1\r\n");
        expect(watcher.command("GET", "missing_key_7"), "$3\r\n170\r\n");

        expect(watcher.command("WATCH", "grape"), "+OK\r\n");
        expect(modifier.command("SET", "grape", "151"), "+OK\r\n");
        expect(watcher.command("UNWATCH"), "+OK\r\n");
        expect(watcher.command("MULTI"), "+OK\r\n");
        expect(watcher.command("SET", "grape", "80"), "+QUEUED\r\n");
        expect(watcher.command("EXEC"), "*1\r\n+OK\r\n");
    }

    @Test
    void listStagesPass() throws Exception {
        int port = startOnFreePort();
        RawClient c1 = client(port);
        RawClient c2 = client(port);
        RawClient c3 = client(port);
        expect(c1.command("RPUSH", "apple", "a", "b"), ":2\r\n");
        expect(c1.command("RPUSH", "apple", "c", "d", "e"), ":5\r\n");
        expect(c1.command("LRANGE", "apple", "1", "0"), "*0\r\n");
        expect(c1.command("LRANGE", "apple", "-6", "-1"),
                "*5\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n");
        expect(c1.command("LRANGE", "missing_key_3", "0", "1"), "*0\r\n");
        expect(c1.command("LPUSH", "pear", "b", "a"), ":2\r\n");
        expect(c1.command("LLEN", "pear"), ":2\r\n");
        expect(c1.command("LPOP", "apple"), "$1\r\na\r\n");
        expect(c1.command("LPOP", "apple", "2"), "*2\r\n$1\r\nb\r\n$1\r\nc\r\n");

        c1.command("BLPOP", "mango", "0");
        c2.command("BLPOP", "mango", "0");
        expect(c3.command("RPUSH", "mango", "kiwi"), ":1\r\n");
        expect(c1, "*2\r\n$5\r\nmango\r\n$4\r\nkiwi\r\n");
        assertThat(c2.nothingMoreWithin(NOTHING_EXTRA_MILLIS)).isTrue();

        expect(c3.command("BLPOP", "missing_key_9", "0.1"), "*-1\r\n");
    }

    @Test
    void pubSubStagesPass() throws Exception {
        int port = startOnFreePort();
        RawClient c1 = client(port);
        RawClient c2 = client(port);
        RawClient c3 = client(port);
        RawClient c4 = client(port);
        expect(c1.command("SUBSCRIBE", "mango"), "*3\r\n$9\r\nsubscribe\r\n$5\r\nmango\r\n:1\r\n");
        expect(c1.command("SUBSCRIBE", "apple"), "*3\r\n$9\r\nsubscribe\r\n$5\r\napple\r\n:2\r\n");
        expect(c2.command("SUBSCRIBE", "apple"), "*3\r\n$9\r\nsubscribe\r\n$5\r\napple\r\n:1\r\n");
        expect(c3.command("SUBSCRIBE", "pear"), "*3\r\n$9\r\nsubscribe\r\n$4\r\npear\r\n:1\r\n");

        assertThat(c1.command("SET", "grape", "kiwi").readReply().toLowerCase())
                .startsWith("-err ").contains("can't execute 'set'");
        assertThat(c1.command("GET", "grape").readReply().toLowerCase()).contains("can't execute 'get'");
        assertThat(c1.command("ECHO", "grape").readReply().toLowerCase()).contains("can't execute 'echo'");
        expect(c1.command("PING"), "*2\r\n$4\r\npong\r\n$0\r\n\r\n");
        expect(c4.command("PING"), "+PONG\r\n");

        expect(c4.command("PUBLISH", "mango", "hello"), ":1\r\n");
        expect(c1, "*3\r\n$7\r\nmessage\r\n$5\r\nmango\r\n$5\r\nhello\r\n");
        expect(c4.command("PUBLISH", "apple", "world"), ":2\r\n");
        expect(c1, "*3\r\n$7\r\nmessage\r\n$5\r\napple\r\n$5\r\nworld\r\n");
        expect(c2, "*3\r\n$7\r\nmessage\r\n$5\r\napple\r\n$5\r\nworld\r\n");
        assertThat(c3.nothingMoreWithin(NOTHING_EXTRA_MILLIS)).isTrue();

        expect(c1.command("UNSUBSCRIBE", "apple"), "*3\r\n$11\r\nunsubscribe\r\n$5\r\napple\r\n:1\r\n");
        expect(c4.command("PUBLISH", "apple", "again"), ":1\r\n");
        expect(c2, "*3\r\n$7\r\nmessage\r\n$5\r\napple\r\n$5\r\nagain\r\n");
        assertThat(c1.nothingMoreWithin(NOTHING_EXTRA_MILLIS)).isTrue();
    }

    @Test
    void authenticationStagesPass() throws Exception {
        int port = startOnFreePort();
        RawClient c1 = client(port);
        expect(c1.command("ACL", "WHOAMI"), "$7\r\ndefault\r\n");
        String defaultUser = "*12\r\n$5\r\nflags\r\n*2\r\n$2\r\non\r\n$6\r\nnopass\r\n$9\r\npasswords\r\n*0\r\n"
                + "$8\r\ncommands\r\n$5\r\n+@all\r\n$4\r\nkeys\r\n$2\r\n~*\r\n$8\r\nchannels\r\n$2\r\n&*\r\n"
                + "$9\r\nselectors\r\n*0\r\n";
        expect(c1.command("ACL", "GETUSER", "default"), defaultUser);
        expect(c1.command("ACL", "SETUSER", "default", ">mango"), "+OK\r\n");
        expect(c1.command("ACL", "GETUSER", "default"), "*12\r\n$5\r\nflags\r\n*1\r\n$2\r\non\r\n"
                + "$9\r\npasswords\r\n*1\r\n" + sha256Line("mango")
                + "$8\r\ncommands\r\n$5\r\n+@all\r\n$4\r\nkeys\r\n$2\r\n~*\r\n$8\r\nchannels\r\n$2\r\n&*\r\n"
                + "$9\r\nselectors\r\n*0\r\n");
        assertThat(c1.command("AUTH", "default", "wrongpassword-4242").readReply()).startsWith("-WRONGPASS ");
        expect(c1.command("AUTH", "default", "mango"), "+OK\r\n");
        // nm2: the open connection stays authenticated, a new one must AUTH.
        expect(c1.command("ACL", "WHOAMI"), "$7\r\ndefault\r\n");
        RawClient c2 = client(port);
        assertThat(c2.command("ACL", "WHOAMI").readReply()).startsWith("-NOAUTH ");
        assertThat(c2.nothingMoreWithin(NOTHING_EXTRA_MILLIS)).isTrue();
        // ws7
        expect(c2.command("AUTH", "default", "mango"), "+OK\r\n");
        expect(c2.command("ACL", "WHOAMI"), "$7\r\ndefault\r\n");
        expect(c2.command("SET", "key-1", "value-1"), "+OK\r\n");
        expect(c2.command("GET", "nonexistent-key-2"), "$-1\r\n");
        expect(c2.command("PING"), "+PONG\r\n");
        expect(c2.command("ECHO", "w"), "$1\r\nw\r\n");
    }

    private static String sha256Line(String password) throws Exception {
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                .digest(password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return "$64\r\n" + java.util.HexFormat.of().formatHex(digest) + "\r\n";
    }

    @Test
    void aofOptionStagesPass() throws Exception {
        int port = startOnFreePort();
        RawClient client = client(port);
        String dir = workingDirectory.toRealPath().toString();
        expect(client.command("CONFIG", "GET", "dir"), "*2\r\n$3\r\ndir\r\n$" + dir.length() + "\r\n" + dir + "\r\n");
        expect(client.command("CONFIG", "GET", "appendonly"), "*2\r\n$10\r\nappendonly\r\n$2\r\nno\r\n");
        expect(client.command("CONFIG", "GET", "appenddirname"),
                "*2\r\n$13\r\nappenddirname\r\n$13\r\nappendonlydir\r\n");
        expect(client.command("CONFIG", "GET", "appendfilename"),
                "*2\r\n$14\r\nappendfilename\r\n$14\r\nappendonly.aof\r\n");
        expect(client.command("CONFIG", "GET", "appendfsync"), "*2\r\n$11\r\nappendfsync\r\n$8\r\neverysec\r\n");
        Thread.sleep(100);
        assertThat(workingDirectory.resolve("appendonlydir")).doesNotExist();
    }

    @Test
    void aofWritingStagesPass() throws Exception {
        Path dir = Files.createDirectories(workingDirectory.resolve("aof-77"));
        int port = startWithAof(dir);
        Path incremental = dir.resolve("banana/pear.aof.1.incr.aof");
        assertThat(dir.resolve("banana")).isDirectory();
        assertThat(incremental).isEmptyFile();
        assertThat(Files.readAllLines(dir.resolve("banana/pear.aof.manifest")))
                .anyMatch(line -> line.contains("file pear.aof.1.incr.aof seq 1 type i"));

        RawClient client = client(port);
        expect(client.command("CONFIG", "GET", "appendonly"), "*2\r\n$10\r\nappendonly\r\n$3\r\nyes\r\n");
        expect(client.command("CONFIG", "GET", "appenddirname"), "*2\r\n$13\r\nappenddirname\r\n$6\r\nbanana\r\n");
        expect(client.command("CONFIG", "GET", "appendfilename"),
                "*2\r\n$14\r\nappendfilename\r\n$8\r\npear.aof\r\n");
        expect(client.command("CONFIG", "GET", "appendfsync"), "*2\r\n$11\r\nappendfsync\r\n$6\r\nalways\r\n");
        expect(client.command("SET", "mango", "250"), "+OK\r\n");
        // appendfsync always: on disk before the reply
        assertThat(Files.readString(incremental)).isEqualTo(resp("SELECT", "0") + resp("SET", "mango", "250"));
        expect(client.command("GET", "mango"), "$3\r\n250\r\n");
        expect(client.command("ECHO", "grape"), "$5\r\ngrape\r\n");
        expect(client.command("PING"), "+PONG\r\n");
        expect(client.command("SET", "apple", "300"), "+OK\r\n");
        assertThat(Files.readString(incremental)).isEqualTo(resp("SELECT", "0") + resp("SET", "mango", "250")
                + resp("SET", "apple", "300"));
    }

    @Test
    void aofReplayStagesPass() throws Exception {
        Path dir = Files.createDirectories(workingDirectory.resolve("aof-78"));
        Path aofDirectory = Files.createDirectories(dir.resolve("banana"));
        Files.writeString(aofDirectory.resolve("pear.aof.manifest"), "file strawberry.aof.1.incr.aof seq 1 type i\n");
        Files.writeString(aofDirectory.resolve("strawberry.aof.1.incr.aof"),
                resp("SET", "apple", "a") + resp("SET", "mango", "b") + resp("SET", "apple", "c"));
        int port = startWithAof(dir);
        RawClient client = client(port);
        expect(client.command("GET", "apple"), "$1\r\nc\r\n");
        expect(client.command("GET", "mango"), "$1\r\nb\r\n");
    }

    private int startWithAof(Path dir) throws Exception {
        int port = freePort();
        server = launch("--port", Integer.toString(port), "--management.server.port=0", "--dir", dir.toString(),
                "--appendonly", "yes", "--appenddirname", "banana", "--appendfilename", "pear.aof", "--appendfsync",
                "always");
        server.waitForPort(port);
        return port;
    }

    private static String resp(String... argv) {
        StringBuilder text = new StringBuilder("*").append(argv.length).append("\r\n");
        for (String argument : argv) {
            text.append('$').append(argument.length()).append("\r\n").append(argument).append("\r\n");
        }
        return text.toString();
    }

    private int startOnFreePort() throws Exception {
        int port = freePort();
        server = launch("--port", Integer.toString(port), "--management.server.port=0");
        server.waitForPort(port);
        return port;
    }

    @Test
    void rdbPersistenceStagesPass() throws Exception {
        Path rdbDir = workingDirectory.resolve("rdb-4821");
        java.nio.file.Files.createDirectories(rdbDir);
        String dir = rdbDir.toString();

        // zg5: no file yet
        int port = freePort();
        server = launch("--port", Integer.toString(port), "--dir", dir, "--dbfilename", "mango.rdb",
                "--management.server.port=0");
        server.waitForPort(port);
        expect(client(port).command("CONFIG", "GET", "dir"), "*2\r\n$3\r\ndir\r\n$" + dir.length() + "\r\n" + dir
                + "\r\n");
        server.close();

        // jz6, gc6: one key
        java.nio.file.Files.write(rdbDir.resolve("pear.rdb"), RdbFileBuilder.codeCraftersFixture()
                .selectDb(0, 1, 0).stringKey("grape", "banana").end());
        port = freePort();
        server = launch("--port", Integer.toString(port), "--dir", dir, "--dbfilename", "pear.rdb",
                "--management.server.port=0");
        server.waitForPort(port);
        RawClient single = client(port);
        expect(single.command("KEYS", "*"), "*1\r\n$5\r\ngrape\r\n");
        expect(single.command("GET", "grape"), "$6\r\nbanana\r\n");
        server.close();

        // jw4, dq3, sm4: several keys, all with expiry, one in the past
        java.nio.file.Files.write(rdbDir.resolve("apple.rdb"), RdbFileBuilder.codeCraftersFixture()
                .selectDb(0, 4, 4)
                .expiringStringKey("orange", "raspberry", 1956528000000L)
                .expiringStringKey("strawberry", "apple", 1640995200000L)
                .expiringStringKey("blueberry", "pear", 1956528000000L)
                .expiringStringKey("pineapple", "mango", 1956528000000L)
                .end());
        port = freePort();
        server = launch("--port", Integer.toString(port), "--dir", dir, "--dbfilename", "apple.rdb",
                "--management.server.port=0");
        server.waitForPort(port);
        RawClient several = client(port);
        String keys = several.command("KEYS", "*").readReply();
        assertThat(keys).startsWith("*3\r\n").contains("$6\r\norange\r\n", "$9\r\nblueberry\r\n",
                "$9\r\npineapple\r\n");
        expect(several.command("GET", "orange"), "$9\r\nraspberry\r\n");
        expect(several.command("GET", "strawberry"), "$-1\r\n");
        expect(several.command("GET", "blueberry"), "$4\r\npear\r\n");
        expect(several.command("GET", "pineapple"), "$5\r\nmango\r\n");
    }

    @Test
    void sigtermStopsTheServerAndReleasesThePort() throws Exception {
        int port = freePort();
        server = launch("--port", Integer.toString(port), "--management.server.port=0");
        server.waitForPort(port);
        RawClient idle = client(port);
        expect(idle.command("PING"), "+PONG\r\n");

        server.process().destroy(); // SIGTERM: your_program.sh exec's the JVM, so this reaches the server itself
        assertThat(server.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(idle.isClosedByServer()).isTrue();
        try (ServerSocket rebind = new ServerSocket(port)) {
            assertThat(rebind.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void withoutArgumentsTheServerListensOnTheRedisPort() throws Exception {
        assumeThat(isFree(6379)).as("port 6379 is free").isTrue();
        server = launch();
        server.waitForPort(6379);
        expect(client(6379).command("PING"), "+PONG\r\n");
    }

    // ---- replication (CODECRAFTERS.md 3.4): the tester as replica ----

    /** The empty RDB the tester sends as a master (CODECRAFTERS.md 2.6): version 11, 88 bytes. */
    private static final byte[] TESTER_EMPTY_RDB = Base64.getDecoder().decode(
            "UkVESVMwMDEx+glyZWRpcy12ZXIFNy4yLjD6CnJlZGlzLWJpdHPAQPoFY3RpbWXCbQi8ZfoIdXNlZC1tZW3CsMQQAPoIYW9mLWJhc2XAAP/wbjv+wP9aog==");

    @Test
    void replicationMasterStagesPass() throws Exception {
        int port = startOnFreePort();
        RawClient client = client(port);
        String info = readBulk(client.command("INFO", "replication"));
        assertThat(info).contains("role:master").containsPattern("master_replid:[a-z0-9]{40}\r\n")
                .contains("master_repl_offset:0\r\n");
        expect(client.command("WAIT", "0", "60000"), ":0\r\n");

        List<FakeReplica> replicas = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            replicas.add(handshake(port, 6380 + i));
        }
        for (String[] set : new String[][] {{"foo", "123"}, {"bar", "456"}, {"baz", "789"}}) {
            expect(client.command("SET", set[0], set[1]), "+OK\r\n");
        }
        for (FakeReplica replica : replicas) {
            replica.expectCommand("SELECT", "0");
            replica.expectCommand("SET", "foo", "123");
            replica.expectCommand("SET", "bar", "456");
            replica.expectCommand("SET", "baz", "789");
            assertThat(replica.connection.nothingMoreWithin(NOTHING_EXTRA_MILLIS)).isTrue();
        }

        // na2 round 1: one replica acknowledges
        expect(client.command("SET", "foo", "123"), "+OK\r\n");
        client.command("WAIT", "1", "500");
        for (FakeReplica replica : replicas) {
            replica.expectCommand("SET", "foo", "123");
            replica.expectGetAck();
        }
        replicas.get(0).acknowledge();
        expect(client, ":1\r\n");

        // na2 round 2: two of the three acknowledge, WAIT 3 answers 2 at its timeout
        expect(client.command("SET", "baz", "789"), "+OK\r\n");
        long sent = System.nanoTime();
        client.command("WAIT", "3", "2000");
        for (FakeReplica replica : replicas) {
            replica.expectCommand("SET", "baz", "789");
            replica.expectGetAck();
        }
        replicas.get(0).acknowledge();
        replicas.get(1).acknowledge();
        expect(client, ":2\r\n");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent)).isGreaterThanOrEqualTo(1900);
    }

    @Test
    void waitWithoutWritesCountsEveryConnectedReplica() throws Exception {
        int port = startOnFreePort();
        RawClient client = client(port);
        for (int i = 0; i < 4; i++) {
            handshake(port, 6380 + i);
        }
        expect(client.command("WAIT", "3", "500"), ":4\r\n");
        expect(client.command("WAIT", "4", "500"), ":4\r\n");
        long sent = System.nanoTime();
        expect(client.command("WAIT", "6", "500"), ":4\r\n");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent)).isGreaterThanOrEqualTo(450);
    }

    /** A fake replica as the tester plays one: it counts every stream byte it reads, for its ACKs. */
    private final class FakeReplica {
        final RawClient connection;
        long processed;

        FakeReplica(RawClient connection) {
            this.connection = connection;
        }

        void expectCommand(String... argv) throws IOException {
            String expected = resp(argv);
            assertThat(connection.readReply()).isEqualTo(expected);
            processed += expected.length();
        }

        void expectGetAck() throws IOException {
            expectCommand("REPLCONF", "GETACK", "*");
            assertThat(connection.nothingMoreWithin(NOTHING_EXTRA_MILLIS)).isTrue();
        }

        /** REPLCONF ACK with the bytes read before the GETACK being answered (37 bytes). */
        void acknowledge() throws IOException {
            connection.command("REPLCONF", "ACK", Long.toString(processed - 37));
        }
    }

    private FakeReplica handshake(int port, int listeningPort) throws IOException {
        RawClient replica = client(port);
        expect(replica.command("PING"), "+PONG\r\n");
        expect(replica.command("REPLCONF", "listening-port", Integer.toString(listeningPort)), "+OK\r\n");
        expect(replica.command("REPLCONF", "capa", "psync2"), "+OK\r\n");
        replica.command("PSYNC", "?", "-1");
        assertThat(replica.readLine()).matches("\\+FULLRESYNC [A-Za-z0-9]{40} 0\r\n");
        String header = replica.readLine();
        assertThat(header).matches("\\$\\d+\r\n");
        String rdb = replica.read(Integer.parseInt(header.substring(1, header.length() - 2)));
        assertThat(rdb).startsWith("REDIS0010");
        assertThat(rdb.charAt(rdb.length() - 9)).isEqualTo((char) 0xFF);
        assertThat(replica.nothingMoreWithin(NOTHING_EXTRA_MILLIS)).isTrue();
        return new FakeReplica(replica);
    }

    // ---- replication: the tester as master ----

    @Test
    void replicationReplicaStagesPass() throws Exception {
        try (ServerSocket fakeMaster = new ServerSocket(0)) {
            int port = freePort();
            server = launch("--port", Integer.toString(port), "--replicaof", "localhost " + fakeMaster.getLocalPort(),
                    "--management.server.port=0");
            fakeMaster.setSoTimeout(60_000);
            RawClient master = new RawClient(fakeMaster.accept());
            clients.add(master);
            master.setReadTimeout(60_000);
            expectRequest(master, "PING");
            master.setReadTimeout(5000);
            master.send("+PONG\r\n");
            assertThat(master.readReply()).isEqualTo(resp("REPLCONF", "listening-port", Integer.toString(port)));
            master.send("+OK\r\n");
            assertThat(master.readReply()).isIn(resp("REPLCONF", "capa", "psync2"),
                    resp("REPLCONF", "capa", "eof", "capa", "psync2"));
            assertThat(master.nothingMoreWithin(NOTHING_EXTRA_MILLIS)).isTrue();
            master.send("+OK\r\n");
            expectRequest(master, "PSYNC", "?", "-1");
            master.send("+FULLRESYNC 75cd7bc10c49047e0d163660f3b90625b1af31dc 0\r\n");
            master.send(("$" + TESTER_EMPTY_RDB.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            master.send(TESTER_EMPTY_RDB);

            RawClient client = client(port);
            assertThat(readBulk(client.command("INFO", "replication"))).contains("role:slave");

            // xv6, yd3: ACK offsets count every stream byte before the GETACK answered
            master.send(resp("REPLCONF", "GETACK", "*"));
            expect(master, resp("REPLCONF", "ACK", "0"));
            master.send(resp("PING"));
            master.send(resp("REPLCONF", "GETACK", "*"));
            expect(master, resp("REPLCONF", "ACK", "51"));
            // yg4: the writes arrive in one segment and are applied, never answered
            String writes = resp("SET", "foo", "123") + resp("SET", "bar", "456") + resp("SET", "baz", "789");
            master.send(writes);
            master.send(resp("REPLCONF", "GETACK", "*"));
            expect(master, resp("REPLCONF", "ACK", Integer.toString(51 + 37 + writes.length())));
            expect(client.command("GET", "foo"), "$3\r\n123\r\n");
            expect(client.command("GET", "bar"), "$3\r\n456\r\n");
            expect(client.command("GET", "baz"), "$3\r\n789\r\n");
        }
    }

    private static void expectRequest(RawClient connection, String... argv) throws IOException {
        expect(connection, resp(argv));
    }

    private static String readBulk(RawClient client) throws IOException {
        String reply = client.readReply();
        assertThat(reply).startsWith("$");
        return reply.substring(reply.indexOf("\r\n") + 2, reply.length() - 2);
    }

    private LaunchedServer launch(String... args) throws IOException {
        return LaunchedServer.launch(workingDirectory, args);
    }

    private RawClient client(int port) throws IOException {
        RawClient client = new RawClient("127.0.0.1", port);
        clients.add(client);
        return client;
    }

    private static void expect(RawClient client, String reply) throws IOException {
        assertThat(client.readReply()).isEqualTo(reply);
        assertThat(client.nothingMoreWithin(NOTHING_EXTRA_MILLIS)).as("no extra data after " + reply).isTrue();
    }
}
