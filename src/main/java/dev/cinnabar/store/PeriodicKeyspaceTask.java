package dev.cinnabar.store;

import org.springframework.context.SmartLifecycle;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Background work that runs at a fixed rate on the keyspace thread (Redis's cron jobs:
 * active expiry, statistics sampling, ...), started and stopped with the application.
 * Running on that thread is what lets the task read and change the keyspace without locks.
 */
public abstract class PeriodicKeyspaceTask implements SmartLifecycle {

    private final ScheduledExecutorService keyspaceThread;
    private final long periodMillis;
    private volatile ScheduledFuture<?> schedule;

    protected PeriodicKeyspaceTask(ScheduledExecutorService keyspaceThread, long periodMillis) {
        this.keyspaceThread = keyspaceThread;
        this.periodMillis = periodMillis;
    }

    /** One run, on the keyspace thread. */
    protected abstract void runOnce();

    /** Called on the calling thread just before the first run is scheduled. */
    protected void beforeFirstRun() {
    }

    @Override
    public void start() {
        beforeFirstRun();
        schedule = keyspaceThread.scheduleAtFixedRate(this::runOnce, periodMillis, periodMillis,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledFuture<?> running = schedule;
        if (running != null) {
            running.cancel(false);
            schedule = null;
        }
    }

    @Override
    public boolean isRunning() {
        return schedule != null;
    }
}
