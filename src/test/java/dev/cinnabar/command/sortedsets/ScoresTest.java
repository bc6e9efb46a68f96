package dev.cinnabar.command.sortedsets;

import dev.cinnabar.protocol.ErrorReplyException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScoresTest {

    private static double parse(String text) {
        return Scores.parseOrError(text.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void formatsAsPercentSeventeenG() {
        assertThat(Scores.format(1)).isEqualTo("1");
        assertThat(Scores.format(1.5)).isEqualTo("1.5");
        assertThat(Scores.format(0.1)).isEqualTo("0.10000000000000001");
        assertThat(Scores.format(0.3)).isEqualTo("0.29999999999999999");
        assertThat(Scores.format(3.0000000000000004)).isEqualTo("3.0000000000000004");
        assertThat(Scores.format(1e300)).isEqualTo("1.0000000000000001e+300");
        assertThat(Scores.format(1e20)).isEqualTo("1e+20");
        assertThat(Scores.format(1e17)).isEqualTo("1e+17");
        assertThat(Scores.format(1e16)).isEqualTo("10000000000000000");
        assertThat(Scores.format(1e-5)).isEqualTo("1.0000000000000001e-05");
        assertThat(Scores.format(0.0001)).isEqualTo("0.0001");
        assertThat(Scores.format(123456789012345678.0)).isEqualTo("1.2345678901234568e+17");
        assertThat(Scores.format(4e-320)).isEqualTo("3.999955468730732e-320");
        assertThat(Scores.format(-2.5)).isEqualTo("-2.5");
        assertThat(Scores.format(-0.0)).isEqualTo("-0");
        assertThat(Scores.format(Double.POSITIVE_INFINITY)).isEqualTo("inf");
        assertThat(Scores.format(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
    }

    @Test
    void formatsCoordinatesAndDistances() {
        assertThat(Scores.formatHuman(13.361389338970184)).isEqualTo("13.36138933897018433");
        assertThat(Scores.formatHuman(38.1155563954963)).isEqualTo("38.11555639549629859");
        assertThat(Scores.formatHuman(180)).isEqualTo("180");
        assertThat(Scores.formatHuman(-0.0)).isEqualTo("0");
        assertThat(Scores.formatFourDecimals(166274.15156960033)).isEqualTo("166274.1516");
        assertThat(Scores.formatFourDecimals(0)).isEqualTo("0.0000");
        assertThat(Scores.formatFourDecimals(0.00005)).isEqualTo("0.0000");
        assertThat(Scores.formatFourDecimals(12.5)).isEqualTo("12.5000");
        assertThat(Scores.formatPacked(1e17)).isEqualTo("100000000000000000");
    }

    @Test
    void parsesAsStrtod() {
        assertThat(parse("0x10")).isEqualTo(16);
        assertThat(parse("0x1.8p1")).isEqualTo(3);
        assertThat(parse("-inf")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(parse("Infinity")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(parse("1e-5")).isEqualTo(1e-5);
        assertThat(parse(".5")).isEqualTo(0.5);
        assertThat(parse("4e-320")).isEqualTo(4e-320);
        for (String invalid : new String[] {"", " 1", "1 ", "nan", "1e400", "1e-400", "abc", "1d", "0x", "1e"}) {
            assertThatThrownBy(() -> parse(invalid)).as(invalid).isInstanceOf(ErrorReplyException.class)
                    .hasMessage("ERR value is not a valid float");
        }
    }

    @Test
    void rangeBoundsFollowZslParseRange() {
        ScoreRange range = ScoreRange.parse("(".getBytes(), "( 5".getBytes());
        assertThat(range.min()).isZero();
        assertThat(range.minExclusive()).isTrue();
        assertThat(range.max()).isEqualTo(5);
        assertThat(ScoreRange.parse("1e400".getBytes(), "".getBytes()).min()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThatThrownBy(() -> ScoreRange.parse("[1".getBytes(), "2".getBytes()))
                .hasMessage("ERR min or max is not a float");
    }
}
