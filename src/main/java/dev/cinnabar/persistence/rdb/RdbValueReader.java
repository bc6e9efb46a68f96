package dev.cinnabar.persistence.rdb;

import dev.cinnabar.command.Numbers;
import dev.cinnabar.store.HashValue;
import dev.cinnabar.store.ListValue;
import dev.cinnabar.store.SetValue;
import dev.cinnabar.store.SortedSetValue;
import dev.cinnabar.store.StreamConsumer;
import dev.cinnabar.store.StreamConsumerGroup;
import dev.cinnabar.store.StreamId;
import dev.cinnabar.store.StreamValue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.cinnabar.persistence.rdb.RdbFormat.*;

/**
 * Reads one value of any RDB type Redis 1.0 to 7.4 writes and builds the store's value for
 * it: a {@code byte[]} for a string, a {@link dev.cinnabar.store.TypedValue} otherwise, in
 * the encoding the configured thresholds give.
 */
public final class RdbValueReader {

    private final RdbInput in;
    private final ValueLimits limits;

    public RdbValueReader(RdbInput in, ValueLimits limits) {
        this.in = in;
        this.limits = limits;
    }

    /** True if {@code type} is a value type (as opposed to an opcode). */
    public static boolean isValueType(int type) {
        return (type >= TYPE_STRING && type <= TYPE_MODULE_2) || (type >= TYPE_HASH_ZIPMAP && type <= TYPE_HASH_LISTPACK_EX);
    }

    /**
     * Reads a value of {@code type}; null for an empty collection, which Redis skips on load.
     */
    public Object read(int type) throws IOException {
        long start = in.offset();
        return switch (type) {
            case TYPE_STRING -> in.readString();
            case TYPE_LIST -> list(readStrings(in.readCount()));
            case TYPE_SET -> set(readStrings(in.readCount()));
            case TYPE_ZSET, TYPE_ZSET_2 -> sortedSet(type == TYPE_ZSET_2);
            case TYPE_HASH -> hash(readStrings(in.readCount() * 2L));
            case TYPE_HASH_ZIPMAP -> hash(decode(start, Blob.ZIPMAP));
            case TYPE_LIST_ZIPLIST -> list(decode(start, Blob.ZIPLIST));
            case TYPE_SET_INTSET -> set(decode(start, Blob.INTSET));
            case TYPE_SET_LISTPACK -> set(decode(start, Blob.LISTPACK));
            case TYPE_ZSET_ZIPLIST -> packedSortedSet(start, decode(start, Blob.ZIPLIST));
            case TYPE_ZSET_LISTPACK -> packedSortedSet(start, decode(start, Blob.LISTPACK));
            case TYPE_HASH_ZIPLIST -> pairsHash(start, decode(start, Blob.ZIPLIST));
            case TYPE_HASH_LISTPACK -> pairsHash(start, decode(start, Blob.LISTPACK));
            case TYPE_LIST_QUICKLIST, TYPE_LIST_QUICKLIST_2 -> quicklist(type == TYPE_LIST_QUICKLIST_2);
            case TYPE_STREAM_LISTPACKS, TYPE_STREAM_LISTPACKS_2, TYPE_STREAM_LISTPACKS_3 -> stream(type);
            case TYPE_HASH_METADATA, TYPE_HASH_METADATA_PRE_GA -> hashWithFieldExpiry(type == TYPE_HASH_METADATA);
            case TYPE_HASH_LISTPACK_EX, TYPE_HASH_LISTPACK_EX_PRE_GA -> packedHashWithFieldExpiry(
                    type == TYPE_HASH_LISTPACK_EX);
            case TYPE_MODULE_PRE_GA, TYPE_MODULE_2 -> throw new RdbFormatException(start - 1,
                    "the data holds a module value (type " + type + "); Cinnabar has no modules and cannot load it");
            default -> throw new RdbFormatException(start - 1, "unknown value type " + type);
        };
    }

