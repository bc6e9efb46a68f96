package dev.cinnabar.persistence;

import dev.cinnabar.store.PeriodicKeyspaceTask;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import java.util.concurrent.ScheduledExecutorService;

/** Checks the save points ten times a second, as Redis's serverCron does at its default hz. */
@Component
class SavePointCheck extends PeriodicKeyspaceTask {

    private static final long PERIOD_MILLIS = 100;

    private final RdbPersistence persistence;

    SavePointCheck(@Qualifier("keyspaceThread") ScheduledExecutorService keyspaceThread, RdbPersistence persistence) {
        super(keyspaceThread, PERIOD_MILLIS);
        this.persistence = persistence;
    }

    @Override
    protected void runOnce() {
        persistence.checkSavePoints();
    }
}
