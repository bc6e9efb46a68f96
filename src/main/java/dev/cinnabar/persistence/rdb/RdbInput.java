package dev.cinnabar.persistence.rdb;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the primitives of the RDB format from a stream or a byte array, knowing its offset
 * (for error messages) and keeping the CRC-64 of what it consumed.
 */
public final class RdbInput {

    private static final int BUFFER_BYTES = 1 << 16;

    private final InputStream source;
    /** Whether a refill may read beyond what was asked for (false: the stream goes on after the RDB). */
    private final boolean readAhead;
    private byte[] buffer;
    private int position;
    private int limit;
    /** Stream offset of {@code buffer[0]}. */
    private long bufferStart;
    private long crc;
    /** Bytes of the buffer before this index are included in {@link #crc}. */
    private int crcPosition;

    public RdbInput(InputStream source) {
        this(source, true);
    }

    /**
     * @param readAhead false to take from {@code source} no byte past the RDB's checksum, for
     *                  an RDB followed by other data (an AOF's RDB preamble); pass a buffered
     *                  stream then, as reads become small
     */
    public RdbInput(InputStream source, boolean readAhead) {
        this.source = source;
        this.readAhead = readAhead;
        this.buffer = new byte[BUFFER_BYTES];
    }

    /** Reads {@code length} bytes of {@code data} from {@code offset}, without a stream. */
    public RdbInput(byte[] data, int offset, int length) {
        this.source = null;
        this.readAhead = false;
        this.buffer = data;
        this.position = offset;
        this.limit = offset + length;
        this.bufferStart = -offset;
        this.crcPosition = offset;
    }

    /** Offset of the next byte from the start of the data. */
    public long offset() {
        return bufferStart + position;
    }

    /** The CRC-64 of every byte consumed so far. */
    public long checksum() {
        crc = Crc64.update(crc, buffer, crcPosition, position - crcPosition);
        crcPosition = position;
        return crc;
    }

    public RdbFormatException corrupt(String problem) {
        return new RdbFormatException(offset(), problem);
    }

    /** True if no byte is left (a byte-array input only). */
    public boolean atEnd() throws IOException {
        return position >= limit && !fill(1);
    }

    private void require(int bytes) throws IOException {
        if (limit - position < bytes && !fill(bytes)) {
            throw corrupt("unexpected end of data (the file is truncated)");
        }
    }

