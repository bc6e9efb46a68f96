package dev.cinnabar.command.strings;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandFamily;
import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisCommand;
import dev.cinnabar.config.RuntimeConfig;
import dev.cinnabar.protocol.ErrorReplyException;
import dev.cinnabar.protocol.ReplyWriter;
import dev.cinnabar.store.Database;
import dev.cinnabar.store.Entry;
import dev.cinnabar.store.WrongTypeException;

import java.util.Arrays;

import static dev.cinnabar.command.CommandFlag.DENYOOM;
import static dev.cinnabar.command.CommandFlag.FAST;
import static dev.cinnabar.command.CommandFlag.READONLY;
import static dev.cinnabar.command.CommandFlag.WRITE;
import static dev.cinnabar.config.KeyspaceEventClasses.GENERIC;
import static dev.cinnabar.config.KeyspaceEventClasses.STRING;

/** The string commands, like Redis's t_string.c. */
@CommandFamily("string")
public class StringCommands {

    private static final String GETRANGE_COMPLEXITY = "O(N) where N is the length of the returned string. "
            + "The complexity is ultimately determined by the returned length, but because creating a substring "
            + "from an existing string is very cheap, it can be considered O(1) for small strings.";
    private static final String TOO_LONG = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";
    private static final byte[] MATCHES = {'m', 'a', 't', 'c', 'h', 'e', 's'};
    private static final byte[] LEN = {'l', 'e', 'n'};
    /** The largest byte array the JVM can allocate, whatever proto-max-bulk-len allows. */
    private static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;
    // What some commands propagate instead of themselves, as Redis 7.0 writes them to the AOF.
    private static final byte[] SET = {'S', 'E', 'T'};
    private static final byte[] DEL = {'D', 'E', 'L'};
    private static final byte[] PXAT_WORD = {'P', 'X', 'A', 'T'};
    private static final byte[] KEEPTTL_WORD = {'K', 'E', 'E', 'P', 'T', 'T', 'L'};
    private static final byte[] PEXPIREAT = {'P', 'E', 'X', 'P', 'I', 'R', 'E', 'A', 'T'};
    private static final byte[] PERSIST_WORD = {'P', 'E', 'R', 'S', 'I', 'S', 'T'};

    // Options of SET and GETEX, as bits of the int that parseOptions returns.
    private static final int NX = 1;
    private static final int XX = 1 << 1;
    private static final int GET = 1 << 2;
    private static final int KEEPTTL = 1 << 3;
    private static final int PERSIST = 1 << 4;
    private static final int EX = 1 << 5;
    private static final int PX = 1 << 6;
    private static final int EXAT = 1 << 7;
    private static final int PXAT = 1 << 8;
    private static final int ANY_EXPIRY = EX | PX | EXAT | PXAT;
    private static final int FLAG_BITS = 16;
    private static final int FLAG_MASK = (1 << FLAG_BITS) - 1;

    private final RuntimeConfig config;

    public StringCommands(RuntimeConfig config) {
        this.config = config;
    }

