package dev.cinnabar.command.streams;

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

import static dev.cinnabar.command.CommandFlag.LOADING;
import static dev.cinnabar.command.CommandFlag.READONLY;
import static dev.cinnabar.command.CommandFlag.STALE;

/** XINFO STREAM (FULL), GROUPS, CONSUMERS and HELP, with Redis 7.0's fields. */
@CommandFamily("stream")
public class StreamInfoCommands {

    private static final String[] XINFO_HELP = {
        "CONSUMERS <key> <groupname>",
        "    Show consumers of <groupname>.",
        "GROUPS <key>",
        "    Show the stream consumer groups.",
        "STREAM <key> [FULL [COUNT <count>]",
        "    Show information about the stream.",
    };
    private static final long DEFAULT_FULL_COUNT = 10;

    @RedisCommand(name = "xinfo|stream", arity = -3, flags = {READONLY}, firstKey = 2, lastKey = 2, keyStep = 1,
            keySpecFlags = {"RO", "access"}, summary = "Get information about a stream", since = "5.0.0",
            complexity = "O(1)")
    public void stream(CommandContext ctx) {
        boolean full = false;
        long count = DEFAULT_FULL_COUNT;
        int argCount = ctx.argCount();
        if (argCount > 3) {
            if (!ctx.argIs(3, "full")) {
                throw ConsumerGroupCommands.subcommandSyntaxError(ctx);
            }
            full = true;
            if (argCount > 4) {
                if (argCount != 6 || !ctx.argIs(4, "count")) {
                    throw ConsumerGroupCommands.subcommandSyntaxError(ctx);
                }
                count = ctx.longArg(5);
                if (count < 0) {
                    count = DEFAULT_FULL_COUNT;
                }
            }
        }
        StreamValue stream = existing(ctx);
        ReplyWriter reply = ctx.reply();
        reply.arrayHeader(full ? 18 : 20);
        field(reply, "length");
        reply.integer(stream.length());
        field(reply, "radix-tree-keys");
        reply.integer(stream.blockCount());
        field(reply, "radix-tree-nodes");
        reply.integer(stream.blockCount() + 1L);
        field(reply, "last-generated-id");
        StreamReplies.id(reply, stream.lastId());
        field(reply, "max-deleted-entry-id");
        StreamReplies.id(reply, stream.maxDeletedId());
        field(reply, "entries-added");
        reply.integer(stream.entriesAdded());
        field(reply, "recorded-first-entry-id");
        StreamReplies.id(reply, stream.firstId());
        if (!full) {
            field(reply, "groups");
            reply.integer(stream.groupCount());
            field(reply, "first-entry");
            edgeEntry(reply, stream, false);
            field(reply, "last-entry");
            edgeEntry(reply, stream, true);
            return;
        }
        field(reply, "entries");
        StreamReplies.range(reply, stream, StreamId.MIN, StreamId.MAX, count, false);
        field(reply, "groups");
        reply.arrayHeader(stream.groupCount());
        for (StreamConsumerGroup group : stream.groups()) {
            fullGroup(reply, stream, group, count);
        }
    }

    private static void fullGroup(ReplyWriter reply, StreamValue stream, StreamConsumerGroup group, long count) {
        reply.arrayHeader(14);
        field(reply, "name");
        reply.bulk(group.name());
        field(reply, "last-delivered-id");
        StreamReplies.id(reply, group.lastDelivered());
        field(reply, "entries-read");
        entriesRead(reply, group);
        field(reply, "lag");
        lag(reply, stream, group);
        field(reply, "pel-count");
        reply.integer(group.pending().size());
        field(reply, "pending");
        int pendingShown = limited(group.pending().size(), count);
        reply.arrayHeader(pendingShown);
        int shown = 0;
        for (StreamPendingEntry entry : group.pending().values()) {
            if (shown++ == pendingShown) {
                break;
            }
            reply.arrayHeader(4);
            StreamReplies.id(reply, entry.id());
            reply.bulk(entry.consumer().name());
            reply.integer(entry.deliveryTime());
            reply.integer(entry.deliveryCount());
        }
        field(reply, "consumers");
        reply.arrayHeader(group.consumers().size());
        for (StreamConsumer consumer : group.consumers()) {
            reply.arrayHeader(8);
            field(reply, "name");
            reply.bulk(consumer.name());
            field(reply, "seen-time");
            reply.integer(consumer.seenTime());
            field(reply, "pel-count");
            reply.integer(consumer.pending().size());
            field(reply, "pending");
            int consumerShown = limited(consumer.pending().size(), count);
            reply.arrayHeader(consumerShown);
            int written = 0;
            for (StreamPendingEntry entry : consumer.pending().values()) {
                if (written++ == consumerShown) {
                    break;
                }
                reply.arrayHeader(3);
                StreamReplies.id(reply, entry.id());
                reply.integer(entry.deliveryTime());
                reply.integer(entry.deliveryCount());
            }
        }
    }

