package dev.cinnabar;

import dev.cinnabar.support.LaunchedServer;
import dev.cinnabar.support.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static dev.cinnabar.support.LaunchedServer.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * ACL configuration at start-up, on launched servers: requirepass and user lines on the
 * command line, the ACL file loaded at start and written by ACL SAVE, protected mode seen
 * from a non-loopback address of this host, and basic authentication on the Actuator.
 */
class AclStartupIT {

    @TempDir
    Path directory;

    private LaunchedServer server;
    private final List<RawClient> clients = new ArrayList<>();

    @BeforeAll
    static void prepare() throws Exception {
        LaunchedServer.prepare();
    }

    @AfterEach
    void stop() throws Exception {
        for (RawClient client : clients) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private int start(String... args) throws Exception {
        int port = freePort();
        List<String> all = new ArrayList<>(List.of("--port", Integer.toString(port)));
        if (Arrays.stream(args).noneMatch(arg -> arg.startsWith("--management.server.port="))) {
            all.add("--management.server.port=0");
        }
        all.addAll(List.of(args));
        server = LaunchedServer.launch(directory, all.toArray(String[]::new));
        server.waitForPort(port);
        return port;
    }

    private RawClient client(String host, int port) throws IOException {
        RawClient client = new RawClient(host, port);
        clients.add(client);
        return client;
    }

    @Test
    void requirepassAndUserLinesFromTheCommandLine() throws Exception {
        int port = start("--requirepass", "s3cret", "--user", "alice", "on", ">apw", "~app:*", "+get");
        RawClient client = client("127.0.0.1", port);
        assertThat(client.command("GET", "k").readReply()).isEqualTo("-NOAUTH Authentication required.\r\n");
        assertThat(client.command("AUTH", "alice", "apw").readReply()).isEqualTo("+OK\r\n");
        assertThat(client.command("GET", "app:1").readReply()).isEqualTo("$-1\r\n");
        assertThat(client.command("SET", "app:1", "v").readReply())
                .isEqualTo("-NOPERM User alice has no permissions to run the 'set' command\r\n");
        assertThat(client.command("AUTH", "s3cret").readReply()).isEqualTo("+OK\r\n");
        assertThat(client.command("CONFIG", "GET", "requirepass").readReply())
                .isEqualTo("*2\r\n$11\r\nrequirepass\r\n$6\r\ns3cret\r\n");
        assertThat(client.command("ACL", "LIST").readReply()).contains("user alice on #")
                .contains(" ~app:* resetchannels -@all +get\r\n").doesNotContain("apw");
        assertThat(server.log()).doesNotContain("s3cret").doesNotContain("apw");
    }

    @Test
    void aclFileIsLoadedAtStartAndRoundTripsThroughSaveAndLoad() throws Exception {
        Path aclfile = directory.resolve("users.acl");
        Files.writeString(aclfile, "# users\nuser default on nopass ~* &* +@all\n"
                + "user bob on #30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4 ~app:* &news -@all "
                + "+@read\n");
        int port = start("--aclfile", aclfile.toString());
        RawClient admin = client("127.0.0.1", port);
        RawClient bob = client("127.0.0.1", port);
        assertThat(bob.command("AUTH", "bob", "pw").readReply()).isEqualTo("+OK\r\n");
        assertThat(bob.command("GET", "app:1").readReply()).isEqualTo("$-1\r\n");

        assertThat(admin.command("ACL", "SETUSER", "carol", "on", ">cpw", "%R~ro:*", "+get", "(~sel:* +set)")
                .readReply()).isEqualTo("+OK\r\n");
        String before = admin.command("ACL", "LIST").readReply();
        assertThat(admin.command("ACL", "SAVE").readReply()).isEqualTo("+OK\r\n");
        assertThat(Files.readString(aclfile)).contains("user carol on #").contains("(~sel:* resetchannels -@all +set)")
                .doesNotContain("cpw");

        assertThat(admin.command("ACL", "DELUSER", "carol").readReply()).isEqualTo(":1\r\n");
        assertThat(admin.command("ACL", "LOAD").readReply()).isEqualTo("+OK\r\n");
        assertThat(admin.command("ACL", "LIST").readReply()).isEqualTo(before);
        // LOAD replaces the users: their connections go.
        assertThat(bob.isClosedByServer()).isTrue();

        Files.writeString(aclfile, "user eve on +nosuch\n", java.nio.file.StandardOpenOption.APPEND);
        assertThat(admin.command("ACL", "LOAD").readReply()).isEqualTo("-ERR " + aclfile + ":4: Unknown command or "
                + "category name in ACL. WARNING: ACL errors detected, no change to the previously active ACL rules "
                + "was performed\r\n");
        assertThat(admin.command("ACL", "LIST").readReply()).isEqualTo(before);
    }

    @Test
    void aBadAclFileStopsTheStartUp() throws Exception {
        Path aclfile = directory.resolve("bad.acl");
        Files.writeString(aclfile, "user x on +nosuch\n");
        server = LaunchedServer.launch(directory, "--port", Integer.toString(freePort()), "--management.server.port=0",
                "--aclfile", aclfile.toString());
        assertThat(server.waitForExit()).isNotZero();
        assertThat(server.log()).contains("Unknown command or category name in ACL");
    }

    @Test
    void protectedModeTurnsAwayOtherHostsUntilThereIsAPassword() throws Exception {
        InetAddress external = nonLoopbackAddress();
        assumeThat(external).as("a non-loopback IPv4 address on this host").isNotNull();
        int port = start("--bind", "*");
        RawClient remote = client(external.getHostAddress(), port);
        assertThat(remote.readReply()).startsWith("-DENIED Redis is running in protected mode because protected mode "
                + "is enabled and no password is set for the default user.");
        assertThat(remote.isClosedByServer()).isTrue();
        RawClient local = client("127.0.0.1", port);
        assertThat(local.command("PING").readReply()).isEqualTo("+PONG\r\n");
        assertThat(local.command("CONFIG", "SET", "requirepass", "pw").readReply()).isEqualTo("+OK\r\n");
        RawClient allowed = client(external.getHostAddress(), port);
        assertThat(allowed.command("PING").readReply()).isEqualTo("-NOAUTH Authentication required.\r\n");
        assertThat(allowed.command("AUTH", "pw").readReply()).isEqualTo("+OK\r\n");
    }

    @Test
    void actuatorBehindBasicAuthenticationOncePasswordIsSet() throws Exception {
        int adminPort = freePort();
        start("--management.server.port=" + adminPort, "--cinnabar.admin.username=ops",
                "--cinnabar.admin.password=h77p-s3cret", "--requirepass", "resp-s3cret");
        String health = "http://127.0.0.1:" + adminPort + "/actuator/health";
        awaitHttp(health);
        assertThat(get(health, null).statusCode()).isEqualTo(401);
        assertThat(get(health, null).headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Basic realm="));
        assertThat(get(health, "ops:wrong").statusCode()).isEqualTo(401);
        assertThat(get(health, "admin:h77p-s3cret").statusCode()).isEqualTo(401);
        HttpResponse<String> allowed = get(health, "ops:h77p-s3cret");
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.body()).contains("\"UP\"");
        for (String endpoint : List.of("info", "keyspace", "metrics")) {
            HttpResponse<String> response = get("http://127.0.0.1:" + adminPort + "/actuator/" + endpoint,
                    "ops:h77p-s3cret");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).doesNotContain("s3cret");
        }
        // Endpoints that could change state are not there.
        assertThat(get("http://127.0.0.1:" + adminPort + "/actuator/env", "ops:h77p-s3cret").statusCode())
                .isEqualTo(404);
    }

    /** The admin port opens after the RESP port. */
    private static void awaitHttp(String url) throws Exception {
        for (int attempt = 0; attempt < 300; attempt++) {
            try {
                get(url, null);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("no HTTP server at " + url);
    }

    private static HttpResponse<String> get(String url, String credentials) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (credentials != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static InetAddress nonLoopbackAddress() throws IOException {
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!network.isUp() || network.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(network.getInetAddresses())) {
                if (address instanceof Inet4Address) {
                    return address;
                }
            }
        }
        return null;
    }
}
