package dev.cinnabar.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * Writes RESP2 replies straight into one pooled output buffer per connection. The buffer
 * is handed to the channel once per batch of requests ({@link #takeOutput()}), so a
 * pipeline of a hundred commands costs one write and one flush.
 */
public final class ReplyWriter {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] OK = ascii("+OK\r\n");
    private static final byte[] PONG = ascii("+PONG\r\n");
    private static final byte[] QUEUED = ascii("+QUEUED\r\n");
    private static final byte[] NULL_BULK = ascii("$-1\r\n");
    private static final byte[] NULL_ARRAY = ascii("*-1\r\n");
    private static final byte[] EMPTY_ARRAY = ascii("*0\r\n");
    private static final byte[] EMPTY_BULK = ascii("$0\r\n\r\n");
    private static final int CACHED_NUMBERS = 1024;
    private static final byte[][] INTEGER_REPLIES = prefixedNumbers(':');
    private static final byte[][] BULK_HEADERS = prefixedNumbers('$');
    private static final byte[][] ARRAY_HEADERS = prefixedNumbers('*');
    /** Bulk strings up to this long are composed in {@link #scratch} and written in one call. */
    private static final int SMALL_BULK = 100;

    private final ByteBufAllocator allocator;
    private final ErrorObserver errorObserver;
    private ByteBuf out;
    private long errorCount;
    /**
     * Where a small bulk string (header, bytes, CRLF) is put together: one write into the
     * buffer costs about what each of its three pieces would, and a reply of a hundred stream
     * entries or hash fields is mostly small bulk strings.
     */
    private final byte[] scratch = new byte[SMALL_BULK + 8];

    /** Told of every error reply, for {@code INFO errorstats}. */
    @FunctionalInterface
    public interface ErrorObserver {
        void errorReplied(String message);
    }

    public ReplyWriter(ByteBufAllocator allocator, ErrorObserver errorObserver) {
        this.allocator = allocator;
        this.errorObserver = errorObserver;
    }

    /** Errors written so far; the dispatcher compares it around a call to count failed calls. */
    public long errorCount() {
        return errorCount;
    }

    /** The replies written since the last call, or null if there are none. */
    public ByteBuf takeOutput() {
        ByteBuf taken = out;
        out = null;
        return taken;
    }

    public boolean hasOutput() {
        return out != null && out.isReadable();
    }

    public int bufferedBytes() {
        return out == null ? 0 : out.readableBytes();
    }

    public void release() {
        if (out != null) {
            out.release();
            out = null;
        }
    }

    private ByteBuf buffer() {
        if (out == null) {
            out = allocator.ioBuffer(256);
        }
        return out;
    }

    public void ok() {
        buffer().writeBytes(OK);
    }

    public void pong() {
        buffer().writeBytes(PONG);
    }

    public void queued() {
        buffer().writeBytes(QUEUED);
    }

    /** A simple string; it must not contain CR or LF. */
    public void simple(String text) {
        ByteBuf buf = buffer();
        buf.writeByte('+');
        buf.writeCharSequence(text, StandardCharsets.UTF_8);
        buf.writeBytes(CRLF);
    }

    /**
     * An error reply. The message starts with its code ({@code ERR}, {@code WRONGTYPE}, ...);
     * CR and LF are replaced by spaces so that a quoted argument cannot break the framing.
     */
    public void error(String message) {
        String safe = message.indexOf('\r') >= 0 || message.indexOf('\n') >= 0
                ? message.replace('\r', ' ').replace('\n', ' ') : message;
        ByteBuf buf = buffer();
        buf.writeByte('-');
        buf.writeCharSequence(safe, StandardCharsets.UTF_8);
        buf.writeBytes(CRLF);
        errorCount++;
        errorObserver.errorReplied(safe);
    }

    public void integer(long value) {
        if (value >= 0 && value < CACHED_NUMBERS) {
            buffer().writeBytes(INTEGER_REPLIES[(int) value]);
            return;
        }
        ByteBuf buf = buffer();
        buf.writeByte(':');
        writeDecimal(buf, value);
        buf.writeBytes(CRLF);
    }

    public void bulk(byte[] value) {
        bulk(value, 0, value.length);
    }

    private static void bulkHeader(ByteBuf buf, int length) {
        if (length < CACHED_NUMBERS) {
            buf.writeBytes(BULK_HEADERS[length]);
        } else {
            buf.writeByte('$');
            writeDecimal(buf, length);
            buf.writeBytes(CRLF);
        }
    }

    public void bulk(byte[] value, int offset, int length) {
        if (length <= SMALL_BULK) {
            int end = smallBulkHeader(length);
            System.arraycopy(value, offset, scratch, end, length);
            end += length;
            scratch[end++] = '\r';
            scratch[end++] = '\n';
            buffer().writeBytes(scratch, 0, end);
            return;
        }
        ByteBuf buf = buffer();
        bulkHeader(buf, length);
        buf.writeBytes(value, offset, length);
        buf.writeBytes(CRLF);
    }

    /** Puts {@code $<length>\r\n} at the start of the scratch array; returns where it ends. */
    private int smallBulkHeader(int length) {
        scratch[0] = '$';
        int end = putUnsignedDecimal(1, length);
        scratch[end++] = '\r';
        scratch[end++] = '\n';
        return end;
    }

    /** Puts the unsigned decimal form of {@code value} in the scratch array at {@code at}; returns where it ends. */
    private int putUnsignedDecimal(int at, long value) {
        if (value < 0) {
            String digits = Long.toUnsignedString(value);
            for (int i = 0; i < digits.length(); i++) {
                scratch[at + i] = (byte) digits.charAt(i);
            }
            return at + digits.length();
        }
        int end = at + 1;
        for (long probe = value; probe >= 10; probe /= 10) {
            end++;
        }
        for (int i = end - 1; i >= at; i--) {
            scratch[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return end;
    }

    /**
     * A bulk string of two unsigned numbers joined by a dash, as a stream entry ID is shown
     * ({@code 1700000000000-0}), written without making a string of it first.
     */
    public void bulkDashed(long first, long second) {
        int body = putUnsignedDecimal(8, first);
        scratch[body] = '-';
        body = putUnsignedDecimal(body + 1, second);
        int length = body - 8;
        int start = 8 - (length < 10 ? 4 : 5);
        scratch[start] = '$';
        putUnsignedDecimal(start + 1, length);
        scratch[6] = '\r';
        scratch[7] = '\n';
        scratch[body++] = '\r';
        scratch[body++] = '\n';
        buffer().writeBytes(scratch, start, body - start);
    }

    public void bulk(String value) {
        bulk(value.getBytes(StandardCharsets.UTF_8));
    }

    /** A bulk string holding the decimal form of a number, as Redis answers GET on an integer. */
    public void bulk(long value) {
        bulk(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
    }

    public void bulkOrNull(byte[] value) {
        if (value == null) {
            nullBulk();
        } else {
            bulk(value);
        }
    }

    public void emptyBulk() {
        buffer().writeBytes(EMPTY_BULK);
    }

    public void nullBulk() {
        buffer().writeBytes(NULL_BULK);
    }

    public void nullArray() {
        buffer().writeBytes(NULL_ARRAY);
    }

    public void emptyArray() {
        buffer().writeBytes(EMPTY_ARRAY);
    }

    public void arrayHeader(int length) {
        if (length < CACHED_NUMBERS) {
            buffer().writeBytes(ARRAY_HEADERS[length]);
            return;
        }
        ByteBuf buf = buffer();
        buf.writeByte('*');
        writeDecimal(buf, length);
        buf.writeBytes(CRLF);
    }

    /** A map as RESP2 shows it: a flat array of 2 × {@code entries} elements. */
    public void mapHeader(int entries) {
        arrayHeader(entries * 2);
    }

    public void bulkArray(Collection<byte[]> values) {
        arrayHeader(values.size());
        for (byte[] value : values) {
            bulk(value);
        }
    }

    public void stringArray(Collection<String> values) {
        arrayHeader(values.size());
        for (String value : values) {
            bulk(value);
        }
    }

    /** Bytes that are already RESP, such as a cached reply. */
    public void raw(byte[] resp) {
        buffer().writeBytes(resp);
    }

    static void writeDecimal(ByteBuf buf, long value) {
        if (value == Long.MIN_VALUE) {
            buf.writeCharSequence("-9223372036854775808", StandardCharsets.US_ASCII);
            return;
        }
        if (value < 0) {
            buf.writeByte('-');
            value = -value;
        }
        int digits = 1;
        for (long probe = value; probe >= 10; probe /= 10) {
            digits++;
        }
        int end = buf.writerIndex() + digits;
        buf.ensureWritable(digits);
        for (int i = end - 1; i >= buf.writerIndex(); i--) {
            buf.setByte(i, (int) ('0' + value % 10));
            value /= 10;
        }
        buf.writerIndex(end);
    }

    private static byte[][] prefixedNumbers(char prefix) {
        byte[][] table = new byte[CACHED_NUMBERS][];
        for (int i = 0; i < CACHED_NUMBERS; i++) {
            table[i] = ascii(prefix + Integer.toString(i) + "\r\n");
        }
        return table;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
