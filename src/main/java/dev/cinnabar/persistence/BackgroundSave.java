package dev.cinnabar.persistence;

import dev.cinnabar.persistence.rdb.RdbBuffer;
import dev.cinnabar.persistence.rdb.RdbFormat;
import dev.cinnabar.persistence.rdb.RdbWriter;
import dev.cinnabar.store.KeyValueStore;
import dev.cinnabar.store.SnapshotScan;
import io.netty.channel.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One BGSAVE: a point-in-time snapshot ({@link SnapshotScan}) serialised on the keyspace
 * thread in slices of about {@value #SLICE_MICROS} µs between which clients are served, and
 * a writer thread that does all the file I/O (write, checksum, fsync, rename), so the
 * keyspace thread never waits for the disk.
 *
 * <p>Keys reach the output in walk order, except that a write to a key the walk has not
 * reached yet serialises that key first, wherever it is: a SELECTDB opcode then switches to
 * its database and back, which Redis's loader (and ours) accept anywhere.
 */
final class BackgroundSave {

    private static final Logger log = LoggerFactory.getLogger(BackgroundSave.class);
    private static final long SLICE_MICROS = 500;
    private static final int HANDOFF_BYTES = 1 << 18;
    /** Serialised bytes the writer may lag behind by before the walk pauses for it. */
    private static final long MAX_QUEUED_BYTES = 64L << 20;
    private static final byte[] END = new byte[0];
    private static final byte[] ABORT = new byte[0];

    private final KeyValueStore store;
    private final EventLoop keyspaceThread;
    private final Path target;
    private final RdbWriter writer = new RdbWriter();
    private final RdbBuffer out;
    private final Consumer<Throwable> onDone;
    private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final long startedMillis = System.currentTimeMillis();
    private final long changesAtStart;
    private final boolean[] resized;
    private SnapshotScan scan;
    private int selectedDatabase = -1;
    private long keysWritten;
    private volatile boolean aborted;

    /**
     * @param onDone called on the keyspace thread when the file is in place (null) or the
     *               save failed (the cause); not called after {@link #abort}
     */
    BackgroundSave(KeyValueStore store, EventLoop keyspaceThread, Path target, boolean compression,
                   Consumer<Throwable> onDone) {
        this.store = store;
        this.keyspaceThread = keyspaceThread;
        this.target = target;
        this.out = new RdbBuffer(HANDOFF_BYTES * 2, compression);
        this.onDone = onDone;
        this.changesAtStart = store.changesSinceSave();
        this.resized = new boolean[store.databaseCount()];
    }

    long startedMillis() {
        return startedMillis;
    }

    long changesAtStart() {
        return changesAtStart;
    }

    long keysWritten() {
        return keysWritten;
    }

    long keysTotal() {
        long total = 0;
        for (int i = 0; i < store.databaseCount(); i++) {
            total += scan.keysAtStart(i);
        }
        return total;
    }

    /** Takes the snapshot's point in time now and starts the walk and the writer; on the keyspace thread. */
    void start(Map<String, String> auxFields) {
        RdbWriter.writeHeader(out, auxFields);
        scan = store.startSnapshot(this::writeKey);
        Path temp = RdbFiles.tempFileFor(target);
        Thread fileWriter = new Thread(() -> writeFile(temp), "cinnabar-bgsave");
        fileWriter.setDaemon(true);
        fileWriter.start();
        nextSlice();
    }

    /**
     * Schedules the next slice rather than queueing it: the event loop runs every queued task
     * before it looks at its sockets again, but a scheduled task only on its next round, so
     * the clients' requests are served between two slices.
     */
    private void nextSlice() {
        keyspaceThread.schedule(this::slice, 0, TimeUnit.NANOSECONDS);
    }

    private void writeKey(int database, byte[] key, Object value, long expireAt) {
        if (database != selectedDatabase) {
            if (resized[database]) {
                out.writeByte(RdbFormat.OPCODE_SELECTDB);
                out.writeLength(database);
            } else {
                RdbWriter.writeDatabaseStart(out, database, scan.keysAtStart(database), scan.expiresAtStart(database));
                resized[database] = true;
            }
            selectedDatabase = database;
        }
        writer.writeKey(out, key, value, expireAt);
        keysWritten++;
    }

    private void slice() {
        if (aborted) {
            return;
        }
        if (queuedBytes.get() > MAX_QUEUED_BYTES) {
            keyspaceThread.schedule(this::slice, 1, TimeUnit.MILLISECONDS);
            return;
        }
        boolean done;
        try {
            done = scan.step(System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(SLICE_MICROS));
        } catch (RuntimeException e) {
            log.error("Background saving failed while serialising", e);
            abort();
            onDone.accept(e);
            return;
        }
        if (done) {
            RdbWriter.writeEof(out);
            handOff();
            chunks.add(END);
        } else {
            if (out.size() >= HANDOFF_BYTES) {
                handOff();
            }
            nextSlice();
        }
    }

    private void handOff() {
        if (out.size() > 0) {
            byte[] chunk = out.toByteArray();
            out.clear();
            queuedBytes.addAndGet(chunk.length);
            chunks.add(chunk);
        }
    }

    /** Stops the save and removes its temporary file; on the keyspace thread. */
    void abort() {
        if (!aborted) {
            aborted = true;
            scan.abort();
            chunks.add(ABORT);
        }
    }

    private void writeFile(Path temp) {
        Throwable failure = null;
        boolean complete = false;
        try (FileOutputStream file = new FileOutputStream(temp.toFile());
             RdbWriter.ChecksummedOutput checksummed = new RdbWriter.ChecksummedOutput(
                     new BufferedOutputStream(file, 1 << 20))) {
            while (true) {
                byte[] chunk = chunks.take();
                if (chunk == ABORT) {
                    break;
                }
                if (chunk == END) {
                    checksummed.writeChecksum();
                    checksummed.flush();
                    file.getChannel().force(true);
                    complete = true;
                    break;
                }
                checksummed.write(chunk, 0, chunk.length);
                queuedBytes.addAndGet(-chunk.length);
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = e;
        }
        try {
            if (complete && failure == null) {
                RdbFiles.commit(temp, target);
            } else {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            failure = e;
        }
        if (failure != null && !aborted) {
            log.warn("Background saving error: {}", failure.toString());
        }
        Throwable result = failure;
        keyspaceThread.execute(() -> {
            if (aborted) {
                return;
            }
            if (result != null) {
                aborted = true;
                scan.abort();
            }
            onDone.accept(result);
        });
    }
}
