package dev.cinnabar.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReplyWriterTest {

    private final List<String> observedErrors = new ArrayList<>();
    private final ReplyWriter reply = new ReplyWriter(new UnpooledByteBufAllocator(false), observedErrors::add);

    @AfterEach
    void release() {
        reply.release();
    }

    private String output() {
        ByteBuf out = reply.takeOutput();
        if (out == null) {
            return null;
        }
        try {
            return out.toString(StandardCharsets.ISO_8859_1);
        } finally {
            out.release();
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 9, 10, 99, 1023, 1024, 1025, 123456789, -1, -9, -10, -1023, -1024, -1025,
            Long.MAX_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE, Long.MIN_VALUE + 1, 1_000_000_000_000_000_000L})
    void integersAreWrittenInDecimal(long value) {
        reply.integer(value);
        assertThat(output()).isEqualTo(":" + value + "\r\n");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, 1023, 1024, Long.MIN_VALUE, Long.MAX_VALUE})
    void numbersAsBulkStrings(long value) {
        reply.bulk(value);
        String digits = Long.toString(value);
        assertThat(output()).isEqualTo("$" + digits.length() + "\r\n" + digits + "\r\n");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 9, 10, 99, 100, 101, 1023, 1024, 1025, 100_000})
    void bulkHeadersAroundTheCachedAndComposedBoundaries(int length) {
        byte[] value = "v".repeat(length).getBytes(StandardCharsets.US_ASCII);
        reply.bulk(value);
        assertThat(output()).isEqualTo("$" + length + "\r\n" + "v".repeat(length) + "\r\n");
    }

    /** Stream IDs: both halves unsigned, at the one- and two-digit length boundaries */
    @ParameterizedTest
    @ValueSource(longs = {0, 1, 9, 10, 1_700_000_000_000L, Long.MAX_VALUE, -1, Long.MIN_VALUE})
    void dashedPairsAreUnsignedDecimals(long value) {
        for (long second : new long[] {0, 7, 12345, -1}) {
            reply.bulkDashed(value, second);
            String text = Long.toUnsignedString(value) + "-" + Long.toUnsignedString(second);
            assertThat(output()).isEqualTo("$" + text.length() + "\r\n" + text + "\r\n");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 1023, 1024, 1025, 70_000})
    void arrayAndMapHeadersAroundTheCachedBoundary(int length) {
        reply.arrayHeader(length);
        reply.mapHeader(length);
        assertThat(output()).isEqualTo("*" + length + "\r\n*" + (length * 2) + "\r\n");
    }

    @Test
    void bulkOfASliceWritesOnlyTheSlice() {
        reply.bulk("0123456789".getBytes(StandardCharsets.US_ASCII), 3, 4);
        reply.bulk(new byte[0], 0, 0);
        assertThat(output()).isEqualTo("$4\r\n3456\r\n$0\r\n\r\n");
    }

    @Test
    void bulkIsBinarySafeAndStringsAreUtf8() {
        reply.bulk(new byte[] {'\r', '\n', 0, (byte) 0xFF});
        reply.bulk("é");
        assertThat(output()).isEqualTo("$4\r\n\r\n\u0000\u00ff\r\n$2\r\n\u00c3\u00a9\r\n");
    }

    @Test
    void fixedReplies() {
        reply.ok();
        reply.pong();
        reply.queued();
        reply.simple("RESET");
        reply.nullBulk();
        reply.nullArray();
        reply.emptyArray();
        reply.emptyBulk();
        reply.bulkOrNull(null);
        reply.bulkOrNull(new byte[] {'x'});
        reply.raw("+RAW\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(output()).isEqualTo("+OK\r\n+PONG\r\n+QUEUED\r\n+RESET\r\n$-1\r\n*-1\r\n*0\r\n$0\r\n\r\n"
                + "$-1\r\n$1\r\nx\r\n+RAW\r\n");
    }

    @Test
    void arraysOfBulks() {
        reply.bulkArray(List.of("a".getBytes(StandardCharsets.US_ASCII), new byte[0]));
        reply.stringArray(List.of("bc"));
        reply.stringArray(List.of());
        assertThat(output()).isEqualTo("*2\r\n$1\r\na\r\n$0\r\n\r\n*1\r\n$2\r\nbc\r\n*0\r\n");
    }

    @Test
    void errorsAreCountedObservedAndCannotBreakTheFraming() {
        reply.error("ERR unknown command 'a\r\nb', with args beginning with: 'x\ny' ");
        reply.error("WRONGTYPE Operation against a key holding the wrong kind of value");
        assertThat(output()).isEqualTo("-ERR unknown command 'a  b', with args beginning with: 'x y' \r\n"
                + "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
        assertThat(reply.errorCount()).isEqualTo(2);
        assertThat(observedErrors).containsExactly("ERR unknown command 'a  b', with args beginning with: 'x y' ",
                "WRONGTYPE Operation against a key holding the wrong kind of value");
    }

    @Test
    void outputIsHandedOverOncePerBatch() {
        assertThat(reply.hasOutput()).isFalse();
        assertThat(reply.takeOutput()).isNull();
        reply.ok();
        reply.integer(5);
        assertThat(reply.hasOutput()).isTrue();
        assertThat(reply.bufferedBytes()).isEqualTo(9);
        assertThat(output()).isEqualTo("+OK\r\n:5\r\n");
        assertThat(reply.hasOutput()).isFalse();
        assertThat(reply.bufferedBytes()).isZero();
        reply.pong();
        assertThat(output()).isEqualTo("+PONG\r\n");
    }
}
