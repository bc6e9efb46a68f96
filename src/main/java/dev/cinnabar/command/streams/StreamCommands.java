package dev.cinnabar.command.streams;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandDispatcher;
import dev.cinnabar.command.CommandFamily;
import dev.cinnabar.command.RedisCommand;
import dev.cinnabar.protocol.ErrorReplyException;
import dev.cinnabar.store.Database;
import dev.cinnabar.store.StreamId;
import dev.cinnabar.store.StreamValue;

import static dev.cinnabar.command.CommandFlag.DENYOOM;
import static dev.cinnabar.command.CommandFlag.FAST;
import static dev.cinnabar.command.CommandFlag.READONLY;
import static dev.cinnabar.command.CommandFlag.WRITE;
import static dev.cinnabar.config.KeyspaceEventClasses.STREAM;

/**
 * The stream commands without consumer groups, like the first half of Redis's t_stream.c:
 * XADD, XRANGE, XREVRANGE, XLEN, XDEL, XTRIM, XSETID.
 */
@CommandFamily("stream")
public class StreamCommands {

    private static final String EXHAUSTED = "ERR The stream has exhausted the last possible ID, unable to add more items";
    private static final String NOT_ABOVE_TOP = "ERR The ID specified in XADD is equal or smaller than the target stream top item";

