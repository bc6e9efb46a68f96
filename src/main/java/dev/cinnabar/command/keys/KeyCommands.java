package dev.cinnabar.command.keys;

import dev.cinnabar.command.CommandContainer;
import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandFamily;
import dev.cinnabar.command.GlobPattern;
import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisCommand;
import dev.cinnabar.config.RuntimeConfig;
import dev.cinnabar.protocol.Ascii;
import dev.cinnabar.protocol.ErrorReplyException;
import dev.cinnabar.protocol.ReplyWriter;
import dev.cinnabar.store.Database;
import dev.cinnabar.store.Entry;
import dev.cinnabar.store.TypedValue;
import dev.cinnabar.store.ValueType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.cinnabar.command.CommandFlag.DENYOOM;
import static dev.cinnabar.command.CommandFlag.FAST;
import static dev.cinnabar.command.CommandFlag.LOADING;
import static dev.cinnabar.command.CommandFlag.READONLY;
import static dev.cinnabar.command.CommandFlag.STALE;
import static dev.cinnabar.command.CommandFlag.WRITE;
import static dev.cinnabar.config.KeyspaceEventClasses.GENERIC;

/**
 * The generic key commands, like Redis's db.c and expire.c: deleting, renaming, copying and
 * moving keys, iterating the keyspace, times to live and object introspection.
 */
@CommandFamily("generic")
@CommandContainer(name = "object", summary = "A container for object introspection commands", since = "2.2.3")
public class KeyCommands {

    private static final String NO_SUCH_KEY = "ERR no such key";
    private static final String SAME_OBJECT = "ERR source and destination objects are the same";
    private static final long DEFAULT_SCAN_COUNT = 10;
    /** SCAN visits at most this many buckets per requested key, so a sparse table cannot stall it. */
    private static final long SCAN_BUCKETS_PER_KEY = 10;
    private static final int LONGEST_INT_ENCODED = 20;
    private static final int LONGEST_EMBSTR = 44;
    /** Redis shares the objects of small integers; OBJECT REFCOUNT shows them as INT_MAX. */
    private static final long SHARED_INTEGERS = 10_000;
    /** Redis's LFU counter of a new key, and its decay of one step per idle minute. */
    private static final int LFU_INITIAL_COUNTER = 5;
    private static final int SECONDS_PER_LFU_DECAY = 60;

    private static final byte[] DEL = {'D', 'E', 'L'};
    private static final byte[] PEXPIREAT = {'P', 'E', 'X', 'P', 'I', 'R', 'E', 'A', 'T'};
    private static final int EXPIRE_NX = 1;
    private static final int EXPIRE_XX = 2;
    private static final int EXPIRE_GT = 4;
    private static final int EXPIRE_LT = 8;

    private static final String[] OBJECT_HELP = {
            "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "ENCODING <key>",
            "    Return the kind of internal representation used in order to store the value",
            "    associated with a <key>.",
            "FREQ <key>",
            "    Return the access frequency index of the <key>. The returned integer is",
            "    proportional to the logarithm of the recent access frequency of the key.",
            "IDLETIME <key>",
            "    Return the idle time of the <key>, that is the approximated number of",
            "    seconds elapsed since the last access to the key.",
            "REFCOUNT <key>",
            "    Return the number of references of the value associated with the specified",
            "    <key>.",
            "HELP",
            "    Prints this help.",
    };

    private final RuntimeConfig config;

    public KeyCommands(RuntimeConfig config) {
        this.config = config;
    }

    // ---- existence and deletion ------------------------------------------------------------

    @RedisCommand(name = "del", arity = -2, flags = {WRITE}, firstKey = 1, lastKey = -1, keyStep = 1,
            tips = {"request_policy:multi_shard", "response_policy:agg_sum"}, keySpecFlags = {"RM", "delete"},
            summary = "Delete a key", complexity = "O(N) where N is the number of keys that will be removed. "
            + "When a key to remove holds a value other than a string, the individual complexity for this key "
            + "is O(M) where M is the number of elements in the list, set, sorted set or hash. Removing a single "
            + "key that holds a string value is O(1).")
    public void del(CommandContext ctx) {
        deleteKeys(ctx);
    }