    @RedisCommand(name = "get", arity = 2, flags = {READONLY, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            summary = "Get the value of a key", complexity = "O(1)")
    public void get(CommandContext ctx) {
        Object value = ctx.db().read(ctx.arg(1));
        if (value == null) {
            ctx.reply().nullBulk();
        } else if (value instanceof byte[] bytes) {
            ctx.reply().bulk(bytes);
        } else {
            throw WrongTypeException.INSTANCE;
        }
    }

    @RedisCommand(name = "set", arity = -3, flags = {WRITE, DENYOOM}, firstKey = 1, lastKey = 1, keyStep = 1,
            summary = "Set the string value of a key", complexity = "O(1)")
    public void set(CommandContext ctx) {
        if (ctx.argCount() == 3) {
            ctx.db().put(ctx.arg(1), ctx.arg(2));
            ctx.changed(1);
            ctx.notifyKeyspaceEvent(STRING, "set", ctx.arg(1));
            ctx.reply().ok();
            return;
        }
        int options = parseOptions(ctx, 3, true);
        setWithOptions(ctx, options & FLAG_MASK, options >>> FLAG_BITS, ctx.arg(2), false);
    }

    @RedisCommand(name = "setnx", arity = 3, flags = {WRITE, DENYOOM, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            summary = "Set the value of a key, only if the key does not exist", complexity = "O(1)")
    public void setnx(CommandContext ctx) {
        setWithOptions(ctx, NX, 0, ctx.arg(2), true);
    }

    @RedisCommand(name = "setex", arity = 4, flags = {WRITE, DENYOOM}, firstKey = 1, lastKey = 1, keyStep = 1,
            summary = "Set the value and expiration of a key", since = "2.0.0", complexity = "O(1)")
    public void setex(CommandContext ctx) {
        setWithOptions(ctx, EX, 2, ctx.arg(3), false);
    }

    @RedisCommand(name = "psetex", arity = 4, flags = {WRITE, DENYOOM}, firstKey = 1, lastKey = 1, keyStep = 1,
            summary = "Set the value and expiration in milliseconds of a key", since = "2.6.0",
            complexity = "O(1)")
    public void psetex(CommandContext ctx) {
        setWithOptions(ctx, PX, 2, ctx.arg(3), false);
    }

    @RedisCommand(name = "getset", arity = 3, flags = {WRITE, DENYOOM, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            summary = "Set the string value of a key and return its old value", complexity = "O(1)")
    public void getset(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        Database db = ctx.db();
        ctx.reply().bulkOrNull(readString(db, key));
        db.put(key, ctx.arg(2));
        ctx.changed(1);
        ctx.propagateAs(SET, key, ctx.arg(2));
        ctx.notifyKeyspaceEvent(STRING, "set", key);
    }

    @RedisCommand(name = "getdel", arity = 2, flags = {WRITE, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            summary = "Get the value of a key and delete the key", since = "6.2.0", complexity = "O(1)")
    public void getdel(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        Database db = ctx.db();
        byte[] value = readString(db, key);
        ctx.reply().bulkOrNull(value);
        if (value != null) {
            db.delete(key);
            ctx.changed(1);
            ctx.propagateAs(DEL, key);
            ctx.notifyKeyspaceEvent(GENERIC, "del", key);
        }
    }

    @RedisCommand(name = "getex", arity = -2, flags = {WRITE, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            summary = "Get the value of a key and optionally set its expiration", since = "6.2.0",
            complexity = "O(1)")
    public void getex(CommandContext ctx) {
        int options = parseOptions(ctx, 2, false);
        int flags = options & FLAG_MASK;
        int expiryIndex = options >>> FLAG_BITS;
        byte[] key = ctx.arg(1);
        Database db = ctx.db();
        byte[] value = readString(db, key);
        if (value == null) {
            ctx.reply().nullBulk();
            return;
        }
        long expireAt = expiryIndex == 0 ? Entry.NO_EXPIRY : expireAtMillis(ctx, flags, expiryIndex);
        ctx.reply().bulk(value);
        if ((flags & (EXAT | PXAT)) != 0 && expireAt <= ctx.store().clock().now()) {
            db.delete(key);
            ctx.changed(1);
            ctx.propagateAs(DEL, key);
            ctx.notifyKeyspaceEvent(GENERIC, "del", key);
        } else if (expiryIndex != 0) {
            db.setExpireAt(key, expireAt);
            ctx.changed(1);
            ctx.propagateAs(PEXPIREAT, key, Numbers.toBytes(expireAt));
            ctx.notifyKeyspaceEvent(GENERIC, "expire", key);
        } else if ((flags & PERSIST) != 0 && db.persist(key)) {
            ctx.changed(1);
            ctx.propagateAs(PERSIST_WORD, key);
            ctx.notifyKeyspaceEvent(GENERIC, "persist", key);
        }
    }

    @RedisCommand(name = "mget", arity = -2, flags = {READONLY, FAST}, firstKey = 1, lastKey = -1, keyStep = 1,
            summary = "Get the values of all the given keys", complexity = "O(N) where N is the number of keys to retrieve.")
    public void mget(CommandContext ctx) {
        int count = ctx.argCount();
        Database db = ctx.db();
        ReplyWriter reply = ctx.reply();
        reply.arrayHeader(count - 1);
        for (int i = 1; i < count; i++) {
            if (db.read(ctx.arg(i)) instanceof byte[] bytes) {
                reply.bulk(bytes);
            } else {
                reply.nullBulk();
            }
        }
    }

    @RedisCommand(name = "mset", arity = -3, flags = {WRITE, DENYOOM}, firstKey = 1, lastKey = -1, keyStep = 2,
            summary = "Set multiple keys to multiple values", since = "1.0.1",
            complexity = "O(N) where N is the number of keys to set.")
    public void mset(CommandContext ctx) {
        int count = requirePairs(ctx);
        Database db = ctx.db();
        for (int i = 1; i < count; i += 2) {
            db.put(ctx.arg(i), ctx.arg(i + 1));
            ctx.notifyKeyspaceEvent(STRING, "set", ctx.arg(i));
        }
        ctx.changed(count >>> 1);
        ctx.reply().ok();
    }

    @RedisCommand(name = "msetnx", arity = -3, flags = {WRITE, DENYOOM}, firstKey = 1, lastKey = -1, keyStep = 2,
            summary = "Set multiple keys to multiple values, only if none of the keys exist", since = "1.0.1",
            complexity = "O(N) where N is the number of keys to set.")
    public void msetnx(CommandContext ctx) {
        int count = requirePairs(ctx);
        Database db = ctx.db();
        for (int i = 1; i < count; i += 2) {
            if (db.exists(ctx.arg(i))) {
                ctx.reply().integer(0);
                return;
            }
        }
        for (int i = 1; i < count; i += 2) {
            db.put(ctx.arg(i), ctx.arg(i + 1));
            ctx.notifyKeyspaceEvent(STRING, "set", ctx.arg(i));
        }
        ctx.changed(count >>> 1);
        ctx.reply().integer(1);
    }

    @RedisCommand(name = "append", arity = 3, flags = {WRITE, DENYOOM, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            summary = "Append a value to a key", since = "2.0.0",
            complexity = "O(1). The amortized time complexity is O(1) assuming the appended value is small and "
                    + "the already present value is of any size, since the dynamic string library used by Redis "
                    + "will double the free space available on every reallocation.")
    public void append(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        byte[] suffix = ctx.arg(2);
        Database db = ctx.db();
        Entry entry = db.entry(key);
        int length;
        if (entry == null) {
            db.put(key, suffix);
            length = suffix.length;
        } else {
            byte[] current = stringValue(entry);
            checkLength(current.length, suffix.length);
            byte[] joined = Arrays.copyOf(current, current.length + suffix.length);
            System.arraycopy(suffix, 0, joined, current.length, suffix.length);
            db.replaceValue(entry, joined);
            length = joined.length;
        }
        ctx.changed(1);
        ctx.notifyKeyspaceEvent(STRING, "append", key);
        ctx.reply().integer(length);
    }

    @RedisCommand(name = "strlen", arity = 2, flags = {READONLY, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            summary = "Get the length of the value stored in a key", since = "2.2.0", complexity = "O(1)")
    public void strlen(CommandContext ctx) {
        byte[] value = readString(ctx.db(), ctx.arg(1));
        ctx.reply().integer(value == null ? 0 : value.length);
    }

    @RedisCommand(name = "getrange", arity = 4, flags = {READONLY}, firstKey = 1, lastKey = 1, keyStep = 1,
            summary = "Get a substring of the string stored at a key", since = "2.4.0",
            complexity = GETRANGE_COMPLEXITY)
    public void getrange(CommandContext ctx) {
        long start = IntegerStrings.parse(ctx.arg(2));
        long end = IntegerStrings.parse(ctx.arg(3));
        byte[] value = readString(ctx.db(), ctx.arg(1));
        int length = value == null ? 0 : value.length;
        if (start < 0 && end < 0 && start > end) {
            ctx.reply().emptyBulk();
            return;
        }
        if (start < 0) {
            start = Math.max(0, length + start);
        }
        if (end < 0) {
            end = Math.max(0, length + end);
        }
        end = Math.min(end, length - 1L);
        if (start > end || length == 0) {
            ctx.reply().emptyBulk();
        } else {
            ctx.reply().bulk(value, (int) start, (int) (end - start + 1));
        }
    }

    @RedisCommand(name = "substr", arity = 4, flags = {READONLY}, firstKey = 1, lastKey = 1, keyStep = 1,
            summary = "Get a substring of the string stored at a key", complexity = GETRANGE_COMPLEXITY)
    public void substr(CommandContext ctx) {
        getrange(ctx);
    }

    @RedisCommand(name = "setrange", arity = 4, flags = {WRITE, DENYOOM}, firstKey = 1, lastKey = 1, keyStep = 1,
            summary = "Overwrite part of a string at key starting at the specified offset", since = "2.2.0",
            complexity = "O(1), not counting the time taken to copy the new string in place. Usually, this string "
                    + "is very small so the amortized complexity is O(1). Otherwise, complexity is O(M) with M "
                    + "being the length of the value argument.")
    public void setrange(CommandContext ctx) {
        long offset = IntegerStrings.parse(ctx.arg(2));
        if (offset < 0) {
            throw new ErrorReplyException("ERR offset is out of range");
        }
        byte[] key = ctx.arg(1);
        byte[] patch = ctx.arg(3);
        Database db = ctx.db();
        Entry entry = db.entry(key);
        byte[] current = entry == null ? null : stringValue(entry);
        if (patch.length == 0) {
            ctx.reply().integer(current == null ? 0 : current.length);
            return;
        }
        checkLength(offset, patch.length);
        int patchEnd = (int) offset + patch.length;
        byte[] patched = current == null ? new byte[patchEnd] : Arrays.copyOf(current, Math.max(current.length, patchEnd));
        System.arraycopy(patch, 0, patched, (int) offset, patch.length);
        if (entry == null) {
            db.put(key, patched);
        } else {
            db.replaceValue(entry, patched);
        }
        ctx.changed(1);
        ctx.notifyKeyspaceEvent(STRING, "setrange", key);
        ctx.reply().integer(patched.length);
    }

    @RedisCommand(name = "incr", arity = 2, flags = {WRITE, DENYOOM, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            summary = "Increment the integer value of a key by one", complexity = "O(1)")
    public void incr(CommandContext ctx) {
        incrementBy(ctx, 1);
    }

    @RedisCommand(name = "decr", arity = 2, flags = {WRITE, DENYOOM, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            summary = "Decrement the integer value of a key by one", complexity = "O(1)")
    public void decr(CommandContext ctx) {
        incrementBy(ctx, -1);
    }

    @RedisCommand(name = "incrby", arity = 3, flags = {WRITE, DENYOOM, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            summary = "Increment the integer value of a key by the given amount", complexity = "O(1)")
    public void incrby(CommandContext ctx) {
        incrementBy(ctx, IntegerStrings.parse(ctx.arg(2)));
    }

    @RedisCommand(name = "decrby", arity = 3, flags = {WRITE, DENYOOM, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            summary = "Decrement the integer value of a key by the given number", complexity = "O(1)")
    public void decrby(CommandContext ctx) {
        long decrement = IntegerStrings.parse(ctx.arg(2));
        if (decrement == Long.MIN_VALUE) {
            throw new ErrorReplyException("ERR decrement would overflow");
        }
        incrementBy(ctx, -decrement);
    }

    @RedisCommand(name = "incrbyfloat", arity = 3, flags = {WRITE, DENYOOM, FAST}, firstKey = 1, lastKey = 1,
            keyStep = 1, summary = "Increment the float value of a key by the given amount", since = "2.6.0",
            complexity = "O(1)")
    public void incrbyfloat(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        Database db = ctx.db();
        Entry entry = db.entry(key);
        LongDouble current = entry == null ? LongDouble.ZERO : LongDouble.parse(stringValue(entry));
        LongDouble increment = current == null ? null : LongDouble.parse(ctx.arg(2));
        if (increment == null) {
            throw new ErrorReplyException(Numbers.NOT_A_FLOAT);
        }
        LongDouble sum = current.plus(increment);
        if (!sum.isFinite()) {
            throw new ErrorReplyException("ERR increment would produce NaN or Infinity");
        }
        byte[] stored = sum.toHumanBytes();
        if (entry == null) {
            db.put(key, stored);
        } else {
            db.replaceValue(entry, stored);
        }
        ctx.changed(1);
        ctx.propagateAs(SET, key, stored, KEEPTTL_WORD);
        ctx.notifyKeyspaceEvent(STRING, "incrbyfloat", key);
        ctx.reply().bulk(stored);
    }

    @RedisCommand(name = "lcs", arity = -3, flags = {READONLY}, firstKey = 1, lastKey = 2, keyStep = 1,
            summary = "Find longest common substring", since = "7.0.0",
            complexity = "O(N*M) where N and M are the lengths of s1 and s2, respectively")
    public void lcs(CommandContext ctx) {
        Database db = ctx.db();
        Object first = db.read(ctx.arg(1));
        Object second = db.read(ctx.arg(2));
        if ((first != null && !(first instanceof byte[])) || (second != null && !(second instanceof byte[]))) {
            throw new ErrorReplyException("ERR The specified keys must contain string values");
        }
        byte[] a = first == null ? new byte[0] : (byte[]) first;
        byte[] b = second == null ? new byte[0] : (byte[]) second;
        boolean wantLength = false;
        boolean wantIndexes = false;
        boolean withMatchLength = false;
        long minMatchLength = 0;
        for (int i = 3; i < ctx.argCount(); i++) {
            if (ctx.argIs(i, "idx")) {
                wantIndexes = true;
            } else if (ctx.argIs(i, "len")) {
                wantLength = true;
            } else if (ctx.argIs(i, "withmatchlen")) {
                withMatchLength = true;
            } else if (ctx.argIs(i, "minmatchlen") && i + 1 < ctx.argCount()) {
                minMatchLength = Math.max(0, IntegerStrings.parse(ctx.arg(++i)));
            } else {
                throw CommandContext.syntaxError();
            }
        }
        if (wantIndexes && wantLength) {
            throw new ErrorReplyException("ERR If you want both the length and indexes, please just use IDX.");
        }
        long tableBytes = (a.length + 1L) * (b.length + 1L) * Integer.BYTES;
        if (tableBytes > config.respLimits().maxBulkLength()) {
            throw new ErrorReplyException(
                    "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
        }
        ReplyWriter reply = ctx.reply();
        if (wantLength) {
            reply.integer(LongestCommonSubsequence.lengthOf(a, b));
            return;
        }
        LongestCommonSubsequence lcs = LongestCommonSubsequence.of(a, b);
        if (!wantIndexes) {
            reply.bulk(lcs.subsequence());
            return;
        }
        int[] matches = lcs.matches(minMatchLength);
        reply.mapHeader(2);
        reply.bulk(MATCHES);
        reply.arrayHeader(matches.length / 4);
        for (int m = 0; m < matches.length; m += 4) {
            reply.arrayHeader(withMatchLength ? 3 : 2);
            reply.arrayHeader(2);
            reply.integer(matches[m]);
            reply.integer(matches[m + 1]);
            reply.arrayHeader(2);
            reply.integer(matches[m + 2]);
            reply.integer(matches[m + 3]);
            if (withMatchLength) {
                reply.integer(matches[m + 1] - matches[m] + 1);
            }
        }
        reply.bulk(LEN);
        reply.integer(lcs.length());
    }

    /**
     * SET and its variants after their options are known: {@code expiryIndex} is the
     * argument holding the expiry time (0 for none); {@code integerReply} answers 1/0 as
     * SETNX does instead of OK/nil.
     */
    private void setWithOptions(CommandContext ctx, int flags, int expiryIndex, byte[] value, boolean integerReply) {
        long expireAt = expiryIndex == 0 ? Entry.NO_EXPIRY : expireAtMillis(ctx, flags, expiryIndex);
        byte[] key = ctx.arg(1);
        Database db = ctx.db();
        boolean exists;
        if ((flags & GET) != 0) {
            byte[] old = readString(db, key);
            ctx.reply().bulkOrNull(old);
            exists = old != null;
        } else {
            exists = (flags & (NX | XX)) != 0 && db.exists(key);
        }
        if (((flags & NX) != 0 && exists) || ((flags & XX) != 0 && !exists)) {
            if (integerReply) {
                ctx.reply().integer(0);
            } else if ((flags & GET) == 0) {
                ctx.reply().nullBulk();
            }
            return;
        }
        if ((flags & KEEPTTL) != 0) {
            db.putKeepTtl(key, value);
        } else {
            db.put(key, value, expireAt);
        }
        ctx.changed(1);
        propagateSet(ctx, flags, expiryIndex, expireAt, value);
        ctx.notifyKeyspaceEvent(STRING, "set", key);
        if (expiryIndex != 0) {
            ctx.notifyKeyspaceEvent(GENERIC, "expire", key);
        }
        if (integerReply) {
            ctx.reply().integer(1);
        } else if ((flags & GET) == 0) {
            ctx.reply().ok();
        }
    }

    /**
     * What a SET with options propagates, as Redis 7.0 does: a relative or second-based expiry
     * becomes {@code SET key value PXAT <unix ms>} (the other options dropped), and without
     * an expiry the GET options are left out; otherwise the command as received.
     */
    private static void propagateSet(CommandContext ctx, int flags, int expiryIndex, long expireAt, byte[] value) {
        if (expiryIndex != 0 && (flags & PXAT) == 0) {
            ctx.propagateAs(SET, ctx.arg(1), value, PXAT_WORD, Numbers.toBytes(expireAt));
        } else if (expiryIndex == 0 && (flags & GET) != 0) {
            byte[][] argv = ctx.args().toArray();
            int kept = 0;
            for (int i = 0; i < argv.length; i++) {
                if (i < 3 || !ctx.argIs(i, "get")) {
                    argv[kept++] = argv[i];
                }
            }
            ctx.propagateAs(Arrays.copyOf(argv, kept));
        }
    }

    /**
     * Parses the options of SET ({@code forSet}) or GETEX from argument {@code first} on,
     * with Redis's rules: NX and XX exclude each other, one kind of expiry at most (the
     * same one may repeat, the last wins), KEEPTTL and PERSIST exclude any expiry.
     *
     * @return the option bits, with the index of the expiry argument above {@link #FLAG_BITS}
     */
    private static int parseOptions(CommandContext ctx, int first, boolean forSet) {
        int flags = 0;
        int expiryIndex = 0;
        int count = ctx.argCount();
        for (int i = first; i < count; i++) {
            boolean hasNext = i + 1 < count;
            if (forSet && ctx.argIs(i, "nx") && (flags & XX) == 0) {
                flags |= NX;
            } else if (forSet && ctx.argIs(i, "xx") && (flags & NX) == 0) {
                flags |= XX;
            } else if (forSet && ctx.argIs(i, "get")) {
                flags |= GET;
            } else if (forSet && ctx.argIs(i, "keepttl") && (flags & (PERSIST | ANY_EXPIRY)) == 0) {
                flags |= KEEPTTL;
            } else if (!forSet && ctx.argIs(i, "persist") && (flags & (KEEPTTL | ANY_EXPIRY)) == 0) {
                flags |= PERSIST;
            } else {
                int expiry = expiryOption(ctx, i);
                if (expiry == 0 || !hasNext || (flags & (KEEPTTL | PERSIST | (ANY_EXPIRY & ~expiry))) != 0) {
                    throw CommandContext.syntaxError();
                }
                flags |= expiry;
                expiryIndex = ++i;
            }
        }
        return flags | (expiryIndex << FLAG_BITS);
    }

    private static int expiryOption(CommandContext ctx, int index) {
        if (ctx.argIs(index, "ex")) {
            return EX;
        }
        if (ctx.argIs(index, "px")) {
            return PX;
        }
        if (ctx.argIs(index, "exat")) {
            return EXAT;
        }
        if (ctx.argIs(index, "pxat")) {
            return PXAT;
        }
        return 0;
    }

    /**
     * The absolute expiry time in unix ms that argument {@code index} asks for. Like Redis,
     * a time that is not positive, or that overflows once in milliseconds or made
     * absolute, is "invalid expire time".
     */
    private static long expireAtMillis(CommandContext ctx, int flags, int index) {
        long time = IntegerStrings.parse(ctx.arg(index));
        boolean seconds = (flags & (EX | EXAT)) != 0;
        if (time <= 0 || (seconds && time > Long.MAX_VALUE / 1000)) {
            throw invalidExpireTime(ctx);
        }
        if (seconds) {
            time *= 1000;
        }
        if ((flags & (EX | PX)) != 0) {
            long now = ctx.store().clock().now();
            if (time > Long.MAX_VALUE - now) {
                throw invalidExpireTime(ctx);
            }
            time += now;
        }
        return time;
    }

    private static ErrorReplyException invalidExpireTime(CommandContext ctx) {
        return new ErrorReplyException("ERR invalid expire time in '" + ctx.command().fullName() + "' command");
    }

    private static void incrementBy(CommandContext ctx, long increment) {
        byte[] key = ctx.arg(1);
        Database db = ctx.db();
        Entry entry = db.entry(key);
        long current = entry == null ? 0 : IntegerStrings.parse(stringValue(entry));
        if ((increment < 0 && current < 0 && increment < Long.MIN_VALUE - current)
                || (increment > 0 && current > 0 && increment > Long.MAX_VALUE - current)) {
            throw new ErrorReplyException("ERR increment or decrement would overflow");
        }
        long result = current + increment;
        byte[] stored = IntegerStrings.toBytes(result);
        if (entry == null) {
            db.put(key, stored);
        } else {
            db.replaceValue(entry, stored);
        }
        ctx.changed(1);
        ctx.notifyKeyspaceEvent(STRING, "incrby", key);
        ctx.reply().integer(result);
    }

    /** The string at {@code key} for a reading command (counts a hit or miss), or null. */
    private static byte[] readString(Database db, byte[] key) {
        Object value = db.read(key);
        if (value == null || value instanceof byte[]) {
            return (byte[]) value;
        }
        throw WrongTypeException.INSTANCE;
    }

    private static byte[] stringValue(Entry entry) {
        if (entry.value() instanceof byte[] bytes) {
            return bytes;
        }
        throw WrongTypeException.INSTANCE;
    }

    /** The argument count of MSET/MSETNX, which must come in key-value pairs. */
    private static int requirePairs(CommandContext ctx) {
        int count = ctx.argCount();
        if ((count & 1) == 0) {
            throw new ErrorReplyException("ERR wrong number of arguments for '" + ctx.command().fullName() + "' command");
        }
        return count;
    }

    /** Refuses a string that would grow beyond proto-max-bulk-len (or what a Java array can hold). */
    private void checkLength(long size, long growth) {
        long limit = Math.min(config.respLimits().maxBulkLength(), MAX_ARRAY_LENGTH);
        if (size > limit - growth) {
            throw new ErrorReplyException(TOO_LONG);
        }
    }
}
