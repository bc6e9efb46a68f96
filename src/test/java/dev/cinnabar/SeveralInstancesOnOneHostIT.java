package dev.cinnabar;

import dev.cinnabar.support.LaunchedServer;
import dev.cinnabar.support.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.cinnabar.support.LaunchedServer.freePort;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several servers on one host, launched from the same jar with only {@code --port} differing,
 * as Redis users run them. The admin HTTP port is left at its default, so at most one of them
 * gets 8080 (none if something else holds it) and the others move to free ports; a RESP port
 * that is taken, or an admin port the user chose that is taken, stops the server.
 */
class SeveralInstancesOnOneHostIT {

    private static final int DEFAULT_ADMIN_PORT = 8080;
    private static final Pattern ADMIN_HTTP_PORT = Pattern.compile("\r\nadmin_http_port:(\\d+)\r\n");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path directory;

    private final List<LaunchedServer> servers = new ArrayList<>();

    @BeforeAll
    static void prepare() throws Exception {
        LaunchedServer.prepare();
    }

    @AfterEach
    void stopServers() throws Exception {
        for (LaunchedServer server : servers) {
            server.close();
        }
    }

    @Test
    void twoThenThreeInstancesEachServeRespAndTheirOwnAdminSurface() throws Exception {
        int[] ports = distinctFreePorts(3);
        // The first two start together, so that they race for the default admin port.
        launch(ports[0]);
        launch(ports[1]);
        Set<Integer> adminPorts = new HashSet<>();
        for (int i = 0; i < 2; i++) {
            adminPorts.add(checkInstance(servers.get(i), ports[i]));
        }
        assertThat(adminPorts).hasSize(2);

        launch(ports[2]);
        adminPorts.add(checkInstance(servers.get(2), ports[2]));
        assertThat(adminPorts).hasSize(3);
        for (int i = 0; i < 2; i++) {
            assertThat(ping(ports[i])).as("instance %d still serves RESP", i).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void aTakenRespPortStopsStartUpWithRedisMessage() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            LaunchedServer server = launch(port);

            assertThat(server.waitForExit()).isNotZero();
            String warning = "Warning: Could not create server TCP listening socket 127.0.0.1:" + port
                    + ": bind: Address already in use";
            String failure = "Failed listening on port " + port + " (TCP), aborting.";
            assertThat(server.output()).contains(warning).contains(failure).doesNotContain("\tat ");
            assertThat(server.errors()).contains(warning + System.lineSeparator() + failure + System.lineSeparator());
        }
    }

    @Test
    void aTakenAdminPortTheUserChoseStopsStartUp() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            int adminPort = taken.getLocalPort();
            LaunchedServer server = launch(freePort(), "--management.server.port=" + adminPort);

            assertThat(server.waitForExit()).isNotZero();
            String message = "Could not open the admin HTTP port " + adminPort
                    + " (management.server.port): Address already in use, aborting.";
            assertThat(server.output()).contains(message).doesNotContain("\tat ");
            assertThat(server.errors()).contains(message);
        }
    }

    /**
     * Checks that the instance answers PING and serves its own health endpoint at the admin
     * port INFO reports, and that it warned once if that is not the default port.
     *
     * @return the admin port
     */
    private int checkInstance(LaunchedServer server, int port) throws Exception {
        server.waitForPort(port);
        assertThat(ping(port)).isEqualTo("+PONG\r\n");
        int adminPort = adminPortFromInfo(port);

        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + adminPort + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"resp\":{\"details\":{\"port\":" + port + ",");

        String fallbackWarning = "Admin HTTP port " + DEFAULT_ADMIN_PORT + " is already in use; the admin surface is at "
                + "http://localhost:" + adminPort + "/actuator instead.";
        String log = server.output();
        if (adminPort == DEFAULT_ADMIN_PORT) {
            assertThat(log).doesNotContain("is already in use");
        } else {
            assertThat(log.split(Pattern.quote(fallbackWarning), -1)).as("one warning in %s", log).hasSize(2);
        }
        return adminPort;
    }

    /** The admin port INFO shows; the admin server starts just after the RESP listener, so it may not be known yet. */
    private static int adminPortFromInfo(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (RawClient client = new RawClient("127.0.0.1", port)) {
            while (true) {
                Matcher field = ADMIN_HTTP_PORT.matcher(client.command("INFO", "server").readReply());
                assertThat(field.find()).as("admin_http_port in INFO server").isTrue();
                int adminPort = Integer.parseInt(field.group(1));
                if (adminPort != 0 || System.nanoTime() > deadline) {
                    assertThat(adminPort).as("admin_http_port").isPositive();
                    return adminPort;
                }
                Thread.sleep(20);
            }
        }
    }

    private static String ping(int port) throws Exception {
        try (RawClient client = new RawClient("127.0.0.1", port)) {
            return client.command("PING").readReply();
        }
    }

    private LaunchedServer launch(int port, String... moreArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("--port", Integer.toString(port)));
        args.addAll(List.of(moreArgs));
        LaunchedServer server = LaunchedServer.launch(directory.resolve("server-" + servers.size()),
                args.toArray(String[]::new));
        servers.add(server);
        return server;
    }

    private static int[] distinctFreePorts(int count) throws Exception {
        Set<Integer> ports = new HashSet<>();
        while (ports.size() < count) {
            ports.add(freePort());
        }
        return ports.stream().mapToInt(Integer::intValue).toArray();
    }
}