    /** Like DEL: dropping the references costs O(1) per key and the collector reclaims the memory. */
    @RedisCommand(name = "unlink", arity = -2, flags = {WRITE, FAST}, firstKey = 1, lastKey = -1, keyStep = 1,
            tips = {"request_policy:multi_shard", "response_policy:agg_sum"}, keySpecFlags = {"RM", "delete"},
            summary = "Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non "
            + "blocking.", since = "4.0.0", complexity = "O(1) for each key removed regardless of its size. "
            + "Then the command does O(N) work in a different thread in order to reclaim memory, where N is the "
            + "number of allocations the deleted objects where composed of.")
    public void unlink(CommandContext ctx) {
        deleteKeys(ctx);
    }

    private static void deleteKeys(CommandContext ctx) {
        Database db = ctx.db();
        int deleted = 0;
        for (int i = 1; i < ctx.argCount(); i++) {
            if (db.delete(ctx.arg(i))) {
                deleted++;
                ctx.notifyKeyspaceEvent(GENERIC, "del", ctx.arg(i));
            }
        }
        ctx.changed(deleted);
        ctx.reply().integer(deleted);
    }

    @RedisCommand(name = "exists", arity = -2, flags = {READONLY, FAST}, firstKey = 1, lastKey = -1, keyStep = 1,
            tips = {"request_policy:multi_shard", "response_policy:agg_sum"}, keySpecFlags = "RO",
            summary = "Determine if a key exists", complexity = "O(N) where N is the number of keys to check.")
    public void exists(CommandContext ctx) {
        Database db = ctx.db();
        int found = 0;
        for (int i = 1; i < ctx.argCount(); i++) {
            if (db.inspect(ctx.arg(i)) != null) {
                found++;
            }
        }
        ctx.reply().integer(found);
    }

    @RedisCommand(name = "touch", arity = -2, flags = {READONLY, FAST}, firstKey = 1, lastKey = -1, keyStep = 1,
            tips = {"request_policy:multi_shard", "response_policy:agg_sum"}, keySpecFlags = "RO",
            summary = "Alters the last access time of a key(s). Returns the number of existing keys specified.",
            since = "3.2.1", complexity = "O(N) where N is the number of keys that will be touched.")
    public void touch(CommandContext ctx) {
        Database db = ctx.db();
        int touched = 0;
        for (int i = 1; i < ctx.argCount(); i++) {
            if (db.read(ctx.arg(i)) != null) {
                touched++;
            }
        }
        ctx.reply().integer(touched);
    }

