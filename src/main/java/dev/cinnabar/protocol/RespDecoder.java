package dev.cinnabar.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

import java.io.ByteArrayOutputStream;
import java.util.function.Supplier;

/**
 * Turns request bytes into commands: RESP multibulk arrays of bulk strings and inline
 * (telnet-style) lines, split at any byte boundary and pipelined to any depth.
 *
 * <p>The decoder remembers how far it got inside a multibulk request (arguments still to
 * read, length of the bulk string being awaited), so a large argument arriving in many
 * packets is never parsed twice.
 */
public final class RespDecoder {

    private static final int INCOMPLETE = -1;
    /** The longest header number: a sign and 19 digits, or 20 digits. */
    private static final int MAX_NUMBER_LENGTH = 20;

    private final Supplier<RespLimits> limits;
    /** Arguments still to read in the current multibulk request; 0 between requests. */
    private int argumentsLeft;
    /** Length of the bulk string being awaited, or -1 while its {@code $} header is expected. */
    private long bulkLength = -1;
    private final byte[] headerDigits = new byte[MAX_NUMBER_LENGTH];

    public RespDecoder(Supplier<RespLimits> limits) {
        this.limits = limits;
    }

    /**
     * Reads at most one request from {@code in} into {@code args}.
     *
     * @return true when {@code args} holds a complete request; false when more bytes are needed
     */
    public boolean decode(ByteBuf in, CommandArgs args) throws RespProtocolException {
        while (argumentsLeft == 0) {
            if (!in.isReadable()) {
                return false;
            }
            if (in.getByte(in.readerIndex()) != '*') {
                int outcome = decodeInline(in, args);
                if (outcome == INCOMPLETE) {
                    return false;
                }
                if (outcome > 0) {
                    return true;
                }
                continue; // an empty line is skipped, as Redis does
            }
            long count = readHeaderNumber(in, "too big mbulk count string");
            if (count == Long.MIN_VALUE) {
                return false;
            }
            if (count > limits.get().maxMultibulkLength() || count == Long.MAX_VALUE) {
                throw new RespProtocolException("invalid multibulk length");
            }
            args.clear();
            argumentsLeft = (int) Math.max(count, 0);
        }
        while (argumentsLeft > 0) {
            if (bulkLength < 0) {
                if (!in.isReadable()) {
                    return false;
                }
                byte type = in.getByte(in.readerIndex());
                if (type != '$') {
                    throw new RespProtocolException("expected '$', got '" + (char) (type & 0xFF) + "'");
                }
                long length = readHeaderNumber(in, "too big bulk count string");
                if (length == Long.MIN_VALUE) {
                    return false;
                }
                if (length < 0 || length > limits.get().maxBulkLength()) {
                    throw new RespProtocolException("invalid bulk length");
                }
                bulkLength = length;
            }
            if (in.readableBytes() < bulkLength + 2) {
                return false;
            }
            byte[] argument = new byte[(int) bulkLength];
            in.readBytes(argument);
            in.skipBytes(2); // Redis does not check that these two bytes are CRLF
            args.add(argument);
            bulkLength = -1;
            argumentsLeft--;
        }
        return true;
    }

    /** True while part of a multibulk request has been read: the connection is mid-command. */
    public boolean inRequest() {
        return argumentsLeft > 0;
    }

    /**
     * Parses the number of a {@code *} or {@code $} header line, consuming the line.
     *
     * @return the number, {@link Long#MIN_VALUE} if the line is not complete yet, or
     *         {@link Long#MAX_VALUE} if it is not a number
     */
    private long readHeaderNumber(ByteBuf in, String tooBigMessage) throws RespProtocolException {
        int start = in.readerIndex();
        // forEachByte checks bounds once for the scan, where indexOf/getByte check every call
        int cr = in.forEachByte(start, in.readableBytes(), ByteProcessor.FIND_CR);
        if (cr < 0) {
            if (in.readableBytes() > limits.get().maxInlineLength()) {
                throw new RespProtocolException(tooBigMessage);
            }
            return Long.MIN_VALUE;
        }
        if (cr + 1 >= in.writerIndex()) {
            return Long.MIN_VALUE; // wait for the byte after CR
        }
        int length = cr - start - 1;
        long value = Long.MAX_VALUE;
        if (length > 0 && length <= MAX_NUMBER_LENGTH) {
            in.getBytes(start + 1, headerDigits, 0, length);
            value = parseLong(headerDigits, length);
        }
        in.readerIndex(cr + 2);
        return value;
    }