    private enum Blob { ZIPLIST, LISTPACK, INTSET, ZIPMAP }

    private List<byte[]> decode(long start, Blob kind) throws IOException {
        return decodeBlob(start, in.readString(), kind);
    }

    private static List<byte[]> decodeBlob(long start, byte[] blob, Blob kind) throws RdbFormatException {
        try {
            return switch (kind) {
                case ZIPLIST -> PackedEncodings.ziplist(blob);
                case LISTPACK -> PackedEncodings.listpack(blob);
                case INTSET -> PackedEncodings.intset(blob);
                case ZIPMAP -> PackedEncodings.zipmap(blob);
            };
        } catch (IllegalArgumentException e) {
            throw new RdbFormatException(start, "invalid " + kind.name().toLowerCase() + ": " + e.getMessage());
        }
    }

    private byte[][] readStrings(long count) throws IOException {
        if (count > Integer.MAX_VALUE - 8) {
            throw in.corrupt("collection of " + count + " elements is too large");
        }
        byte[][] strings = new byte[(int) count][];
        for (int i = 0; i < count; i++) {
            strings[i] = in.readString();
        }
        return strings;
    }

    private ListValue list(byte[][] elements) {
        return list(List.of(elements));
    }

    private ListValue list(List<byte[]> elements) {
        if (elements.isEmpty()) {
            return null;
        }
        ListValue list = new ListValue(limits.listFill());
        for (byte[] element : elements) {
            list.pushLast(element);
        }
        return list;
    }

    private SetValue set(byte[][] members) {
        return set(List.of(members));
    }

    private SetValue set(List<byte[]> members) {
        if (members.isEmpty()) {
            return null;
        }
        SetValue set = SetValue.empty();
        for (byte[] member : members) {
            set.add(member, limits.setMaxIntsetEntries());
        }
        return set;
    }

    private SortedSetValue sortedSet(boolean binaryScores) throws IOException {
        int count = in.readCount();
        if (count == 0) {
            return null;
        }
        SortedSetValue set = new SortedSetValue(limits.sortedSets());
        for (int i = 0; i < count; i++) {
            byte[] member = in.readString();
            long at = in.offset();
            double score = binaryScores ? in.readBinaryDouble() : in.readTextDouble();
            if (Double.isNaN(score)) {
                throw new RdbFormatException(at, "sorted set score is NaN");
            }
            set.put(member, score);
        }
        return set;
    }

    private SortedSetValue packedSortedSet(long start, List<byte[]> pairs) throws RdbFormatException {
        if (pairs.size() % 2 != 0) {
            throw new RdbFormatException(start, "sorted set with a member without score");
        }
        if (pairs.isEmpty()) {
            return null;
        }
        SortedSetValue set = new SortedSetValue(limits.sortedSets());
        for (int i = 0; i < pairs.size(); i += 2) {
            Double score = Numbers.parseDouble(pairs.get(i + 1));
            if (score == null) {
                throw new RdbFormatException(start, "invalid sorted set score '"
                        + new String(pairs.get(i + 1), StandardCharsets.UTF_8) + "'");
            }
            set.put(pairs.get(i), score);
        }
        return set;
    }

    private HashValue hash(byte[][] fieldsAndValues) {
        return hash(List.of(fieldsAndValues));
    }

    private HashValue hash(List<byte[]> fieldsAndValues) {
        if (fieldsAndValues.isEmpty()) {
            return null;
        }
        HashValue hash = new HashValue();
        for (int i = 0; i < fieldsAndValues.size(); i += 2) {
            hash.put(fieldsAndValues.get(i), fieldsAndValues.get(i + 1), limits.hashMaxEntries(), limits.hashMaxValue());
        }
        return hash;
    }

    private HashValue pairsHash(long start, List<byte[]> pairs) throws RdbFormatException {
        if (pairs.size() % 2 != 0) {
            throw new RdbFormatException(start, "hash with a field without value");
        }
        return hash(pairs);
    }

