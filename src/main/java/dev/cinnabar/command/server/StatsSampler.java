package dev.cinnabar.command.server;

import dev.cinnabar.command.CommandRegistry;
import dev.cinnabar.command.CommandSpec;
import dev.cinnabar.store.PeriodicKeyspaceTask;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The figures INFO derives from periodic samples, as Redis's server cron does: the
 * commands per second over the last 1.6 seconds and the peak of used memory. Runs on
 * the keyspace thread, where the command counters live.
 */
@Component
public class StatsSampler extends PeriodicKeyspaceTask {

    private static final long PERIOD_MILLIS = 100;
    private static final int SAMPLES = 16;

    private final CommandRegistry registry;
    private final long[] opsPerSecondSamples = new long[SAMPLES];
    private int nextSample;
    private long lastCommandCount;
    private long lastSampleNanos;
    private volatile long peakUsedMemory;

    public StatsSampler(CommandRegistry registry, @Qualifier("keyspaceThread") ScheduledExecutorService keyspaceThread) {
        super(keyspaceThread, PERIOD_MILLIS);
        this.registry = registry;
    }

    @Override
    protected void beforeFirstRun() {
        lastSampleNanos = System.nanoTime();
    }

    @Override
    protected void runOnce() {
        long now = System.nanoTime();
        long commands = commandsProcessed();
        long elapsedNanos = Math.max(1, now - lastSampleNanos);
        // After CONFIG RESETSTAT the counters go back to 0: count that interval as idle.
        long executed = Math.max(0, commands - lastCommandCount);
        opsPerSecondSamples[nextSample] = executed * TimeUnit.SECONDS.toNanos(1) / elapsedNanos;
        nextSample = (nextSample + 1) % SAMPLES;
        lastCommandCount = commands;
        lastSampleNanos = now;
        usedMemoryObserved(JvmMemory.used());
    }

    /** Commands executed (not rejected) since start or the last CONFIG RESETSTAT. Keyspace thread only. */
    public long commandsProcessed() {
        long total = 0;
        for (CommandSpec command : registry.commands()) {
            total += command.calls();
            for (CommandSpec subcommand : command.subcommands()) {
                total += subcommand.calls();
            }
        }
        return total;
    }

    /** Average commands per second over the recent samples. Keyspace thread only. */
    public long opsPerSecond() {
        long sum = 0;
        for (long sample : opsPerSecondSamples) {
            sum += sample;
        }
        return sum / SAMPLES;
    }

    /** Records a reading of used memory and returns the peak so far. */
    public long usedMemoryObserved(long used) {
        if (used > peakUsedMemory) {
            peakUsedMemory = used;
        }
        return peakUsedMemory;
    }
}
