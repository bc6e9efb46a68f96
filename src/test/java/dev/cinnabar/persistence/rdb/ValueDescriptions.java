package dev.cinnabar.persistence.rdb;

import dev.cinnabar.store.Database;
import dev.cinnabar.store.HashValue;
import dev.cinnabar.store.KeyValueStore;
import dev.cinnabar.store.ListValue;
import dev.cinnabar.store.SetValue;
import dev.cinnabar.store.SortedSetValue;
import dev.cinnabar.store.StreamConsumer;
import dev.cinnabar.store.StreamConsumerGroup;
import dev.cinnabar.store.StreamPendingEntry;
import dev.cinnabar.store.StreamId;
import dev.cinnabar.store.StreamValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Values and whole keyspaces as text, for comparing what was saved with what was loaded. */
final class ValueDescriptions {

    private ValueDescriptions() {
    }

    /** "db:key" → description (with the expiry time), for every key of every database. */
    static Map<String, String> keyspace(KeyValueStore store) {
        Map<String, String> keys = new TreeMap<>();
        for (int i = 0; i < store.databaseCount(); i++) {
            Database db = store.database(i);
            int index = i;
            db.forEachLive(entry -> keys.put(index + ":" + text(entry.key()),
                    describe(entry.value()) + (entry.expireAt() == -1 ? "" : " expires " + entry.expireAt())));
        }
        return keys;
    }

    static String describe(Object value) {
        if (value instanceof byte[] string) {
            return "string " + text(string);
        }
        if (value instanceof ListValue list) {
            List<String> elements = new ArrayList<>();
            list.range(0, list.size(), (bytes, offset, length) -> elements.add(text(bytes, offset, length)));
            return "list " + elements;
        }
        if (value instanceof SetValue set) {
            List<String> members = new ArrayList<>();
            for (int i = 0; i < set.size(); i++) {
                members.add(text(set.member(i)));
            }
            members.sort(null);
            return "set(" + set.encoding() + ") " + members;
        }
        if (value instanceof SortedSetValue zset) {
            List<String> entries = new ArrayList<>();
            zset.visit(0, false, (member, offset, length, score) -> entries.add(text(member, offset, length) + "=" + score));
            return "zset(" + zset.encoding() + ") " + entries;
        }
        if (value instanceof HashValue hash) {
            Map<String, String> fields = new TreeMap<>();
            for (int p = hash.first(); p >= 0; p = hash.next(p)) {
                fields.put(text(hash.field(p)), text(hash.value(p)));
            }
            return "hash(" + hash.encoding() + ") " + fields;
        }
        if (value instanceof StreamValue stream) {
            StringBuilder text = new StringBuilder("stream length=").append(stream.length())
                    .append(" last=").append(stream.lastId()).append(" first=").append(stream.firstId())
                    .append(" maxDeleted=").append(stream.maxDeletedId()).append(" added=")
                    .append(stream.entriesAdded()).append(" entries=[");
            stream.range(StreamId.MIN, StreamId.MAX, false, entry -> {
                List<String> parts = new ArrayList<>();
                entry.forEachFieldAndValue((bytes, offset, length) -> parts.add(text(bytes, offset, length)));
                text.append(entry.id()).append(parts).append(' ');
                return true;
            });
            text.append("] groups=[");
            for (StreamConsumerGroup group : stream.groups()) {
                text.append(text(group.name())).append(" last=").append(group.lastDelivered()).append(" read=")
                        .append(group.entriesRead()).append(" pending=");
                for (StreamPendingEntry pending : group.pending().values()) {
                    text.append(pending.id()).append('@').append(text(pending.consumer().name())).append('/')
                            .append(pending.deliveryTime()).append('/').append(pending.deliveryCount()).append(' ');
                }
                text.append("consumers=");
                for (StreamConsumer consumer : group.consumers()) {
                    text.append(text(consumer.name())).append('/').append(consumer.seenTime())
                            .append(consumer.pending().keySet()).append(' ');
                }
            }
            return text.append(']').toString();
        }
        throw new IllegalArgumentException(String.valueOf(value));
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    static String text(byte[] bytes, int offset, int length) {
        return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }
}
