package dev.cinnabar.admin;

import dev.cinnabar.CinnabarApplication;
import dev.cinnabar.net.RespServer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health is DOWN as soon as the RESP listener is no longer bound. It runs its own
 * application, since stopping the listener of the shared test server would break the others.
 */
class HealthFollowsListenerTest {

    @Test
    void healthTurnsDownWhenTheRespListenerStops() throws Exception {
        SpringApplication application = new SpringApplication(CinnabarApplication.class);
        try (ConfigurableApplicationContext context = application.run("--cinnabar.port=0", "--server.port=0",
                "--cinnabar.save=")) {
            int httpPort = ((WebServerApplicationContext) context).getWebServer().getPort();
            RespServer server = context.getBean(RespServer.class);

            HttpResponse<String> up = health(httpPort);
            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(up.body()).contains("\"resp\":{\"details\":{\"port\":" + server.port()
                    + ",\"connectedClients\":0},\"status\":\"UP\"}");

            server.stop();

            HttpResponse<String> down = health(httpPort);
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("\"resp\":{\"details\":{\"port\":" + server.port()
                    + ",\"connectedClients\":0},\"status\":\"DOWN\"}").endsWith("\"status\":\"DOWN\"}");
        }
    }

    private static HttpResponse<String> health(int port) throws Exception {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
