package dev.cinnabar.command.server;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Memory figures of the JVM in Redis's terms: {@code used_memory} is what the heap and
 * the non-heap areas hold, {@code used_memory_rss} what the operating system has given
 * the process.
 */
final class JvmMemory {

    private static final Path STATM = Path.of("/proc/self/statm");
    /** Linux's page size on the platforms we run on; statm counts in pages. */
    private static final long PAGE_SIZE = 4096;

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private JvmMemory() {
    }

    static long used() {
        return MEMORY.getHeapMemoryUsage().getUsed() + MEMORY.getNonHeapMemoryUsage().getUsed();
    }

    /** The largest heap the JVM will grow to (-Xmx). */
    static long maxHeap() {
        return Runtime.getRuntime().maxMemory();
    }

    static long heapUsed() {
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    /** Resident set size from /proc, or the committed JVM memory where /proc is unavailable. */
    static long resident() {
        try {
            String[] fields = Files.readString(STATM).trim().split(" ");
            return Long.parseLong(fields[1]) * PAGE_SIZE;
        } catch (IOException | RuntimeException e) {
            return MEMORY.getHeapMemoryUsage().getCommitted() + MEMORY.getNonHeapMemoryUsage().getCommitted();
        }
    }

    static long totalSystemMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 0;
    }

    /** Redis's bytesToHuman: 918.95K, 6.40M, 0B. */
    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + "B";
        }
        String[] units = {"K", "M", "G", "T", "P", "E"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(java.util.Locale.ROOT, "%.2f%s", value, units[unit]);
    }
}
