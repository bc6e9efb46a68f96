package dev.cinnabar.admin;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import dev.cinnabar.support.ServerTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class AdminEndpointsTest extends ServerTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return JsonMapper.builder().build().readTree(response.body());
    }

    @Test
    void healthIsUpWithTheRespListener() throws Exception {
        newConnection().sync().ping();
        JsonNode health = json("/actuator/health");
        assertThat(health.path("status").asString()).isEqualTo("UP");
        JsonNode resp = health.path("components").path("resp");
        assertThat(resp.path("status").asString()).isEqualTo("UP");
        assertThat(resp.path("details").path("port").asInt()).isEqualTo(server.port());
        assertThat(resp.path("details").path("connectedClients").asInt()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void keyspaceEndpointCountsKeysExpiriesAndLookups() throws Exception {
        onKeyspace(() -> {
            store.stats().reset();
            return null;
        });
        redis.set("a", "1");
        redis.set("b", "2");
        redis.get("a");
        redis.get("missing");
        onKeyspace(() -> {
            store.database(0).put(bytes("c"), bytes("3"), store.clock().now() + 1_000_000);
            store.database(3).put(bytes("d"), bytes("4"));
            return null;
        });
        JsonNode keyspace = json("/actuator/keyspace");
        JsonNode db0 = keyspace.path("databases").path("db0");
        assertThat(db0.path("keys").asLong()).isEqualTo(3);
        assertThat(db0.path("expires").asLong()).isEqualTo(1);
        assertThat(db0.path("averageTtlMillis").asLong()).isBetween(1L, 1_000_000L);
        assertThat(keyspace.path("databases").path("db3").path("keys").asLong()).isEqualTo(1);
        assertThat(keyspace.path("databases").has("db1")).isFalse();
        assertThat(keyspace.path("keys").asLong()).isEqualTo(4);
        assertThat(keyspace.path("hits").asLong()).isEqualTo(1);
        assertThat(keyspace.path("misses").asLong()).isEqualTo(1);
        assertThat(keyspace.path("expiredKeys").asLong()).isZero();
        assertThat(keyspace.path("evictedKeys").asLong()).isZero();
    }

    @Test
    void metricsExposeCommandCallsClientsAndKeys() throws Exception {
        redis.configResetstat();
        redis.set("x", "1");
        redis.set("y", "2");
        redis.get("x");
        JsonNode setCalls = json("/actuator/metrics/cinnabar.commands?tag=command:set");
        
        assertThat(measurement(setCalls, "COUNT")).isEqualTo(2.0);
        assertThat(measurement(setCalls, "TOTAL_TIME")).isPositive();
        assertThat(measurement(json("/actuator/metrics/cinnabar.keyspace.keys"), "VALUE")).isEqualTo(2.0);
        assertThat(measurement(json("/actuator/metrics/cinnabar.clients.connected"), "VALUE"))
                .isGreaterThanOrEqualTo(1.0);

        HttpResponse<String> prometheus = get("/actuator/prometheus");
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body())
                .contains("cinnabar_commands_seconds_count{command=\"set\"} 2")
                .contains("cinnabar_commands_seconds_count{command=\"get\"} 1")
                .contains("cinnabar_commands_seconds_sum{command=\"set\"}")
                .contains("cinnabar_keyspace_keys 2")
                .contains("cinnabar_clients_connected");
    }

    @Test
    void metricsCountPublishedAndDeliveredMessages() throws Exception {
        double publishedBefore = measurement(json("/actuator/metrics/cinnabar.pubsub.messages.published"), "COUNT");
        double deliveredBefore = measurement(json("/actuator/metrics/cinnabar.pubsub.messages.delivered"), "COUNT");
        dev.cinnabar.support.RawClient first = raw();
        dev.cinnabar.support.RawClient second = raw();
        first.command("SUBSCRIBE", "news").readReply();
        second.command("PSUBSCRIBE", "n*").readReply();
        assertThat(redis.publish("news", "hello")).isEqualTo(2);
        assertThat(redis.publish("quiet", "hello")).isZero();
        assertThat(measurement(json("/actuator/metrics/cinnabar.pubsub.messages.published"), "COUNT"))
                .isEqualTo(publishedBefore + 2);
        assertThat(measurement(json("/actuator/metrics/cinnabar.pubsub.messages.delivered"), "COUNT"))
                .isEqualTo(deliveredBefore + 2);
    }

    @Test
    void infoShowsVersionRoleAndPorts() throws Exception {
        JsonNode cinnabar = json("/actuator/info").path("cinnabar");
        assertThat(cinnabar.path("version").asString()).isNotBlank().isNotEqualTo("unknown");
        assertThat(cinnabar.path("role").asString()).isEqualTo("master");
        assertThat(cinnabar.path("port").asInt()).isEqualTo(server.port());
        assertThat(cinnabar.path("adminPort").asInt()).isEqualTo(httpPort);
        assertThat(cinnabar.path("adminUrl").asString()).isEqualTo("http://localhost:" + httpPort + "/actuator");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static double measurement(JsonNode metric, String statistic) {
        for (JsonNode measurement : metric.path("measurements")) {
            if (measurement.path("statistic").asString().equals(statistic)) {
                return measurement.path("value").asDouble();
            }
        }
        throw new AssertionError("no " + statistic + " in " + metric);
    }
}
