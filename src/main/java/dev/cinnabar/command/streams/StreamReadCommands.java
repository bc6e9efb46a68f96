package dev.cinnabar.command.streams;

import dev.cinnabar.blocking.BlockedClients;
import dev.cinnabar.blocking.BlockedCommand;
import dev.cinnabar.blocking.BlockingTimeout;
import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandFamily;
import dev.cinnabar.command.RedisCommand;
import dev.cinnabar.protocol.ErrorReplyException;
import dev.cinnabar.protocol.ReplyWriter;
import dev.cinnabar.store.StreamConsumer;
import dev.cinnabar.store.StreamConsumerGroup;
import dev.cinnabar.store.StreamId;
import dev.cinnabar.store.StreamPendingEntry;
import dev.cinnabar.store.StreamValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.cinnabar.command.CommandFlag.BLOCKING;
import static dev.cinnabar.command.CommandFlag.MOVABLE_KEYS;
import static dev.cinnabar.command.CommandFlag.READONLY;
import static dev.cinnabar.command.CommandFlag.WRITE;

/**
 * XREAD and XREADGROUP: read what is there, or block until an entry arrives (like Redis's
 * xreadCommand and serveClientsBlockedOnStreamKey). A consumer group read records what it
 * delivered in the group's PEL and propagates that as Redis does: an XCLAIM per delivered
 * entry, or for NOACK the group's new last ID with XGROUP SETID.
 */
@CommandFamily("stream")
public class StreamReadCommands {

    private static final byte[] XCLAIM = bytes("XCLAIM");
    private static final byte[] XGROUP = bytes("XGROUP");
    private static final byte[] SETID = bytes("SETID");
    private static final byte[] CREATECONSUMER = bytes("CREATECONSUMER");
    private static final byte[] ENTRIESREAD = bytes("ENTRIESREAD");
    private static final byte[] ZERO = bytes("0");
    private static final byte[] TIME = bytes("TIME");
    private static final byte[] RETRYCOUNT = bytes("RETRYCOUNT");
    private static final byte[] FORCE = bytes("FORCE");
    private static final byte[] JUSTID = bytes("JUSTID");
    private static final byte[] LASTID = bytes("LASTID");
    private static final String DELETED_STREAM = "UNBLOCKED the stream key no longer exists";
    private static final String DESTROYED_GROUP = "NOGROUP the consumer group this client was blocked on no longer exists";

    private final BlockedClients blockedClients;

    public StreamReadCommands(BlockedClients blockedClients) {
        this.blockedClients = blockedClients;
    }

    /** What one XREAD / XREADGROUP asks for. */
    private static final class ReadRequest {
        boolean blocking;
        long timeoutMillis;
        long count;
        byte[] group;
        byte[] consumer;
        boolean noAck;
        int streamsFrom;
        int streamCount;
        /** Per stream: read after this ID; null for ">". */
        StreamId[] after;
    }

    @RedisCommand(name = "xread", arity = -4, flags = {READONLY, BLOCKING, MOVABLE_KEYS},
            keySpecFlags = {"RO", "access"},
            summary = "Return never seen elements in multiple streams, with IDs greater than the ones reported by the "
                    + "caller for each stream. Can block.", since = "5.0.0",
            complexity = "For each stream mentioned: O(N) with N being the number of elements being returned, it "
                    + "means that XREAD-ing with a fixed COUNT is O(1). Note that when the BLOCK option is used, "
                    + "XADD will pay O(M) time in order to serve the M clients blocked on the stream getting new data.")
    public void xread(CommandContext ctx) {
        read(ctx, false);
    }

