package dev.cinnabar.command.lists;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandDispatcher;
import dev.cinnabar.command.CommandFamily;
import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisCommand;
import dev.cinnabar.config.RuntimeConfig;
import dev.cinnabar.protocol.ErrorReplyException;
import dev.cinnabar.protocol.ReplyWriter;
import dev.cinnabar.store.Database;
import dev.cinnabar.store.ListValue;
import dev.cinnabar.store.WrongTypeException;

import static dev.cinnabar.command.CommandFlag.DENYOOM;
import static dev.cinnabar.command.CommandFlag.FAST;
import static dev.cinnabar.command.CommandFlag.MOVABLE_KEYS;
import static dev.cinnabar.command.CommandFlag.READONLY;
import static dev.cinnabar.command.CommandFlag.WRITE;
import static dev.cinnabar.config.KeyspaceEventClasses.GENERIC;
import static dev.cinnabar.config.KeyspaceEventClasses.LIST;

/**
 * The list commands that do not block, like Redis's t_list.c. The pop and move steps
 * ({@link #popElement}, {@link #popElements}, {@link #popElementsWithKey}, {@link #moveElement})
 * are shared with the blocking commands, which run them once a key has data.
 */
@CommandFamily("list")
public class ListCommands {

    private static final String FILL_PARAMETER = "list-max-listpack-size";
    private static final String PUSH_COMPLEXITY = "O(1) for each element added, so O(N) to add N elements when "
            + "the command is called with multiple arguments.";
    private static final String POP_COMPLEXITY = "O(N) where N is the number of elements returned";
    private static final String NOT_POSITIVE = "ERR value is out of range, must be positive";
    private static final String RANK_ZERO = "ERR RANK can't be zero: use 1 to start from the first match, "
            + "2 from the second ... or use negative to start from the end of the list";
    private static final String RANK_OUT_OF_RANGE = "ERR value is out of range, value must between "
            + "-9223372036854775807 and 9223372036854775807";

    /** list-max-listpack-size, read when a list is created, as Redis does. */
    private volatile int fill;

    public ListCommands(RuntimeConfig config) {
        fill = (int) config.longValue(FILL_PARAMETER);
        config.onChange(FILL_PARAMETER, value -> fill = Integer.parseInt(value));
    }

    // ---- pushes ----

