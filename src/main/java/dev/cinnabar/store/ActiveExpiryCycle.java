package dev.cinnabar.store;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes expired keys that nobody touches, as Redis's active expiry does: ten times a
 * second it samples keys with a time to live in each database and deletes the expired
 * ones, repeating while more than a tenth of a sample was expired, within a time budget
 * so that a mass expiry never stalls the clients sharing the keyspace thread.
 */
@Component
public class ActiveExpiryCycle extends PeriodicKeyspaceTask {

    static final int SAMPLES_PER_ROUND = 20;
    static final int ACCEPTABLE_STALE_PERCENT = 10;
    private static final long PERIOD_MILLIS = 100;
    private static final long BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(25);

    private final KeyValueStore store;

    public ActiveExpiryCycle(KeyValueStore store, @Qualifier("keyspaceThread") ScheduledExecutorService keyspaceThread) {
        super(keyspaceThread, PERIOD_MILLIS);
        this.store = store;
    }

    @Override
    protected void runOnce() {
        long deadline = System.nanoTime() + BUDGET_NANOS;
        for (int i = 0; i < store.databaseCount(); i++) {
            Database database = store.database(i);
            int expired;
            do {
                expired = database.expireSample(SAMPLES_PER_ROUND);
            } while (expired * 100 > SAMPLES_PER_ROUND * ACCEPTABLE_STALE_PERCENT
                    && System.nanoTime() < deadline);
            if (System.nanoTime() >= deadline) {
                return;
            }
        }
    }
}
