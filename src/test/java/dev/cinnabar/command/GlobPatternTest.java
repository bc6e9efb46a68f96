package dev.cinnabar.command;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class GlobPatternTest {

    /** Patterns and texts are bytes: each char below stands for one byte (ISO-8859-1). */
    private static boolean matches(String pattern, String text, boolean ignoreCase) {
        return new GlobPattern(pattern.getBytes(StandardCharsets.ISO_8859_1), ignoreCase)
                .matches(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Each row was checked against redis-server 7.0 with {@code SET text} then {@code KEYS pattern}. */
    static Stream<Arguments> redisVerified() {
        return Stream.of(
                Arguments.of("*", "", true),
                Arguments.of("**", "", false),
                Arguments.of("?", "", false),
                Arguments.of("", "", true),
                Arguments.of("", "a", false),
                Arguments.of("a*", "a", true),
                Arguments.of("*a", "a", true),
                Arguments.of("a*b", "ab", true),
                Arguments.of("a*b", "axxb", true),
                Arguments.of("a*b", "axxbx", false),
                Arguments.of("a?c", "abc", true),
                Arguments.of("a?c", "ac", false),
                Arguments.of("?", "\u00e9", true),
                Arguments.of("??", "\u00e9", false),
                Arguments.of("[abc]", "b", true),
                Arguments.of("[abc]", "d", false),
                Arguments.of("[^abc]", "d", true),
                Arguments.of("[^abc]", "a", false),
                Arguments.of("[a-c]x", "bx", true),
                Arguments.of("[c-a]x", "bx", true),
                Arguments.of("[c-a]x", "dx", false),
                Arguments.of("[]", "a", false),
                Arguments.of("[]a", "a", false),
                Arguments.of("[^]", "a", true),
                Arguments.of("[^]", "", false),
                Arguments.of("[", "a", false),
                Arguments.of("[", "", false),
                Arguments.of("[abc", "a", true),
                Arguments.of("[abc", "ab", false),
                Arguments.of("[abc", "d", false),
                Arguments.of("x[abc", "xc", true),
                Arguments.of("[a-]", "b", false),
                Arguments.of("[a-]", "]", true),
                Arguments.of("[a-]", "-", false),
                Arguments.of("[-a]", "-", true),
                Arguments.of("[a-", "a", true),
                Arguments.of("[a-", "-", true),
                Arguments.of("[\\]]", "]", true),
                Arguments.of("[\\", "\\", true),
                Arguments.of("[\\", "a", false),
                Arguments.of("[a\\-c]", "-", true),
                Arguments.of("[a\\-c]", "b", false),
                Arguments.of("\\*", "*", true),
                Arguments.of("\\*", "a", false),
                Arguments.of("\\?", "?", true),
                Arguments.of("\\", "\\", true),
                Arguments.of("a\\", "a\\", true),
                Arguments.of("\\[a]", "[a]", true),
                Arguments.of("\\a", "a", true),
                Arguments.of("*\\*", "abc*", true),
                Arguments.of("*[0-9]", "abc5", true),
                Arguments.of("h[^e]llo", "hallo", true),
                Arguments.of("h[^e]llo", "hello", false),
                Arguments.of("h*llo", "heeeello", true),
                Arguments.of("[a-\u00ff]", "\u0080", false),
                Arguments.of("[a-\u00ff]", "b", false),
                Arguments.of("[a-\u00ff]", "\u0001", true),
                Arguments.of("[\u0080-\u00ff]", "\u0090", true),
                Arguments.of("[\u0001-\u0080]", "\u0090", true),
                Arguments.of("[\u0001-\u0080]", "a", false),
                Arguments.of("\u00e9", "\u00e9", true),
                Arguments.of("?", "\u00ff", true),
                Arguments.of("*a*a*a*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false),
                Arguments.of("a*a*a*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", true),
                Arguments.of("*?", "", false),
                Arguments.of("*?", "x", true),
                Arguments.of("?*", "x", true),
                Arguments.of("***a", "a", true),
                Arguments.of("a**", "a", true),
                Arguments.of("*[", "a", false),
                Arguments.of("*[^", "a", true),
                Arguments.of("[[]", "[", true),
                Arguments.of("[]]", "]", false),
                Arguments.of("[^^]", "^", false),
                Arguments.of("[^^]", "a", true),
                Arguments.of("[a-c-e]", "d", false),
                Arguments.of("[a-c-e]", "-", true),
                Arguments.of("[Z-a]", "_", true),
                Arguments.of("[Z-a]", "A", false));
    }

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @MethodSource("redisVerified")
    void matchesLikeRedis(String pattern, String text, boolean expected) {
        assertThat(matches(pattern, text, false)).isEqualTo(expected);
    }

    /** CONFIG GET matches without case; rows follow Redis's stringmatchlen with nocase set. */
    static Stream<Arguments> ignoringCase() {
        return Stream.of(
                Arguments.of("MAXMEMORY*", "maxmemory-policy", true),
                Arguments.of("maxmemory", "MaxMemory", true),
                Arguments.of("max?emory", "MAXMEMORY", true),
                Arguments.of("[A-C]x", "bX", true),
                Arguments.of("[a-c]x", "BX", true),
                Arguments.of("[^A-C]", "b", false),
                Arguments.of("[XYZ]", "y", true),
                Arguments.of("\\A", "a", true),
                Arguments.of("[\\A]", "a", false),
                Arguments.of("[\\A]", "A", true),
                Arguments.of("[Z-a]", "A", false),
                Arguments.of("[Z-a]", "_", false),
                Arguments.of("[a-Z]", "_", false),
                Arguments.of("\u00c9", "\u00e9", false));
    }

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @MethodSource("ignoringCase")
    void matchesIgnoringCaseLikeRedis(String pattern, String text, boolean expected) {
        assertThat(matches(pattern, text, true)).isEqualTo(expected);
    }

    @Test
    void caseMattersUnlessIgnored() {
        assertThat(GlobPattern.of("Foo*").matches("foobar")).isFalse();
        assertThat(GlobPattern.ignoringCase("Foo*").matches("foobar")).isTrue();
        assertThat(GlobPattern.of("[A-Z]").matches("q")).isFalse();
    }

    @Test
    void onlyTheSingleStarIsFlaggedAsMatchingEverything() {
        assertThat(GlobPattern.of("*").matchesEverything()).isTrue();
        assertThat(GlobPattern.of("**").matchesEverything()).isFalse();
        assertThat(GlobPattern.of("\\*").matchesEverything()).isFalse();
    }

    @Test
    void utf8TextIsMatchedByteByByte() {
        assertThat(GlobPattern.of("caf?").matches("caf\u00e9")).isFalse();
        assertThat(GlobPattern.of("caf??").matches("caf\u00e9")).isTrue();
        assertThat(GlobPattern.of("caf\u00e9").matches("caf\u00e9")).isTrue();
    }

    @Test
    void pathologicalPatternsFinish() {
        String as = "a".repeat(20_000);
        assertThat(matches("a*a*a*a*a*a*a*a*b", as, false)).isFalse();
        assertThat(matches("*a*a*a*a*a*a*a*a*a*a*a*a*b", as, false)).isFalse();
        assertThat(matches("*a*a*a*a*a*a*a*a*a*a*a*a*a", as, false)).isTrue();
        assertThat(matches("*?*?*?*?*?*?*?*?*?*?*?*?*b", as, false)).isFalse();
        assertThat(matches("*[a]*[a]*[a]*[a]*[a]*[a]*[a]*[a]*c", as, true)).isFalse();
        assertThat(matches("a*".repeat(200) + "b", as, false)).isFalse();
        assertThat(matches("*" + "a".repeat(5000) + "b", as, false)).isFalse();
        assertThat(matches("*" + "a".repeat(5000), as, false)).isTrue();
    }
}
