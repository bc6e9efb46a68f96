package dev.cinnabar.command.sets;

import dev.cinnabar.command.CollectionScanOptions;
import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandFamily;
import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisCommand;
import dev.cinnabar.command.keys.ScanCursor;
import dev.cinnabar.config.RuntimeConfig;
import dev.cinnabar.protocol.ErrorReplyException;
import dev.cinnabar.protocol.ReplyWriter;
import dev.cinnabar.store.Database;
import dev.cinnabar.store.RandomIndexes;
import dev.cinnabar.store.SetValue;
import dev.cinnabar.store.WrongTypeException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static dev.cinnabar.command.CommandFlag.DENYOOM;
import static dev.cinnabar.command.CommandFlag.FAST;
import static dev.cinnabar.command.CommandFlag.MOVABLE_KEYS;
import static dev.cinnabar.command.CommandFlag.READONLY;
import static dev.cinnabar.command.CommandFlag.WRITE;
import static dev.cinnabar.config.KeyspaceEventClasses.GENERIC;
import static dev.cinnabar.config.KeyspaceEventClasses.SET;

/** The set commands, like Redis's t_set.c. */
@CommandFamily("set")
public class SetCommands {

    private static final String INTER_COMPLEXITY = "O(N*M) worst case where N is the cardinality of the smallest "
            + "set and M is the number of sets.";
    private static final String UNION_COMPLEXITY = "O(N) where N is the total number of elements in all given sets.";
    private static final String SCAN_COMPLEXITY = "O(1) for every call. O(N) for a complete iteration, including "
            + "enough command calls for the cursor to return back to 0. N is the number of elements inside the "
            + "collection..";
    private static final byte[] SREM = "SREM".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DEL = "DEL".getBytes(StandardCharsets.US_ASCII);
    /** SPOP with a count is propagated as SREMs of at most this many members, as Redis batches them. */
    private static final int SREM_BATCH = 1024;
    private static final String COUNT_OUT_OF_RANGE =
            "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807";
    /** SRANDMEMBER's negative counts are answered in one reply, whose length must fit an int. */
    private static final long MAX_REPEATED_MEMBERS = Integer.MAX_VALUE - 8;

    private volatile long maxIntsetEntries;

    public SetCommands(RuntimeConfig config) {
        maxIntsetEntries = config.longValue("set-max-intset-entries");
        config.onChange("set-max-intset-entries", value -> maxIntsetEntries = Long.parseLong(value));
    }

    // ---- single sets -----------------------------------------------------------------------

