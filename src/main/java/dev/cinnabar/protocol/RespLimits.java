package dev.cinnabar.protocol;

/**
 * Redis's request limits.
 *
 * @param maxBulkLength     {@code proto-max-bulk-len}
 * @param maxMultibulkLength the largest argument count accepted in one request
 * @param maxInlineLength   the longest inline request (and multibulk/bulk header) line
 * @param queryBufferLimit  {@code client-query-buffer-limit}: unprocessed request bytes per client
 */
public record RespLimits(long maxBulkLength, int maxMultibulkLength, int maxInlineLength, long queryBufferLimit) {

    public static final RespLimits REDIS_DEFAULTS = new RespLimits(512L * 1024 * 1024, Integer.MAX_VALUE, 64 * 1024,
            1024L * 1024 * 1024);
}
