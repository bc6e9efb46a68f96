package dev.cinnabar.command.geo;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class GeoHashTest {

    @Test
    void encodesTheScoresRedisComputes() {
        assertThat(GeoHash.score(13.361389, 38.115556)).isEqualTo(3479099956230698L);
        assertThat(GeoHash.score(15.087269, 37.502669)).isEqualTo(3479447370796909L);
        assertThat(GeoHash.score(-180, -85.05112878)).isZero();
    }

    @Test
    void decodesToTheCentreOfTheCell() {
        double[] palermo = GeoHash.decode(3479099956230698L);
        assertThat(palermo[0]).isEqualTo(13.361389338970184);
        assertThat(palermo[1]).isEqualTo(38.1155563954963);
        for (double lon = -179.5; lon < 180; lon += 13.7) {
            for (double lat = -85; lat < 85; lat += 9.1) {
                double[] decoded = GeoHash.decode(GeoHash.score(lon, lat));
                assertThat(decoded[0]).isCloseTo(lon, within(1e-5));
                assertThat(decoded[1]).isCloseTo(lat, within(1e-5));
                assertThat(GeoHash.score(decoded[0], decoded[1])).isEqualTo(GeoHash.score(lon, lat));
            }
        }
    }

    @Test
    void standardHashAndDistanceMatchRedis() {
        assertThat(GeoHash.standardHash(3479099956230698L)).isEqualTo("sqc8b49rny0");
        assertThat(GeoHash.standardHash(3479447370796909L)).isEqualTo("sqdtr74hyu0");
        double[] a = GeoHash.decode(3479099956230698L);
        double[] b = GeoHash.decode(3479447370796909L);
        assertThat(GeoHash.distance(a[0], a[1], b[0], b[1])).isCloseTo(166274.1516, within(1e-4));
        assertThat(GeoHash.distance(a[0], a[1], a[0], a[1])).isZero();
    }

    @Test
    void outOfRangeScoresConvertAsC() {
        assertThat(GeoHash.toUnsigned64(1e20)).isZero();
        assertThat(GeoHash.toUnsigned64(-5)).isEqualTo(-5L);
        assertThat(GeoHash.toUnsigned64(0x1p63)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void stepsFollowTheRadius() {
        assertThat(GeoHash.estimateSteps(0, 0)).isEqualTo(26);
        assertThat(GeoHash.estimateSteps(1000, 0)).isEqualTo(14);
        assertThat(GeoHash.estimateSteps(1000, 70)).isEqualTo(13);
        assertThat(GeoHash.estimateSteps(1000, 85)).isEqualTo(12);
        assertThat(GeoHash.estimateSteps(5e7, 0)).isEqualTo(1);
    }
}
