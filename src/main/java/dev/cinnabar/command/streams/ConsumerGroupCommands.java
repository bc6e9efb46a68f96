package dev.cinnabar.command.streams;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandFamily;
import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisCommand;
import dev.cinnabar.protocol.ErrorReplyException;
import dev.cinnabar.protocol.ReplyWriter;
import dev.cinnabar.store.Database;
import dev.cinnabar.store.StreamConsumer;
import dev.cinnabar.store.StreamConsumerGroup;
import dev.cinnabar.store.StreamId;
import dev.cinnabar.store.StreamPendingEntry;
import dev.cinnabar.store.StreamValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.cinnabar.command.CommandFlag.DENYOOM;
import static dev.cinnabar.command.CommandFlag.FAST;
import static dev.cinnabar.command.CommandFlag.LOADING;
import static dev.cinnabar.command.CommandFlag.READONLY;
import static dev.cinnabar.command.CommandFlag.STALE;
import static dev.cinnabar.command.CommandFlag.WRITE;
import static dev.cinnabar.config.KeyspaceEventClasses.STREAM;

/** Consumer groups: XGROUP, XACK, XPENDING, XCLAIM and XAUTOCLAIM, as in Redis's t_stream.c. */
@CommandFamily("stream")
public class ConsumerGroupCommands {

    private static final String[] XGROUP_HELP = {
        "CREATE <key> <groupname> <id|$> [option]",
        "    Create a new consumer group. Options are:",
        "    * MKSTREAM",
        "      Create the empty stream if it does not exist.",
        "    * ENTRIESREAD entries_read",
        "      Set the group's entries_read counter (internal use).",
        "CREATECONSUMER <key> <groupname> <consumer>",
        "    Create a new consumer in the specified group.",
        "DELCONSUMER <key> <groupname> <consumer>",
        "    Remove the specified consumer.",
        "DESTROY <key> <groupname>",
        "    Remove the specified group.",
        "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
        "    Set the current group ID and entries_read counter.",
    };
    private static final String KEY_REQUIRED = "ERR The XGROUP subcommand requires the key to exist. Note that for "
            + "CREATE you may want to use the MKSTREAM option to create an empty stream automatically.";
    private static final String BAD_ENTRIES_READ = "ERR value for ENTRIESREAD must be positive or -1";
    private static final int AUTOCLAIM_ATTEMPTS_FACTOR = 10;

    // ---- XGROUP ----

    @RedisCommand(name = "xgroup|create", arity = -5, flags = {WRITE, DENYOOM}, firstKey = 2, lastKey = 2,
            keyStep = 1, keySpecFlags = {"RW", "insert"}, summary = "Create a consumer group.", since = "5.0.0",
            complexity = "O(1)")
    public void create(CommandContext ctx) {
        boolean makeStream = false;
        long entriesRead = StreamConsumerGroup.UNKNOWN_ENTRIES_READ;
        if (ctx.argCount() > 8) {
            throw subcommandSyntaxError(ctx);
        }
        for (int i = 5; i < ctx.argCount(); i++) {
            if (ctx.argIs(i, "mkstream")) {
                makeStream = true;
            } else if (ctx.argIs(i, "entriesread") && i + 1 < ctx.argCount()) {
                entriesRead = parseEntriesRead(ctx, ++i);
            } else {
                throw subcommandSyntaxError(ctx);
            }
        }
        byte[] key = ctx.arg(2);
        Database db = ctx.db();
        StreamValue stream = Streams.toWrite(db, key);
        if (stream == null && !makeStream) {
            throw new ErrorReplyException(KEY_REQUIRED);
        }
        StreamId id;
        if (StreamIds.isWord(ctx.arg(4), '$')) {
            id = stream == null ? StreamId.MIN : stream.lastId();
        } else {
            id = StreamIds.parseStrict(ctx.arg(4), 0);
        }
        if (stream == null) {
            stream = new StreamValue();
            db.put(key, stream);
        } else if (stream.group(ctx.arg(3)) != null) {
            throw new ErrorReplyException("BUSYGROUP Consumer Group name already exists");
        }
        stream.createGroup(ctx.arg(3), id, entriesRead);
        db.signalModified(key);
        ctx.notifyKeyspaceEvent(STREAM, "xgroup-create", key);
        ctx.changed(1);
        ctx.reply().ok();
    }

