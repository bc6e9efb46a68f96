package dev.cinnabar.command.server;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.cinnabar.store.Entry;
import dev.cinnabar.store.TypedValue;

import java.lang.management.ManagementFactory;

/**
 * MEMORY USAGE's estimate of what one key costs in our store: the hash-table entry, the
 * key and value objects and the table slot pointing at the entry, sized with the object
 * layout of the running JVM (compressed references or not).
 */
final class MemoryEstimator {

    private static final int ALIGNMENT = 8;

    private final int referenceBytes;
    private final int headerBytes;

    MemoryEstimator() {
        boolean compressedOops = vmFlag("UseCompressedOops");
        boolean compressedClassPointers = vmFlag("UseCompressedClassPointers");
        referenceBytes = compressedOops ? 4 : 8;
        headerBytes = compressedClassPointers ? 12 : 16;
    }

    private static boolean vmFlag(String name) {
        try {
            HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return hotSpot != null && Boolean.parseBoolean(hotSpot.getVMOption(name).getValue());
        } catch (RuntimeException e) {
            return true; // the 64-bit HotSpot default for heaps under 32 GB
        }
    }

    long usage(Entry entry) {
        boolean expiring = entry.expireAt() != Entry.NO_EXPIRY;
        // key, value and chain references, the cached hash and the access time
        long entryBytes = align(headerBytes + 3L * referenceBytes + 2 * Integer.BYTES
                + (expiring ? Long.BYTES + Integer.BYTES : 0));
        // the bucket slot, and the slot in the expiry index for a key with a time to live
        long indexBytes = (expiring ? 2L : 1L) * referenceBytes;
        return entryBytes + indexBytes + byteArray(entry.key().length) + valueBytes(entry.value());
    }

    private long valueBytes(Object value) {
        if (value instanceof byte[] bytes) {
            return byteArray(bytes.length);
        }
        return ((TypedValue) value).memoryUsage();
    }

    private long byteArray(int length) {
        return align(headerBytes + Integer.BYTES + (long) length);
    }

    private static long align(long bytes) {
        return (bytes + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }
}
