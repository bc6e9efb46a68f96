package dev.cinnabar.persistence.rdb;

import dev.cinnabar.command.sortedsets.Scores;
import dev.cinnabar.store.HashValue;
import dev.cinnabar.store.ListValue;
import dev.cinnabar.store.SetValue;
import dev.cinnabar.store.SortedSetValue;
import dev.cinnabar.store.StreamConsumer;
import dev.cinnabar.store.StreamConsumerGroup;
import dev.cinnabar.store.StreamId;
import dev.cinnabar.store.StreamPendingEntry;
import dev.cinnabar.store.StreamValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.cinnabar.persistence.rdb.RdbFormat.*;

/**
 * Writes values in the types and encodings Redis 7.0 writes (RDB version 10), so that Redis
 * 7.0 and later load them: quicklists of listpacks, intsets, listpack or plain hashes and
 * sorted sets (binary scores), streams as listpacks with consumer groups.
 */
public final class RdbValueWriter {

    /** Redis 7.0's defaults for list nodes and stream nodes. */
    private static final int LIST_NODE_MAX_BYTES = 8192;
    private static final int STREAM_NODE_MAX_ENTRIES = 100;
    private static final int STREAM_NODE_MAX_BYTES = 4096;

    private final ListpackBuilder listpack = new ListpackBuilder();

    /** Writes the type byte and the value. */
    public void write(RdbBuffer out, Object value) {
        out.writeByte(type(value));
        writeBody(out, value);
    }

    /** The RDB type {@code value} is written as. */
    public static int type(Object value) {
        if (value instanceof byte[]) {
            return TYPE_STRING;
        } else if (value instanceof ListValue) {
            return TYPE_LIST_QUICKLIST_2;
        } else if (value instanceof SetValue set) {
            return set.encoding().equals("intset") ? TYPE_SET_INTSET : TYPE_SET;
        } else if (value instanceof SortedSetValue sortedSet) {
            return sortedSet.isPacked() ? TYPE_ZSET_LISTPACK : TYPE_ZSET_2;
        } else if (value instanceof HashValue hash) {
            return hash.isPacked() ? TYPE_HASH_LISTPACK : TYPE_HASH;
        } else if (value instanceof StreamValue) {
            return TYPE_STREAM_LISTPACKS_2;
        }
        throw new IllegalArgumentException("No RDB encoding for " + value.getClass().getName());
    }

    /** The value without its type byte. */
    public void writeBody(RdbBuffer out, Object value) {
        if (value instanceof byte[] string) {
            out.writeString(string);
        } else if (value instanceof ListValue list) {
            writeList(out, list);
        } else if (value instanceof SetValue set) {
            writeSet(out, set);
        } else if (value instanceof SortedSetValue sortedSet) {
            writeSortedSet(out, sortedSet);
        } else if (value instanceof HashValue hash) {
            writeHash(out, hash);
        } else if (value instanceof StreamValue stream) {
            writeStream(out, stream);
        } else {
            throw new IllegalArgumentException("No RDB encoding for " + value.getClass().getName());
        }
    }

    private void writeList(RdbBuffer out, ListValue list) {
        RdbBuffer nodes = new RdbBuffer(256, out.compression());
        int[] nodeCount = {0};
        listpack.reset();
        list.range(0, list.size(), (bytes, offset, length) -> {
            if (listpack.count() > 0 && listpack.byteSize() + length + 11 > LIST_NODE_MAX_BYTES) {
                nodes.writeLength(QUICKLIST_NODE_PACKED);
                listpack.writeTo(nodes);
                nodeCount[0]++;
                listpack.reset();
            }
            listpack.appendString(bytes, offset, length);
        });
        if (listpack.count() > 0) {
            nodes.writeLength(QUICKLIST_NODE_PACKED);
            listpack.writeTo(nodes);
            nodeCount[0]++;
        }
        out.writeLength(nodeCount[0]);
        out.writeBytes(nodes.array(), 0, nodes.size());
    }

