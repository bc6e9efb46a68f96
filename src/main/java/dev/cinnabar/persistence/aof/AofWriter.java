package dev.cinnabar.persistence.aof;

import io.netty.buffer.ByteBuf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

/**
 * The thread that writes the AOF, so that the keyspace thread never waits for the disk. The
 * keyspace thread hands it the bytes one event-loop batch appended; it writes everything
 * queued with one gathering write and, with {@code appendfsync always}, forces it to the
 * disk and reports the position now durable (group commit: writes that arrive during an
 * fsync share the next one). With {@code everysec} it forces once a second; with {@code no},
 * never. Under those two policies the keyspace thread writes its batch itself when nothing is
 * queued ({@link #writeDirectly}), as Redis does: a write into the page cache costs less than
 * waking this thread.
 */
final class AofWriter {

    private static final Logger log = LoggerFactory.getLogger(AofWriter.class);
    private static final long EVERYSEC_MILLIS = 1000;
    private static final long RETRY_MILLIS = 1000;

    /** Bytes ending at {@code end} (the running appended position), or a task to run in order. */
    private record Chunk(ByteBuf data, long end, Runnable task) {
    }

    private final BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
    /** Chunks and tasks queued and not yet done: while there are any, nobody else may write. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongConsumer durable;
    private final Runnable fatalWriteError;
    private final Thread thread;
    private volatile FsyncPolicy policy;
    private volatile boolean lastWriteOk = true;
    private volatile long pendingFsyncBytes;
    private volatile FileChannel file;
    private volatile long writtenEnd;
    private long syncedEnd;
    private long lastFsyncMillis = System.currentTimeMillis();
    private boolean stopped;

    /**
     * @param durable         told (on this thread) each position known to be on disk
     * @param fatalWriteError run when a write fails while every write must be durable
     */
    AofWriter(FileChannel file, long position, FsyncPolicy policy, LongConsumer durable, Runnable fatalWriteError) {
        this.file = file;
        this.writtenEnd = position;
        this.syncedEnd = position;
        this.policy = policy;
        this.durable = durable;
        this.fatalWriteError = fatalWriteError;
        this.thread = new Thread(this::run, "cinnabar-aof-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues bytes that end at appended position {@code end}; takes ownership of {@code data}. */
    void append(ByteBuf data, long end) {
        enqueue(new Chunk(data, end, null));
    }

    private void enqueue(Chunk chunk) {
        inFlight.incrementAndGet();
        queue.add(chunk);
    }

    /**
     * Writes {@code data} (ending at {@code end}) on the calling thread if nothing is queued
     * before it, else queues it; takes ownership of {@code data}. Never forces.
     */
    void writeDirectly(ByteBuf data, long end) {
        if (inFlight.get() != 0) {
            append(data, end);
            return;
        }
        try {
            while (data.isReadable()) {
                data.skipBytes(file.write(data.nioBuffer()));
            }
            data.release();
            writtenEnd = end;
            pendingFsyncBytes = end - syncedEnd;
        } catch (IOException e) {
            lastWriteOk = false;
            log.warn("Error writing to the AOF file: {}; retrying in the background", e.getMessage());
            append(data, end);
        }
    }

    void policy(FsyncPolicy policy) {
        this.policy = policy;
    }

    boolean lastWriteOk() {
        return lastWriteOk;
    }

    /** Bytes written but not yet forced to disk (INFO's aof_pending_bio_fsync, roughly). */
    boolean fsyncPending() {
        return pendingFsyncBytes > 0;
    }

    /** Forces everything queued so far to the disk, whatever the policy. */
    void forceNow() {
        enqueue(new Chunk(null, 0, this::force));
    }

    /** Writes and forces everything queued, closes the file and ends the thread. */
    CompletableFuture<Void> close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        enqueue(new Chunk(null, 0, () -> {
            force();
            closeQuietly(file);
            stopped = true;
            done.complete(null);
        }));
        return done;
    }

    private void run() {
        List<Chunk> batch = new ArrayList<>();
        while (!stopped) {
            try {
                Chunk first = queue.poll(pollMillis(), TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch);
                    process(batch);
                    batch.clear();
                }
                if (policy == FsyncPolicy.EVERYSEC && syncedEnd < writtenEnd
                        && System.currentTimeMillis() - lastFsyncMillis >= EVERYSEC_MILLIS) {
                    force();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("The AOF writer failed", e);
            }
        }
    }

    private long pollMillis() {
        if (policy != FsyncPolicy.EVERYSEC || syncedEnd == writtenEnd) {
            return EVERYSEC_MILLIS;
        }
        return Math.max(1, EVERYSEC_MILLIS - (System.currentTimeMillis() - lastFsyncMillis));
    }

    private void process(List<Chunk> batch) throws InterruptedException {
        int start = 0;
        while (start < batch.size()) {
            int end = start;
            while (end < batch.size() && batch.get(end).task() == null) {
                end++;
            }
            if (end > start) {
                write(batch.subList(start, end));
                if (policy == FsyncPolicy.ALWAYS) {
                    force();
                }
                inFlight.addAndGet(start - end);
            }
            if (end < batch.size()) {
                batch.get(end).task().run();
                inFlight.decrementAndGet();
                end++;
            }
            start = end;
        }
    }

    /** One gathering write of the chunks, retried while the disk refuses it. */
    private void write(List<Chunk> chunks) throws InterruptedException {
        List<ByteBuffer> buffers = new ArrayList<>();
        for (Chunk chunk : chunks) {
            for (ByteBuffer buffer : chunk.data().nioBuffers()) {
                buffers.add(buffer);
            }
        }
        ByteBuffer[] array = buffers.toArray(ByteBuffer[]::new);
        try {
            while (true) {
                try {
                    while (hasRemaining(array)) {
                        file.write(array);
                    }
                    lastWriteOk = true;
                    break;
                } catch (IOException e) {
                    lastWriteOk = false;
                    if (policy == FsyncPolicy.ALWAYS) {
                        log.error("Can't recover from AOF write error when the AOF fsync policy is 'always': {}. "
                                + "Exiting...", e.getMessage());
                        fatalWriteError.run();
                        return;
                    }
                    log.warn("Error writing to the AOF file: {}; retrying in a second", e.getMessage());
                    Thread.sleep(RETRY_MILLIS);
                }
            }
        } finally {
            for (Chunk chunk : chunks) {
                chunk.data().release();
            }
        }
        writtenEnd = chunks.get(chunks.size() - 1).end();
        pendingFsyncBytes = writtenEnd - syncedEnd;
    }

    private static boolean hasRemaining(ByteBuffer[] buffers) {
        for (ByteBuffer buffer : buffers) {
            if (buffer.hasRemaining()) {
                return true;
            }
        }
        return false;
    }

    private void force() {
        if (syncedEnd == writtenEnd) {
            return;
        }
        long end = writtenEnd;
        try {
            file.force(false);
            syncedEnd = end;
            pendingFsyncBytes = 0;
            lastFsyncMillis = System.currentTimeMillis();
            durable.accept(syncedEnd);
        } catch (IOException e) {
            lastWriteOk = false;
            log.error("Can't fsync the AOF file: {}", e.getMessage());
            if (policy == FsyncPolicy.ALWAYS) {
                fatalWriteError.run();
            }
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            log.warn("Error closing an AOF file: {}", e.getMessage());
        }
    }
}
