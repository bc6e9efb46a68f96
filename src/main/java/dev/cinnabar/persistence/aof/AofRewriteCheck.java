package dev.cinnabar.persistence.aof;

import dev.cinnabar.store.PeriodicKeyspaceTask;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import java.util.concurrent.ScheduledExecutorService;

/** Starts scheduled and automatic AOF rewrites, checking ten times a second as Redis's serverCron does. */
@Component
class AofRewriteCheck extends PeriodicKeyspaceTask {

    private static final long PERIOD_MILLIS = 100;

    private final AppendOnlyFile appendOnlyFile;

    AofRewriteCheck(@Qualifier("keyspaceThread") ScheduledExecutorService keyspaceThread,
                    AppendOnlyFile appendOnlyFile) {
        super(keyspaceThread, PERIOD_MILLIS);
        this.appendOnlyFile = appendOnlyFile;
    }

    @Override
    protected void runOnce() {
        appendOnlyFile.checkRewrite();
    }
}
