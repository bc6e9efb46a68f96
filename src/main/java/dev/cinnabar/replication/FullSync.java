package dev.cinnabar.replication;

import dev.cinnabar.persistence.rdb.Crc64;
import dev.cinnabar.persistence.rdb.RdbBuffer;
import dev.cinnabar.persistence.rdb.RdbFormat;
import dev.cinnabar.persistence.rdb.RdbWriter;
import dev.cinnabar.store.KeyValueStore;
import dev.cinnabar.store.SnapshotScan;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The RDB snapshot one full resync sends, and the replicas waiting for it. The snapshot is
 * taken at {@link #startOffset()}: a small keyspace is serialised at once, a large one with
 * a copy-on-write {@link SnapshotScan} in slices of about {@value #SLICE_MILLIS} ms between
 * which clients are served (the JVM's answer to the fork Redis syncs from). The snapshot is
 * kept in memory, since the length must precede it on the wire ({@code $<len>\r\n}); the
 * stream written meanwhile is kept too and follows the snapshot to every replica. A replica
 * that asks for a full resync while this runs joins it, with the same start offset, as Redis
 * lets a replica join a BGSAVE in progress.
 *
 * <p>A diskless sync (every replica announced {@code capa eof} and {@code repl-diskless-sync}
 * is on) frames the snapshot as Redis streams one to a socket: {@code $EOF:<40 random
 * characters>\r\n}, the snapshot, the same 40 characters. The stream does not follow it: Redis
 * holds it back until the replica's first REPLCONF ACK, so that nothing follows the end mark.
 */
final class FullSync {

    /** Keyspaces up to this many keys are serialised in one go (well under a millisecond per thousand keys). */
    static final long IMMEDIATE_KEYS = 10_000;
    private static final long SLICE_MILLIS = 2;
    private static final int CHUNK_BYTES = 1 << 18;

    private final long startOffset;
    /** The end mark of a diskless transfer, null for one framed by its length. */
    private final byte[] endMark;
    private final List<ReplicaLink> replicas = new ArrayList<>();
    private final CompositeByteBuf streamSinceStart = ByteBufAllocator.DEFAULT.compositeBuffer(Integer.MAX_VALUE);
    private final List<byte[]> snapshot = new ArrayList<>();
    private long snapshotLength;
    private long crc;
    private SnapshotScan scan;
    private RdbBuffer out;
    private boolean[] databaseStarted;
    private int selectedDatabase = -1;
    private boolean finished;

    FullSync(long startOffset, byte[] endMark) {
        this.startOffset = startOffset;
        this.endMark = endMark;
    }

    boolean diskless() {
        return endMark != null;
    }

    long startOffset() {
        return startOffset;
    }

    List<ReplicaLink> replicas() {
        return replicas;
    }

    boolean finished() {
        return finished;
    }

    /** Serialises the whole keyspace now, occupying the keyspace thread (small keyspaces). */
    void takeAtOnce(KeyValueStore store, Map<String, String> auxFields, boolean compression) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            new RdbWriter().writeAll(store, auxFields, compression, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] whole = bytes.toByteArray();
        snapshot.add(whole);
        snapshotLength = whole.length;
        finished = true;
    }

    /**
     * Starts the copy-on-write walk and serialises it in slices on {@code keyspaceThread};
     * {@code onDone} runs there once the snapshot is complete.
     */
    void takeInSlices(KeyValueStore store, Map<String, String> auxFields, boolean compression, EventLoop keyspaceThread,
                      Consumer<FullSync> onDone) {
        out = new RdbBuffer(CHUNK_BYTES * 2, compression);
        databaseStarted = new boolean[store.databaseCount()];
        RdbWriter writer = new RdbWriter();
        RdbWriter.writeHeader(out, auxFields);
        scan = store.startSnapshot((database, key, value, expireAt) -> {
            if (database != selectedDatabase) {
                if (databaseStarted[database]) {
                    out.writeByte(RdbFormat.OPCODE_SELECTDB);
                    out.writeLength(database);
                } else {
                    RdbWriter.writeDatabaseStart(out, database, scan.keysAtStart(database),
                            scan.expiresAtStart(database));
                    databaseStarted[database] = true;
                }
                selectedDatabase = database;
            }
            writer.writeKey(out, key, value, expireAt);
        });
        nextSlice(keyspaceThread, onDone);
    }

    private void slice(EventLoop keyspaceThread, Consumer<FullSync> onDone) {
        if (finished) {
            return;
        }
        boolean done = scan.step(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SLICE_MILLIS));
        if (done) {
            RdbWriter.writeEof(out);
            handOff();
            byte[] checksum = new byte[8];
            for (int i = 0; i < 8; i++) {
                checksum[i] = (byte) (crc >>> (8 * i));
            }
            snapshot.add(checksum);
            snapshotLength += checksum.length;
            out = null;
            finished = true;
            onDone.accept(this);
        } else {
            if (out.size() >= CHUNK_BYTES) {
                handOff();
            }
            nextSlice(keyspaceThread, onDone);
        }
    }

    /**
     * Scheduled rather than queued: the event loop runs every queued task before it looks at
     * its sockets again, a scheduled one only on its next round, so clients are served between slices.
     */
    private void nextSlice(EventLoop keyspaceThread, Consumer<FullSync> onDone) {
        keyspaceThread.schedule(() -> slice(keyspaceThread, onDone), 0, TimeUnit.NANOSECONDS);
    }

    private void handOff() {
        if (out.size() > 0) {
            byte[] chunk = out.toByteArray();
            out.clear();
            crc = Crc64.update(crc, chunk, 0, chunk.length);
            snapshot.add(chunk);
            snapshotLength += chunk.length;
        }
    }

    /** The stream written since the snapshot's point in time: it follows the snapshot. */
    void streamed(ByteBuf bytes) {
        streamSinceStart.addComponent(true, bytes.retainedDuplicate());
    }

    long bufferedStreamBytes() {
        return streamSinceStart.readableBytes();
    }

    /**
     * The snapshot framed by its length ({@code $<len>\r\n<bytes>}, no CRLF after) and followed
     * by the stream since, or (diskless) framed by the end mark, alone.
     */
    ByteBuf payload() {
        CompositeByteBuf payload = ByteBufAllocator.DEFAULT.compositeBuffer(Integer.MAX_VALUE);
        String header = endMark == null ? "$" + snapshotLength : "$EOF:" + new String(endMark, StandardCharsets.US_ASCII);
        payload.addComponent(true, Unpooled.copiedBuffer(header + "\r\n", StandardCharsets.US_ASCII));
        for (byte[] chunk : snapshot) {
            payload.addComponent(true, Unpooled.wrappedBuffer(chunk));
        }
        if (endMark == null) {
            payload.addComponent(true, streamSinceStart.retainedDuplicate());
        } else {
            payload.addComponent(true, Unpooled.wrappedBuffer(endMark));
        }
        return payload;
    }

    /** The stream written since the snapshot's point in time (a retained view). */
    ByteBuf streamSince() {
        return streamSinceStart.retainedDuplicate();
    }

    /** Stops the walk (every replica left) and frees what was kept. */
    void abandon() {
        if (scan != null && !finished) {
            scan.abort();
        }
        finished = true;
        release();
    }

    void release() {
        if (streamSinceStart.refCnt() > 0) {
            streamSinceStart.release();
        }
        snapshot.clear();
    }
}
