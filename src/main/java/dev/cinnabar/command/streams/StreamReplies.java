package dev.cinnabar.command.streams;

import dev.cinnabar.protocol.ReplyWriter;
import dev.cinnabar.store.StreamId;
import dev.cinnabar.store.StreamValue;

/** Stream entries as replies: {@code [id, [field, value, ...]]}. */
final class StreamReplies {

    private StreamReplies() {
    }

    static void id(ReplyWriter reply, StreamId id) {
        reply.bulkDashed(id.ms(), id.seq());
    }

    static void entry(ReplyWriter reply, StreamValue.Entry entry) {
        reply.arrayHeader(2);
        id(reply, entry.id());
        reply.arrayHeader(entry.pairCount() * 2);
        entry.forEachFieldAndValue(reply::bulk);
    }

    /**
     * Replies the entries from {@code start} to {@code end}, at most {@code count} (0: all), as
     * an array; returns how many. The array's length comes first, so the range is walked twice.
     */
    static int range(ReplyWriter reply, StreamValue stream, StreamId start, StreamId end, long count,
                     boolean reverse) {
        int[] found = new int[1];
        stream.range(start, end, reverse, entry -> ++found[0] < count || count == 0);
        reply.arrayHeader(found[0]);
        int[] written = new int[1];
        stream.range(start, end, reverse, entry -> {
            entry(reply, entry);
            return ++written[0] < found[0];
        });
        return found[0];
    }
}
