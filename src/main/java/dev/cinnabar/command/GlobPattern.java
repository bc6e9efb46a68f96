package dev.cinnabar.command;

import java.nio.charset.StandardCharsets;

/**
 * Redis's glob-style matching (KEYS, SCAN MATCH, CONFIG GET, PUBSUB): {@code *} any run,
 * {@code ?} any byte, {@code [abc]}, {@code [^a-z]} classes, {@code \} escapes. Matching
 * backtracks only to the most recent {@code *}, so hostile patterns cannot take
 * exponential time.
 */
public final class GlobPattern {

    private final byte[] pattern;
    private final boolean ignoreCase;
    private final boolean matchesEverything;

    public GlobPattern(byte[] pattern, boolean ignoreCase) {
        this.pattern = pattern;
        this.ignoreCase = ignoreCase;
        this.matchesEverything = pattern.length == 1 && pattern[0] == '*';
    }

    public static GlobPattern of(String pattern) {
        return new GlobPattern(pattern.getBytes(StandardCharsets.UTF_8), false);
    }

    public static GlobPattern ignoringCase(String pattern) {
        return new GlobPattern(pattern.getBytes(StandardCharsets.UTF_8), true);
    }

    public boolean matchesEverything() {
        return matchesEverything;
    }

    public boolean matches(String text) {
        return matches(text.getBytes(StandardCharsets.UTF_8));
    }

    public boolean matches(byte[] text) {
        if (matchesEverything) {
            return true;
        }
        if (text.length == 0) {
            // Redis's matcher never lets a pattern other than "" match an empty string ("**"
            // does not); only callers such as KEYS and SCAN special-case "*", as we do above.
            return pattern.length == 0;
        }
        int p = 0;
        int t = 0;
        int starPattern = -1;
        int starText = -1;
        while (t < text.length) {
            if (p < pattern.length && pattern[p] == '*') {
                while (p < pattern.length && pattern[p] == '*') {
                    p++;
                }
                if (p == pattern.length) {
                    return true;
                }
                starPattern = p;
                starText = t;
                continue;
            }
            int next = p < pattern.length ? matchOne(p, text[t]) : -1;
            if (next >= 0) {
                p = next;
                t++;
            } else if (starPattern >= 0) {
                p = starPattern;
                t = ++starText;
            } else {
                return false;
            }
        }
        while (p < pattern.length && pattern[p] == '*') {
            p++;
        }
        return p == pattern.length;
    }

    /**
     * Matches the single-byte token at {@code p} against {@code c}.
     *
     * @return the position after the token, or -1 if it does not match
     */
    private int matchOne(int p, byte c) {
        byte token = pattern[p];
        switch (token) {
            case '?':
                return p + 1;
            case '[':
                return matchClass(p + 1, c);
            case '\\':
                if (p + 1 < pattern.length) {
                    return same(pattern[p + 1], c) ? p + 2 : -1;
                }
                return same(token, c) ? p + 1 : -1;
            default:
                return same(token, c) ? p + 1 : -1;
        }
    }

    /**
     * Matches a {@code [...]} class as Redis does, quirks included: an escaped byte is compared
     * exactly even when ignoring case, and a range compares bytes as C's signed {@code char}
     * (so {@code [a-\xff]} is the range -1..'a'), swapping reversed ends before lowering them.
     */
    private int matchClass(int p, byte c) {
        boolean negate = p < pattern.length && pattern[p] == '^';
        if (negate) {
            p++;
        }
        boolean matched = false;
        while (p < pattern.length && pattern[p] != ']') {
            if (pattern[p] == '\\' && p + 1 < pattern.length) {
                p++;
                matched |= pattern[p] == c;
                p++;
            } else if (p + 2 < pattern.length && pattern[p + 1] == '-') {
                int start = pattern[p];
                int end = pattern[p + 2];
                if (start > end) {
                    int swap = start;
                    start = end;
                    end = swap;
                }
                int value = signedLower(c);
                matched |= value >= signedLower((byte) start) && value <= signedLower((byte) end);
                p += 3;
            } else {
                matched |= same(pattern[p], c);
                p++;
            }
        }
        // An unterminated class runs to the end of the pattern, as in Redis.
        int after = p < pattern.length ? p + 1 : p;
        return matched != negate ? after : -1;
    }

    private int signedLower(byte b) {
        return ignoreCase && b >= 'A' && b <= 'Z' ? b + 32 : b;
    }

    private boolean same(byte a, byte b) {
        return a == b || (ignoreCase && lower(a) == lower(b));
    }

    private int lower(byte b) {
        int value = b & 0xFF;
        return ignoreCase && value >= 'A' && value <= 'Z' ? value + 32 : value;
    }
}
