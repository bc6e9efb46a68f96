package dev.cinnabar;

import dev.cinnabar.support.LaunchedServer;
import dev.cinnabar.support.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.cinnabar.support.LaunchedServer.freePort;
import static dev.cinnabar.support.LaunchedServer.isFree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The CodeCrafters "base" stages, played the way the tester plays them: the packaged server
 * is launched through {@code ./your_program.sh} from another working directory, and every
 * reply is checked byte for byte with nothing extra after it.
 */
class CodeCraftersBaseStagesIT {

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
