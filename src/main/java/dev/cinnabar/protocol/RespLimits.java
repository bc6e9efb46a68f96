package dev.cinnabar.protocol;

/**
 * Redis's request limits. The argument-count limit is 1,048,576, the one the foundation
 * issue names; Redis 7.0 itself accepts up to INT_MAX arguments.
 *
 * @param maxBulkLength     {@code proto-max-bulk-len}
 * @param maxMultibulkLength the largest argument count accepted in one request
 * @param maxInlineLength   the longest inline request (and multibulk/bulk header) line
 * @param queryBufferLimit  {@code client-query-buffer-limit}: unprocessed request bytes per client
 */
public record RespLimits(long maxBulkLength, int maxMultibulkLength, int maxInlineLength, long queryBufferLimit) {

    public static final RespLimits REDIS_DEFAULTS = new RespLimits(512L * 1024 * 1024, 1024 * 1024, 64 * 1024,
            1024L * 1024 * 1024);
}