    @RedisCommand(name = "lpush", arity = -3, flags = {WRITE, DENYOOM, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = {"RW", "insert"}, summary = "Prepend one or multiple elements to a list",
            complexity = PUSH_COMPLEXITY)
    public void lpush(CommandContext ctx) {
        push(ctx, ListEnd.LEFT, false);
    }

    @RedisCommand(name = "rpush", arity = -3, flags = {WRITE, DENYOOM, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = {"RW", "insert"}, summary = "Append one or multiple elements to a list",
            complexity = PUSH_COMPLEXITY)
    public void rpush(CommandContext ctx) {
        push(ctx, ListEnd.RIGHT, false);
    }

    @RedisCommand(name = "lpushx", arity = -3, flags = {WRITE, DENYOOM, FAST}, firstKey = 1, lastKey = 1,
            keyStep = 1, keySpecFlags = {"RW", "insert"},
            summary = "Prepend an element to a list, only if the list exists", since = "2.2.0",
            complexity = PUSH_COMPLEXITY)
    public void lpushx(CommandContext ctx) {
        push(ctx, ListEnd.LEFT, true);
    }

    @RedisCommand(name = "rpushx", arity = -3, flags = {WRITE, DENYOOM, FAST}, firstKey = 1, lastKey = 1,
            keyStep = 1, keySpecFlags = {"RW", "insert"},
            summary = "Append an element to a list, only if the list exists", since = "2.2.0",
            complexity = PUSH_COMPLEXITY)
    public void rpushx(CommandContext ctx) {
        push(ctx, ListEnd.RIGHT, true);
    }

    private void push(CommandContext ctx, ListEnd end, boolean onlyIfExists) {
        byte[] key = ctx.arg(1);
        Database db = ctx.db();
        ListValue list = listToWrite(db, key);
        if (list == null && onlyIfExists) {
            ctx.reply().integer(0);
            return;
        }
        boolean created = list == null;
        if (created) {
            list = new ListValue(fill);
        }
        int count = ctx.argCount();
        long pushedBytes = 0;
        for (int i = 2; i < count; i++) {
            pushedBytes += ctx.arg(i).length;
        }
        list.growing(pushedBytes, count - 2);
        for (int i = 2; i < count; i++) {
            end.push(list, ctx.arg(i));
        }
        if (created) {
            db.put(key, list);
        } else {
            db.signalModified(key);
        }
        ctx.changed(count - 2);
        ctx.notifyKeyspaceEvent(LIST, end.pushEvent, key);
        ctx.reply().integer(list.size());
    }

    // ---- pops ----

    @RedisCommand(name = "lpop", arity = -2, flags = {WRITE, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = {"RW", "access", "delete"}, summary = "Remove and get the first elements in a list",
            complexity = POP_COMPLEXITY)
    public void lpop(CommandContext ctx) {
        pop(ctx, ListEnd.LEFT);
    }

    @RedisCommand(name = "rpop", arity = -2, flags = {WRITE, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = {"RW", "access", "delete"}, summary = "Remove and get the last elements in a list",
            complexity = POP_COMPLEXITY)
    public void rpop(CommandContext ctx) {
        pop(ctx, ListEnd.RIGHT);
    }

    private void pop(CommandContext ctx, ListEnd end) {
        if (ctx.argCount() > 3) {
            throw new ErrorReplyException(CommandDispatcher.wrongArity(ctx.command()));
        }
        boolean withCount = ctx.argCount() == 3;
        long count = withCount ? positive(ctx.arg(2), NOT_POSITIVE) : 1;
        byte[] key = ctx.arg(1);
        ListValue list = listToWrite(ctx.db(), key);
        if (list == null) {
            if (withCount) {
                ctx.reply().nullArray();
            } else {
                ctx.reply().nullBulk();
            }
        } else if (!withCount) {
            popElement(ctx, key, list, end);
        } else if (count == 0) {
            ctx.reply().emptyArray();
        } else {
            popElements(ctx, key, list, end, count);
        }
    }

    @RedisCommand(name = "lmpop", arity = -4, flags = {WRITE, MOVABLE_KEYS},
            summary = "Pop elements from a list", since = "7.0.0",
            complexity = "O(N+M) where N is the number of provided keys and M is the number of elements returned.")
    public void lmpop(CommandContext ctx) {
        MultiPop request = MultiPop.parse(ctx, 1);
        Database db = ctx.db();
        for (int i = 0; i < request.keyCount(); i++) {
            byte[] key = request.key(ctx, i);
            ListValue list = listToWrite(db, key);
            if (list != null) {
                popElementsWithKey(ctx, key, list, request.end(), request.count());
                return;
            }
        }
        ctx.reply().nullArray();
    }

    /** The arguments of LMPOP and BLMPOP from their numkeys on: the keys, the end and the count. */
    record MultiPop(int firstKeyIndex, int keyCount, ListEnd end, long count) {

        static MultiPop parse(CommandContext ctx, int numkeysIndex) {
            int argCount = ctx.argCount();
            Long numkeys = Numbers.parseLong(ctx.arg(numkeysIndex));
            if (numkeys == null || numkeys < 1) {
                throw new ErrorReplyException("ERR numkeys should be greater than 0");
            }
            if (numkeys > argCount - numkeysIndex - 2) {
                throw CommandContext.syntaxError();
            }
            int whereIndex = numkeysIndex + 1 + numkeys.intValue();
            ListEnd end = ListEnd.parse(ctx, whereIndex);
            long count = 0;
            for (int i = whereIndex + 1; i < argCount; i += 2) {
                if (!ctx.argIs(i, "count") || i + 1 == argCount || count != 0) {
                    throw CommandContext.syntaxError();
                }
                Long parsed = Numbers.parseLong(ctx.arg(i + 1));
                if (parsed == null || parsed < 1) {
                    throw new ErrorReplyException("ERR count should be greater than 0");
                }
                count = parsed;
            }
            return new MultiPop(numkeysIndex + 1, numkeys.intValue(), end, count == 0 ? 1 : count);
        }

        byte[] key(CommandContext ctx, int i) {
            return ctx.arg(firstKeyIndex + i);
        }
    }

    /**
     * Pops one element from {@code end} of {@code list}, the non-empty list at {@code key},
     * and replies it as a bulk string; deletes the key if the list is left empty.
     */
    void popElement(CommandContext ctx, byte[] key, ListValue list, ListEnd end) {
        ReplyWriter reply = ctx.reply();
        end.pop(list, reply::bulk);
        popped(ctx, key, list, 1, end);
    }

    /**
     * Pops up to {@code count} elements from {@code end} of {@code list}, the non-empty list
     * at {@code key}, and replies them as an array; deletes the key if the list is left empty.
     */
    void popElements(CommandContext ctx, byte[] key, ListValue list, ListEnd end, long count) {
        int popping = (int) Math.min(count, list.size());
        ReplyWriter reply = ctx.reply();
        reply.arrayHeader(popping);
        ListValue.ElementConsumer bulk = reply::bulk;
        for (int i = 0; i < popping; i++) {
            end.pop(list, bulk);
        }
        popped(ctx, key, list, popping, end);
    }

    /**
     * LMPOP's step: {@link #popElements} with the key in front, {@code [key, [elements]]},
     * propagated as {@code LPOP key count} or {@code RPOP key count}.
     */
    void popElementsWithKey(CommandContext ctx, byte[] key, ListValue list, ListEnd end, long count) {
        ctx.reply().arrayHeader(2);
        ctx.reply().bulk(key);
        popElements(ctx, key, list, end, count);
        ctx.propagateAs(end.popCommand, key, Numbers.toBytes(count));
    }

    private static void popped(CommandContext ctx, byte[] key, ListValue list, int count, ListEnd end) {
        ctx.notifyKeyspaceEvent(LIST, end.popEvent, key);
        if (list.isEmpty()) {
            ctx.db().delete(key);
            ctx.notifyKeyspaceEvent(GENERIC, "del", key);
        } else {
            ctx.db().signalModified(key);
        }
        ctx.changed(count);
    }

    // ---- moves ----

    @RedisCommand(name = "lmove", arity = 5, flags = {WRITE, DENYOOM}, firstKey = 1, lastKey = 2, keyStep = 1,
            keySpecFlags = {"RW", "access", "delete"},
            summary = "Pop an element from a list, push it to another list and return it", since = "6.2.0",
            complexity = "O(1)")
    public void lmove(CommandContext ctx) {
        ListEnd from = ListEnd.parse(ctx, 3);
        ListEnd to = ListEnd.parse(ctx, 4);
        move(ctx, from, to);
    }

    @RedisCommand(name = "rpoplpush", arity = 3, flags = {WRITE, DENYOOM}, firstKey = 1, lastKey = 2, keyStep = 1,
            keySpecFlags = {"RW", "access", "delete"},
            summary = "Remove the last element in a list, prepend it to another list and return it",
            since = "1.2.0", complexity = "O(1)")
    public void rpoplpush(CommandContext ctx) {
        move(ctx, ListEnd.RIGHT, ListEnd.LEFT);
    }

    private void move(CommandContext ctx, ListEnd from, ListEnd to) {
        byte[] sourceKey = ctx.arg(1);
        ListValue source = listToWrite(ctx.db(), sourceKey);
        if (source == null) {
            ctx.reply().nullBulk();
            return;
        }
        moveElement(ctx, sourceKey, source, from, ctx.arg(2), to);
    }

    /**
     * Moves one element from {@code from} of {@code source}, the non-empty list at
     * {@code sourceKey}, to {@code to} of the list at {@code destinationKey} (created if
     * missing; the same list when the keys are equal) and replies it as a bulk string.
     * Answers WRONGTYPE, changing nothing, if the destination holds another type.
     */
    void moveElement(CommandContext ctx, byte[] sourceKey, ListValue source, ListEnd from,
                     byte[] destinationKey, ListEnd to) {
        Database db = ctx.db();
        ListValue destination = listToWrite(db, destinationKey);
        byte[] element = from.pop(source);
        boolean created = destination == null;
        if (created) {
            destination = new ListValue(fill);
        }
        destination.growing(element.length, 1);
        to.push(destination, element);
        if (created) {
            db.put(destinationKey, destination);
        } else {
            db.signalModified(destinationKey);
        }
        ctx.notifyKeyspaceEvent(LIST, to.pushEvent, destinationKey);
        ctx.notifyKeyspaceEvent(LIST, from.popEvent, sourceKey);
        if (source.isEmpty()) {
            db.delete(sourceKey);
            ctx.notifyKeyspaceEvent(GENERIC, "del", sourceKey);
        } else if (source != destination) {
            db.signalModified(sourceKey);
        }
        ctx.changed(1);
        ctx.reply().bulk(element);
    }

    // ---- reads ----

    @RedisCommand(name = "llen", arity = 2, flags = {READONLY, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = "RO", summary = "Get the length of a list", complexity = "O(1)")
    public void llen(CommandContext ctx) {
        ListValue list = listToRead(ctx.db(), ctx.arg(1));
        ctx.reply().integer(list == null ? 0 : list.size());
    }

    @RedisCommand(name = "lrange", arity = 4, flags = READONLY, firstKey = 1, lastKey = 1, keyStep = 1,
            summary = "Get a range of elements from a list",
            complexity = "O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest "
                    + "end (HEAD or TAIL) for large lists; and N is the number of elements in the specified range.")
    public void lrange(CommandContext ctx) {
        long start = ctx.longArg(2);
        long stop = ctx.longArg(3);
        ListValue list = listToRead(ctx.db(), ctx.arg(1));
        ReplyWriter reply = ctx.reply();
        if (list == null) {
            reply.emptyArray();
            return;
        }
        long size = list.size();
        if (start < 0) {
            start = Math.max(0, start + size);
        }
        if (stop < 0) {
            stop += size;
        }
        if (start > stop || start >= size) {
            reply.emptyArray();
            return;
        }
        long count = Math.min(stop, size - 1) - start + 1;
        reply.arrayHeader((int) count);
        list.range(start, count, reply::bulk);
    }

    @RedisCommand(name = "lindex", arity = 3, flags = READONLY, firstKey = 1, lastKey = 1, keyStep = 1,
            summary = "Get an element from a list by its index",
            complexity = "O(N) where N is the number of elements to traverse to get to the element at index. This "
                    + "makes asking for the first or the last element of the list O(1).")
    public void lindex(CommandContext ctx) {
        ListValue list = listToRead(ctx.db(), ctx.arg(1));
        if (list == null) {
            ctx.reply().nullBulk();
            return;
        }
        long index = ctx.longArg(2);
        long size = list.size();
        if (index < 0) {
            index += size;
        }
        if (index < 0 || index >= size) {
            ctx.reply().nullBulk();
        } else {
            list.get(index, ctx.reply()::bulk);
        }
    }

    @RedisCommand(name = "lpos", arity = -3, flags = READONLY, firstKey = 1, lastKey = 1, keyStep = 1,
            summary = "Return the index of matching elements on a list", since = "6.0.6",
            complexity = "O(N) where N is the number of elements in the list, for the average case. When searching "
                    + "for elements near the head or the tail of the list, or when the MAXLEN option is provided, "
                    + "the command may run in constant time.")
    public void lpos(CommandContext ctx) {
        long rank = 1;
        long count = -1;
        long maxlen = 0;
        int argCount = ctx.argCount();
        for (int i = 3; i < argCount; i += 2) {
            if (i + 1 == argCount) {
                throw CommandContext.syntaxError();
            }
            if (ctx.argIs(i, "rank")) {
                rank = ctx.longArg(i + 1);
                if (rank == Long.MIN_VALUE) {
                    throw new ErrorReplyException(RANK_OUT_OF_RANGE);
                }
                if (rank == 0) {
                    throw new ErrorReplyException(RANK_ZERO);
                }
            } else if (ctx.argIs(i, "count")) {
                count = positive(ctx.arg(i + 1), "ERR COUNT can't be negative");
            } else if (ctx.argIs(i, "maxlen")) {
                maxlen = positive(ctx.arg(i + 1), "ERR MAXLEN can't be negative");
            } else {
                throw CommandContext.syntaxError();
            }
        }
        ListValue list = listToRead(ctx.db(), ctx.arg(1));
        ReplyWriter reply = ctx.reply();
        if (list == null) {
            if (count == -1) {
                reply.nullBulk();
            } else {
                reply.emptyArray();
            }
            return;
        }
        long[] positions = list.positionsOf(ctx.arg(2), rank, count == -1 ? 1 : count, maxlen);
        if (count != -1) {
            reply.arrayHeader(positions.length);
            for (long position : positions) {
                reply.integer(position);
            }
        } else if (positions.length == 0) {
            reply.nullBulk();
        } else {
            reply.integer(positions[0]);
        }
    }

    // ---- changes inside the list ----

    @RedisCommand(name = "lset", arity = 4, flags = {WRITE, DENYOOM}, firstKey = 1, lastKey = 1, keyStep = 1,
            summary = "Set the value of an element in a list by its index",
            complexity = "O(N) where N is the length of the list. Setting either the first or the last element of "
                    + "the list is O(1).")
    public void lset(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        Database db = ctx.db();
        ListValue list = listToWrite(db, key);
        if (list == null) {
            throw new ErrorReplyException("ERR no such key");
        }
        long index = ctx.longArg(2);
        long size = list.size();
        if (index < 0) {
            index += size;
        }
        if (index < 0 || index >= size) {
            throw new ErrorReplyException("ERR index out of range");
        }
        // Redis sizes the replacement as one more element before replacing, then shrinks.
        list.growing(ctx.arg(3).length, 1);
        list.set(index, ctx.arg(3));
        db.signalModified(key);
        ctx.changed(1);
        ctx.notifyKeyspaceEvent(LIST, "lset", key);
        ctx.reply().ok();
    }

    @RedisCommand(name = "linsert", arity = 5, flags = {WRITE, DENYOOM}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = {"RW", "insert"}, summary = "Insert an element before or after another element in a list",
            since = "2.2.0",
            complexity = "O(N) where N is the number of elements to traverse before seeing the value pivot. This "
                    + "means that inserting somewhere on the left end on the list (head) can be considered O(1) and "
                    + "inserting somewhere on the right end (tail) is O(N).")
    public void linsert(CommandContext ctx) {
        boolean after;
        if (ctx.argIs(2, "after")) {
            after = true;
        } else if (ctx.argIs(2, "before")) {
            after = false;
        } else {
            throw CommandContext.syntaxError();
        }
        byte[] key = ctx.arg(1);
        Database db = ctx.db();
        ListValue list = listToWrite(db, key);
        if (list == null) {
            ctx.reply().integer(0);
            return;
        }
        // As in Redis, the listpack is judged before the pivot is looked for.
        list.growing(ctx.arg(4).length, 1);
        if (!list.insert(ctx.arg(3), ctx.arg(4), after)) {
            ctx.reply().integer(-1);
            return;
        }
        db.signalModified(key);
        ctx.changed(1);
        ctx.notifyKeyspaceEvent(LIST, "linsert", key);
        ctx.reply().integer(list.size());
    }

    @RedisCommand(name = "lrem", arity = 4, flags = WRITE, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = {"RW", "delete"}, summary = "Remove elements from a list",
            complexity = "O(N+M) where N is the length of the list and M is the number of elements removed.")
    public void lrem(CommandContext ctx) {
        long count = ctx.longArg(2);
        byte[] key = ctx.arg(1);
        Database db = ctx.db();
        ListValue list = listToWrite(db, key);
        if (list == null) {
            ctx.reply().integer(0);
            return;
        }
        // Redis negates a negative count in place, so LONG_MIN stays negative and removes every match.
        long limit = count == Long.MIN_VALUE ? 0 : Math.abs(count);
        long removed = list.removeOccurrences(ctx.arg(3), limit, count < 0);
        if (removed > 0) {
            ctx.notifyKeyspaceEvent(LIST, "lrem", key);
            if (list.isEmpty()) {
                db.delete(key);
                ctx.notifyKeyspaceEvent(GENERIC, "del", key);
            } else {
                db.signalModified(key);
            }
            ctx.changed(removed);
        }
        ctx.reply().integer(removed);
    }

    @RedisCommand(name = "ltrim", arity = 4, flags = WRITE, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = {"RW", "delete"}, summary = "Trim a list to the specified range",
            complexity = "O(N) where N is the number of elements to be removed by the operation.")
    public void ltrim(CommandContext ctx) {
        long start = ctx.longArg(2);
        long stop = ctx.longArg(3);
        byte[] key = ctx.arg(1);
        Database db = ctx.db();
        ListValue list = listToWrite(db, key);
        if (list == null) {
            ctx.reply().ok();
            return;
        }
        long size = list.size();
        if (start < 0) {
            start = Math.max(0, start + size);
        }
        if (stop < 0) {
            stop += size;
        }
        long fromHead;
        long fromTail;
        if (start > stop || start >= size) {
            fromHead = size;
            fromTail = 0;
        } else {
            fromHead = start;
            fromTail = size - 1 - Math.min(stop, size - 1);
        }
        list.removeFirst(fromHead);
        list.removeLast(fromTail);
        // Redis signals the key even when the range covers the whole list.
        ctx.notifyKeyspaceEvent(LIST, "ltrim", key);
        if (list.isEmpty()) {
            db.delete(key);
            ctx.notifyKeyspaceEvent(GENERIC, "del", key);
        } else {
            db.signalModified(key);
        }
        ctx.changed(fromHead + fromTail);
        ctx.reply().ok();
    }

    // ---- lookups ----

    /** The list at {@code key} for a command that writes it: null if missing, WRONGTYPE if another type. */
    static ListValue listToWrite(Database db, byte[] key) {
        return WrongTypeException.ifOfType(db.get(key), ListValue.class);
    }

    /** The list at {@code key} for a command that only reads it (counts a keyspace hit or miss). */
    static ListValue listToRead(Database db, byte[] key) {
        return WrongTypeException.ifOfType(db.read(key), ListValue.class);
    }

    /** A count that must not be negative; any other argument answers {@code error}, as Redis does. */
    private static long positive(byte[] argument, String error) {
        Long value = Numbers.parseLong(argument);
        if (value == null || value < 0) {
            throw new ErrorReplyException(error);
        }
        return value;
    }
}