    /**
     * Redis's strict integer syntax: optional '-', no '+', no leading zeros, no "-0", no
     * spaces. Any negative number stands for itself only in comparisons with 0, so the
     * whole range down to {@code -2^63} parses (to -1) without colliding with the sentinels.
     *
     * @return the value, or {@link Long#MAX_VALUE} if the bytes are not such a number
     */
    static long parseLong(byte[] digits, int length) {
        if (length == 0 || length > MAX_NUMBER_LENGTH) {
            return Long.MAX_VALUE;
        }
        boolean negative = digits[0] == '-';
        int i = negative ? 1 : 0;
        if (i == length) {
            return Long.MAX_VALUE;
        }
        if (digits[i] == '0' && (length - i > 1 || negative)) {
            return Long.MAX_VALUE;
        }
        long value = 0; // accumulated as a negative number, whose range includes -2^63
        for (; i < length; i++) {
            int digit = digits[i] - '0';
            if (digit < 0 || digit > 9) {
                return Long.MAX_VALUE;
            }
            if (value < (Long.MIN_VALUE + digit) / 10) {
                return Long.MAX_VALUE;
            }
            value = value * 10 - digit;
        }
        if (negative) {
            return -1;
        }
        return value == Long.MIN_VALUE ? Long.MAX_VALUE : -value;
    }

    /** @return the number of arguments decoded (0 for a blank line) or {@link #INCOMPLETE} */
    private int decodeInline(ByteBuf in, CommandArgs args) throws RespProtocolException {
        int start = in.readerIndex();
        int newline = in.indexOf(start, in.writerIndex(), (byte) '\n');
        if (newline < 0) {
            if (in.readableBytes() > limits.get().maxInlineLength()) {
                throw new RespProtocolException("too big inline request");
            }
            return INCOMPLETE;
        }
        int end = newline;
        if (end > start && in.getByte(end - 1) == '\r') {
            end--;
        }
        args.clear();
        InlineSplitter.split(in, start, end, args);
        in.readerIndex(newline + 1);
        return args.count();
    }

    /**
     * Splits an inline request into arguments the way Redis does: whitespace separates,
     * double quotes allow escapes ({@code \n}, {@code \xHH}, ...), single quotes allow only
     * {@code \'}, and a closing quote must be followed by whitespace or the end of the line.
     */
    static final class InlineSplitter {

        private InlineSplitter() {
        }

        static void split(ByteBuf in, int from, int to, CommandArgs args) throws RespProtocolException {
            int p = from;
            ByteArrayOutputStream current = new ByteArrayOutputStream();
            while (true) {
                while (p < to && isSpace(in.getByte(p))) {
                    p++;
                }
                if (p >= to) {
                    return;
                }
                current.reset();
                boolean inDouble = false;
                boolean inSingle = false;
                boolean done = false;
                while (!done) {
                    int c = p < to ? in.getByte(p) : 0;
                    if (inDouble) {
                        if (p >= to) {
                            throw unbalanced();
                        }
                        if (c == '\\' && p + 3 < to && in.getByte(p + 1) == 'x'
                                && isHex(in.getByte(p + 2)) && isHex(in.getByte(p + 3))) {
                            current.write(hex(in.getByte(p + 2)) * 16 + hex(in.getByte(p + 3)));
                            p += 3;
                        } else if (c == '\\' && p + 1 < to) {
                            p++;
                            current.write(unescape(in.getByte(p)));
                        } else if (c == '"') {
                            if (p + 1 < to && !isSpace(in.getByte(p + 1))) {
                                throw unbalanced();
                            }
                            done = true;
                        } else {
                            current.write(c);
                        }
                    } else if (inSingle) {
                        if (p >= to) {
                            throw unbalanced();
                        }
                        if (c == '\\' && p + 1 < to && in.getByte(p + 1) == '\'') {
                            p++;
                            current.write('\'');
                        } else if (c == '\'') {
                            if (p + 1 < to && !isSpace(in.getByte(p + 1))) {
                                throw unbalanced();
                            }
                            done = true;
                        } else {
                            current.write(c);
                        }
                    } else {
                        switch (c) {
                            case ' ', '\n', '\r', '\t', 0 -> done = true;
                            case '"' -> inDouble = true;
                            case '\'' -> inSingle = true;
                            default -> current.write(c);
                        }
                        if (p >= to) {
                            done = true;
                        }
                    }
                    if (p < to) {
                        p++;
                    }
                }
                args.add(current.toByteArray());
            }
        }

        private static RespProtocolException unbalanced() {
            return new RespProtocolException("unbalanced quotes in request");
        }

        private static boolean isSpace(int c) {
            return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == '\f';
        }

        private static boolean isHex(int c) {
            return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        }

        private static int hex(int c) {
            return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
        }

        private static int unescape(int c) {
            return switch (c) {
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 't' -> '\t';
                case 'b' -> '\b';
                case 'a' -> 7;
                default -> c;
            };
        }
    }

}