    @RedisCommand(name = "type", arity = 2, flags = {READONLY, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = "RO",
            summary = "Determine the type stored at key", complexity = "O(1)")
    public void type(CommandContext ctx) {
        Entry entry = ctx.db().inspect(ctx.arg(1));
        ctx.reply().simple(entry == null ? "none" : ValueType.of(entry.value()).typeName());
    }

    // ---- iterating the keyspace ------------------------------------------------------------

    @RedisCommand(name = "keys", arity = 2, flags = {READONLY}, categories = "dangerous",
            tips = {"request_policy:all_shards", "nondeterministic_output_order"},
            summary = "Find all keys matching the given pattern", complexity = "O(N) with N being the number of "
            + "keys in the database, under the assumption that the key names in the database and the given "
            + "pattern have limited length.")
    public void keys(CommandContext ctx) {
        byte[] patternBytes = ctx.arg(1);
        Database db = ctx.db();
        if (isLiteral(patternBytes)) {
            // A pattern without wildcards names at most one key: look it up instead of scanning.
            if (db.exists(patternBytes)) {
                ctx.reply().arrayHeader(1);
                ctx.reply().bulk(patternBytes);
            } else {
                ctx.reply().emptyArray();
            }
            return;
        }
        GlobPattern pattern = new GlobPattern(patternBytes, false);
        List<byte[]> keys = new ArrayList<>();
        db.forEachLive(entry -> {
            if (pattern.matches(entry.key())) {
                keys.add(entry.key());
            }
        });
        ctx.reply().bulkArray(keys);
    }

    private static boolean isLiteral(byte[] pattern) {
        for (byte b : pattern) {
            if (b == '*' || b == '?' || b == '[' || b == '\\') {
                return false;
            }
        }
        return true;
    }

    @RedisCommand(name = "scan", arity = -2, flags = {READONLY},
            tips = {"nondeterministic_output", "request_policy:special"},
            summary = "Incrementally iterate the keys space", since = "2.8.0",
            complexity = "O(1) for every call. O(N) for a complete iteration, including enough command calls for "
            + "the cursor to return back to 0. N is the number of elements inside the collection.")
    public void scan(CommandContext ctx) {
        long cursor = ScanCursor.parse(ctx.arg(1));
        long count = DEFAULT_SCAN_COUNT;
        GlobPattern pattern = null;
        byte[] typeName = null;
        for (int i = 2; i < ctx.argCount(); i += 2) {
            boolean hasValue = i + 1 < ctx.argCount();
            if (ctx.argIs(i, "count") && hasValue) {
                count = ctx.longArg(i + 1);
                if (count < 1) {
                    throw CommandContext.syntaxError();
                }
            } else if (ctx.argIs(i, "match") && hasValue) {
                pattern = new GlobPattern(ctx.arg(i + 1), false);
            } else if (ctx.argIs(i, "type") && hasValue) {
                typeName = ctx.arg(i + 1);
            } else {
                throw CommandContext.syntaxError();
            }
        }
        Database db = ctx.db();
        List<byte[]> visited = new ArrayList<>();
        long bucketBudget = count > Long.MAX_VALUE / SCAN_BUCKETS_PER_KEY
                ? Long.MAX_VALUE : count * SCAN_BUCKETS_PER_KEY;
        do {
            cursor = db.scan(cursor, entry -> visited.add(entry.key()));
        } while (cursor != 0 && bucketBudget-- > 0 && visited.size() < count);

        List<byte[]> keys = visited;
        if (pattern != null || typeName != null) {
            keys = new ArrayList<>(visited.size());
            for (byte[] key : visited) {
                if ((pattern == null || pattern.matches(key)) && (typeName == null || hasType(db, key, typeName))) {
                    keys.add(key);
                }
            }
        }
        ReplyWriter reply = ctx.reply();
        reply.arrayHeader(2);
        reply.bulk(ScanCursor.format(cursor));
        reply.bulkArray(keys);
    }

    /** The TYPE filter of SCAN looks each key up as a read, which Redis counts as a keyspace hit. */
    private static boolean hasType(Database db, byte[] key, byte[] typeName) {
        Entry entry = db.inspect(key);
        String actual = entry == null ? "none" : ValueType.of(entry.value()).typeName();
        return Ascii.equalsIgnoreCase(typeName, actual);
    }

    @RedisCommand(name = "randomkey", arity = 1, flags = {READONLY},
            tips = {"request_policy:all_shards", "nondeterministic_output"},
            summary = "Return a random key from the keyspace", complexity = "O(1)")
    public void randomkey(CommandContext ctx) {
        ctx.reply().bulkOrNull(ctx.db().randomKey());
    }

    // ---- renaming, copying, moving -----------------------------------------------------------

    @RedisCommand(name = "rename", arity = 3, flags = {WRITE}, firstKey = 1, lastKey = 2, keyStep = 1,
            summary = "Rename a key", complexity = "O(1)")
    public void rename(CommandContext ctx) {
        rename(ctx, false);
        ctx.reply().ok();
    }

    @RedisCommand(name = "renamenx", arity = 3, flags = {WRITE, FAST}, firstKey = 1, lastKey = 2, keyStep = 1,
            summary = "Rename a key, only if the new key does not exist", complexity = "O(1)")
    public void renamenx(CommandContext ctx) {
        ctx.reply().integer(rename(ctx, true) ? 1 : 0);
    }

    /** Renames argument 1 to argument 2, keeping its time to live; false if nothing changed. */
    private static boolean rename(CommandContext ctx, boolean onlyIfAbsent) {
        byte[] source = ctx.arg(1);
        byte[] target = ctx.arg(2);
        Database db = ctx.db();
        Object value = db.get(source);
        if (value == null) {
            throw new ErrorReplyException(NO_SUCH_KEY);
        }
        if (Arrays.equals(source, target) || (onlyIfAbsent && db.exists(target))) {
            return false;
        }
        long expireAt = db.expireAt(source);
        db.delete(source);
        db.put(target, value, expireAt);
        ctx.changed(1);
        ctx.notifyKeyspaceEvent(GENERIC, "rename_from", source);
        ctx.notifyKeyspaceEvent(GENERIC, "rename_to", target);
        return true;
    }

    @RedisCommand(name = "copy", arity = -3, flags = {WRITE, DENYOOM}, firstKey = 1, lastKey = 2, keyStep = 1,
            summary = "Copy a key", since = "6.2.0",
            complexity = "O(N) worst case for collections, where N is the number of nested items. O(1) for "
            + "string values.")
    public void copy(CommandContext ctx) {
        int targetIndex = ctx.client().databaseIndex();
        boolean replace = false;
        for (int i = 3; i < ctx.argCount(); i++) {
            if (ctx.argIs(i, "replace")) {
                replace = true;
            } else if (ctx.argIs(i, "db") && i + 1 < ctx.argCount()) {
                targetIndex = DatabaseIndex.parse(ctx, ++i);
            } else {
                throw CommandContext.syntaxError();
            }
        }
        byte[] key = ctx.arg(1);
        byte[] newKey = ctx.arg(2);
        Database source = ctx.db();
        Database target = ctx.store().database(targetIndex);
        if (source == target && Arrays.equals(key, newKey)) {
            throw new ErrorReplyException(SAME_OBJECT);
        }
        Object value = source.read(key);
        if (value == null || (!replace && target.exists(newKey))) {
            ctx.reply().integer(0);
            return;
        }
        Object copy = value instanceof byte[] bytes ? bytes.clone() : ((TypedValue) value).copy();
        target.put(newKey, copy, source.expireAt(key));
        ctx.changed(1);
        ctx.store().events().notify(GENERIC, "copy_to", newKey, targetIndex);
        ctx.reply().integer(1);
    }

    @RedisCommand(name = "move", arity = 3, flags = {WRITE, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = {"RW", "access", "update"},
            summary = "Move a key to another database", complexity = "O(1)")
    public void move(CommandContext ctx) {
        int targetIndex = DatabaseIndex.parse(ctx, 2);
        Database source = ctx.db();
        if (targetIndex == source.index()) {
            throw new ErrorReplyException(SAME_OBJECT);
        }
        Database target = ctx.store().database(targetIndex);
        byte[] key = ctx.arg(1);
        Object value = source.get(key);
        if (value == null || target.exists(key)) {
            ctx.reply().integer(0);
            return;
        }
        target.put(key, value, source.expireAt(key));
        source.delete(key);
        ctx.changed(1);
        ctx.notifyKeyspaceEvent(GENERIC, "move_from", key);
        ctx.store().events().notify(GENERIC, "move_to", key, targetIndex);
        ctx.reply().integer(1);
    }

    // ---- times to live ----------------------------------------------------------------------

    @RedisCommand(name = "expire", arity = -3, flags = {WRITE, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            summary = "Set a key's time to live in seconds", complexity = "O(1)")
    public void expire(CommandContext ctx) {
        setExpiry(ctx, ctx.store().clock().now(), true);
    }

    @RedisCommand(name = "pexpire", arity = -3, flags = {WRITE, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            summary = "Set a key's time to live in milliseconds", since = "2.6.0", complexity = "O(1)")
    public void pexpire(CommandContext ctx) {
        setExpiry(ctx, ctx.store().clock().now(), false);
    }

    @RedisCommand(name = "expireat", arity = -3, flags = {WRITE, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            summary = "Set the expiration for a key as a UNIX timestamp", since = "1.2.0", complexity = "O(1)")
    public void expireat(CommandContext ctx) {
        setExpiry(ctx, 0, true);
    }

    @RedisCommand(name = "pexpireat", arity = -3, flags = {WRITE, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            summary = "Set the expiration for a key as a UNIX timestamp specified in milliseconds",
            since = "2.6.0", complexity = "O(1)")
    public void pexpireat(CommandContext ctx) {
        setExpiry(ctx, 0, false);
    }

    /**
     * The EXPIRE family: argument 2 is a time in seconds or milliseconds relative to
     * {@code baseMillis}; a time that has already passed deletes the key.
     */
    private static void setExpiry(CommandContext ctx, long baseMillis, boolean seconds) {
        int conditions = expireConditions(ctx);
        long when = ctx.longArg(2);
        if (seconds) {
            if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) {
                throw invalidExpireTime(ctx);
            }
            when *= 1000;
        }
        if (when > Long.MAX_VALUE - baseMillis) {
            throw invalidExpireTime(ctx);
        }
        when += baseMillis;

        Database db = ctx.db();
        byte[] key = ctx.arg(1);
        if (db.get(key) == null || !expireConditionsHold(conditions, db.expireAt(key), when)) {
            ctx.reply().integer(0);
            return;
        }
        if (when <= ctx.store().clock().now()) {
            db.delete(key);
            ctx.propagateAs(DEL, key);
            ctx.notifyKeyspaceEvent(GENERIC, "del", key);
        } else {
            db.setExpireAt(key, when);
            if (baseMillis != 0 || seconds) {
                propagateAsPexpireat(ctx, when);
            }
            ctx.notifyKeyspaceEvent(GENERIC, "expire", key);
        }
        ctx.changed(1);
        ctx.reply().integer(1);
    }

    /**
     * EXPIRE, PEXPIRE and EXPIREAT leave as {@code PEXPIREAT key <unix ms>} with their
     * conditions as given, like Redis 7.0 (PEXPIREAT itself leaves as received).
     */
    private static void propagateAsPexpireat(CommandContext ctx, long when) {
        byte[][] argv = ctx.args().toArray();
        argv[0] = PEXPIREAT;
        argv[2] = Numbers.toBytes(when);
        ctx.propagateAs(argv);
    }

    private static int expireConditions(CommandContext ctx) {
        int conditions = 0;
        for (int i = 3; i < ctx.argCount(); i++) {
            if (ctx.argIs(i, "nx")) {
                conditions |= EXPIRE_NX;
            } else if (ctx.argIs(i, "xx")) {
                conditions |= EXPIRE_XX;
            } else if (ctx.argIs(i, "gt")) {
                conditions |= EXPIRE_GT;
            } else if (ctx.argIs(i, "lt")) {
                conditions |= EXPIRE_LT;
            } else {
                throw new ErrorReplyException("ERR Unsupported option " + ctx.stringArg(i));
            }
        }
        if ((conditions & EXPIRE_NX) != 0 && conditions != EXPIRE_NX) {
            throw new ErrorReplyException("ERR NX and XX, GT or LT options at the same time are not compatible");
        }
        if ((conditions & (EXPIRE_GT | EXPIRE_LT)) == (EXPIRE_GT | EXPIRE_LT)) {
            throw new ErrorReplyException("ERR GT and LT options at the same time are not compatible");
        }
        return conditions;
    }

    /** A key without a time to live counts as expiring never: GT never holds for it, LT always does. */
    private static boolean expireConditionsHold(int conditions, long current, long when) {
        boolean persistent = current == Entry.NO_EXPIRY;
        if ((conditions & EXPIRE_NX) != 0 && !persistent) {
            return false;
        }
        if ((conditions & EXPIRE_XX) != 0 && persistent) {
            return false;
        }
        if ((conditions & EXPIRE_GT) != 0 && (persistent || when <= current)) {
            return false;
        }
        return (conditions & EXPIRE_LT) == 0 || persistent || when < current;
    }

    private static ErrorReplyException invalidExpireTime(CommandContext ctx) {
        return new ErrorReplyException("ERR invalid expire time in '" + ctx.command().fullName() + "' command");
    }

    @RedisCommand(name = "ttl", arity = 2, flags = {READONLY, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            tips = "nondeterministic_output",
            summary = "Get the time to live for a key in seconds", complexity = "O(1)")
    public void ttl(CommandContext ctx) {
        replyExpiry(ctx, false, false);
    }

    @RedisCommand(name = "pttl", arity = 2, flags = {READONLY, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            tips = "nondeterministic_output",
            summary = "Get the time to live for a key in milliseconds", since = "2.6.0", complexity = "O(1)")
    public void pttl(CommandContext ctx) {
        replyExpiry(ctx, true, false);
    }

    @RedisCommand(name = "expiretime", arity = 2, flags = {READONLY, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            summary = "Get the expiration Unix timestamp for a key", since = "7.0.0", complexity = "O(1)")
    public void expiretime(CommandContext ctx) {
        replyExpiry(ctx, false, true);
    }

    @RedisCommand(name = "pexpiretime", arity = 2, flags = {READONLY, FAST}, firstKey = 1, lastKey = 1,
            keyStep = 1, summary = "Get the expiration Unix timestamp for a key in milliseconds", since = "7.0.0",
            complexity = "O(1)")
    public void pexpiretime(CommandContext ctx) {
        replyExpiry(ctx, true, true);
    }

    /** TTL and its relatives: -2 for a missing key, -1 for one without a time to live. */
    private static void replyExpiry(CommandContext ctx, boolean millis, boolean absolute) {
        Entry entry = ctx.db().inspect(ctx.arg(1));
        if (entry == null) {
            ctx.reply().integer(-2);
            return;
        }
        long expireAt = entry.expireAt();
        if (expireAt == Entry.NO_EXPIRY) {
            ctx.reply().integer(-1);
            return;
        }
        long value = absolute ? expireAt : Math.max(0, expireAt - ctx.store().clock().now());
        // Rounds to the nearest second without overflowing near Long.MAX_VALUE.
        ctx.reply().integer(millis ? value : value / 1000 + (value % 1000 + 500) / 1000);
    }

    @RedisCommand(name = "persist", arity = 2, flags = {WRITE, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            summary = "Remove the expiration from a key", since = "2.2.0", complexity = "O(1)")
    public void persist(CommandContext ctx) {
        Database db = ctx.db();
        byte[] key = ctx.arg(1);
        boolean removed = db.get(key) != null && db.persist(key);
        if (removed) {
            ctx.changed(1);
            ctx.notifyKeyspaceEvent(GENERIC, "persist", key);
        }
        ctx.reply().integer(removed ? 1 : 0);
    }

    // ---- OBJECT -------------------------------------------------------------------------------

    @RedisCommand(name = "object|encoding", arity = 3, flags = {READONLY}, firstKey = 2, lastKey = 2, keyStep = 1,
            tips = "nondeterministic_output", keySpecFlags = "RO",
            summary = "Inspect the internal encoding of a Redis object", since = "2.2.3", complexity = "O(1)")
    public void objectEncoding(CommandContext ctx) {
        Entry entry = ctx.db().inspect(ctx.arg(2));
        if (entry == null) {
            ctx.reply().nullBulk();
        } else if (entry.value() instanceof byte[] bytes) {
            ctx.reply().bulk(stringEncoding(bytes));
        } else {
            ctx.reply().bulk(((TypedValue) entry.value()).encoding());
        }
    }

    /** Redis's encoding of a string as SET stores it: a 64-bit integer, a short or a long string. */
    private static String stringEncoding(byte[] value) {
        if (isIntEncoded(value)) {
            return "int";
        }
        return value.length <= LONGEST_EMBSTR ? "embstr" : "raw";
    }

    private static boolean isIntEncoded(byte[] value) {
        return value.length <= LONGEST_INT_ENCODED && Numbers.parseLong(value) != null;
    }

    @RedisCommand(name = "object|idletime", arity = 3, flags = {READONLY}, firstKey = 2, lastKey = 2, keyStep = 1,
            tips = "nondeterministic_output", keySpecFlags = "RO",
            summary = "Get the time since a Redis object was last accessed", since = "2.2.3", complexity = "O(1)")
    public void objectIdletime(CommandContext ctx) {
        Entry entry = ctx.db().inspect(ctx.arg(2));
        if (entry == null) {
            ctx.reply().nullBulk();
            return;
        }
        if (lfuPolicySelected()) {
            throw new ErrorReplyException("ERR An LFU maxmemory policy is selected, idle time not tracked. Please "
                    + "note that when switching between policies at runtime LRU and LFU data will take some time "
                    + "to adjust.");
        }
        ctx.reply().integer(idleSeconds(ctx, entry));
    }

    @RedisCommand(name = "object|refcount", arity = 3, flags = {READONLY}, firstKey = 2, lastKey = 2, keyStep = 1,
            tips = "nondeterministic_output", keySpecFlags = "RO",
            summary = "Get the number of references to the value of the key", since = "2.2.3", complexity = "O(1)")
    public void objectRefcount(CommandContext ctx) {
        Entry entry = ctx.db().inspect(ctx.arg(2));
        if (entry == null) {
            ctx.reply().nullBulk();
        } else {
            ctx.reply().integer(isSharedInteger(entry.value()) ? Integer.MAX_VALUE : 1);
        }
    }

    /** Redis keeps one shared object per small integer unless an LRU or LFU policy needs per-key data. */
    private boolean isSharedInteger(Object value) {
        if (!(value instanceof byte[] bytes) || !isIntEncoded(bytes)) {
            return false;
        }
        long number = Numbers.parseLong(bytes);
        String policy = config.get("maxmemory-policy");
        boolean perKeyAccessData = config.longValue("maxmemory") != 0
                && (policy.endsWith("-lru") || policy.endsWith("-lfu"));
        return number >= 0 && number < SHARED_INTEGERS && !perKeyAccessData;
    }

    /**
     * The store keeps no LFU counter per key (it would cost memory on every key); with an LFU
     * policy this answers the counter of a key not accessed since it was created, decayed
     * by its idle minutes as Redis decays it.
     */
    @RedisCommand(name = "object|freq", arity = 3, flags = {READONLY}, firstKey = 2, lastKey = 2, keyStep = 1,
            tips = "nondeterministic_output", keySpecFlags = "RO",
            summary = "Get the logarithmic access frequency counter of a Redis object", since = "4.0.0",
            complexity = "O(1)")
    public void objectFreq(CommandContext ctx) {
        Entry entry = ctx.db().inspect(ctx.arg(2));
        if (entry == null) {
            ctx.reply().nullBulk();
            return;
        }
        if (!lfuPolicySelected()) {
            throw new ErrorReplyException("ERR An LFU maxmemory policy is not selected, access frequency not "
                    + "tracked. Please note that when switching between policies at runtime LRU and LFU data will "
                    + "take some time to adjust.");
        }
        ctx.reply().integer(Math.max(0, LFU_INITIAL_COUNTER - idleSeconds(ctx, entry) / SECONDS_PER_LFU_DECAY));
    }

    @RedisCommand(name = "object|help", arity = 2, flags = {LOADING, STALE},
            summary = "Show helpful text about the different subcommands", since = "6.2.0", complexity = "O(1)")
    public void objectHelp(CommandContext ctx) {
        ReplyWriter reply = ctx.reply();
        reply.arrayHeader(OBJECT_HELP.length);
        for (String line : OBJECT_HELP) {
            reply.simple(line);
        }
    }

    private static long idleSeconds(CommandContext ctx, Entry entry) {
        return Math.max(0, ctx.store().clock().seconds() - entry.accessSeconds());
    }

    private boolean lfuPolicySelected() {
        return config.get("maxmemory-policy").endsWith("-lfu");
    }
}