    @RedisCommand(name = "sadd", arity = -3, flags = {WRITE, DENYOOM, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = {"RW", "insert"}, summary = "Add one or more members to a set",
            complexity = "O(1) for each element added, so O(N) to add N elements when the command is called with "
                    + "multiple arguments.")
    public void sadd(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        Database db = ctx.db();
        SetValue set = writableSet(db, key);
        boolean created = set == null;
        if (created) {
            set = SetValue.forFirstMember(ctx.arg(2));
        }
        long maxEntries = maxIntsetEntries;
        int added = 0;
        for (int i = 2; i < ctx.argCount(); i++) {
            if (set.add(ctx.arg(i), maxEntries)) {
                added++;
            }
        }
        if (created) {
            db.put(key, set);
        } else if (added > 0) {
            db.signalModified(key);
        }
        if (added > 0) {
            ctx.notifyKeyspaceEvent(SET, "sadd", key);
        }
        ctx.changed(added);
        ctx.reply().integer(added);
    }

    @RedisCommand(name = "srem", arity = -3, flags = {WRITE, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = {"RW", "delete"}, summary = "Remove one or more members from a set",
            complexity = "O(N) where N is the number of members to be removed.")
    public void srem(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        Database db = ctx.db();
        SetValue set = writableSet(db, key);
        int removed = 0;
        for (int i = 2; set != null && i < ctx.argCount() && set.size() > 0; i++) {
            if (set.remove(ctx.arg(i))) {
                removed++;
            }
        }
        if (removed > 0) {
            afterRemoval(ctx, key, set, "srem");
        }
        ctx.changed(removed);
        ctx.reply().integer(removed);
    }

    @RedisCommand(name = "smembers", arity = 2, flags = {READONLY}, firstKey = 1, lastKey = 1, keyStep = 1,
            tips = "nondeterministic_output_order", summary = "Get all the members in a set",
            complexity = "O(N) where N is the set cardinality.")
    public void smembers(CommandContext ctx) {
        SetValue set = readableSet(ctx.db(), ctx.arg(1));
        if (set == null) {
            ctx.reply().emptyArray();
        } else {
            writeMembers(ctx.reply(), set);
        }
    }

    @RedisCommand(name = "sismember", arity = 3, flags = {READONLY, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = "RO", summary = "Determine if a given value is a member of a set", complexity = "O(1)")
    public void sismember(CommandContext ctx) {
        SetValue set = readableSet(ctx.db(), ctx.arg(1));
        ctx.reply().integer(set != null && set.contains(ctx.arg(2)) ? 1 : 0);
    }

    @RedisCommand(name = "smismember", arity = -3, flags = {READONLY, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            summary = "Returns the membership associated with the given elements for a set", since = "6.2.0",
            complexity = "O(N) where N is the number of elements being checked for membership")
    public void smismember(CommandContext ctx) {
        SetValue set = readableSet(ctx.db(), ctx.arg(1));
        ReplyWriter reply = ctx.reply();
        reply.arrayHeader(ctx.argCount() - 2);
        for (int i = 2; i < ctx.argCount(); i++) {
            reply.integer(set != null && set.contains(ctx.arg(i)) ? 1 : 0);
        }
    }

    @RedisCommand(name = "scard", arity = 2, flags = {READONLY, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = "RO", summary = "Get the number of members in a set", complexity = "O(1)")
    public void scard(CommandContext ctx) {
        SetValue set = readableSet(ctx.db(), ctx.arg(1));
        ctx.reply().integer(set == null ? 0 : set.size());
    }

    /** Propagated as SREM of the popped members, or DEL when the whole set is popped. */
    @RedisCommand(name = "spop", arity = -2, flags = {WRITE, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            tips = "nondeterministic_output", keySpecFlags = {"RW", "access", "delete"},
            summary = "Remove and return one or multiple random members from a set",
            complexity = "Without the count argument O(1), otherwise O(N) where N is the value of the passed count.")
    public void spop(CommandContext ctx) {
        if (ctx.argCount() > 3) {
            throw CommandContext.syntaxError();
        }
        byte[] key = ctx.arg(1);
        Database db = ctx.db();
        ReplyWriter reply = ctx.reply();
        if (ctx.argCount() == 2) {
            SetValue set = writableSet(db, key);
            if (set == null) {
                reply.nullBulk();
                return;
            }
            byte[] member = set.popRandom(1).get(0);
            afterRemoval(ctx, key, set, "spop");
            ctx.changed(1);
            ctx.propagateAs(SREM, key, member);
            reply.bulk(member);
            return;
        }
        Long parsedCount = Numbers.parseLong(ctx.arg(2));
        if (parsedCount == null || parsedCount < 0) {
            throw new ErrorReplyException("ERR value is out of range, must be positive");
        }
        long count = parsedCount;
        SetValue set = writableSet(db, key);
        if (set == null || count == 0) {
            reply.emptyArray();
            return;
        }
        int size = set.size();
        if (count >= size) {
            writeMembers(reply, set);
            db.delete(key);
            ctx.notifyKeyspaceEvent(SET, "spop", key);
            ctx.notifyKeyspaceEvent(GENERIC, "del", key);
            ctx.changed(size);
            ctx.propagateAs(DEL, key);
            return;
        }
        List<byte[]> popped = set.popRandom((int) count);
        db.signalModified(key);
        ctx.notifyKeyspaceEvent(SET, "spop", key);
        ctx.changed(popped.size());
        for (int from = 0; from < popped.size(); from += SREM_BATCH) {
            List<byte[]> batch = popped.subList(from, Math.min(popped.size(), from + SREM_BATCH));
            byte[][] argv = new byte[batch.size() + 2][];
            argv[0] = SREM;
            argv[1] = key;
            for (int i = 0; i < batch.size(); i++) {
                argv[i + 2] = batch.get(i);
            }
            ctx.propagateAs(argv);
        }
        reply.bulkArray(popped);
    }

    @RedisCommand(name = "srandmember", arity = -2, flags = {READONLY}, firstKey = 1, lastKey = 1, keyStep = 1,
            tips = "nondeterministic_output", summary = "Get one or multiple random members from a set",
            complexity = "Without the count argument O(1), otherwise O(N) where N is the absolute value of the "
                    + "passed count.")
    public void srandmember(CommandContext ctx) {
        if (ctx.argCount() > 3) {
            throw CommandContext.syntaxError();
        }
        ReplyWriter reply = ctx.reply();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (ctx.argCount() == 2) {
            SetValue set = readableSet(ctx.db(), ctx.arg(1));
            if (set == null) {
                reply.nullBulk();
            } else {
                reply.bulk(set.member(random.nextInt(set.size())));
            }
            return;
        }
        long count = ctx.longArg(2);
        if (count == Long.MIN_VALUE) {
            throw new ErrorReplyException(COUNT_OUT_OF_RANGE);
        }
        if (count < -MAX_REPEATED_MEMBERS) {
            throw new ErrorReplyException("ERR value is out of range");
        }
        SetValue set = readableSet(ctx.db(), ctx.arg(1));
        if (set == null || count == 0) {
            reply.emptyArray();
            return;
        }
        int size = set.size();
        if (count < 0) {
            // repetitions allowed: every draw independent and uniform
            int draws = (int) -count;
            reply.arrayHeader(draws);
            for (int i = 0; i < draws; i++) {
                reply.bulk(set.member(random.nextInt(size)));
            }
        } else if (count >= size) {
            writeMembers(reply, set);
        } else {
            int[] indexes = RandomIndexes.distinct(size, (int) count, random);
            reply.arrayHeader(indexes.length);
            for (int index : indexes) {
                reply.bulk(set.member(index));
            }
        }
    }

    @RedisCommand(name = "smove", arity = 4, flags = {WRITE, FAST}, firstKey = 1, lastKey = 2, keyStep = 1,
            keySpecFlags = {"RW", "access", "delete"}, summary = "Move a member from one set to another",
            complexity = "O(1)")
    public void smove(CommandContext ctx) {
        byte[] sourceKey = ctx.arg(1);
        byte[] targetKey = ctx.arg(2);
        byte[] member = ctx.arg(3);
        Database db = ctx.db();
        Object sourceValue = db.get(sourceKey);
        Object targetValue = db.get(targetKey);
        if (sourceValue == null) {
            ctx.reply().integer(0);
            return;
        }
        if (!(sourceValue instanceof SetValue source)
                || (targetValue != null && !(targetValue instanceof SetValue))) {
            throw WrongTypeException.INSTANCE;
        }
        if (Arrays.equals(sourceKey, targetKey)) {
            ctx.reply().integer(source.contains(member) ? 1 : 0);
            return;
        }
        if (!source.remove(member)) {
            ctx.reply().integer(0);
            return;
        }
        afterRemoval(ctx, sourceKey, source, "srem");
        SetValue target = (SetValue) targetValue;
        if (target == null) {
            target = SetValue.forFirstMember(member);
            target.add(member, maxIntsetEntries);
            db.put(targetKey, target);
            ctx.notifyKeyspaceEvent(SET, "sadd", targetKey);
        } else if (target.add(member, maxIntsetEntries)) {
            db.signalModified(targetKey);
            ctx.notifyKeyspaceEvent(SET, "sadd", targetKey);
        }
        ctx.changed(1);
        ctx.reply().integer(1);
    }

    // ---- several sets ----------------------------------------------------------------------

    @RedisCommand(name = "sinter", arity = -2, flags = {READONLY}, firstKey = 1, lastKey = -1, keyStep = 1,
            tips = "nondeterministic_output_order", summary = "Intersect multiple sets", complexity = INTER_COMPLEXITY)
    public void sinter(CommandContext ctx) {
        SetValue[] sets = readableSets(ctx, 1, ctx.argCount());
        List<byte[]> members = new ArrayList<>();
        if (allExist(sets)) {
            forEachCommonMember(sets, (set, index) -> {
                members.add(set.member(index));
                return true;
            });
        }
        ctx.reply().bulkArray(members);
    }

    @RedisCommand(name = "sintercard", arity = -3, flags = {READONLY, MOVABLE_KEYS},
            summary = "Intersect multiple sets and return the cardinality of the result", since = "7.0.0",
            complexity = INTER_COMPLEXITY)
    public void sintercard(CommandContext ctx) {
        Long numKeys = Numbers.parseLong(ctx.arg(1));
        if (numKeys == null || numKeys < 1) {
            throw new ErrorReplyException("ERR numkeys should be greater than 0");
        }
        if (numKeys > ctx.argCount() - 2) {
            throw new ErrorReplyException("ERR Number of keys can't be greater than number of args");
        }
        int keysEnd = 2 + numKeys.intValue();
        long limit = 0;
        for (int i = keysEnd; i < ctx.argCount(); i += 2) {
            if (ctx.argIs(i, "limit") && i + 1 < ctx.argCount()) {
                Long parsedLimit = Numbers.parseLong(ctx.arg(i + 1));
                if (parsedLimit == null || parsedLimit < 0) {
                    throw new ErrorReplyException("ERR LIMIT can't be negative");
                }
                limit = parsedLimit;
            } else {
                throw CommandContext.syntaxError();
            }
        }
        SetValue[] sets = readableSets(ctx, 2, keysEnd);
        long[] cardinality = {0};
        if (allExist(sets)) {
            long stopAt = limit;
            forEachCommonMember(sets, (set, index) -> ++cardinality[0] != stopAt);
        }
        ctx.reply().integer(cardinality[0]);
    }

    @RedisCommand(name = "sinterstore", arity = -3, flags = {WRITE, DENYOOM}, firstKey = 1, lastKey = -1,
            keyStep = 1, summary = "Intersect multiple sets and store the resulting set in a key",
            complexity = INTER_COMPLEXITY)
    public void sinterstore(CommandContext ctx) {
        SetValue[] sets = writableSets(ctx, 2, ctx.argCount());
        SetValue result = SetValue.empty();
        if (allExist(sets)) {
            long maxEntries = maxIntsetEntries;
            forEachCommonMember(sets, (set, index) -> {
                result.addMemberOf(set, index, maxEntries);
                return true;
            });
        }
        store(ctx, result, "sinterstore");
    }

    @RedisCommand(name = "sunion", arity = -2, flags = {READONLY}, firstKey = 1, lastKey = -1, keyStep = 1,
            tips = "nondeterministic_output_order", summary = "Add multiple sets", complexity = UNION_COMPLEXITY)
    public void sunion(CommandContext ctx) {
        writeMembers(ctx.reply(), union(readableSets(ctx, 1, ctx.argCount())));
    }

    @RedisCommand(name = "sunionstore", arity = -3, flags = {WRITE, DENYOOM}, firstKey = 1, lastKey = -1,
            keyStep = 1, keySpecFlags = {"OW", "update"},
            summary = "Add multiple sets and store the resulting set in a key", complexity = UNION_COMPLEXITY)
    public void sunionstore(CommandContext ctx) {
        store(ctx, union(writableSets(ctx, 2, ctx.argCount())), "sunionstore");
    }

    @RedisCommand(name = "sdiff", arity = -2, flags = {READONLY}, firstKey = 1, lastKey = -1, keyStep = 1,
            tips = "nondeterministic_output_order", summary = "Subtract multiple sets", complexity = UNION_COMPLEXITY)
    public void sdiff(CommandContext ctx) {
        writeMembers(ctx.reply(), difference(readableSets(ctx, 1, ctx.argCount())));
    }

    @RedisCommand(name = "sdiffstore", arity = -3, flags = {WRITE, DENYOOM}, firstKey = 1, lastKey = -1,
            keyStep = 1, keySpecFlags = {"OW", "update"},
            summary = "Subtract multiple sets and store the resulting set in a key", complexity = UNION_COMPLEXITY)
    public void sdiffstore(CommandContext ctx) {
        store(ctx, difference(writableSets(ctx, 2, ctx.argCount())), "sdiffstore");
    }

    @RedisCommand(name = "sscan", arity = -3, flags = {READONLY}, firstKey = 1, lastKey = 1, keyStep = 1,
            tips = "nondeterministic_output", summary = "Incrementally iterate Set elements", since = "2.8.0",
            complexity = SCAN_COMPLEXITY)
    public void sscan(CommandContext ctx) {
        long cursor = ScanCursor.parse(ctx.arg(2));
        SetValue set = readableSet(ctx.db(), ctx.arg(1));
        ReplyWriter reply = ctx.reply();
        if (set == null) {
            reply.arrayHeader(2);
            reply.bulk("0");
            reply.emptyArray();
            return;
        }
        CollectionScanOptions options = CollectionScanOptions.parse(ctx, 3);
        List<byte[]> found = new ArrayList<>();
        long steps = options.maxSteps();
        do {
            cursor = set.scan(cursor, index -> {
                byte[] member = set.member(index);
                if (options.matches(member)) {
                    found.add(member);
                }
            });
        } while (cursor != 0 && steps-- > 0 && found.size() < options.count());
        reply.arrayHeader(2);
        reply.bulk(ScanCursor.format(cursor));
        reply.bulkArray(found);
    }

    // ---- helpers ---------------------------------------------------------------------------

    @FunctionalInterface
    private interface MemberVisitor {
        /** Returns false to stop the iteration. */
        boolean visit(SetValue set, int index);
    }

    /** Visits the members all {@code sets} share, walking the smallest; stops when the visitor says so. */
    private static void forEachCommonMember(SetValue[] sets, MemberVisitor visitor) {
        SetValue[] bySize = sets.clone();
        Arrays.sort(bySize, Comparator.comparingInt(SetValue::size));
        SetValue smallest = bySize[0];
        candidates:
        for (int i = 0; i < smallest.size(); i++) {
            for (int j = 1; j < bySize.length; j++) {
                if (bySize[j] != smallest && !bySize[j].containsMemberOf(smallest, i)) {
                    continue candidates;
                }
            }
            if (!visitor.visit(smallest, i)) {
                return;
            }
        }
    }

    private SetValue union(SetValue[] sets) {
        SetValue result = SetValue.empty();
        long maxEntries = maxIntsetEntries;
        for (SetValue set : sets) {
            for (int i = 0; set != null && i < set.size(); i++) {
                result.addMemberOf(set, i, maxEntries);
            }
        }
        return result;
    }

    private SetValue difference(SetValue[] sets) {
        SetValue result = SetValue.empty();
        SetValue first = sets[0];
        long maxEntries = maxIntsetEntries;
        candidates:
        for (int i = 0; first != null && i < first.size(); i++) {
            for (int j = 1; j < sets.length; j++) {
                if (sets[j] != null && sets[j].containsMemberOf(first, i)) {
                    continue candidates;
                }
            }
            result.addMemberOf(first, i, maxEntries);
        }
        return result;
    }

    /**
     * Stores the result of a *STORE command at argument 1, replacing whatever was there, and
     * publishes {@code event}; an empty result deletes it and publishes only "del", if there was one.
     */
    private static void store(CommandContext ctx, SetValue result, String event) {
        byte[] target = ctx.arg(1);
        Database db = ctx.db();
        if (result.size() == 0) {
            boolean deleted = db.delete(target);
            if (deleted) {
                ctx.notifyKeyspaceEvent(GENERIC, "del", target);
            }
            ctx.changed(deleted ? 1 : 0);
            ctx.reply().integer(0);
            return;
        }
        db.put(target, result);
        ctx.notifyKeyspaceEvent(SET, event, target);
        ctx.changed(1);
        ctx.reply().integer(result.size());
    }

    private static boolean allExist(SetValue[] sets) {
        for (SetValue set : sets) {
            if (set == null) {
                return false;
            }
        }
        return true;
    }

    /** The sets at arguments [from, to) for a reading command, null for missing keys; WRONGTYPE if any is not a set. */
    private static SetValue[] readableSets(CommandContext ctx, int from, int to) {
        Database db = ctx.db();
        SetValue[] sets = new SetValue[to - from];
        for (int i = from; i < to; i++) {
            sets[i - from] = readableSet(db, ctx.arg(i));
        }
        return sets;
    }

    private static SetValue[] writableSets(CommandContext ctx, int from, int to) {
        Database db = ctx.db();
        SetValue[] sets = new SetValue[to - from];
        for (int i = from; i < to; i++) {
            sets[i - from] = writableSet(db, ctx.arg(i));
        }
        return sets;
    }

    private static SetValue readableSet(Database db, byte[] key) {
        return WrongTypeException.ifOfType(db.read(key), SetValue.class);
    }

    private static SetValue writableSet(Database db, byte[] key) {
        return WrongTypeException.ifOfType(db.get(key), SetValue.class);
    }

    /**
     * Publishes {@code event} for members removed from {@code set}; a set left empty is deleted
     * (and "del" follows), otherwise watchers are told it changed in place.
     */
    private static void afterRemoval(CommandContext ctx, byte[] key, SetValue set, String event) {
        ctx.notifyKeyspaceEvent(SET, event, key);
        if (set.size() == 0) {
            ctx.db().delete(key);
            ctx.notifyKeyspaceEvent(GENERIC, "del", key);
        } else {
            ctx.db().signalModified(key);
        }
    }

    private static void writeMembers(ReplyWriter reply, SetValue set) {
        reply.arrayHeader(set.size());
        for (int i = 0; i < set.size(); i++) {
            reply.bulk(set.member(i));
        }
    }
}
