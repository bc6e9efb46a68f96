package dev.cinnabar.persistence.rdb;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decoders of the compact blobs Redis stores whole in RDB files: ziplist, listpack, intset
 * and zipmap. Each returns the elements in order as strings (integers in decimal, as Redis
 * reads them back). Malformed input raises {@link IllegalArgumentException}.
 */
final class PackedEncodings {

    private static final int ZIPLIST_HEADER = 10;
    private static final int LISTPACK_HEADER = 6;
    private static final int END = 0xff;

    private PackedEncodings() {
    }

    static List<byte[]> ziplist(byte[] blob) {
        check(blob.length >= ZIPLIST_HEADER + 1, "ziplist shorter than its header");
        check(int32(blob, 0) == blob.length, "ziplist size field does not match its length");
        int count = (blob[8] & 0xff) | (blob[9] & 0xff) << 8;
        List<byte[]> elements = new ArrayList<>(count == 0xffff ? 16 : count);
        int p = ZIPLIST_HEADER;
        while (true) {
            check(p < blob.length, "ziplist without end marker");
            if ((blob[p] & 0xff) == END) {
                break;
            }
            p += (blob[p] & 0xff) == 254 ? 5 : 1;
            check(p < blob.length, "ziplist entry truncated");
            int encoding = blob[p] & 0xff;
            switch (encoding >>> 6) {
                case 0 -> {
                    int length = encoding & 0x3f;
                    elements.add(slice(blob, p + 1, length));
                    p += 1 + length;
                }
                case 1 -> {
                    check(p + 1 < blob.length, "ziplist entry truncated");
                    int length = ((encoding & 0x3f) << 8) | (blob[p + 1] & 0xff);
                    elements.add(slice(blob, p + 2, length));
                    p += 2 + length;
                }
                case 2 -> {
                    check(p + 4 < blob.length, "ziplist entry truncated");
                    int length = (blob[p + 1] & 0xff) << 24 | (blob[p + 2] & 0xff) << 16 | (blob[p + 3] & 0xff) << 8
                            | (blob[p + 4] & 0xff);
                    elements.add(slice(blob, p + 5, length));
                    p += 5 + length;
                }
                default -> {
                    int size;
                    long value;
                    switch (encoding) {
                        case 0xc0 -> { size = 2; value = (short) littleEndian(blob, p + 1, 2); }
                        case 0xd0 -> { size = 4; value = (int) littleEndian(blob, p + 1, 4); }
                        case 0xe0 -> { size = 8; value = littleEndian(blob, p + 1, 8); }
                        case 0xf0 -> { size = 3; value = ((int) littleEndian(blob, p + 1, 3) << 8) >> 8; }
                        case 0xfe -> { size = 1; value = (byte) littleEndian(blob, p + 1, 1); }
                        default -> {
                            int immediate = encoding & 0x0f;
                            check(immediate >= 1 && immediate <= 13, "unknown ziplist encoding 0x"
                                    + Integer.toHexString(encoding));
                            size = 0;
                            value = immediate - 1;
                        }
                    }
                    elements.add(decimal(value));
                    p += 1 + size;
                }
            }
        }
        return elements;
    }

