package dev.cinnabar.command.strings;

import dev.cinnabar.protocol.ErrorReplyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IntegerStringsTest {

    @ParameterizedTest
    @ValueSource(longs = {0, 1, -1, 9, 10, -10, 123456789, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1})
    void formatsAndParsesEveryMagnitude(long value) {
        byte[] bytes = IntegerStrings.toBytes(value);
        assertThat(new String(bytes, StandardCharsets.US_ASCII)).isEqualTo(Long.toString(value));
        assertThat(IntegerStrings.parse(bytes)).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "+1", " 1", "1 ", "01", "-0", "00", "1.0", "1e3", "9223372036854775808",
            "-9223372036854775809", "123456789012345678901", "1a", "0x10"})
    void refusesWhatRedisDoesNotCallAnInteger(String text) {
        assertThatThrownBy(() -> IntegerStrings.parse(text.getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(ErrorReplyException.class)
                .hasMessage("ERR value is not an integer or out of range");
    }

    @Test
    void parsesTheExtremes() {
        assertThat(IntegerStrings.parse("-9223372036854775808".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(Long.MIN_VALUE);
        assertThat(IntegerStrings.parse("9223372036854775807".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(Long.MAX_VALUE);
    }
}
