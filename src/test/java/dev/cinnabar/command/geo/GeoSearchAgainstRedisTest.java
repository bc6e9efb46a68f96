package dev.cinnabar.command.geo;

import dev.cinnabar.support.RawClient;
import dev.cinnabar.support.ServerTest;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 400 random GEOSEARCH requests (radius and box, every unit, centre by place or member, ASC,
 * DESC, COUNT with and without ANY, WITHDIST, WITHCOORD, WITHHASH) over 3,005 points, five of
 * them at one place so that distances tie, answered byte for byte as a real redis-server
 * 7.0.15 answered them (recorded in geosearch-redis-7.0.15.tsv).
 */
class GeoSearchAgainstRedisTest extends ServerTest {

    @Test
    void everyRecordedSearchGetsRedisReply() throws Exception {
        List<String[]> points = new ArrayList<>();
        List<String[]> queries = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                getClass().getResourceAsStream("geosearch-redis-7.0.15.tsv")), StandardCharsets.US_ASCII))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] fields = line.split("\t", -1);
                if (fields[0].equals("point")) {
                    points.add(fields);
                } else if (fields[0].equals("query")) {
                    queries.add(fields);
                }
            }
        }
        assertThat(points).hasSize(3005);
        assertThat(queries).hasSize(400);
        try (RawClient client = raw()) {
            for (String[] point : points) {
                assertThat(client.command("GEOADD", "geopoints", point[1], point[2], point[3]).readReply())
                        .isEqualTo(":1\r\n");
            }
            for (String[] query : queries) {
                List<String> command = new ArrayList<>(List.of("GEOSEARCH"));
                command.addAll(List.of(query[1].split(" ")));
                String expected = query[2].replace("\\r\\n", "\r\n");
                assertThat(client.command(command.toArray(String[]::new)).readReply())
                        .as(String.join(" ", command)).isEqualTo(expected);
            }
        }
    }
}
