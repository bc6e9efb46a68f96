package dev.cinnabar.replication;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The last {@code repl-backlog-size} bytes of the replication stream, in a ring, so that a
 * replica that lost its link can continue (PSYNC +CONTINUE) instead of syncing everything
 * again. Offsets are Redis's: the stream's first byte is offset 1, and a replica that
 * processed {@code n} bytes asks for offset {@code n + 1}. Keyspace thread only.
 */
final class ReplicationBacklog {

    private byte[] ring;
    /** Where the next byte goes in the ring. */
    private int writeIndex;
    /** Bytes of history held (at most the ring's size). */
    private int historyLength;
    /** Stream offset of the newest byte held: the replication offset. */
    private long endOffset;

    /** @param endOffset the stream offset the backlog starts after (the current replication offset) */
    ReplicationBacklog(long size, long endOffset) {
        this.ring = new byte[(int) Math.min(size, Integer.MAX_VALUE - 8)];
        this.endOffset = endOffset;
    }

    void append(ByteBuf bytes) {
        int length = bytes.readableBytes();
        int from = bytes.readerIndex();
        if (length >= ring.length) {
            from += length - ring.length;
            length = ring.length;
        }
        int first = Math.min(length, ring.length - writeIndex);
        bytes.getBytes(from, ring, writeIndex, first);
        bytes.getBytes(from + first, ring, 0, length - first);
        writeIndex = (writeIndex + length) % ring.length;
        historyLength = Math.min(ring.length, historyLength + length);
        endOffset += bytes.readableBytes();
    }

    /** INFO's {@code repl_backlog_first_byte_offset}. */
    long firstByteOffset() {
        return endOffset - historyLength + 1;
    }

    int historyLength() {
        return historyLength;
    }

    int size() {
        return ring.length;
    }

    /** True if the stream from {@code offset} (first byte wanted) to now is held. */
    boolean covers(long offset) {
        return offset >= firstByteOffset() && offset <= endOffset + 1;
    }

    /** A copy of the stream from {@code offset} to now; {@link #covers} must hold. */
    ByteBuf copyFrom(long offset) {
        int length = (int) (endOffset + 1 - offset);
        int start = Math.floorMod(writeIndex - length, ring.length);
        ByteBuf copy = Unpooled.buffer(length);
        int first = Math.min(length, ring.length - start);
        copy.writeBytes(ring, start, first);
        copy.writeBytes(ring, 0, length - first);
        return copy;
    }

    /** CONFIG SET repl-backlog-size: keeps as much of the newest history as fits. */
    void resize(long size) {
        int newSize = (int) Math.min(size, Integer.MAX_VALUE - 8);
        if (newSize == ring.length) {
            return;
        }
        int kept = Math.min(historyLength, newSize);
        ByteBuf history = copyFrom(endOffset + 1 - kept);
        ring = new byte[newSize];
        history.readBytes(ring, 0, kept);
        writeIndex = kept % newSize;
        historyLength = kept;
    }
}
