package dev.cinnabar.store;

import java.util.Arrays;
import java.util.Collection;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * A stream, laid out like Redis's: entries packed into blocks of bytes (Redis's listpacks),
 * the blocks kept in ID order in an array searched by binary search (Redis's radix tree).
 * A block holds up to {@value #BLOCK_MAX_ENTRIES} entries or about {@value #BLOCK_MAX_BYTES}
 * bytes, Redis's stream-node-max-entries and stream-node-max-bytes defaults, so appending is
 * O(1), seeking an ID is O(log n), and an entry costs little more than its bytes.
 *
 * <p>An entry is a flag byte (live or deleted), its ID as the distance from the block's
 * first ID (milliseconds, then the sequence: relative when the milliseconds are the same,
 * absolute otherwise), its number of field/value pairs, then each field and value as a
 * length-prefixed byte string; every number is an unsigned base-128 varint. Deleting marks
 * the flag; a block whose entries are all deleted goes away. An empty stream stays: Redis
 * keeps it, with its last ID and its consumer groups.
 */
public final class StreamValue implements TypedValue {

    static final int BLOCK_MAX_ENTRIES = 100;
    static final int BLOCK_MAX_BYTES = 4096;
    private static final byte LIVE = 0;
    private static final byte DELETED = 1;
    private static final long STREAM_OBJECT_BYTES = 96;
    private static final long BLOCK_OBJECT_BYTES = 56;
    private static final int FIRST_BLOCK_BYTES = 64;

    /** Receives one field or value as a slice of a block; the slice is valid only during the call. */
    @FunctionalInterface
    public interface ElementConsumer {
        void accept(byte[] bytes, int offset, int length);
    }

    /** Visits entries in order; returns false to stop. */
    @FunctionalInterface
    public interface EntryVisitor {
        boolean visit(Entry entry);
    }

    /** A view of one entry during a visit: reused, valid only during the call. */
    public static final class Entry {
        private long ms;
        private long seq;
        private byte[] data;
        private int pairsOffset;

        public long ms() {
            return ms;
        }

        public long seq() {
            return seq;
        }

        public StreamId id() {
            return new StreamId(ms, seq);
        }

        /** The number of field/value pairs. */
        public int pairCount() {
            return (int) readVarint(data, pairsOffset);
        }

        /** Each field and value, alternately. */
        public void forEachFieldAndValue(ElementConsumer consumer) {
            int pos = pairsOffset;
            long pairs = readVarint(data, pos);
            pos += varintSize(pairs);
            for (long i = 0; i < pairs * 2; i++) {
                int length = (int) readVarint(data, pos);
                pos += varintSize(length);
                consumer.accept(data, pos, length);
                pos += length;
            }
        }
    }

    private static final class Block {
        final long firstMs;
        final long firstSeq;
        long lastMs;
        long lastSeq;
        byte[] data;
        int used;
        int live;
        int total;

        Block(long firstMs, long firstSeq, int capacity) {
            this.firstMs = firstMs;
            this.firstSeq = firstSeq;
            this.data = new byte[capacity];
        }

        void trimToSize() {
            if (data.length - used > used >>> 3) {
                data = Arrays.copyOf(data, used);
            }
        }

        Block copy() {
            Block copy = new Block(firstMs, firstSeq, 0);
            copy.lastMs = lastMs;
            copy.lastSeq = lastSeq;
            copy.data = Arrays.copyOf(data, used);
            copy.used = used;
            copy.live = live;
            copy.total = total;
            return copy;
        }

        /** Decodes the entry at {@code pos} into {@code entry}; returns the offset after it. */
        int decode(int pos, Entry entry) {
            int p = pos + 1;
            long msDelta = readVarint(data, p);
            p += varintSize(msDelta);
            long seqPart = readVarint(data, p);
            p += varintSize(seqPart);
            entry.ms = firstMs + msDelta;
            entry.seq = msDelta == 0 ? firstSeq + seqPart : seqPart;
            entry.data = data;
            entry.pairsOffset = p;
            long pairs = readVarint(data, p);
            p += varintSize(pairs);
            for (long i = 0; i < pairs * 2; i++) {
                int length = (int) readVarint(data, p);
                p += varintSize(length) + length;
            }
            return p;
        }

        /** The offsets of every entry, deleted ones included, in order. */
        int[] offsets() {
            int[] offsets = new int[total];
            Entry scratch = new Entry();
            int pos = 0;
            for (int i = 0; i < total; i++) {
                offsets[i] = pos;
                pos = decode(pos, scratch);
            }
            return offsets;
        }
    }

    private Block[] blocks = new Block[4];
    private int blockCount;
    private long length;
    private long lastMs;
    private long lastSeq;
    private StreamId firstId = StreamId.MIN;
    private StreamId maxDeletedId = StreamId.MIN;
    private long entriesAdded;
    private TreeMap<byte[], StreamConsumerGroup> groups;

    @Override
    public ValueType type() {
        return ValueType.STREAM;
    }

    @Override
    public String encoding() {
        return "stream";
    }

    public long length() {
        return length;
    }

    public StreamId lastId() {
        return new StreamId(lastMs, lastSeq);
    }

    /** The first entry's ID as Redis records it (XINFO's recorded-first-entry-id). */
    public StreamId firstId() {
        return firstId;
    }

    public StreamId maxDeletedId() {
        return maxDeletedId;
    }

    public long entriesAdded() {
        return entriesAdded;
    }

    /** The blocks, what Redis reports as radix-tree-keys. */
    public int blockCount() {
        return blockCount;
    }

    /** XSETID: the caller checked that no entry is above {@code lastId}. */
    public void setLastId(StreamId lastId) {
        this.lastMs = lastId.ms();
        this.lastSeq = lastId.seq();
    }

    public void setEntriesAdded(long entriesAdded) {
        this.entriesAdded = entriesAdded;
    }

    public void setMaxDeletedId(StreamId maxDeletedId) {
        this.maxDeletedId = maxDeletedId;
    }

    /**
     * Appends an entry with {@code id}, which the caller made greater than {@link #lastId()};
     * its fields and values are {@code fieldOrValue(0 .. 2 * pairs - 1)}.
     */
    public void append(StreamId id, int pairs, IntFunction<byte[]> fieldOrValue) {
        Block tail = blockCount == 0 ? null : blocks[blockCount - 1];
        if (tail == null || tail.total >= BLOCK_MAX_ENTRIES || tail.used >= BLOCK_MAX_BYTES) {
            // A full block is not appended to again: it keeps no spare room, and the next one
            // starts at its size, since a stream's entries tend to look alike.
            int capacity = FIRST_BLOCK_BYTES;
            if (tail != null) {
                tail.trimToSize();
                capacity = Math.max(capacity, tail.used);
            }
            tail = new Block(id.ms(), id.seq(), capacity);
            if (blockCount == blocks.length) {
                blocks = Arrays.copyOf(blocks, blockCount * 2);
            }
            blocks[blockCount++] = tail;
        }
        long msDelta = id.ms() - tail.firstMs;
        long seqPart = msDelta == 0 ? id.seq() - tail.firstSeq : id.seq();
        int size = 1 + varintSize(msDelta) + varintSize(seqPart) + varintSize(pairs);
        for (int i = 0; i < pairs * 2; i++) {
            int valueLength = fieldOrValue.apply(i).length;
            size += varintSize(valueLength) + valueLength;
        }
        if (tail.used + size > tail.data.length) {
            tail.data = Arrays.copyOf(tail.data, Math.max(tail.used + size, Math.min(tail.data.length * 2,
                    BLOCK_MAX_BYTES + size)));
        }
        byte[] data = tail.data;
        int pos = tail.used;
        data[pos++] = LIVE;
        pos = writeVarint(data, pos, msDelta);
        pos = writeVarint(data, pos, seqPart);
        pos = writeVarint(data, pos, pairs);
        for (int i = 0; i < pairs * 2; i++) {
            byte[] value = fieldOrValue.apply(i);
            pos = writeVarint(data, pos, value.length);
            System.arraycopy(value, 0, data, pos, value.length);
            pos += value.length;
        }
        tail.used = pos;
        tail.total++;
        tail.live++;
        tail.lastMs = id.ms();
        tail.lastSeq = id.seq();
        if (length == 0) {
            firstId = id;
        }
        length++;
        entriesAdded++;
        lastMs = id.ms();
        lastSeq = id.seq();
    }

    /** Visits the live entries from {@code start} to {@code end} (inclusive), forwards or backwards. */
    public void range(StreamId start, StreamId end, boolean reverse, EntryVisitor visitor) {
        if (start.compareTo(end) > 0 || blockCount == 0) {
            return;
        }
        Entry entry = new Entry();
        if (!reverse) {
            for (int b = Math.max(0, blockAtOrBefore(start)); b < blockCount; b++) {
                Block block = blocks[b];
                if (StreamId.compare(block.firstMs, block.firstSeq, end.ms(), end.seq()) > 0) {
                    return;
                }
                int pos = 0;
                while (pos < block.used) {
                    boolean live = block.data[pos] == LIVE;
                    pos = block.decode(pos, entry);
                    if (!live || StreamId.compare(entry.ms, entry.seq, start.ms(), start.seq()) < 0) {
                        continue;
                    }
                    if (StreamId.compare(entry.ms, entry.seq, end.ms(), end.seq()) > 0 || !visitor.visit(entry)) {
                        return;
                    }
                }
            }
        } else {
            for (int b = blockAtOrBefore(end); b >= 0; b--) {
                Block block = blocks[b];
                if (StreamId.compare(block.lastMs, block.lastSeq, start.ms(), start.seq()) < 0) {
                    return;
                }
                int[] offsets = block.offsets();
                for (int i = offsets.length - 1; i >= 0; i--) {
                    if (block.data[offsets[i]] != LIVE) {
                        continue;
                    }
                    block.decode(offsets[i], entry);
                    if (StreamId.compare(entry.ms, entry.seq, end.ms(), end.seq()) > 0) {
                        continue;
                    }
                    if (StreamId.compare(entry.ms, entry.seq, start.ms(), start.seq()) < 0 || !visitor.visit(entry)) {
                        return;
                    }
                }
            }
        }
    }

    /** The first live entry at or after {@code from}, or null. */
    public StreamId firstEntryFrom(StreamId from) {
        StreamId[] found = new StreamId[1];
        range(from, StreamId.MAX, false, entry -> {
            found[0] = entry.id();
            return false;
        });
        return found[0];
    }

    /** The last live entry's ID, or null if the stream is empty. */
    public StreamId lastEntryId() {
        StreamId[] found = new StreamId[1];
        range(StreamId.MIN, StreamId.MAX, true, entry -> {
            found[0] = entry.id();
            return false;
        });
        return found[0];
    }

    public boolean contains(StreamId id) {
        return id.equals(firstEntryFrom(id));
    }

    /** XDEL of one ID: true if a live entry had it. */
    public boolean delete(StreamId id) {
        int b = blockAtOrBefore(id);
        if (b < 0) {
            return false;
        }
        Block block = blocks[b];
        Entry entry = new Entry();
        int pos = 0;
        while (pos < block.used) {
            int entryStart = pos;
            pos = block.decode(pos, entry);
            if (entry.ms == id.ms() && entry.seq == id.seq()) {
                if (block.data[entryStart] != LIVE) {
                    return false;
                }
                block.data[entryStart] = DELETED;
                block.live--;
                length--;
                if (block.live == 0) {
                    removeBlocks(b, 1);
                }
                if (id.compareTo(maxDeletedId) > 0) {
                    maxDeletedId = id;
                }
                if (id.equals(firstId)) {
                    recordFirstId();
                }
                return true;
            }
        }
        return false;
    }

    /**
     * MAXLEN trimming: removes the oldest entries until at most {@code maxLength} remain.
     * Approximate trimming removes only whole blocks, at most {@code limit} entries (0: no
     * limit), as Redis does. Returns the number removed.
     */
    public long trimToLength(long maxLength, boolean approximate, long limit) {
        long removed = 0;
        while (length > maxLength && blockCount > 0) {
            Block head = blocks[0];
            if (length - head.live >= maxLength) {
                if (limit > 0 && removed + head.live > limit) {
                    break;
                }
                removed += head.live;
                length -= head.live;
                removeBlocks(0, 1);
                continue;
            }
            if (approximate) {
                break;
            }
            removed += deleteFromHead(head, length - maxLength, null);
            break;
        }
        if (removed > 0) {
            recordFirstId();
        }
        return removed;
    }

    /**
     * MINID trimming: removes the entries below {@code minId}; approximate trimming removes only
     * whole blocks, at most {@code limit} entries (0: no limit). Returns the number removed.
     */
    public long trimBefore(StreamId minId, boolean approximate, long limit) {
        long removed = 0;
        while (blockCount > 0) {
            Block head = blocks[0];
            if (StreamId.compare(head.lastMs, head.lastSeq, minId.ms(), minId.seq()) < 0) {
                if (limit > 0 && removed + head.live > limit) {
                    break;
                }
                removed += head.live;
                length -= head.live;
                removeBlocks(0, 1);
                continue;
            }
            if (!approximate) {
                removed += deleteFromHead(head, Long.MAX_VALUE, minId);
            }
            break;
        }
        if (removed > 0) {
            recordFirstId();
        }
        return removed;
    }

    /** Marks up to {@code count} live entries of the head block below {@code below} (if given) deleted. */
    private long deleteFromHead(Block head, long count, StreamId below) {
        Entry entry = new Entry();
        long deleted = 0;
        int pos = 0;
        while (pos < head.used && deleted < count) {
            int entryStart = pos;
            pos = head.decode(pos, entry);
            if (below != null && StreamId.compare(entry.ms, entry.seq, below.ms(), below.seq()) >= 0) {
                break;
            }
            if (head.data[entryStart] == LIVE) {
                head.data[entryStart] = DELETED;
                head.live--;
                deleted++;
            }
        }
        length -= deleted;
        if (head.live == 0) {
            removeBlocks(0, 1);
        }
        return deleted;
    }

    private void recordFirstId() {
        StreamId first = length == 0 ? null : firstEntryFrom(StreamId.MIN);
        firstId = first == null ? StreamId.MIN : first;
    }

    private void removeBlocks(int from, int count) {
        System.arraycopy(blocks, from + count, blocks, from, blockCount - from - count);
        blockCount -= count;
        Arrays.fill(blocks, blockCount, blockCount + count, null);
    }

    /** The index of the last block whose first ID is at or below {@code id}, -1 if none. */
    private int blockAtOrBefore(StreamId id) {
        int low = 0;
        int high = blockCount - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            Block block = blocks[mid];
            if (StreamId.compare(block.firstMs, block.firstSeq, id.ms(), id.seq()) <= 0) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found;
    }

    // ---- consumer groups ----

    public StreamConsumerGroup group(byte[] name) {
        return groups == null ? null : groups.get(name);
    }

    /** The groups in name order, as Redis lists them. */
    public Collection<StreamConsumerGroup> groups() {
        return groups == null ? java.util.List.of() : groups.values();
    }

    public int groupCount() {
        return groups == null ? 0 : groups.size();
    }

    /** Creates a group; null if one of that name exists. */
    public StreamConsumerGroup createGroup(byte[] name, StreamId lastDelivered, long entriesRead) {
        if (groups == null) {
            groups = new TreeMap<>(Arrays::compareUnsigned);
        }
        if (groups.containsKey(name)) {
            return null;
        }
        StreamConsumerGroup group = new StreamConsumerGroup(name, lastDelivered, entriesRead);
        groups.put(name, group);
        return group;
    }

    public boolean destroyGroup(byte[] name) {
        return groups != null && groups.remove(name) != null;
    }

    // ---- entries-read and lag, as Redis estimates them ----

    /** Whether an entry between {@code start} and the end was deleted (Redis's tombstones). */
    public boolean hasTombstonesFrom(StreamId start) {
        if (length == 0 || maxDeletedId.isZero() || firstId.compareTo(maxDeletedId) > 0) {
            return false;
        }
        return start.compareTo(maxDeletedId) <= 0;
    }

    /** How many entries were added up to {@code id}, or -1 when that cannot be known. */
    public long entriesAddedUpTo(StreamId id) {
        if (entriesAdded == 0) {
            return 0;
        }
        int toLast = id.compareTo(lastId());
        if (length == 0 && toLast < 1) {
            return entriesAdded;
        }
        if (toLast == 0) {
            return entriesAdded;
        } else if (toLast > 0) {
            return StreamConsumerGroup.UNKNOWN_ENTRIES_READ;
        }
        int toFirst = id.compareTo(firstId);
        if (maxDeletedId.isZero() || maxDeletedId.compareTo(firstId) < 0) {
            if (toFirst < 0) {
                return entriesAdded - length;
            } else if (toFirst == 0) {
                return entriesAdded - length + 1;
            }
        }
        return StreamConsumerGroup.UNKNOWN_ENTRIES_READ;
    }

    /** The number of entries the group has yet to read, or null when Redis cannot tell. */
    public Long lag(StreamConsumerGroup group) {
        if (entriesAdded == 0) {
            return 0L;
        }
        if (group.entriesRead() != StreamConsumerGroup.UNKNOWN_ENTRIES_READ
                && !hasTombstonesFrom(group.lastDelivered())) {
            return entriesAdded - group.entriesRead();
        }
        long read = entriesAddedUpTo(group.lastDelivered());
        return read == StreamConsumerGroup.UNKNOWN_ENTRIES_READ ? null : entriesAdded - read;
    }

    @Override
    public StreamValue copy() {
        StreamValue copy = new StreamValue();
        copy.blocks = new Block[Math.max(4, blockCount)];
        for (int i = 0; i < blockCount; i++) {
            copy.blocks[i] = blocks[i].copy();
        }
        copy.blockCount = blockCount;
        copy.length = length;
        copy.lastMs = lastMs;
        copy.lastSeq = lastSeq;
        copy.firstId = firstId;
        copy.maxDeletedId = maxDeletedId;
        copy.entriesAdded = entriesAdded;
        if (groups != null) {
            copy.groups = new TreeMap<>(Arrays::compareUnsigned);
            groups.forEach((name, group) -> copy.groups.put(name, group.copy()));
        }
        return copy;
    }

    @Override
    public long memoryUsage() {
        long bytes = STREAM_OBJECT_BYTES;
        for (int i = 0; i < blockCount; i++) {
            bytes += BLOCK_OBJECT_BYTES + blocks[i].data.length;
        }
        for (StreamConsumerGroup group : groups()) {
            bytes += group.memoryUsage();
        }
        return bytes;
    }

    // ---- varints ----

    static int varintSize(long value) {
        int size = 1;
        while ((value & ~0x7FL) != 0) {
            value >>>= 7;
            size++;
        }
        return size;
    }

    private static int writeVarint(byte[] data, int pos, long value) {
        while ((value & ~0x7FL) != 0) {
            data[pos++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        data[pos++] = (byte) value;
        return pos;
    }

    private static long readVarint(byte[] data, int pos) {
        long value = 0;
        int shift = 0;
        while (true) {
            byte b = data[pos++];
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
            shift += 7;
        }
    }
}
