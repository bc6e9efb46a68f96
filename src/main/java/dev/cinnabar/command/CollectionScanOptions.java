package dev.cinnabar.command;

/**
 * The MATCH and COUNT options of HSCAN, SSCAN and ZSCAN, with Redis's errors: a missing
 * value, an unknown option or a COUNT below 1 is a syntax error. (SCAN's TYPE is not
 * accepted here, as in Redis.)
 *
 * @param pattern the MATCH pattern, or null to keep every element
 */
public record CollectionScanOptions(long count, GlobPattern pattern) {

    private static final long DEFAULT_COUNT = 10;
    /** A step visits at most this many buckets per requested element, so a sparse table cannot stall it. */
    private static final long BUCKETS_PER_ELEMENT = 10;

    /** Parses the options from argument {@code first} on. */
    public static CollectionScanOptions parse(CommandContext ctx, int first) {
        long count = DEFAULT_COUNT;
        GlobPattern pattern = null;
        for (int i = first; i < ctx.argCount(); i += 2) {
            boolean hasValue = i + 1 < ctx.argCount();
            if (ctx.argIs(i, "count") && hasValue) {
                count = ctx.longArg(i + 1);
                if (count < 1) {
                    throw CommandContext.syntaxError();
                }
            } else if (ctx.argIs(i, "match") && hasValue) {
                pattern = new GlobPattern(ctx.arg(i + 1), false);
                if (pattern.matchesEverything()) {
                    pattern = null;
                }
            } else {
                throw CommandContext.syntaxError();
            }
        }
        return new CollectionScanOptions(count, pattern);
    }

    /** How many cursor steps one call may take before it answers, whatever it found. */
    public long maxSteps() {
        return count > Long.MAX_VALUE / BUCKETS_PER_ELEMENT ? Long.MAX_VALUE : count * BUCKETS_PER_ELEMENT;
    }

    public boolean matches(byte[] element) {
        return pattern == null || pattern.matches(element);
    }
}
