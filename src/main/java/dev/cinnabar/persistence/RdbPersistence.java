package dev.cinnabar.persistence;

import dev.cinnabar.command.server.InfoCommand;
import dev.cinnabar.command.sortedsets.SortedSets;
import dev.cinnabar.config.RuntimeConfig;
import dev.cinnabar.net.KeyspaceEventLoop;
import dev.cinnabar.persistence.rdb.RdbLoader;
import dev.cinnabar.persistence.rdb.RdbWriter;
import dev.cinnabar.persistence.rdb.ValueLimits;
import dev.cinnabar.protocol.ErrorReplyException;
import dev.cinnabar.store.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * RDB persistence: loads {@code dir/dbfilename} before the RESP port opens, SAVE and BGSAVE,
 * the {@code save} points, the final save when the server stops, and the INFO persistence
 * figures. Everything but the start-up load and the stop runs on the keyspace thread.
 */
@Component
public class RdbPersistence implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RdbPersistence.class);
    /** Before the RESP listener (phase 0) starts, after it stops. */
    private static final int PHASE = -100;
    /** Redis's CONFIG_BGSAVE_RETRY_DELAY: after a failed BGSAVE, save points wait this long. */
    private static final long RETRY_DELAY_MILLIS = 5000;
    private static final long LOAD_TIMEOUT_MINUTES = 60;

    private final KeyValueStore store;
    private final KeyspaceEventLoop eventLoop;
    private final RuntimeConfig config;
    private final SortedSets sortedSets;
    private volatile boolean running;

    private long lastSaveMillis = System.currentTimeMillis();
    private boolean lastBackgroundSaveOk = true;
    private long lastBackgroundSaveSeconds = -1;
    private long lastBackgroundSaveTryMillis;
    private long saves;
    private BackgroundSave backgroundSave;
    private boolean backgroundSaveScheduled;
    private long lastLoadKeysLoaded;
    private long lastLoadKeysExpired;
    /** Set once SHUTDOWN decided about the final save, so stopping does not save again. */
    private volatile boolean finalSaveDone;

    public RdbPersistence(KeyValueStore store, KeyspaceEventLoop eventLoop, RuntimeConfig config,
                          SortedSets sortedSets) {
        this.store = store;
        this.eventLoop = eventLoop;
        this.config = config;
        this.sortedSets = sortedSets;
    }

    /** dir/dbfilename. */
    public Path rdbFile() {
        return Path.of(config.dir()).resolve(config.get("dbfilename"));
    }

    /** The thresholds values loaded from RDB data are built with. */
    public ValueLimits valueLimits() {
        return new ValueLimits((int) config.longValue("list-max-listpack-size"),
                config.longValue("hash-max-listpack-entries"), config.longValue("hash-max-listpack-value"),
                config.longValue("set-max-intset-entries"), sortedSets.limits());
    }

    // ---- loading ----

    @Override
    public void start() {
        running = true;
        if (config.isEnabled("appendonly")) {
            return; // the append-only file is the source of truth then; its loader reads its RDB base
        }
        Path file = rdbFile();
        long started = System.nanoTime();
        RdbLoader.Result result;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            result = eventLoop.call(() -> load(in, true), LOAD_TIMEOUT_MINUTES, TimeUnit.MINUTES);
        } catch (NoSuchFileException missing) {
            return;
        } catch (Exception e) {
            Throwable cause = e instanceof IllegalStateException && e.getCause() != null ? e.getCause() : e;
            String message = "Fatal error loading the DB (" + file + "): " + cause.getMessage() + ". Exiting.";
            log.error(message);
            throw new RdbLoadException(message, cause);
        }
        log.info("Done loading RDB, keys loaded: {}, keys expired: {}.", result.keysLoaded(), result.keysExpired());
        log.info("DB loaded from disk: {} seconds", String.format("%.3f", (System.nanoTime() - started) / 1e9));
    }

    /**
     * Loads an RDB stream into the store (the keyspace thread only): start-up, an AOF's RDB
     * base, a replica's full sync.
     *
     * @param dropExpired skip keys whose time has passed, as a master does
     */
    public RdbLoader.Result load(InputStream in, boolean dropExpired) throws IOException {
        RdbLoader.Result result = RdbLoader.load(in, store, valueLimits(), store.clock().now(), dropExpired);
        lastLoadKeysLoaded = result.keysLoaded();
        lastLoadKeysExpired = result.keysExpired();
        return result;
    }

    // ---- saving ----

    /** The AUX fields Redis 7.0 writes. */
    public Map<String, String> auxFields(boolean aofBase) {
        Runtime runtime = Runtime.getRuntime();
        Map<String, String> aux = new LinkedHashMap<>();
        aux.put("redis-ver", InfoCommand.REDIS_VERSION);
        aux.put("redis-bits", "64");
        aux.put("ctime", Long.toString(System.currentTimeMillis() / 1000));
        aux.put("used-mem", Long.toString(runtime.totalMemory() - runtime.freeMemory()));
        aux.put("aof-base", aofBase ? "1" : "0");
        return aux;
    }

    /**
     * Writes the whole keyspace as an RDB stream to {@code out} at once, occupying the keyspace
     * thread (SAVE, a replication full sync, an AOF rewrite's base).
     */
    public void writeSnapshot(OutputStream out, boolean aofBase) throws IOException {
        new RdbWriter().writeAll(store, auxFields(aofBase), config.isEnabled("rdbcompression"), out);
    }

    /** SAVE: writes the file now, on the keyspace thread. */
    public void save() throws IOException {
        if (backgroundSave != null) {
            throw new ErrorReplyException("ERR Background save already in progress");
        }
        long changes = store.changesSinceSave();
        try {
            RdbFiles.write(rdbFile(), out -> writeSnapshot(out, false));
        } catch (IOException e) {
            log.warn("Failed saving the DB: {}", e.getMessage());
            throw e;
        }
        store.addChanges(-changes);
        lastSaveMillis = System.currentTimeMillis();
        saves++;
        log.info("DB saved on disk");
    }

    public boolean backgroundSaveInProgress() {
        return backgroundSave != null;
    }

    /** BGSAVE: starts a background save; false if one is running already. */
    public boolean startBackgroundSave() {
        if (backgroundSave != null) {
            return false;
        }
        lastBackgroundSaveTryMillis = System.currentTimeMillis();
        BackgroundSave started = new BackgroundSave(store, eventLoop.loop(), rdbFile(),
                config.isEnabled("rdbcompression"), failure -> backgroundSaveDone(failure));
        backgroundSave = started;
        backgroundSaveScheduled = false;
        started.start(auxFields(false));
        log.info("Background saving started");
        return true;
    }

    /** BGSAVE SCHEDULE while a save runs: another one starts when it ends. */
    public void scheduleBackgroundSave() {
        backgroundSaveScheduled = true;
    }

    private void backgroundSaveDone(Throwable failure) {
        BackgroundSave finished = backgroundSave;
        backgroundSave = null;
        long now = System.currentTimeMillis();
        lastBackgroundSaveSeconds = (now - finished.startedMillis()) / 1000;
        if (failure == null) {
            store.addChanges(-finished.changesAtStart());
            lastSaveMillis = now;
            lastBackgroundSaveOk = true;
            saves++;
            log.info("Background saving terminated with success");
        } else {
            lastBackgroundSaveOk = false;
            log.warn("Background saving error");
        }
    }

    /** The periodic check (Redis's serverCron part): save points and scheduled saves. */
    void checkSavePoints() {
        if (backgroundSave != null) {
            return;
        }
        long now = System.currentTimeMillis();
        if (backgroundSaveScheduled) {
            startBackgroundSave();
            return;
        }
        SavePoints points = SavePoints.parse(config.get("save"));
        boolean retryAllowed = lastBackgroundSaveOk || now - lastBackgroundSaveTryMillis > RETRY_DELAY_MILLIS;
        if (retryAllowed && points.due(store.changesSinceSave(), now - lastSaveMillis)) {
            log.info("{} changes since the last save: saving...", store.changesSinceSave());
            startBackgroundSave();
        }
    }

    public long lastSaveSeconds() {
        return lastSaveMillis / 1000;
    }

    public boolean hasSavePoints() {
        return !SavePoints.parse(config.get("save")).isEmpty();
    }

    /** INFO persistence: the loading and RDB fields, in Redis's order. */
    public void infoFields(BiConsumer<String, Object> field) {
        BackgroundSave running = backgroundSave;
        field.accept("loading", 0);
        field.accept("async_loading", 0);
        field.accept("current_cow_peak", 0);
        field.accept("current_cow_size", 0);
        field.accept("current_cow_size_age", 0);
        field.accept("current_fork_perc", "0.00");
        field.accept("current_save_keys_processed", running == null ? 0 : running.keysWritten());
        field.accept("current_save_keys_total", running == null ? 0 : running.keysTotal());
        field.accept("rdb_changes_since_last_save", store.changesSinceSave());
        field.accept("rdb_bgsave_in_progress", running == null ? 0 : 1);
        field.accept("rdb_last_save_time", lastSaveSeconds());
        field.accept("rdb_last_bgsave_status", lastBackgroundSaveOk ? "ok" : "err");
        field.accept("rdb_last_bgsave_time_sec", lastBackgroundSaveSeconds);
        field.accept("rdb_current_bgsave_time_sec", running == null ? -1
                : (System.currentTimeMillis() - running.startedMillis()) / 1000);
        field.accept("rdb_saves", saves);
        field.accept("rdb_last_cow_size", 0);
        field.accept("rdb_last_load_keys_expired", lastLoadKeysExpired);
        field.accept("rdb_last_load_keys_loaded", lastLoadKeysLoaded);
    }

    // ---- shutting down ----

    /**
     * SHUTDOWN's save (on the keyspace thread): with SAVE, or without NOSAVE when save points
     * are set. Aborts a running background save first, as Redis kills its child.
     *
     * @throws IOException if the save failed (SHUTDOWN then refuses unless FORCE)
     */
    public void saveForShutdown(boolean save, boolean noSave) throws IOException {
        if (backgroundSave != null) {
            log.warn("There is a child saving an .rdb. Killing it!");
            backgroundSave.abort();
            backgroundSave = null;
        }
        if (!noSave && (save || hasSavePoints())) {
            log.info("Saving the final RDB snapshot before exiting.");
            save();
        }
        finalSaveDone = true;
    }

    /** SIGTERM (or the application closing): the final save when save points are set. */
    @Override
    public void stop() {
        running = false;
        if (finalSaveDone) {
            return;
        }
        try {
            eventLoop.call(() -> {
                saveForShutdown(false, false);
                return null;
            }, LOAD_TIMEOUT_MINUTES, TimeUnit.MINUTES);
        } catch (Exception e) {
            log.warn("Error trying to save the DB, can't exit: {}", e.getMessage());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