    @RedisCommand(name = "xadd", arity = -5, flags = {WRITE, DENYOOM, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            tips = "nondeterministic_output", keySpecFlags = {"RW", "update"},
            summary = "Appends a new entry to a stream", since = "5.0.0",
            complexity = "O(1) when adding a new entry, O(N) when trimming where N being the number of entries evicted.")
    public void xadd(CommandContext ctx) {
        StreamTrimming options = StreamTrimming.parse(ctx, 2, true);
        int fieldsFrom = options.idIndex + 1;
        int fieldArgs = ctx.argCount() - fieldsFrom;
        if (fieldArgs < 2 || fieldArgs % 2 == 1) {
            throw new ErrorReplyException(CommandDispatcher.wrongArity(ctx.command()));
        }
        if (options.id != null && options.sequenceGiven && options.id.isZero()) {
            throw new ErrorReplyException("ERR The ID specified in XADD must be greater than 0-0");
        }
        byte[] key = ctx.arg(1);
        Database db = ctx.db();
        StreamValue stream = Streams.toWrite(db, key);
        if (stream == null && options.noMakeStream) {
            ctx.reply().nullBulk();
            return;
        }
        StreamValue target = stream == null ? new StreamValue() : stream;
        StreamId last = target.lastId();
        if (last.equals(StreamId.MAX)) {
            throw new ErrorReplyException(EXHAUSTED);
        }
        StreamId id = nextId(ctx, options, last);
        target.append(id, fieldArgs / 2, i -> ctx.arg(fieldsFrom + i));
        if (stream == null) {
            db.put(key, target);
        } else {
            db.signalModified(key);
            db.signalReady(key);
        }
        StreamReplies.id(ctx.reply(), id);
        ctx.changed(1);
        ctx.notifyKeyspaceEvent(STREAM, "xadd", key);
        if (options.trim(target) > 0) {
            ctx.notifyKeyspaceEvent(STREAM, "xtrim", key);
        }
        byte[][] argv = ctx.args().toArray();
        argv[options.idIndex] = id.toBytes();
        if (options.strategy != StreamTrimming.Strategy.NONE) {
            options.exactArguments(argv, target);
        }
        ctx.propagateAs(argv);
    }

    private static StreamId nextId(CommandContext ctx, StreamTrimming options, StreamId last) {
        StreamId given = options.id;
        if (given == null) {
            long now = ctx.store().clock().now();
            if (Long.compareUnsigned(now, last.ms()) > 0) {
                return new StreamId(now, 0);
            }
            return last.next();
        }
        StreamId id = given;
        if (!options.sequenceGiven && given.ms() == last.ms()) {
            if (last.seq() == -1L) {
                throw new ErrorReplyException(NOT_ABOVE_TOP);
            }
            id = new StreamId(last.ms(), last.seq() + 1);
        }
        if (id.compareTo(last) <= 0) {
            throw new ErrorReplyException(NOT_ABOVE_TOP);
        }
        return id;
    }

    @RedisCommand(name = "xrange", arity = -4, flags = {READONLY}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = {"RO", "access"}, summary = "Return a range of elements in a stream, with IDs matching the "
            + "specified IDs interval", since = "5.0.0",
            complexity = "O(N) with N being the number of elements being returned. If N is constant (e.g. always "
                    + "asking for the first 10 elements with COUNT), you can consider it O(1).")
    public void xrange(CommandContext ctx) {
        range(ctx, false);
    }

    @RedisCommand(name = "xrevrange", arity = -4, flags = {READONLY}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = {"RO", "access"}, summary = "Return a range of elements in a stream, with IDs matching the "
            + "specified IDs interval, in reverse order (from greater to smaller IDs) compared to XRANGE",
            since = "5.0.0",
            complexity = "O(N) with N being the number of elements returned. If N is constant (e.g. always asking "
                    + "for the first 10 elements with COUNT), you can consider it O(1).")
    public void xrevrange(CommandContext ctx) {
        range(ctx, true);
    }

    private static void range(CommandContext ctx, boolean reverse) {
        StreamId start = StreamIds.parseBound(ctx.arg(reverse ? 3 : 2), 0, true);
        StreamId end = StreamIds.parseBound(ctx.arg(reverse ? 2 : 3), -1L, false);
        long count = -1;
        for (int i = 4; i < ctx.argCount(); i++) {
            if (ctx.argIs(i, "count") && i + 1 < ctx.argCount()) {
                count = Math.max(0, ctx.longArg(++i));
            } else {
                throw CommandContext.syntaxError();
            }
        }
        StreamValue stream = Streams.toRead(ctx.db(), ctx.arg(1));
        if (count == 0) {
            ctx.reply().nullArray();
        } else if (stream == null) {
            ctx.reply().emptyArray();
        } else {
            StreamReplies.range(ctx.reply(), stream, start, end, Math.max(count, 0), reverse);
        }
    }

    @RedisCommand(name = "xlen", arity = 2, flags = {READONLY, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = {"RO"}, summary = "Return the number of entries in a stream", since = "5.0.0",
            complexity = "O(1)")
    public void xlen(CommandContext ctx) {
        StreamValue stream = Streams.toRead(ctx.db(), ctx.arg(1));
        ctx.reply().integer(stream == null ? 0 : stream.length());
    }

    @RedisCommand(name = "xdel", arity = -3, flags = {WRITE, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = {"RW", "delete"}, summary = "Removes the specified entries from the stream. Returns the "
            + "number of items actually deleted, that may be different from the number of IDs passed in case "
            + "certain IDs do not exist.", since = "5.0.0",
            complexity = "O(1) for each single item to delete in the stream, regardless of the stream size.")
    public void xdel(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        StreamValue stream = Streams.toWrite(ctx.db(), key);
        StreamId[] ids = new StreamId[ctx.argCount() - 2];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = StreamIds.parseStrict(ctx.arg(i + 2), 0);
        }
        long deleted = 0;
        if (stream != null) {
            for (StreamId id : ids) {
                if (stream.delete(id)) {
                    deleted++;
                }
            }
        }
        if (deleted > 0) {
            ctx.db().signalModified(key);
            ctx.notifyKeyspaceEvent(STREAM, "xdel", key);
            ctx.changed(deleted);
        }
        ctx.reply().integer(deleted);
    }

    @RedisCommand(name = "xtrim", arity = -4, flags = {WRITE}, firstKey = 1, lastKey = 1, keyStep = 1,
            tips = "nondeterministic_output", keySpecFlags = {"RW", "delete"},
            summary = "Trims the stream to (approximately if '~' is passed) a certain size", since = "5.0.0",
            complexity = "O(N), with N being the number of evicted entries. Constant times are very small however, "
                    + "since entries are organized in macro nodes containing multiple entries that can be released "
                    + "with a single deallocation.")
    public void xtrim(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        StreamTrimming options = StreamTrimming.parse(ctx, 2, false);
        if (options.idIndex != ctx.argCount()) {
            throw CommandContext.syntaxError();
        }
        StreamValue stream = Streams.toWrite(ctx.db(), key);
        long removed = stream == null ? 0 : options.trim(stream);
        if (removed > 0) {
            ctx.db().signalModified(key);
            ctx.notifyKeyspaceEvent(STREAM, "xtrim", key);
            ctx.changed(removed);
            ctx.propagateAs(options.exactArguments(ctx.args().toArray(), stream));
        }
        ctx.reply().integer(removed);
    }

    @RedisCommand(name = "xsetid", arity = -3, flags = {WRITE, DENYOOM, FAST}, firstKey = 1, lastKey = 1,
            keyStep = 1, keySpecFlags = {"RW", "update"}, summary = "An internal command for replicating stream values",
            since = "5.0.0", complexity = "O(1)")
    public void xsetid(CommandContext ctx) {
        StreamId id = StreamIds.parseStrict(ctx.arg(2), 0);
        long entriesAdded = -1;
        StreamId maxDeleted = StreamId.MIN;
        for (int i = 3; i < ctx.argCount(); i++) {
            boolean more = i + 1 < ctx.argCount();
            if (ctx.argIs(i, "entriesadded") && more) {
                entriesAdded = ctx.longArg(++i);
                if (entriesAdded < 0) {
                    throw new ErrorReplyException("ERR entries_added must be positive");
                }
            } else if (ctx.argIs(i, "maxdeletedid") && more) {
                maxDeleted = StreamIds.parseStrict(ctx.arg(++i), 0);
                if (id.compareTo(maxDeleted) < 0) {
                    throw new ErrorReplyException(
                            "ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id");
                }
            } else {
                throw CommandContext.syntaxError();
            }
        }
        byte[] key = ctx.arg(1);
        StreamValue stream = Streams.toWrite(ctx.db(), key);
        if (stream == null) {
            throw new ErrorReplyException("ERR no such key");
        }
        if (stream.length() > 0) {
            StreamId top = stream.lastEntryId();
            if (id.compareTo(top) < 0) {
                throw new ErrorReplyException("ERR The ID specified in XSETID is smaller than the target stream top item");
            }
            if (entriesAdded != -1 && stream.length() > entriesAdded) {
                throw new ErrorReplyException(
                        "ERR The entries_added specified in XSETID is smaller than the target stream length");
            }
        }
        stream.setLastId(id);
        if (entriesAdded != -1) {
            stream.setEntriesAdded(entriesAdded);
        }
        if (!maxDeleted.isZero()) {
            stream.setMaxDeletedId(maxDeleted);
        }
        ctx.db().signalModified(key);
        ctx.notifyKeyspaceEvent(STREAM, "xsetid", key);
        ctx.changed(1);
        ctx.reply().ok();
    }
}