    @RedisCommand(name = "xreadgroup", arity = -7, flags = {WRITE, BLOCKING, MOVABLE_KEYS},
            keySpecFlags = {"RO", "access"},
            summary = "Return new entries from a stream using a consumer group, or access the history of the pending "
                    + "entries for a given consumer. Can block.", since = "5.0.0",
            complexity = "For each stream mentioned: O(M) with M being the number of elements returned. If M is "
                    + "constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1). "
                    + "On the other side when XREADGROUP blocks, XADD will pay the O(N) time in order to serve the N "
                    + "clients blocked on the stream getting new data.")
    public void xreadgroup(CommandContext ctx) {
        read(ctx, true);
    }

    private void read(CommandContext ctx, boolean withGroup) {
        ReadRequest request = parse(ctx, withGroup);
        int streams = request.streamCount;
        StreamValue[] values = new StreamValue[streams];
        StreamConsumerGroup[] groups = new StreamConsumerGroup[streams];
        for (int i = 0; i < streams; i++) {
            byte[] key = ctx.arg(request.streamsFrom + i);
            byte[] idArg = ctx.arg(request.streamsFrom + streams + i);
            values[i] = Streams.toRead(ctx.db(), key);
            if (withGroup) {
                groups[i] = values[i] == null ? null : values[i].group(request.group);
                if (groups[i] == null) {
                    throw new ErrorReplyException("NOGROUP No such key '" + text(key) + "' or consumer group '"
                            + text(request.group) + "' in XREADGROUP with GROUP option");
                }
            }
            if (StreamIds.isWord(idArg, '$')) {
                if (withGroup) {
                    throw new ErrorReplyException("ERR The $ ID is meaningless in the context of XREADGROUP: you want "
                            + "to read the history of this consumer by specifying a proper ID, or use the > ID to get "
                            + "new messages. The $ ID would just return an empty result set.");
                }
                request.after[i] = values[i] == null ? StreamId.MIN : values[i].lastId();
            } else if (StreamIds.isWord(idArg, '>')) {
                if (!withGroup) {
                    throw new ErrorReplyException("ERR The > ID can be specified only when calling XREADGROUP using "
                            + "the GROUP <group> <consumer> option.");
                }
                request.after[i] = null;
            } else {
                request.after[i] = StreamIds.parseStrict(idArg, 0);
            }
        }
        List<Integer> served = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            if (values[i] != null && (withGroup && request.after[i] != null
                    || hasEntryAfter(values[i], withGroup ? groups[i].lastDelivered() : request.after[i]))) {
                served.add(i);
            }
        }
        ReplyWriter reply = ctx.reply();
        if (!served.isEmpty()) {
            reply.arrayHeader(served.size());
            for (int i : served) {
                byte[] key = ctx.arg(request.streamsFrom + i);
                if (!withGroup) {
                    reply.arrayHeader(2);
                    reply.bulk(key);
                    StreamReplies.range(reply, values[i], request.after[i].next(), StreamId.MAX, request.count, false);
                } else if (request.after[i] != null) {
                    readHistory(ctx, key, values[i], groups[i], request, request.after[i]);
                } else {
                    readNew(ctx, key, values[i], groups[i], request);
                }
            }
            return;
        }
        if (!request.blocking || !ctx.mayBlock()) {
            reply.nullArray();
            return;
        }
        List<byte[]> keys = new ArrayList<>(streams);
        for (int i = 0; i < streams; i++) {
            keys.add(ctx.arg(request.streamsFrom + i));
        }
        blockedClients.block(ctx, keys, request.timeoutMillis, new BlockedRead(request, keys));
    }

    private static ReadRequest parse(CommandContext ctx, boolean withGroup) {
        ReadRequest request = new ReadRequest();
        int count = ctx.argCount();
        for (int i = 1; i < count; i++) {
            int moreArgs = count - i - 1;
            if (ctx.argIs(i, "block") && moreArgs > 0) {
                request.blocking = true;
                request.timeoutMillis = BlockingTimeout.parseMillis(ctx.arg(++i), ctx.store().clock().now());
            } else if (ctx.argIs(i, "count") && moreArgs > 0) {
                request.count = Math.max(0, ctx.longArg(++i));
            } else if (ctx.argIs(i, "streams") && moreArgs > 0) {
                request.streamsFrom = i + 1;
                int streamArgs = count - request.streamsFrom;
                if (streamArgs % 2 != 0) {
                    throw new ErrorReplyException("ERR Unbalanced XREAD list of streams: for each stream key an ID or "
                            + "'$' must be specified.");
                }
                request.streamCount = streamArgs / 2;
                break;
            } else if (ctx.argIs(i, "group") && moreArgs >= 2) {
                if (!withGroup) {
                    throw new ErrorReplyException(
                            "ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.");
                }
                request.group = ctx.arg(i + 1);
                request.consumer = ctx.arg(i + 2);
                i += 2;
            } else if (ctx.argIs(i, "noack")) {
                if (!withGroup) {
                    throw new ErrorReplyException(
                            "ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.");
                }
                request.noAck = true;
            } else {
                throw CommandContext.syntaxError();
            }
        }
        if (request.streamsFrom == 0) {
            throw CommandContext.syntaxError();
        }
        if (withGroup && request.group == null) {
            throw new ErrorReplyException("ERR Missing GROUP option for XREADGROUP");
        }
        request.after = new StreamId[request.streamCount];
        return request;
    }

    private static boolean hasEntryAfter(StreamValue stream, StreamId after) {
        StreamId next = after.next();
        return stream.length() > 0 && next != null && stream.firstEntryFrom(next) != null;
    }

    /** The consumer, created if new; a NOACK read propagates the creation as Redis does. */
    private static StreamConsumer consumer(CommandContext ctx, byte[] key, StreamConsumerGroup group,
                                           ReadRequest request, boolean propagateCreation) {
        long now = ctx.store().clock().now();
        boolean created = !group.hasConsumer(request.consumer);
        StreamConsumer consumer = Streams.consumerOrCreate(ctx, key, group, request.consumer, now);
        consumer.seen(now);
        if (created && propagateCreation) {
            ctx.propagateAs(XGROUP, CREATECONSUMER, key, group.name(), request.consumer);
            ctx.changed(1);
        }
        return consumer;
    }

    /** XREADGROUP with ">": the entries after the group's last delivered ID. */
    private static void readNew(CommandContext ctx, byte[] key, StreamValue stream, StreamConsumerGroup group,
                                ReadRequest request) {
        StreamConsumer consumer = consumer(ctx, key, group, request, request.noAck);
        long now = ctx.store().clock().now();
        ReplyWriter reply = ctx.reply();
        reply.arrayHeader(2);
        reply.bulk(key);
        StreamId start = group.lastDelivered().next();
        int delivered = StreamReplies.range(reply, stream, start, StreamId.MAX, request.count, false);
        List<StreamId> ids = new ArrayList<>(delivered);
        stream.range(start, StreamId.MAX, false, entry -> {
            ids.add(entry.id());
            return ids.size() < delivered;
        });
        for (StreamId id : ids) {
            if (group.entriesRead() != StreamConsumerGroup.UNKNOWN_ENTRIES_READ && !stream.hasTombstonesFrom(id)) {
                group.setLastDelivered(id, group.entriesRead() + 1);
            } else if (stream.entriesAdded() != 0) {
                group.setLastDelivered(id, stream.entriesAddedUpTo(id));
            } else {
                group.setLastDelivered(id, group.entriesRead());
            }
            if (!request.noAck) {
                StreamPendingEntry pending = group.deliver(id, consumer, now);
                propagateClaim(ctx, key, group, id.toBytes(), pending);
            }
        }
        if (request.noAck && !ids.isEmpty()) {
            ctx.propagateAs(XGROUP, SETID, key, group.name(), group.lastDelivered().toBytes(), ENTRIESREAD,
                    dev.cinnabar.command.Numbers.toBytes(group.entriesRead()));
        }
        if (!ids.isEmpty()) {
            ctx.db().signalModified(key);
            ctx.changed(ids.size());
        }
    }

    /** XREADGROUP with an ID: the consumer's pending entries after it, redelivered. */
    private static void readHistory(CommandContext ctx, byte[] key, StreamValue stream, StreamConsumerGroup group,
                                    ReadRequest request, StreamId after) {
        StreamConsumer consumer = consumer(ctx, key, group, request, false);
        long now = ctx.store().clock().now();
        ReplyWriter reply = ctx.reply();
        reply.arrayHeader(2);
        reply.bulk(key);
        StreamId start = after.next();
        List<StreamPendingEntry> entries = new ArrayList<>();
        if (start != null) {
            for (StreamPendingEntry pending : consumer.pending().tailMap(start, true).values()) {
                if (request.count > 0 && entries.size() == request.count) {
                    break;
                }
                entries.add(pending);
            }
        }
        reply.arrayHeader(entries.size());
        for (StreamPendingEntry pending : entries) {
            int[] found = new int[1];
            stream.range(pending.id(), pending.id(), false, entry -> {
                StreamReplies.entry(reply, entry);
                found[0]++;
                return false;
            });
            if (found[0] == 0) {
                reply.arrayHeader(2);
                StreamReplies.id(reply, pending.id());
                reply.nullArray();
            } else {
                pending.delivered(now, pending.deliveryCount() + 1);
            }
        }
    }

    /**
     * Propagates the PEL state of one entry as the idempotent XCLAIM Redis sends to replicas:
     * {@code XCLAIM key group consumer 0 id TIME t RETRYCOUNT n FORCE JUSTID LASTID last}.
     */
    static void propagateClaim(CommandContext ctx, byte[] key, StreamConsumerGroup group, byte[] id,
                               StreamPendingEntry pending) {
        ctx.propagateAs(XCLAIM, key, group.name(), pending.consumer().name(), ZERO, id,
                TIME, dev.cinnabar.command.Numbers.toBytes(pending.deliveryTime()),
                RETRYCOUNT, dev.cinnabar.command.Numbers.toBytes(pending.deliveryCount()),
                FORCE, JUSTID, LASTID, group.lastDelivered().toBytes());
    }

    /** A blocked XREAD or XREADGROUP (always for ">" then), served from the one key that got data. */
    private static final class BlockedRead implements BlockedCommand {
        private final ReadRequest request;
        private final List<byte[]> keys;

        BlockedRead(ReadRequest request, List<byte[]> keys) {
            this.request = request;
            this.keys = keys;
        }

        @Override
        public boolean wakesOnMissingKey() {
            return request.group != null;
        }

        @Override
        public boolean serve(CommandContext ctx, byte[] key) {
            Object value = ctx.db().get(key);
            boolean withGroup = request.group != null;
            if (!(value instanceof StreamValue stream)) {
                if (withGroup) {
                    ctx.reply().error(DELETED_STREAM);
                    return true;
                }
                return false;
            }
            if (!withGroup) {
                StreamId after = request.after[indexOf(key)];
                if (!hasEntryAfter(stream, after)) {
                    return false;
                }
                ReplyWriter reply = ctx.reply();
                reply.arrayHeader(1);
                reply.arrayHeader(2);
                reply.bulk(key);
                StreamReplies.range(reply, stream, after.next(), StreamId.MAX, request.count, false);
                return true;
            }
            StreamConsumerGroup group = stream.group(request.group);
            if (group == null) {
                ctx.reply().error(DESTROYED_GROUP);
                return true;
            }
            if (!hasEntryAfter(stream, group.lastDelivered())) {
                return false;
            }
            ctx.reply().arrayHeader(1);
            readNew(ctx, key, stream, group, request);
            return true;
        }

        private int indexOf(byte[] key) {
            for (int i = 0; i < keys.size(); i++) {
                if (java.util.Arrays.equals(keys.get(i), key)) {
                    return i;
                }
            }
            throw new IllegalStateException("not blocked on this key");
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