    /** Redis 7.4 hashes with field expiry: the fields are kept, their times to live dropped (we have none). */
    private HashValue hashWithFieldExpiry(boolean relativeTtls) throws IOException {
        if (relativeTtls) {
            in.readInt64LittleEndian();
        }
        int count = in.readCount();
        byte[][] pairs = new byte[count * 2][];
        for (int i = 0; i < count; i++) {
            in.readLength();
            pairs[2 * i] = in.readString();
            pairs[2 * i + 1] = in.readString();
        }
        return hash(pairs);
    }

    private HashValue packedHashWithFieldExpiry(boolean withMinimumExpiry) throws IOException {
        if (withMinimumExpiry) {
            in.readInt64LittleEndian();
        }
        long start = in.offset();
        List<byte[]> triples = decode(start, Blob.LISTPACK);
        if (triples.size() % 3 != 0) {
            throw new RdbFormatException(start, "hash listpack with field expiry is not made of triples");
        }
        HashValue hash = new HashValue();
        for (int i = 0; i < triples.size(); i += 3) {
            hash.put(triples.get(i), triples.get(i + 1), limits.hashMaxEntries(), limits.hashMaxValue());
        }
        return triples.isEmpty() ? null : hash;
    }

    private ListValue quicklist(boolean version2) throws IOException {
        int nodes = in.readCount();
        ListValue list = new ListValue(limits.listFill());
        for (int n = 0; n < nodes; n++) {
            int container = version2 ? in.readCount() : QUICKLIST_NODE_PACKED;
            long start = in.offset();
            if (container == QUICKLIST_NODE_PLAIN) {
                list.pushLast(in.readString());
                continue;
            }
            if (container != QUICKLIST_NODE_PACKED) {
                throw new RdbFormatException(start, "unknown quicklist node container " + container);
            }
            for (byte[] element : decode(start, version2 ? Blob.LISTPACK : Blob.ZIPLIST)) {
                list.pushLast(element);
            }
        }
        return list.isEmpty() ? null : list;
    }

    private StreamValue stream(int type) throws IOException {
        StreamValue stream = new StreamValue();
        int listpacks = in.readCount();
        for (int i = 0; i < listpacks; i++) {
            long keyAt = in.offset();
            byte[] nodeKey = in.readString();
            if (nodeKey.length != 16) {
                throw new RdbFormatException(keyAt, "stream node key is not the size of a stream ID");
            }
            long start = in.offset();
            List<byte[]> elements = decode(start, Blob.LISTPACK);
            if (elements.isEmpty()) {
                throw new RdbFormatException(start, "empty listpack inside stream");
            }
            try {
                appendStreamEntries(stream, rawId(nodeKey, 0), elements);
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw new RdbFormatException(start, "invalid stream listpack: " + e.getMessage());
            }
        }
        in.readLength();
        StreamId lastId = new StreamId(in.readLength(), in.readLength());
        stream.setLastId(lastId);
        if (type >= TYPE_STREAM_LISTPACKS_2) {
            stream.setFirstId(new StreamId(in.readLength(), in.readLength()));
            stream.setMaxDeletedId(new StreamId(in.readLength(), in.readLength()));
            stream.setEntriesAdded(in.readLength());
        } else {
            stream.setEntriesAdded(stream.length());
        }
        int groups = in.readCount();
        for (int g = 0; g < groups; g++) {
            readGroup(stream, type);
        }
        return stream;
    }