    private static int limited(int size, long count) {
        return count == 0 ? size : (int) Math.min(size, count);
    }

    private static void edgeEntry(ReplyWriter reply, StreamValue stream, boolean last) {
        boolean[] found = new boolean[1];
        stream.range(StreamId.MIN, StreamId.MAX, last, entry -> {
            StreamReplies.entry(reply, entry);
            found[0] = true;
            return false;
        });
        if (!found[0]) {
            reply.nullBulk();
        }
    }

    @RedisCommand(name = "xinfo|groups", arity = 3, flags = {READONLY}, firstKey = 2, lastKey = 2, keyStep = 1,
            keySpecFlags = {"RO", "access"}, summary = "List the consumer groups of a stream", since = "5.0.0",
            complexity = "O(1)")
    public void groups(CommandContext ctx) {
        StreamValue stream = existing(ctx);
        ReplyWriter reply = ctx.reply();
        reply.arrayHeader(stream.groupCount());
        for (StreamConsumerGroup group : stream.groups()) {
            reply.arrayHeader(12);
            field(reply, "name");
            reply.bulk(group.name());
            field(reply, "consumers");
            reply.integer(group.consumers().size());
            field(reply, "pending");
            reply.integer(group.pending().size());
            field(reply, "last-delivered-id");
            StreamReplies.id(reply, group.lastDelivered());
            field(reply, "entries-read");
            entriesRead(reply, group);
            field(reply, "lag");
            lag(reply, stream, group);
        }
    }

    @RedisCommand(name = "xinfo|consumers", arity = 4, flags = {READONLY}, firstKey = 2, lastKey = 2, keyStep = 1,
            tips = "nondeterministic_output", keySpecFlags = {"RO", "access"},
            summary = "List the consumers in a consumer group", since = "5.0.0", complexity = "O(1)")
    public void consumers(CommandContext ctx) {
        StreamValue stream = existing(ctx);
        StreamConsumerGroup group = stream.group(ctx.arg(3));
        if (group == null) {
            throw new ErrorReplyException("NOGROUP No such consumer group '" + text(ctx.arg(3)) + "' for key name '"
                    + text(ctx.arg(2)) + "'");
        }
        long now = ctx.store().clock().now();
        ReplyWriter reply = ctx.reply();
        reply.arrayHeader(group.consumers().size());
        for (StreamConsumer consumer : group.consumers()) {
            reply.arrayHeader(6);
            field(reply, "name");
            reply.bulk(consumer.name());
            field(reply, "pending");
            reply.integer(consumer.pending().size());
            field(reply, "idle");
            reply.integer(Math.max(0, now - consumer.seenTime()));
        }
    }

    @RedisCommand(name = "xinfo|help", arity = 2, flags = {LOADING, STALE},
            summary = "Show helpful text about the different subcommands", since = "5.0.0", complexity = "O(1)")
    public void help(CommandContext ctx) {
        ConsumerGroupCommands.writeHelp(ctx.reply(), "XINFO", XINFO_HELP);
    }

    private static StreamValue existing(CommandContext ctx) {
        StreamValue stream = Streams.toRead(ctx.db(), ctx.arg(2));
        if (stream == null) {
            throw new ErrorReplyException("ERR no such key");
        }
        return stream;
    }

    private static void entriesRead(ReplyWriter reply, StreamConsumerGroup group) {
        if (group.entriesRead() == StreamConsumerGroup.UNKNOWN_ENTRIES_READ) {
            reply.nullBulk();
        } else {
            reply.integer(group.entriesRead());
        }
    }

    private static void lag(ReplyWriter reply, StreamValue stream, StreamConsumerGroup group) {
        Long lag = stream.lag(group);
        if (lag == null) {
            reply.nullBulk();
        } else {
            reply.integer(lag);
        }
    }

    private static void field(ReplyWriter reply, String name) {
        reply.bulk(name);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
