package dev.cinnabar.command.strings;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class LongestCommonSubsequenceTest {

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void findsRedisDocumentationExample() {
        LongestCommonSubsequence lcs = LongestCommonSubsequence.of(ascii("ohmytext"), ascii("mynewtext"));
        assertThat(new String(lcs.subsequence(), StandardCharsets.US_ASCII)).isEqualTo("mytext");
        assertThat(lcs.length()).isEqualTo(6);
        assertThat(lcs.matches(0)).containsExactly(4, 7, 5, 8, 2, 3, 0, 1);
        assertThat(lcs.matches(3)).containsExactly(4, 7, 5, 8);
    }

    @Test
    void prefersDroppingFromTheSecondStringOnTies() {
        // "ab" and "ba" have two common subsequences of length 1; redis-server answers "b", then "a"
        assertThat(LongestCommonSubsequence.of(ascii("ab"), ascii("ba")).subsequence()).isEqualTo(ascii("b"));
        assertThat(LongestCommonSubsequence.of(ascii("ba"), ascii("ab")).subsequence()).isEqualTo(ascii("a"));
    }

    @Test
    void emptyStringsHaveAnEmptySubsequence() {
        LongestCommonSubsequence lcs = LongestCommonSubsequence.of(new byte[0], ascii("abc"));
        assertThat(lcs.subsequence()).isEmpty();
        assertThat(lcs.matches(0)).isEmpty();
        assertThat(LongestCommonSubsequence.lengthOf(ascii("abc"), new byte[0])).isZero();
    }

    @Test
    void lengthAloneAgreesWithTheFullTable() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            byte[] a = randomBytes(random, random.nextInt(70));
            byte[] b = randomBytes(random, random.nextInt(70));
            LongestCommonSubsequence lcs = LongestCommonSubsequence.of(a, b);
            assertThat(LongestCommonSubsequence.lengthOf(a, b)).isEqualTo(lcs.length());
            assertThat(lcs.subsequence()).hasSize(lcs.length());
            assertThat(isSubsequence(lcs.subsequence(), a) && isSubsequence(lcs.subsequence(), b)).isTrue();
        }
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) ('a' + random.nextInt(4));
        }
        return bytes;
    }

    private static boolean isSubsequence(byte[] needle, byte[] haystack) {
        int found = 0;
        for (int i = 0; i < haystack.length && found < needle.length; i++) {
            if (haystack[i] == needle[found]) {
                found++;
            }
        }
        return found == needle.length;
    }
}
