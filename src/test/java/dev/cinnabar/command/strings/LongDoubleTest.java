package dev.cinnabar.command.strings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * INCRBYFLOAT arithmetic against replies recorded from a real redis-server 7.0.15 on
 * x86-64: random and boundary values (hexadecimal, subnormal, near overflow, 17-digit ties).
 */
class LongDoubleTest {

    static Stream<Arguments> recordedReplies() throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                LongDoubleTest.class.getResourceAsStream("incrbyfloat-redis-7.0.15.tsv")), StandardCharsets.ISO_8859_1))) {
            List<Arguments> cases = reader.lines().filter(line -> !line.startsWith("#"))
                    .map(line -> line.split("\t", -1))
                    .map(fields -> Arguments.of(fields[0], fields[1], fields[2]))
                    .toList();
            return cases.stream();
        }
    }

    @ParameterizedTest(name = "{0} + {1} = {2}")
    @MethodSource("recordedReplies")
    void addsAndPrintsLikeRedis(String value, String increment, String expected) {
        assertThat(incrbyfloat(value, increment)).isEqualTo(expected);
    }

    @Test
    void printsTheExactExpansionOfLargeValues() {
        String reply = incrbyfloat("0", "1e4932");
        assertThat(reply).hasSize(4933).startsWith("1000000000000000000006018949387963891323837774254533114773");
        assertThat(incrbyfloat("0", "0x1.fffffffffffffffep16383")).hasSize(4933).startsWith("118973149535723176502");
        assertThat(incrbyfloat("0", "0x1.ffffffffffffffffp16383")).isEqualTo("-ERR value is not a valid float");
    }

    @Test
    void acceptsNumbersUpToRedisBufferLength() {
        assertThat(incrbyfloat("0", "1." + "0".repeat(5117))).isEqualTo("1");
        assertThat(incrbyfloat("0", "1." + "0".repeat(5118))).isEqualTo("-ERR value is not a valid float");
    }

    /** What Redis answers to SET k value followed by INCRBYFLOAT k increment. */
    private static String incrbyfloat(String value, String increment) {
        LongDouble current = LongDouble.parse(value.getBytes(StandardCharsets.ISO_8859_1));
        LongDouble delta = current == null ? null : LongDouble.parse(increment.getBytes(StandardCharsets.ISO_8859_1));
        if (delta == null) {
            return "-ERR value is not a valid float";
        }
        LongDouble sum = current.plus(delta);
        if (!sum.isFinite()) {
            return "-ERR increment would produce NaN or Infinity";
        }
        return new String(sum.toHumanBytes(), StandardCharsets.US_ASCII);
    }
}
