package dev.cinnabar.command.hashes;

import dev.cinnabar.command.CollectionScanOptions;
import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandFamily;
import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisCommand;
import dev.cinnabar.command.keys.ScanCursor;
import dev.cinnabar.command.strings.LongDouble;
import dev.cinnabar.config.RuntimeConfig;
import dev.cinnabar.protocol.ErrorReplyException;
import dev.cinnabar.protocol.ReplyWriter;
import dev.cinnabar.store.Database;
import dev.cinnabar.store.HashValue;
import dev.cinnabar.store.RandomIndexes;
import dev.cinnabar.store.WrongTypeException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static dev.cinnabar.command.CommandFlag.DENYOOM;
import static dev.cinnabar.command.CommandFlag.FAST;
import static dev.cinnabar.command.CommandFlag.READONLY;
import static dev.cinnabar.command.CommandFlag.WRITE;
import static dev.cinnabar.config.KeyspaceEventClasses.GENERIC;
import static dev.cinnabar.config.KeyspaceEventClasses.HASH;

/** The hash commands, like Redis's t_hash.c. */
@CommandFamily("hash")
public class HashCommands {

    private static final String SIZE_COMPLEXITY = "O(N) where N is the size of the hash.";
    private static final String SCAN_COMPLEXITY = "O(1) for every call. O(N) for a complete iteration, including "
            + "enough command calls for the cursor to return back to 0. N is the number of elements inside the "
            + "collection..";
    private static final byte[] HSET = "HSET".getBytes(StandardCharsets.US_ASCII);
    private static final String COUNT_OUT_OF_RANGE =
            "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807";
    /** HRANDFIELD's negative counts are answered in one reply, whose length must fit an int. */
    private static final long MAX_REPEATED_FIELDS = Integer.MAX_VALUE / 2 - 1;

    private volatile long maxListpackEntries;
    private volatile long maxListpackValue;

    public HashCommands(RuntimeConfig config) {
        maxListpackEntries = config.longValue("hash-max-listpack-entries");
        maxListpackValue = config.longValue("hash-max-listpack-value");
        config.onChange("hash-max-listpack-entries", value -> maxListpackEntries = Long.parseLong(value));
        config.onChange("hash-max-listpack-value", value -> maxListpackValue = Long.parseLong(value));
    }

    // ---- writing ---------------------------------------------------------------------------