    private void writeSet(RdbBuffer out, SetValue set) {
        int size = set.size();
        if (set.encoding().equals("intset")) {
            long[] members = new long[size];
            long min = 0;
            long max = 0;
            for (int i = 0; i < size; i++) {
                members[i] = Long.parseLong(new String(set.member(i), StandardCharsets.US_ASCII));
                min = Math.min(min, members[i]);
                max = Math.max(max, members[i]);
            }
            Arrays.sort(members);
            int width = (min >= Short.MIN_VALUE && max <= Short.MAX_VALUE) ? 2
                    : (min >= Integer.MIN_VALUE && max <= Integer.MAX_VALUE) ? 4 : 8;
            byte[] blob = new byte[8 + size * width];
            putLittleEndian(blob, 0, width, 4);
            putLittleEndian(blob, 4, size, 4);
            for (int i = 0; i < size; i++) {
                putLittleEndian(blob, 8 + i * width, members[i], width);
            }
            out.writeString(blob);
            return;
        }
        out.writeLength(size);
        for (int i = 0; i < size; i++) {
            out.writeString(set.member(i));
        }
    }

    private static void putLittleEndian(byte[] blob, int offset, long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            blob[offset + i] = (byte) (value >>> (8 * i));
        }
    }

    private void writeSortedSet(RdbBuffer out, SortedSetValue set) {
        if (set.isEmpty()) {
            throw new IllegalStateException("empty sorted set in the keyspace");
        }
        if (set.isPacked()) {
            listpack.reset();
            set.visit(0, false, (member, offset, length, score) -> {
                listpack.appendString(member, offset, length);
                listpack.appendString(Scores.formatPacked(score).getBytes(StandardCharsets.US_ASCII));
                return true;
            });
            listpack.writeTo(out);
            return;
        }
        out.writeLength(set.size());
        // Highest first, as Redis writes them, so that loading inserts each at the head.
        set.visit(set.size() - 1, true, (member, offset, length, score) -> {
            out.writeString(member, offset, length);
            out.writeBinaryDouble(score);
            return true;
        });
    }

    private void writeHash(RdbBuffer out, HashValue hash) {
        if (hash.isPacked()) {
            listpack.reset();
            for (int position = hash.first(); position >= 0; position = hash.next(position)) {
                listpack.appendString(hash.fieldArray(position), hash.fieldOffset(position), hash.fieldLength(position));
                listpack.appendString(hash.valueArray(position), hash.valueOffset(position), hash.valueLength(position));
            }
            listpack.writeTo(out);
            return;
        }
        out.writeLength(hash.size());
        for (int position = hash.first(); position >= 0; position = hash.next(position)) {
            out.writeString(hash.fieldArray(position), hash.fieldOffset(position), hash.fieldLength(position));
            out.writeString(hash.valueArray(position), hash.valueOffset(position), hash.valueLength(position));
        }
    }

    /** One stream node being filled: its master entry's ID and fields, and the listpack. */
    private final class StreamNode {
        final RdbBuffer nodes;
        int nodeCount;
        StreamId master;
        byte[][] masterFields;
        int entries;
        /** The entries after the master entry, appended once the node is complete. */
        final ListpackBuilder body = new ListpackBuilder();

        StreamNode(boolean compression) {
            nodes = new RdbBuffer(256, compression);
        }

        void add(StreamId id, byte[][] fieldsAndValues) {
            if (master != null && (entries >= STREAM_NODE_MAX_ENTRIES || body.byteSize() >= STREAM_NODE_MAX_BYTES)) {
                flush();
            }
            int fieldCount = fieldsAndValues.length / 2;
            if (master == null) {
                master = id;
                masterFields = new byte[fieldCount][];
                for (int i = 0; i < fieldCount; i++) {
                    masterFields[i] = fieldsAndValues[2 * i];
                }
                body.reset();
                entries = 0;
            }
            boolean sameFields = fieldCount == masterFields.length;
            for (int i = 0; sameFields && i < fieldCount; i++) {
                sameFields = Arrays.equals(masterFields[i], fieldsAndValues[2 * i]);
            }
            body.appendInteger(sameFields ? STREAM_ITEM_SAME_FIELDS : 0);
            body.appendInteger(id.ms() - master.ms());
            body.appendInteger(id.seq() - master.seq());
            if (!sameFields) {
                body.appendInteger(fieldCount);
            }
            for (int i = 0; i < fieldCount; i++) {
                if (!sameFields) {
                    body.appendString(fieldsAndValues[2 * i]);
                }
                body.appendString(fieldsAndValues[2 * i + 1]);
            }
            body.appendInteger(fieldCount + 3 + (sameFields ? 0 : fieldCount + 1));
            entries++;
        }

        void flush() {
            if (master == null) {
                return;
            }
            byte[] key = new byte[16];
            putBigEndian(key, 0, master.ms());
            putBigEndian(key, 8, master.seq());
            nodes.writeString(key);
            listpack.reset();
            listpack.appendInteger(entries);
            listpack.appendInteger(0);
            listpack.appendInteger(masterFields.length);
            for (byte[] field : masterFields) {
                listpack.appendString(field);
            }
            listpack.appendInteger(0);
            listpack.appendBuilt(body);
            listpack.writeTo(nodes);
            nodeCount++;
            master = null;
        }
    }

    private void writeStream(RdbBuffer out, StreamValue stream) {
        StreamNode node = new StreamNode(out.compression());
        stream.range(StreamId.MIN, StreamId.MAX, false, entry -> {
            List<byte[]> parts = new ArrayList<>(entry.pairCount() * 2);
            entry.forEachFieldAndValue((bytes, offset, length) -> parts.add(Arrays.copyOfRange(bytes, offset,
                    offset + length)));
            node.add(entry.id(), parts.toArray(new byte[0][]));
            return true;
        });
        node.flush();
        out.writeLength(node.nodeCount);
        out.writeBytes(node.nodes.array(), 0, node.nodes.size());
        out.writeLength(stream.length());
        writeId(out, stream.lastId());
        writeId(out, stream.firstId());
        writeId(out, stream.maxDeletedId());
        out.writeLength(stream.entriesAdded());
        out.writeLength(stream.groupCount());
        for (StreamConsumerGroup group : stream.groups()) {
            out.writeString(group.name());
            writeId(out, group.lastDelivered());
            out.writeLength(group.entriesRead());
            out.writeLength(group.pending().size());
            for (StreamPendingEntry pending : group.pending().values()) {
                writeRawId(out, pending.id());
                out.writeInt64LittleEndian(pending.deliveryTime());
                out.writeLength(pending.deliveryCount());
            }
            out.writeLength(group.consumers().size());
            for (StreamConsumer consumer : group.consumers()) {
                out.writeString(consumer.name());
                out.writeInt64LittleEndian(consumer.seenTime());
                out.writeLength(consumer.pending().size());
                for (StreamId id : consumer.pending().keySet()) {
                    writeRawId(out, id);
                }
            }
        }
    }

    private static void writeId(RdbBuffer out, StreamId id) {
        out.writeLength(id.ms());
        out.writeLength(id.seq());
    }

    private static void writeRawId(RdbBuffer out, StreamId id) {
        byte[] raw = new byte[16];
        putBigEndian(raw, 0, id.ms());
        putBigEndian(raw, 8, id.seq());
        out.writeBytes(raw);
    }

    private static void putBigEndian(byte[] bytes, int offset, long value) {
        for (int i = 0; i < 8; i++) {
            bytes[offset + i] = (byte) (value >>> (56 - 8 * i));
        }
    }
}
