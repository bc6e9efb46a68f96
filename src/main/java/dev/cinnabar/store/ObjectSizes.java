package dev.cinnabar.store;

/**
 * Sizes of arrays on a 64-bit JVM with compressed references (the default below 32 GB of
 * heap), for MEMORY USAGE's estimates of collection values.
 */
final class ObjectSizes {

    private static final int ARRAY_HEADER = 16;
    private static final int REFERENCE = 4;

    private ObjectSizes() {
    }

    static long byteArray(int length) {
        return align(ARRAY_HEADER + (long) length);
    }

    static long intArray(int length) {
        return align(ARRAY_HEADER + 4L * length);
    }

    static long longArray(int length) {
        return align(ARRAY_HEADER + 8L * length);
    }

    static long referenceArray(int length) {
        return align(ARRAY_HEADER + (long) REFERENCE * length);
    }

    /** An object with a header and {@code fieldBytes} of fields. */
    static long object(int fieldBytes) {
        return align(12L + fieldBytes);
    }

    private static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }
}