    @RedisCommand(name = "xgroup|setid", arity = -5, flags = {WRITE}, firstKey = 2, lastKey = 2, keyStep = 1,
            keySpecFlags = {"RW", "update"}, summary = "Set a consumer group to an arbitrary last delivered ID value.",
            since = "5.0.0", complexity = "O(1)")
    public void setid(CommandContext ctx) {
        long entriesRead = StreamConsumerGroup.UNKNOWN_ENTRIES_READ;
        if (ctx.argCount() == 7 && ctx.argIs(5, "entriesread")) {
            entriesRead = parseEntriesRead(ctx, 6);
        } else if (ctx.argCount() != 5) {
            throw subcommandSyntaxError(ctx);
        }
        byte[] key = ctx.arg(2);
        StreamValue stream = existingStream(ctx, key);
        StreamConsumerGroup group = existingGroup(ctx, stream, key);
        StreamId id = StreamIds.isWord(ctx.arg(4), '$') ? stream.lastId() : StreamIds.parse(ctx.arg(4), 0);
        group.setLastDelivered(id, entriesRead);
        ctx.db().signalModified(key);
        ctx.notifyKeyspaceEvent(STREAM, "xgroup-setid", key);
        ctx.changed(1);
        ctx.reply().ok();
    }

    @RedisCommand(name = "xgroup|destroy", arity = 4, flags = {WRITE}, firstKey = 2, lastKey = 2, keyStep = 1,
            keySpecFlags = {"RW", "delete"}, summary = "Destroy a consumer group.", since = "5.0.0",
            complexity = "O(N) where N is the number of entries in the group's pending entries list (PEL).")
    public void destroy(CommandContext ctx) {
        byte[] key = ctx.arg(2);
        StreamValue stream = existingStream(ctx, key);
        if (stream.destroyGroup(ctx.arg(3))) {
            ctx.db().signalModified(key);
            // Clients blocked on the group hear that it is gone.
            ctx.db().signalReady(key);
            ctx.notifyKeyspaceEvent(STREAM, "xgroup-destroy", key);
            ctx.changed(1);
            ctx.reply().integer(1);
        } else {
            ctx.reply().integer(0);
        }
    }

    @RedisCommand(name = "xgroup|createconsumer", arity = 5, flags = {WRITE, DENYOOM}, firstKey = 2, lastKey = 2,
            keyStep = 1, keySpecFlags = {"RW", "insert"}, summary = "Create a consumer in a consumer group.",
            since = "6.2.0", complexity = "O(1)")
    public void createconsumer(CommandContext ctx) {
        byte[] key = ctx.arg(2);
        StreamValue stream = existingStream(ctx, key);
        StreamConsumerGroup group = existingGroup(ctx, stream, key);
        if (group.hasConsumer(ctx.arg(4))) {
            ctx.reply().integer(0);
            return;
        }
        group.consumerOrCreate(ctx.arg(4), ctx.store().clock().now());
        ctx.db().signalModified(key);
        ctx.notifyKeyspaceEvent(STREAM, "xgroup-createconsumer", key);
        ctx.changed(1);
        ctx.reply().integer(1);
    }

    @RedisCommand(name = "xgroup|delconsumer", arity = 5, flags = {WRITE}, firstKey = 2, lastKey = 2, keyStep = 1,
            keySpecFlags = {"RW", "delete"}, summary = "Delete a consumer from a consumer group.", since = "5.0.0",
            complexity = "O(1)")
    public void delconsumer(CommandContext ctx) {
        byte[] key = ctx.arg(2);
        StreamValue stream = existingStream(ctx, key);
        StreamConsumerGroup group = existingGroup(ctx, stream, key);
        long pending = group.deleteConsumer(ctx.arg(4));
        if (pending >= 0) {
            ctx.db().signalModified(key);
            ctx.notifyKeyspaceEvent(STREAM, "xgroup-delconsumer", key);
            ctx.changed(1);
        }
        ctx.reply().integer(Math.max(pending, 0));
    }