    private void readGroup(StreamValue stream, int type) throws IOException {
        long start = in.offset();
        byte[] name = in.readString();
        StreamId lastDelivered = new StreamId(in.readLength(), in.readLength());
        long entriesRead = type >= TYPE_STREAM_LISTPACKS_2 ? in.readLength() : stream.entriesAddedUpTo(lastDelivered);
        StreamConsumerGroup group = stream.createGroup(name, lastDelivered, entriesRead);
        if (group == null) {
            throw new RdbFormatException(start, "duplicated consumer group name");
        }
        int pendingCount = in.readCount();
        Map<StreamId, long[]> unowned = new HashMap<>();
        for (int i = 0; i < pendingCount; i++) {
            StreamId id = rawId(in.readBytes(16), 0);
            long deliveryTime = in.readInt64LittleEndian();
            long deliveryCount = in.readLength();
            if (unowned.put(id, new long[] {deliveryTime, deliveryCount}) != null) {
                throw in.corrupt("duplicated entry in a consumer group's pending entries list");
            }
        }
        int consumers = in.readCount();
        for (int c = 0; c < consumers; c++) {
            long consumerAt = in.offset();
            byte[] consumerName = in.readString();
            long seenTime = in.readInt64LittleEndian();
            if (type >= TYPE_STREAM_LISTPACKS_3) {
                in.readInt64LittleEndian();
            }
            if (group.hasConsumer(consumerName)) {
                throw new RdbFormatException(consumerAt, "duplicate stream consumer");
            }
            StreamConsumer consumer = group.consumerOrCreate(consumerName, seenTime);
            int owned = in.readCount();
            for (int i = 0; i < owned; i++) {
                StreamId id = rawId(in.readBytes(16), 0);
                long[] delivery = unowned.remove(id);
                if (delivery == null) {
                    throw in.corrupt("consumer's pending entry not found in the group's pending entries list");
                }
                group.restorePending(id, consumer, delivery[0], delivery[1]);
            }
        }
        if (!unowned.isEmpty()) {
            throw in.corrupt("pending entry without a consumer in group '" + new String(name, StandardCharsets.UTF_8)
                    + "'");
        }
    }

    /** Appends the live entries of one stream listpack (master entry, then the entries). */
    private static void appendStreamEntries(StreamValue stream, StreamId master, List<byte[]> elements) {
        int p = 0;
        p++; // live count
        p++; // deleted count
        int masterFieldCount = (int) number(elements.get(p++));
        byte[][] masterFields = new byte[masterFieldCount][];
        for (int i = 0; i < masterFieldCount; i++) {
            masterFields[i] = elements.get(p++);
        }
        if (number(elements.get(p++)) != 0) {
            throw new IllegalArgumentException("master entry not terminated by 0");
        }
        while (p < elements.size()) {
            int flags = (int) number(elements.get(p++));
            long ms = master.ms() + number(elements.get(p++));
            long seq = master.seq() + number(elements.get(p++));
            boolean sameFields = (flags & STREAM_ITEM_SAME_FIELDS) != 0;
            int fieldCount = sameFields ? masterFieldCount : (int) number(elements.get(p++));
            byte[][] fieldsAndValues = new byte[fieldCount * 2][];
            for (int i = 0; i < fieldCount; i++) {
                fieldsAndValues[2 * i] = sameFields ? masterFields[i] : elements.get(p++);
                fieldsAndValues[2 * i + 1] = elements.get(p++);
            }
            p++; // lp-count
            if ((flags & STREAM_ITEM_DELETED) == 0) {
                StreamId id = new StreamId(ms, seq);
                if (stream.length() > 0 && id.compareTo(stream.lastId()) <= 0) {
                    throw new IllegalArgumentException("stream entry IDs are not increasing");
                }
                stream.append(id, fieldCount, i -> fieldsAndValues[i]);
            }
        }
    }

    private static long number(byte[] text) {
        Long value = Numbers.parseLong(text);
        if (value == null) {
            throw new IllegalArgumentException("integer expected, found '" + new String(text, StandardCharsets.UTF_8)
                    + "'");
        }
        return value;
    }

    /** A stream ID stored as 16 big-endian bytes. */
    static StreamId rawId(byte[] bytes, int offset) {
        long ms = 0;
        long seq = 0;
        for (int i = 0; i < 8; i++) {
            ms = (ms << 8) | (bytes[offset + i] & 0xff);
            seq = (seq << 8) | (bytes[offset + 8 + i] & 0xff);
        }
        return new StreamId(ms, seq);
    }
}
