package dev.cinnabar.command.server;

import dev.cinnabar.CinnabarApplication;
import dev.cinnabar.support.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SHUTDOWN ends the JVM, so it cannot run against the shared test server: this test starts
 * the application in a separate JVM, with this test's classpath, and shuts that one down.
 */
class ShutdownTest {

    private Process server;

    @AfterEach
    void stopServer() {
        if (server != null && server.isAlive()) {
            server.destroyForcibly();
        }
    }

    @Test
    void shutdownClosesTheConnectionAndExitsWithStatusZero() throws Exception {
        int port = freePort();
        Path log = Files.createTempFile("cinnabar-shutdown", ".log");
        Path dir = Files.createTempDirectory("cinnabar-shutdown");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        server = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                CinnabarApplication.class.getName(), "--port", Integer.toString(port), "--server.port=0", "--dir",
                dir.toString(), "--save", ""))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try (RawClient client = connect(port)) {
            assertThat(client.command("SET", "k", "v").readReply()).isEqualTo("+OK\r\n");
            client.command("SHUTDOWN", "SAVE");
            assertThat(client.isClosedByServer()).isTrue();
        }
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("server exited").isTrue();
        assertThat(server.exitValue()).isZero();
        assertThat(Files.readString(log)).contains("User requested shutdown")
                .contains("Saving the final RDB snapshot before exiting.").contains("DB saved on disk");
        assertThat(dir.resolve("dump.rdb")).exists();
    }

    private RawClient connect(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                return new RawClient("127.0.0.1", port);
            } catch (IOException e) {
                if (System.nanoTime() > deadline || !server.isAlive()) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