    @RedisCommand(name = "hset", arity = -4, flags = {WRITE, DENYOOM, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            summary = "Set the string value of a hash field", since = "2.0.0",
            complexity = "O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command "
                    + "is called with multiple field/value pairs.")
    public void hset(CommandContext ctx) {
        ctx.reply().integer(setPairs(ctx));
    }

    @RedisCommand(name = "hmset", arity = -4, flags = {WRITE, DENYOOM, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            summary = "Set multiple hash fields to multiple values", since = "2.0.0",
            complexity = "O(N) where N is the number of fields being set.")
    public void hmset(CommandContext ctx) {
        setPairs(ctx);
        ctx.reply().ok();
    }

    /** Sets the field/value pairs of HSET and HMSET and returns how many fields are new. */
    private int setPairs(CommandContext ctx) {
        int argc = ctx.argCount();
        if ((argc & 1) != 0) {
            throw new ErrorReplyException("ERR wrong number of arguments for '" + ctx.command().fullName()
                    + "' command");
        }
        byte[] key = ctx.arg(1);
        Database db = ctx.db();
        HashValue hash = writableHash(db, key);
        boolean created = hash == null;
        if (created) {
            hash = new HashValue();
        }
        long maxEntries = maxListpackEntries;
        long maxValue = maxListpackValue;
        int added = 0;
        for (int i = 2; i < argc; i += 2) {
            if (hash.put(ctx.arg(i), ctx.arg(i + 1), maxEntries, maxValue)) {
                added++;
            }
        }
        stored(db, key, hash, created);
        ctx.notifyKeyspaceEvent(HASH, "hset", key);
        ctx.changed((argc - 2) / 2);
        return added;
    }

    @RedisCommand(name = "hsetnx", arity = 4, flags = {WRITE, DENYOOM, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = {"RW", "insert"},
            summary = "Set the value of a hash field, only if the field does not exist", since = "2.0.0",
            complexity = "O(1)")
    public void hsetnx(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        Database db = ctx.db();
        HashValue hash = writableHash(db, key);
        boolean created = hash == null;
        if (created) {
            hash = new HashValue();
        } else if (hash.find(ctx.arg(2)) >= 0) {
            ctx.reply().integer(0);
            return;
        }
        hash.put(ctx.arg(2), ctx.arg(3), maxListpackEntries, maxListpackValue);
        stored(db, key, hash, created);
        ctx.notifyKeyspaceEvent(HASH, "hset", key);
        ctx.changed(1);
        ctx.reply().integer(1);
    }

    @RedisCommand(name = "hdel", arity = -3, flags = {WRITE, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = {"RW", "delete"},
            summary = "Delete one or more hash fields", since = "2.0.0",
            complexity = "O(N) where N is the number of fields to be removed.")
    public void hdel(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        Database db = ctx.db();
        HashValue hash = writableHash(db, key);
        if (hash == null) {
            ctx.reply().integer(0);
            return;
        }
        int deleted = 0;
        for (int i = 2; i < ctx.argCount() && hash.size() > 0; i++) {
            if (hash.remove(ctx.arg(i))) {
                deleted++;
            }
        }
        if (deleted > 0) {
            ctx.notifyKeyspaceEvent(HASH, "hdel", key);
            if (hash.size() == 0) {
                db.delete(key);
                ctx.notifyKeyspaceEvent(GENERIC, "del", key);
            } else {
                db.signalModified(key);
            }
        }
        ctx.changed(deleted);
        ctx.reply().integer(deleted);
    }

    @RedisCommand(name = "hincrby", arity = 4, flags = {WRITE, DENYOOM, FAST}, firstKey = 1, lastKey = 1,
            keyStep = 1, keySpecFlags = {"RW", "access", "update"},
            summary = "Increment the integer value of a hash field by the given number", since = "2.0.0",
            complexity = "O(1)")
    public void hincrby(CommandContext ctx) {
        long increment = ctx.longArg(3);
        byte[] key = ctx.arg(1);
        byte[] field = ctx.arg(2);
        Database db = ctx.db();
        HashValue hash = writableHash(db, key);
        boolean created = hash == null;
        long current = 0;
        int position = -1;
        if (created) {
            hash = new HashValue();
        } else {
            position = hash.find(field);
            if (position >= 0) {
                Long parsed = Numbers.parseLong(hash.value(position));
                if (parsed == null) {
                    throw new ErrorReplyException("ERR hash value is not an integer");
                }
                current = parsed;
            }
        }
        long result;
        try {
            result = Math.addExact(current, increment);
        } catch (ArithmeticException overflow) {
            throw new ErrorReplyException("ERR increment or decrement would overflow");
        }
        if (position >= 0) {
            hash.putExisting(position, field, Numbers.toBytes(result), maxListpackEntries, maxListpackValue);
        } else {
            hash.put(field, Numbers.toBytes(result), maxListpackEntries, maxListpackValue);
        }
        stored(db, key, hash, created);
        ctx.notifyKeyspaceEvent(HASH, "hincrby", key);
        ctx.changed(1);
        ctx.reply().integer(result);
    }

    /** Computed in x87 extended precision and printed like INCRBYFLOAT; propagated as HSET of the result. */
    @RedisCommand(name = "hincrbyfloat", arity = 4, flags = {WRITE, DENYOOM, FAST}, firstKey = 1, lastKey = 1,
            keyStep = 1, keySpecFlags = {"RW", "access", "update"},
            summary = "Increment the float value of a hash field by the given amount", since = "2.6.0",
            complexity = "O(1)")
    public void hincrbyfloat(CommandContext ctx) {
        LongDouble increment = LongDouble.parse(ctx.arg(3));
        if (increment == null) {
            throw new ErrorReplyException(Numbers.NOT_A_FLOAT);
        }
        if (!increment.isFinite()) {
            throw new ErrorReplyException("ERR value is NaN or Infinity");
        }
        byte[] key = ctx.arg(1);
        byte[] field = ctx.arg(2);
        Database db = ctx.db();
        HashValue hash = writableHash(db, key);
        boolean created = hash == null;
        LongDouble current = LongDouble.ZERO;
        if (created) {
            hash = new HashValue();
        } else {
            int position = hash.find(field);
            if (position >= 0) {
                current = LongDouble.parse(hash.value(position));
                if (current == null) {
                    throw new ErrorReplyException("ERR hash value is not a float");
                }
            }
        }
        LongDouble sum = current.plus(increment);
        if (!sum.isFinite()) {
            throw new ErrorReplyException("ERR increment would produce NaN or Infinity");
        }
        byte[] stored = sum.toHumanBytes();
        hash.put(field, stored, maxListpackEntries, maxListpackValue);
        stored(db, key, hash, created);
        ctx.notifyKeyspaceEvent(HASH, "hincrbyfloat", key);
        ctx.changed(1);
        ctx.propagateAs(HSET, key, field, stored);
        ctx.reply().bulk(stored);
    }

    // ---- reading ---------------------------------------------------------------------------

    @RedisCommand(name = "hget", arity = 3, flags = {READONLY, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            summary = "Get the value of a hash field", since = "2.0.0", complexity = "O(1)")
    public void hget(CommandContext ctx) {
        HashValue hash = readableHash(ctx);
        int position = hash == null ? -1 : hash.find(ctx.arg(2));
        if (position < 0) {
            ctx.reply().nullBulk();
        } else {
            writeValue(ctx.reply(), hash, position);
        }
    }

    @RedisCommand(name = "hmget", arity = -3, flags = {READONLY, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            summary = "Get the values of all the given hash fields", since = "2.0.0",
            complexity = "O(N) where N is the number of fields being requested.")
    public void hmget(CommandContext ctx) {
        HashValue hash = readableHash(ctx);
        ReplyWriter reply = ctx.reply();
        reply.arrayHeader(ctx.argCount() - 2);
        for (int i = 2; i < ctx.argCount(); i++) {
            int position = hash == null ? -1 : hash.find(ctx.arg(i));
            if (position < 0) {
                reply.nullBulk();
            } else {
                writeValue(reply, hash, position);
            }
        }
    }

    @RedisCommand(name = "hgetall", arity = 2, flags = {READONLY}, firstKey = 1, lastKey = 1, keyStep = 1,
            tips = "nondeterministic_output_order",
            summary = "Get all the fields and values in a hash", since = "2.0.0", complexity = SIZE_COMPLEXITY)
    public void hgetall(CommandContext ctx) {
        HashValue hash = readableHash(ctx);
        ReplyWriter reply = ctx.reply();
        if (hash == null) {
            reply.emptyArray();
            return;
        }
        reply.mapHeader(hash.size());
        for (int position = hash.first(); position >= 0; position = hash.next(position)) {
            writeField(reply, hash, position);
            writeValue(reply, hash, position);
        }
    }

    @RedisCommand(name = "hkeys", arity = 2, flags = {READONLY}, firstKey = 1, lastKey = 1, keyStep = 1,
            tips = "nondeterministic_output_order",
            summary = "Get all the fields in a hash", since = "2.0.0", complexity = SIZE_COMPLEXITY)
    public void hkeys(CommandContext ctx) {
        HashValue hash = readableHash(ctx);
        ReplyWriter reply = ctx.reply();
        if (hash == null) {
            reply.emptyArray();
            return;
        }
        reply.arrayHeader(hash.size());
        for (int position = hash.first(); position >= 0; position = hash.next(position)) {
            writeField(reply, hash, position);
        }
    }

    @RedisCommand(name = "hvals", arity = 2, flags = {READONLY}, firstKey = 1, lastKey = 1, keyStep = 1,
            tips = "nondeterministic_output_order",
            summary = "Get all the values in a hash", since = "2.0.0", complexity = SIZE_COMPLEXITY)
    public void hvals(CommandContext ctx) {
        HashValue hash = readableHash(ctx);
        ReplyWriter reply = ctx.reply();
        if (hash == null) {
            reply.emptyArray();
            return;
        }
        reply.arrayHeader(hash.size());
        for (int position = hash.first(); position >= 0; position = hash.next(position)) {
            writeValue(reply, hash, position);
        }
    }

    @RedisCommand(name = "hlen", arity = 2, flags = {READONLY, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = "RO", summary = "Get the number of fields in a hash", since = "2.0.0", complexity = "O(1)")
    public void hlen(CommandContext ctx) {
        HashValue hash = readableHash(ctx);
        ctx.reply().integer(hash == null ? 0 : hash.size());
    }

    @RedisCommand(name = "hexists", arity = 3, flags = {READONLY, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = "RO", summary = "Determine if a hash field exists", since = "2.0.0", complexity = "O(1)")
    public void hexists(CommandContext ctx) {
        HashValue hash = readableHash(ctx);
        ctx.reply().integer(hash != null && hash.find(ctx.arg(2)) >= 0 ? 1 : 0);
    }

    @RedisCommand(name = "hstrlen", arity = 3, flags = {READONLY, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = "RO", summary = "Get the length of the value of a hash field", since = "3.2.0",
            complexity = "O(1)")
    public void hstrlen(CommandContext ctx) {
        HashValue hash = readableHash(ctx);
        int position = hash == null ? -1 : hash.find(ctx.arg(2));
        ctx.reply().integer(position < 0 ? 0 : hash.valueLength(position));
    }

    @RedisCommand(name = "hrandfield", arity = -2, flags = {READONLY}, firstKey = 1, lastKey = 1, keyStep = 1,
            tips = "nondeterministic_output",
            summary = "Get one or multiple random fields from a hash", since = "6.2.0",
            complexity = "O(N) where N is the number of fields returned")
    public void hrandfield(CommandContext ctx) {
        ReplyWriter reply = ctx.reply();
        if (ctx.argCount() == 2) {
            HashValue hash = readableHash(ctx);
            if (hash == null) {
                reply.nullBulk();
            } else {
                writeField(reply, hash, hash.positionAt(ThreadLocalRandom.current().nextInt(hash.size())));
            }
            return;
        }
        long count = ctx.longArg(2);
        if (count == Long.MIN_VALUE) {
            throw new ErrorReplyException(COUNT_OUT_OF_RANGE);
        }
        boolean withValues = false;
        if (ctx.argCount() > 4 || (ctx.argCount() == 4 && !ctx.argIs(3, "withvalues"))) {
            throw CommandContext.syntaxError();
        } else if (ctx.argCount() == 4) {
            withValues = true;
            if (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2) {
                throw new ErrorReplyException("ERR value is out of range");
            }
        }
        if (count < -MAX_REPEATED_FIELDS) {
            throw new ErrorReplyException("ERR value is out of range");
        }
        HashValue hash = readableHash(ctx);
        if (hash == null || count == 0) {
            reply.emptyArray();
            return;
        }
        writeRandomFields(reply, hash, count, withValues);
    }

    /**
     * A negative count repeats fields, each drawn independently; a positive one gives distinct
     * fields, the whole hash when it asks for at least its size.
     */
    private static void writeRandomFields(ReplyWriter reply, HashValue hash, long count, boolean withValues) {
        int size = hash.size();
        int perField = withValues ? 2 : 1;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (count >= size) {
            reply.arrayHeader(size * perField);
            for (int position = hash.first(); position >= 0; position = hash.next(position)) {
                writeRandomField(reply, hash, position, withValues);
            }
            return;
        }
        int[] positions = hash.isPacked() ? hash.positions() : null;
        if (count < 0) {
            int repeats = (int) -count;
            reply.arrayHeader(repeats * perField);
            for (int i = 0; i < repeats; i++) {
                int index = random.nextInt(size);
                writeRandomField(reply, hash, positions == null ? index : positions[index], withValues);
            }
            return;
        }
        int[] indexes = RandomIndexes.distinct(size, (int) count, random);
        reply.arrayHeader(indexes.length * perField);
        for (int index : indexes) {
            writeRandomField(reply, hash, positions == null ? index : positions[index], withValues);
        }
    }

    private static void writeRandomField(ReplyWriter reply, HashValue hash, int position, boolean withValues) {
        writeField(reply, hash, position);
        if (withValues) {
            writeValue(reply, hash, position);
        }
    }

    @RedisCommand(name = "hscan", arity = -3, flags = {READONLY}, firstKey = 1, lastKey = 1, keyStep = 1,
            tips = "nondeterministic_output",
            summary = "Incrementally iterate hash fields and associated values", since = "2.8.0",
            complexity = SCAN_COMPLEXITY)
    public void hscan(CommandContext ctx) {
        long cursor = ScanCursor.parse(ctx.arg(2));
        HashValue hash = readableHash(ctx);
        ReplyWriter reply = ctx.reply();
        if (hash == null) {
            reply.arrayHeader(2);
            reply.bulk("0");
            reply.emptyArray();
            return;
        }
        CollectionScanOptions options = CollectionScanOptions.parse(ctx, 3);
        List<byte[]> found = new ArrayList<>();
        long steps = options.maxSteps();
        do {
            cursor = hash.scan(cursor, position -> {
                byte[] field = hash.field(position);
                if (options.matches(field)) {
                    found.add(field);
                    found.add(hash.value(position));
                }
            });
        } while (cursor != 0 && steps-- > 0 && found.size() < options.count());
        reply.arrayHeader(2);
        reply.bulk(ScanCursor.format(cursor));
        reply.bulkArray(found);
    }

    // ---- helpers ---------------------------------------------------------------------------

    /** The hash at argument 1 for a reading command, or null if there is none. */
    private static HashValue readableHash(CommandContext ctx) {
        return WrongTypeException.ifOfType(ctx.db().read(ctx.arg(1)), HashValue.class);
    }

    /** The hash at {@code key} for a writing command, or null if there is none. */
    private static HashValue writableHash(Database db, byte[] key) {
        return WrongTypeException.ifOfType(db.get(key), HashValue.class);
    }

    /** Stores a new hash, or tells watchers that an existing one changed in place. */
    private static void stored(Database db, byte[] key, HashValue hash, boolean created) {
        if (created) {
            db.put(key, hash);
        } else {
            db.signalModified(key);
        }
    }

    private static void writeField(ReplyWriter reply, HashValue hash, int position) {
        reply.bulk(hash.fieldArray(position), hash.fieldOffset(position), hash.fieldLength(position));
    }

    private static void writeValue(ReplyWriter reply, HashValue hash, int position) {
        reply.bulk(hash.valueArray(position), hash.valueOffset(position), hash.valueLength(position));
    }
}
