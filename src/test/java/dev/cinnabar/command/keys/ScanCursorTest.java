package dev.cinnabar.command.keys;

import dev.cinnabar.protocol.ErrorReplyException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScanCursorTest {

    private static long parse(String text) {
        return ScanCursor.parse(text.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void parsesUnsignedDecimals() {
        assertThat(parse("0")).isZero();
        assertThat(parse("12345")).isEqualTo(12345);
        assertThat(ScanCursor.format(parse("18446744073709551615"))).isEqualTo("18446744073709551615");
        assertThat(ScanCursor.format(parse("9223372036854775808"))).isEqualTo("9223372036854775808");
    }

    @Test
    void acceptsWhatStrtoulAccepts() {
        assertThat(parse("")).isZero();
        assertThat(parse("+5")).isEqualTo(5);
        assertThat(parse("007")).isEqualTo(7);
        assertThat(ScanCursor.format(parse("-1"))).isEqualTo("18446744073709551615");
        assertThat(parse("-18446744073709551615")).isEqualTo(1);
    }

    @Test
    void rejectsEverythingElse() {
        for (String invalid : new String[] {" 1", "1 ", "+", "-", "0x10", "1.5", "abc", "18446744073709551616",
                "99999999999999999999999"}) {
            assertThatThrownBy(() -> parse(invalid)).as(invalid)
                    .isInstanceOf(ErrorReplyException.class)
                    .hasMessage("ERR invalid cursor");
        }
    }
}
