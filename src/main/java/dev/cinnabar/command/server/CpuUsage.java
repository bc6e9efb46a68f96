package dev.cinnabar.command.server;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time used by the process and by the calling thread, split into user and system time. */
final class CpuUsage {

    private static final Path PROC_STAT = Path.of("/proc/self/stat");
    /** USER_HZ, the unit of /proc times; 100 on every Linux platform the JVM supports. */
    private static final double TICKS_PER_SECOND = 100.0;

    record Times(double userSeconds, double systemSeconds) {
    }

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    Times process() {
        try {
            String stat = Files.readString(PROC_STAT);
            // Fields after the parenthesised command name, which may itself contain spaces.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new Times(Long.parseLong(fields[11]) / TICKS_PER_SECOND,
                    Long.parseLong(fields[12]) / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                return new Times(os.getProcessCpuTime() / 1e9, 0);
            }
            return new Times(0, 0);
        }
    }

    Times currentThread() {
        if (!threads.isCurrentThreadCpuTimeSupported()) {
            return new Times(0, 0);
        }
        long total = threads.getCurrentThreadCpuTime();
        long user = threads.getCurrentThreadUserTime();
        return new Times(user / 1e9, Math.max(0, total - user) / 1e9);
    }
}