    @RedisCommand(name = "xgroup|help", arity = 2, flags = {LOADING, STALE},
            summary = "Show helpful text about the different subcommands", since = "5.0.0", complexity = "O(1)")
    public void help(CommandContext ctx) {
        writeHelp(ctx.reply(), "XGROUP", XGROUP_HELP);
    }

    static void writeHelp(ReplyWriter reply, String container, String[] lines) {
        reply.arrayHeader(lines.length + 3);
        reply.simple(container + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        for (String line : lines) {
            reply.simple(line);
        }
        reply.simple("HELP");
        reply.simple("    Prints this help.");
    }

    private static long parseEntriesRead(CommandContext ctx, int index) {
        long entriesRead = ctx.longArg(index);
        if (entriesRead < 0 && entriesRead != StreamConsumerGroup.UNKNOWN_ENTRIES_READ) {
            throw new ErrorReplyException(BAD_ENTRIES_READ);
        }
        return entriesRead;
    }

    private static StreamValue existingStream(CommandContext ctx, byte[] key) {
        StreamValue stream = Streams.toWrite(ctx.db(), key);
        if (stream == null) {
            throw new ErrorReplyException(KEY_REQUIRED);
        }
        return stream;
    }

    private static StreamConsumerGroup existingGroup(CommandContext ctx, StreamValue stream, byte[] key) {
        StreamConsumerGroup group = stream.group(ctx.arg(3));
        if (group == null) {
            throw new ErrorReplyException("NOGROUP No such consumer group '" + text(ctx.arg(3)) + "' for key name '"
                    + text(key) + "'");
        }
        return group;
    }

    static ErrorReplyException subcommandSyntaxError(CommandContext ctx) {
        String container = ctx.stringArg(0).toUpperCase(java.util.Locale.ROOT);
        return new ErrorReplyException("ERR unknown subcommand or wrong number of arguments for '" + ctx.stringArg(1)
                + "'. Try " + container + " HELP.");
    }

    // ---- XACK ----

    @RedisCommand(name = "xack", arity = -4, flags = {WRITE, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = {"RW", "update"}, summary = "Marks a pending message as correctly processed, effectively "
            + "removing it from the pending entries list of the consumer group. Return value of the command is the "
            + "number of messages successfully acknowledged, that is, the IDs we were actually able to resolve in "
            + "the PEL.", since = "5.0.0",
            complexity = "O(1) for each message ID processed.")
    public void xack(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        StreamValue stream = Streams.toWrite(ctx.db(), key);
        StreamConsumerGroup group = stream == null ? null : stream.group(ctx.arg(2));
        StreamId[] ids = new StreamId[ctx.argCount() - 3];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = StreamIds.parseStrict(ctx.arg(i + 3), 0);
        }
        long acknowledged = 0;
        if (group != null) {
            for (StreamId id : ids) {
                if (group.acknowledge(id)) {
                    acknowledged++;
                }
            }
        }
        if (acknowledged > 0) {
            ctx.db().signalModified(key);
            ctx.changed(acknowledged);
        }
        ctx.reply().integer(acknowledged);
    }

    // ---- XPENDING ----

    @RedisCommand(name = "xpending", arity = -3, flags = {READONLY}, firstKey = 1, lastKey = 1, keyStep = 1,
            tips = "nondeterministic_output", keySpecFlags = {"RO", "access"},
            summary = "Return information and entries from a stream consumer group pending entries list, that are "
                    + "messages fetched but never acknowledged.", since = "5.0.0",
            complexity = "O(N) with N being the number of elements returned, so asking for a small fixed number of "
                    + "entries per call is O(1). O(M), where M is the total number of entries scanned when used "
                    + "with the IDLE filter. When the command returns just the summary and the list of consumers "
                    + "is small, it runs in O(1) time; otherwise, an additional O(N) time for iterating every "
                    + "consumer.")
    public void xpending(CommandContext ctx) {
        int argCount = ctx.argCount();
        boolean summary = argCount == 3;
        if (!summary && (argCount < 6 || argCount > 9)) {
            throw CommandContext.syntaxError();
        }
        long minIdle = 0;
        long count = 0;
        StreamId start = null;
        StreamId end = null;
        byte[] consumerName = null;
        if (!summary) {
            int startIndex = 3;
            if (ctx.argIs(3, "idle")) {
                minIdle = ctx.longArg(4);
                if (argCount < 8) {
                    throw CommandContext.syntaxError();
                }
                startIndex += 2;
            }
            count = Math.max(0, ctx.longArg(startIndex + 2));
            start = StreamIds.parseBound(ctx.arg(startIndex), 0, true);
            end = StreamIds.parseBound(ctx.arg(startIndex + 1), -1L, false);
            if (startIndex + 3 < argCount) {
                consumerName = ctx.arg(startIndex + 3);
            }
        }
        byte[] key = ctx.arg(1);
        StreamConsumerGroup group = lookupGroup(ctx, Streams.toRead(ctx.db(), key), key);
        ReplyWriter reply = ctx.reply();
        if (summary) {
            writeSummary(reply, group);
            return;
        }
        Map<StreamId, StreamPendingEntry> pel;
        if (consumerName != null) {
            StreamConsumer consumer = group.consumer(consumerName);
            if (consumer == null) {
                reply.emptyArray();
                return;
            }
            pel = consumer.pending();
        } else {
            pel = group.pending();
        }
        long now = ctx.store().clock().now();
        List<StreamPendingEntry> selected = new ArrayList<>();
        if (start.compareTo(end) <= 0) {
            for (StreamPendingEntry entry : ((java.util.NavigableMap<StreamId, StreamPendingEntry>) pel)
                    .subMap(start, true, end, true).values()) {
                if (selected.size() >= count) {
                    break;
                }
                if (minIdle == 0 || now - entry.deliveryTime() >= minIdle) {
                    selected.add(entry);
                }
            }
        }
        reply.arrayHeader(selected.size());
        for (StreamPendingEntry entry : selected) {
            reply.arrayHeader(4);
            StreamReplies.id(reply, entry.id());
            reply.bulk(entry.consumer().name());
            reply.integer(Math.max(0, now - entry.deliveryTime()));
            reply.integer(entry.deliveryCount());
        }
    }

    private static void writeSummary(ReplyWriter reply, StreamConsumerGroup group) {
        reply.arrayHeader(4);
        reply.integer(group.pending().size());
        if (group.pending().isEmpty()) {
            reply.nullBulk();
            reply.nullBulk();
            reply.nullArray();
            return;
        }
        StreamReplies.id(reply, group.pending().firstKey());
        StreamReplies.id(reply, group.pending().lastKey());
        int withPending = 0;
        for (StreamConsumer consumer : group.consumers()) {
            if (!consumer.pending().isEmpty()) {
                withPending++;
            }
        }
        reply.arrayHeader(withPending);
        for (StreamConsumer consumer : group.consumers()) {
            if (!consumer.pending().isEmpty()) {
                reply.arrayHeader(2);
                reply.bulk(consumer.name());
                reply.bulk(consumer.pending().size());
            }
        }
    }

    private static StreamConsumerGroup lookupGroup(CommandContext ctx, StreamValue stream, byte[] key) {
        StreamConsumerGroup group = stream == null ? null : stream.group(ctx.arg(2));
        if (group == null) {
            throw new ErrorReplyException("NOGROUP No such key '" + text(key) + "' or consumer group '"
                    + text(ctx.arg(2)) + "'");
        }
        return group;
    }

    // ---- XCLAIM / XAUTOCLAIM ----

    @RedisCommand(name = "xclaim", arity = -6, flags = {WRITE, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            tips = "nondeterministic_output", keySpecFlags = {"RW", "update"},
            summary = "Changes (or acquires) ownership of a message in a consumer group, as if the message was "
                    + "delivered to the specified consumer.", since = "5.0.0",
            complexity = "O(log N) with N being the number of messages in the PEL of the consumer group.")
    public void xclaim(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        StreamValue stream = Streams.toWrite(ctx.db(), key);
        StreamConsumerGroup group = lookupGroup(ctx, stream, key);
        Long parsedIdle = Numbers.parseLong(ctx.arg(4));
        if (parsedIdle == null) {
            throw new ErrorReplyException("ERR Invalid min-idle-time argument for XCLAIM");
        }
        long minIdle = Math.max(0, parsedIdle);
        int argCount = ctx.argCount();
        int optionsFrom = 5;
        List<StreamId> ids = new ArrayList<>();
        while (optionsFrom < argCount) {
            StreamId id = StreamIds.parseOrNull(ctx.arg(optionsFrom), 0, false);
            if (id == null) {
                break;
            }
            ids.add(id);
            optionsFrom++;
        }
        long now = ctx.store().clock().now();
        long deliveryTime = -1;
        long retryCount = -1;
        boolean force = false;
        boolean justId = false;
        StreamId lastId = null;
        for (int i = optionsFrom; i < argCount; i++) {
            boolean more = i + 1 < argCount;
            if (ctx.argIs(i, "force")) {
                force = true;
            } else if (ctx.argIs(i, "justid")) {
                justId = true;
            } else if (ctx.argIs(i, "idle") && more) {
                deliveryTime = now - ctx.longArg(++i);
            } else if (ctx.argIs(i, "time") && more) {
                deliveryTime = ctx.longArg(++i);
            } else if (ctx.argIs(i, "retrycount") && more) {
                retryCount = ctx.longArg(++i);
            } else if (ctx.argIs(i, "lastid") && more) {
                lastId = StreamIds.parseStrict(ctx.arg(++i), 0);
            } else {
                throw new ErrorReplyException("ERR Unrecognized XCLAIM option '" + ctx.stringArg(i) + "'");
            }
        }
        if (deliveryTime == -1 || deliveryTime < 0 || deliveryTime > now) {
            deliveryTime = now;
        }
        boolean propagateLastId = false;
        if (lastId != null && lastId.compareTo(group.lastDelivered()) > 0) {
            group.setLastDelivered(lastId, group.entriesRead());
            propagateLastId = true;
        }
        long changes = 0;
        StreamConsumer consumer = null;
        List<StreamId> claimed = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            StreamId id = ids.get(i);
            StreamPendingEntry pending = group.pending().get(id);
            if (!stream.contains(id)) {
                if (pending != null) {
                    StreamReadCommands.propagateClaim(ctx, key, group, ctx.arg(5 + i), pending);
                    propagateLastId = false;
                    changes++;
                    group.acknowledge(id);
                }
                continue;
            }
            if (pending == null && !force) {
                continue;
            }
            if (pending != null && minIdle > 0 && now - pending.deliveryTime() < minIdle) {
                continue;
            }
            if (consumer == null) {
                consumer = Streams.consumerOrCreate(ctx, key, group, ctx.arg(3), now);
            }
            if (pending == null) {
                pending = group.deliver(id, consumer, now);
            }
            group.assign(pending, consumer);
            long count = retryCount >= 0 ? retryCount : justId ? pending.deliveryCount() : pending.deliveryCount() + 1;
            pending.delivered(deliveryTime, count);
            consumer.seen(now);
            claimed.add(id);
            StreamReadCommands.propagateClaim(ctx, key, group, ctx.arg(5 + i), pending);
            propagateLastId = false;
            changes++;
        }
        if (propagateLastId) {
            propagateGroupId(ctx, key, group);
            changes++;
        }
        if (changes > 0) {
            ctx.db().signalModified(key);
            ctx.changed(changes);
        }
        writeClaimed(ctx.reply(), stream, claimed, justId);
    }

    private static void propagateGroupId(CommandContext ctx, byte[] key, StreamConsumerGroup group) {
        ctx.propagateAs("XGROUP".getBytes(StandardCharsets.US_ASCII), "SETID".getBytes(StandardCharsets.US_ASCII),
                key, group.name(), group.lastDelivered().toBytes(),
                "ENTRIESREAD".getBytes(StandardCharsets.US_ASCII), Numbers.toBytes(group.entriesRead()));
    }

    private static void writeClaimed(ReplyWriter reply, StreamValue stream, List<StreamId> claimed, boolean justId) {
        reply.arrayHeader(claimed.size());
        for (StreamId id : claimed) {
            if (justId) {
                StreamReplies.id(reply, id);
            } else {
                stream.range(id, id, false, entry -> {
                    StreamReplies.entry(reply, entry);
                    return false;
                });
            }
        }
    }

    @RedisCommand(name = "xautoclaim", arity = -6, flags = {WRITE, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            tips = "nondeterministic_output", keySpecFlags = {"RW", "delete"},
            summary = "Changes (or acquires) ownership of messages in a consumer group, as if the messages were "
                    + "delivered to the specified consumer.", since = "6.2.0",
            complexity = "O(1) if COUNT is small.")
    public void xautoclaim(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        StreamValue stream = Streams.toWrite(ctx.db(), key);
        StreamConsumerGroup group = stream == null ? null : stream.group(ctx.arg(2));
        Long parsedIdle = Numbers.parseLong(ctx.arg(4));
        if (parsedIdle == null) {
            throw new ErrorReplyException("ERR Invalid min-idle-time argument for XAUTOCLAIM");
        }
        long minIdle = Math.max(0, parsedIdle);
        StreamId start = StreamIds.parseBound(ctx.arg(5), 0, true);
        long count = 100;
        boolean justId = false;
        for (int i = 6; i < ctx.argCount(); i++) {
            if (ctx.argIs(i, "count") && i + 1 < ctx.argCount()) {
                Long parsed = Numbers.parseLong(ctx.arg(++i));
                if (parsed == null || parsed < 1 || parsed > Long.MAX_VALUE / AUTOCLAIM_ATTEMPTS_FACTOR) {
                    throw new ErrorReplyException("ERR COUNT must be > 0");
                }
                count = parsed;
            } else if (ctx.argIs(i, "justid")) {
                justId = true;
            } else {
                throw CommandContext.syntaxError();
            }
        }
        if (group == null) {
            lookupGroup(ctx, stream, key);
        }
        long now = ctx.store().clock().now();
        long attempts = count * AUTOCLAIM_ATTEMPTS_FACTOR;
        StreamConsumer consumer = null;
        List<StreamId> claimed = new ArrayList<>();
        List<StreamId> deleted = new ArrayList<>();
        StreamId cursor = start;
        StreamId next = StreamId.MIN;
        long changes = 0;
        while (true) {
            Map.Entry<StreamId, StreamPendingEntry> found = group.pending().ceilingEntry(cursor);
            if (found == null) {
                next = StreamId.MIN;
                break;
            }
            if (attempts == 0 || count == 0) {
                next = found.getKey();
                break;
            }
            attempts--;
            StreamId id = found.getKey();
            StreamPendingEntry pending = found.getValue();
            cursor = id.next();
            if (!stream.contains(id)) {
                StreamReadCommands.propagateClaim(ctx, key, group, id.toBytes(), pending);
                group.acknowledge(id);
                deleted.add(id);
                count--;
                changes++;
            } else if (minIdle == 0 || now - pending.deliveryTime() >= minIdle) {
                if (consumer == null) {
                    consumer = Streams.consumerOrCreate(ctx, key, group, ctx.arg(3), now);
                }
                group.assign(pending, consumer);
                pending.delivered(now, justId ? pending.deliveryCount() : pending.deliveryCount() + 1);
                consumer.seen(now);
                claimed.add(id);
                count--;
                StreamReadCommands.propagateClaim(ctx, key, group, id.toBytes(), pending);
                changes++;
            }
            if (cursor == null) {
                next = StreamId.MIN;
                break;
            }
        }
        if (changes > 0) {
            ctx.db().signalModified(key);
            ctx.changed(changes);
        }
        ReplyWriter reply = ctx.reply();
        reply.arrayHeader(3);
        StreamReplies.id(reply, next);
        writeClaimed(reply, stream, claimed, justId);
        reply.arrayHeader(deleted.size());
        for (StreamId id : deleted) {
            StreamReplies.id(reply, id);
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
