package dev.cinnabar;

import dev.cinnabar.support.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The CodeCrafters "base" stages, played the way the tester plays them: the packaged server
 * is launched through {@code ./your_program.sh} from another working directory, and every
 * reply is checked byte for byte with nothing extra after it.
 */
class CodeCraftersBaseStagesIT {

    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final int NOTHING_EXTRA_MILLIS = 50;

    @TempDir
    Path workingDirectory;

    private Process server;
    private final List<RawClient> clients = new ArrayList<>();

    @BeforeAll
    static void prepareLikeTheTesterCompileStep() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", PROJECT.resolve("your_program.sh").toString());
        builder.environment().put("CINNABAR_PREPARE_ONLY", "1");
        Process prepared = builder.inheritIO().start();
        assertThat(prepared.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(prepared.exitValue()).isZero();
    }

    @AfterEach
    void stopServer() throws Exception {
        for (RawClient client : clients) {
            client.close();
        }
        if (server != null && server.isAlive()) {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void baseStagesPassOnAGivenPort() throws Exception {
        int port = freePort();
        server = launch("--port", Integer.toString(port), "--management.server.port=0");
        waitForPort(port);

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
        waitForPort(port);
        RawClient idle = client(port);
        expect(idle.command("PING"), "+PONG\r\n");

        server.destroy(); // SIGTERM: your_program.sh exec's the JVM, so this reaches the server itself
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(idle.isClosedByServer()).isTrue();
        try (ServerSocket rebind = new ServerSocket(port)) {
            assertThat(rebind.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void withoutArgumentsTheServerListensOnTheRedisPort() throws Exception {
        assumeThat(isFree(6379)).as("port 6379 is free").isTrue();
        server = launch("--management.server.port=0");
        waitForPort(6379);
        expect(client(6379).command("PING"), "+PONG\r\n");
    }

    private Process launch(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", PROJECT.resolve("your_program.sh").toString()));
        command.addAll(List.of(args));
        Path log = workingDirectory.resolve("server.log");
        return new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
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

    private void waitForPort(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            assertThat(server.isAlive()).as("server running; log: %s", serverLog()).isTrue();
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        throw new AssertionError("server did not listen on " + port + "; log: " + serverLog());
    }

    private String serverLog() throws IOException {
        Path log = workingDirectory.resolve("server.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