    static List<byte[]> listpack(byte[] blob) {
        check(blob.length >= LISTPACK_HEADER + 1, "listpack shorter than its header");
        check(int32(blob, 0) == blob.length, "listpack size field does not match its length");
        check((blob[blob.length - 1] & 0xff) == END, "listpack without end marker");
        int count = (blob[4] & 0xff) | (blob[5] & 0xff) << 8;
        List<byte[]> elements = new ArrayList<>(count == 0xffff ? 16 : count);
        int p = LISTPACK_HEADER;
        while (true) {
            check(p < blob.length, "listpack entry runs past its end");
            int encoding = blob[p] & 0xff;
            if (encoding == END) {
                break;
            }
            int entryLength;
            if ((encoding & 0x80) == 0) {
                elements.add(decimal(encoding));
                entryLength = 1;
            } else if ((encoding & 0xc0) == 0x80) {
                int length = encoding & 0x3f;
                elements.add(slice(blob, p + 1, length));
                entryLength = 1 + length;
            } else if ((encoding & 0xe0) == 0xc0) {
                check(p + 1 < blob.length, "listpack entry truncated");
                int raw = ((encoding & 0x1f) << 8) | (blob[p + 1] & 0xff);
                elements.add(decimal((raw << 19) >> 19));
                entryLength = 2;
            } else if ((encoding & 0xf0) == 0xe0) {
                check(p + 1 < blob.length, "listpack entry truncated");
                int length = ((encoding & 0x0f) << 8) | (blob[p + 1] & 0xff);
                elements.add(slice(blob, p + 2, length));
                entryLength = 2 + length;
            } else {
                switch (encoding) {
                    case 0xf0 -> {
                        int length = (int) littleEndian(blob, p + 1, 4);
                        check(length >= 0, "listpack string length overflows");
                        elements.add(slice(blob, p + 5, length));
                        entryLength = 5 + length;
                    }
                    case 0xf1 -> { elements.add(decimal((short) littleEndian(blob, p + 1, 2))); entryLength = 3; }
                    case 0xf2 -> {
                        elements.add(decimal(((int) littleEndian(blob, p + 1, 3) << 8) >> 8));
                        entryLength = 4;
                    }
                    case 0xf3 -> { elements.add(decimal((int) littleEndian(blob, p + 1, 4))); entryLength = 5; }
                    case 0xf4 -> { elements.add(decimal(littleEndian(blob, p + 1, 8))); entryLength = 9; }
                    default -> throw new IllegalArgumentException("unknown listpack encoding 0x"
                            + Integer.toHexString(encoding));
                }
            }
            p += entryLength + backlenSize(entryLength);
        }
        check(p == blob.length - 1, "listpack end marker before its end");
        check(count == 0xffff || count == elements.size(), "listpack holds " + elements.size()
                + " elements, its header says " + count);
        return elements;
    }

    static int backlenSize(int entryLength) {
        if (entryLength <= 127) {
            return 1;
        } else if (entryLength < 16383) {
            return 2;
        } else if (entryLength < 2097151) {
            return 3;
        } else if (entryLength < 268435455) {
            return 4;
        }
        return 5;
    }

    static List<byte[]> intset(byte[] blob) {
        check(blob.length >= 8, "intset shorter than its header");
        int width = (int) littleEndian(blob, 0, 4);
        check(width == 2 || width == 4 || width == 8, "intset with element size " + width);
        int count = (int) littleEndian(blob, 4, 4);
        check(count >= 0 && (long) count * width + 8 == blob.length, "intset size does not match its length");
        List<byte[]> elements = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long raw = littleEndian(blob, 8 + i * width, width);
            long value = switch (width) {
                case 2 -> (short) raw;
                case 4 -> (int) raw;
                default -> raw;
            };
            elements.add(decimal(value));
        }
        return elements;
    }

    /** Field, value, field, value ... of a zipmap (the hash encoding of Redis before 2.6). */
    static List<byte[]> zipmap(byte[] blob) {
        check(blob.length >= 2, "zipmap shorter than its header");
        List<byte[]> elements = new ArrayList<>();
        int p = 1;
        while (true) {
            check(p < blob.length, "zipmap without end marker");
            if ((blob[p] & 0xff) == END) {
                break;
            }
            int[] field = zipmapLength(blob, p);
            p = field[1];
            elements.add(slice(blob, p, field[0]));
            p += field[0];
            int[] value = zipmapLength(blob, p);
            p = value[1];
            check(p < blob.length, "zipmap entry truncated");
            int free = blob[p] & 0xff;
            p++;
            elements.add(slice(blob, p, value[0]));
            p += value[0] + free;
        }
        check(elements.size() % 2 == 0, "zipmap with a field without value");
        return elements;
    }

    /** {length, offset after the length} of the zipmap length at {@code p}. */
    private static int[] zipmapLength(byte[] blob, int p) {
        check(p < blob.length, "zipmap entry truncated");
        int first = blob[p] & 0xff;
        if (first < 254) {
            return new int[] {first, p + 1};
        }
        check(first == 254, "zipmap entry truncated");
        return new int[] {(int) littleEndian(blob, p + 1, 4), p + 5};
    }

    private static byte[] slice(byte[] blob, int offset, int length) {
        check(length >= 0 && offset + length <= blob.length && offset + length >= 0, "element runs past the end");
        return Arrays.copyOfRange(blob, offset, offset + length);
    }

    private static long littleEndian(byte[] blob, int offset, int bytes) {
        check(offset + bytes <= blob.length, "integer runs past the end");
        long value = 0;
        for (int i = bytes - 1; i >= 0; i--) {
            value = (value << 8) | (blob[offset + i] & 0xff);
        }
        return value;
    }

    private static int int32(byte[] blob, int offset) {
        return (int) littleEndian(blob, offset, 4);
    }

    static byte[] decimal(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }

    private static void check(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(problem);
        }
    }
}