    /** Makes at least {@code bytes} bytes available; false at the end of the data. */
    private boolean fill(int bytes) throws IOException {
        if (source == null) {
            return false;
        }
        checksum();
        int remaining = limit - position;
        if (bytes > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(bytes, buffer.length * 2));
        }
        System.arraycopy(buffer, position, buffer, 0, remaining);
        bufferStart += position;
        position = 0;
        crcPosition = 0;
        limit = remaining;
        while (limit < bytes) {
            int read = source.read(buffer, limit, (readAhead ? buffer.length : bytes) - limit);
            if (read < 0) {
                return false;
            }
            limit += read;
        }
        return true;
    }

    public int readUnsignedByte() throws IOException {
        require(1);
        return buffer[position++] & 0xff;
    }

    public byte[] readBytes(int length) throws IOException {
        if (length < 0) {
            throw corrupt("negative length " + length);
        }
        if (length <= BUFFER_BYTES || source == null) {
            require(length);
            byte[] bytes = Arrays.copyOfRange(buffer, position, position + length);
            position += length;
            return bytes;
        }
        byte[] bytes = new byte[length];
        int copied = 0;
        while (copied < length) {
            if (position == limit) {
                require(1);
            }
            int chunk = Math.min(length - copied, limit - position);
            System.arraycopy(buffer, position, bytes, copied, chunk);
            position += chunk;
            copied += chunk;
        }
        return bytes;
    }

    public long readInt64LittleEndian() throws IOException {
        require(8);
        long value = 0;
        for (int i = 7; i >= 0; i--) {
            value = (value << 8) | (buffer[position + i] & 0xff);
        }
        position += 8;
        return value;
    }

    public int readInt32LittleEndian() throws IOException {
        require(4);
        int value = (buffer[position] & 0xff) | (buffer[position + 1] & 0xff) << 8
                | (buffer[position + 2] & 0xff) << 16 | (buffer[position + 3] & 0xff) << 24;
        position += 4;
        return value;
    }

    /** A length; a special string encoding here is corruption. */
    public long readLength() throws IOException {
        int first = readUnsignedByte();
        return switch (first >>> 6) {
            case 0 -> first & 0x3f;
            case 1 -> ((first & 0x3f) << 8) | readUnsignedByte();
            case 2 -> switch (first) {
                case 0x80 -> readBigEndian(4);
                case 0x81 -> readBigEndian(8);
                default -> throw corrupt("unknown length encoding 0x" + Integer.toHexString(first));
            };
            default -> throw corrupt("a length was expected, found the string encoding 0x"
                    + Integer.toHexString(first));
        };
    }

    /** A length that must fit an array: counts of elements, sizes of strings. */
    public int readCount() throws IOException {
        long start = offset();
        long length = readLength();
        if (length < 0 || length > Integer.MAX_VALUE - 8) {
            throw new RdbFormatException(start, "length " + Long.toUnsignedString(length) + " is too large");
        }
        return (int) length;
    }

    private long readBigEndian(int bytes) throws IOException {
        require(bytes);
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            value = (value << 8) | (buffer[position++] & 0xff);
        }
        return value;
    }

    /** A string in any of its encodings: plain, integer (8, 16, 32 bits) or LZF-compressed. */
    public byte[] readString() throws IOException {
        require(1);
        int first = buffer[position] & 0xff;
        if ((first >>> 6) != 3) {
            return readBytes(readCount());
        }
        position++;
        return switch (first & 0x3f) {
            case RdbFormat.ENC_INT8 -> {
                require(1);
                yield Long.toString(buffer[position++]).getBytes(StandardCharsets.US_ASCII);
            }
            case RdbFormat.ENC_INT16 -> {
                require(2);
                int value = (short) ((buffer[position] & 0xff) | (buffer[position + 1] & 0xff) << 8);
                position += 2;
                yield Integer.toString(value).getBytes(StandardCharsets.US_ASCII);
            }
            case RdbFormat.ENC_INT32 -> Integer.toString(readInt32LittleEndian()).getBytes(StandardCharsets.US_ASCII);
            case RdbFormat.ENC_LZF -> readCompressed();
            default -> throw corrupt("unknown string encoding 0x" + Integer.toHexString(first));
        };
    }

    private byte[] readCompressed() throws IOException {
        long start = offset();
        int compressedLength = readCount();
        int length = readCount();
        byte[] compressed = readBytes(compressedLength);
        try {
            return Lzf.decompress(compressed, 0, compressedLength, length);
        } catch (IllegalArgumentException e) {
            throw new RdbFormatException(start, "invalid LZF-compressed string: " + e.getMessage());
        }
    }

    /** A sorted set score of the version 1 encoding: a length byte (253 NaN, 254 +inf, 255 -inf) and ASCII. */
    public double readTextDouble() throws IOException {
        int length = readUnsignedByte();
        switch (length) {
            case 253:
                return Double.NaN;
            case 254:
                return Double.POSITIVE_INFINITY;
            case 255:
                return Double.NEGATIVE_INFINITY;
            default:
                byte[] text = readBytes(length);
                try {
                    return Double.parseDouble(new String(text, StandardCharsets.US_ASCII));
                } catch (NumberFormatException e) {
                    throw corrupt("invalid score '" + new String(text, StandardCharsets.US_ASCII) + "'");
                }
        }
    }

    public double readBinaryDouble() throws IOException {
        return Double.longBitsToDouble(readInt64LittleEndian());
    }
}
