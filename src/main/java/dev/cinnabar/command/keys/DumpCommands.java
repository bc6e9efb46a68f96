package dev.cinnabar.command.keys;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandFamily;
import dev.cinnabar.command.RedisCommand;
import dev.cinnabar.config.RuntimeConfig;
import dev.cinnabar.persistence.RdbPersistence;
import dev.cinnabar.persistence.rdb.DumpPayload;
import dev.cinnabar.protocol.ErrorReplyException;
import dev.cinnabar.store.Database;
import dev.cinnabar.store.Entry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static dev.cinnabar.command.CommandFlag.DENYOOM;
import static dev.cinnabar.command.CommandFlag.READONLY;
import static dev.cinnabar.command.CommandFlag.WRITE;
import static dev.cinnabar.config.KeyspaceEventClasses.GENERIC;

/** DUMP and RESTORE: a value serialised in Redis's RDB format, interchangeable with Redis. */
@CommandFamily("generic")
public class DumpCommands {

    private final RuntimeConfig config;
    private final RdbPersistence persistence;

    public DumpCommands(RuntimeConfig config, RdbPersistence persistence) {
        this.config = config;
        this.persistence = persistence;
    }

    @RedisCommand(name = "dump", arity = 2, flags = {READONLY}, firstKey = 1, lastKey = 1, keyStep = 1,
            tips = {"nondeterministic_output"}, keySpecFlags = {"RO", "access"},
            summary = "Return a serialized version of the value stored at the specified key.", since = "2.6.0",
            complexity = "O(1) to access the key and additional O(N*M) to serialize it, where N is the number of "
                    + "Redis objects composing the value and M their average size. For small string values the "
                    + "time complexity is thus O(1)+O(1*M) where M is small, so simply O(1).")
    public void dump(CommandContext ctx) {
        Object value = ctx.db().read(ctx.arg(1));
        if (value == null) {
            ctx.reply().nullBulk();
            return;
        }
        ctx.reply().bulk(DumpPayload.create(value, config.isEnabled("rdbcompression")));
    }

    @RedisCommand(name = "restore", arity = -4, flags = {WRITE, DENYOOM}, firstKey = 1, lastKey = 1, keyStep = 1,
            categories = "dangerous", keySpecFlags = {"OW", "update"},
            summary = "Create a key using the provided serialized value, previously obtained using DUMP.",
            since = "2.6.0",
            complexity = "O(1) to create the new key and additional O(N*M) to reconstruct the serialized value, "
                    + "where N is the number of Redis objects composing the value and M their average size. For "
                    + "small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply "
                    + "O(1). However for sorted set values the complexity is O(N*M*log(N)) because inserting "
                    + "values into sorted sets is O(log(N)).")
    public void restore(CommandContext ctx) {
        boolean replace = false;
        boolean absoluteTtl = false;
        boolean idleTimeGiven = false;
        boolean frequencyGiven = false;
        for (int i = 4; i < ctx.argCount(); i++) {
            boolean hasValue = i + 1 < ctx.argCount();
            if (ctx.argIs(i, "replace")) {
                replace = true;
            } else if (ctx.argIs(i, "absttl")) {
                absoluteTtl = true;
            } else if (ctx.argIs(i, "idletime") && hasValue && !frequencyGiven) {
                if (ctx.longArg(i + 1) < 0) {
                    throw new ErrorReplyException("ERR Invalid IDLETIME value, must be >= 0");
                }
                idleTimeGiven = true;
                i++;
            } else if (ctx.argIs(i, "freq") && hasValue && !idleTimeGiven) {
                long frequency = ctx.longArg(i + 1);
                if (frequency < 0 || frequency > 255) {
                    throw new ErrorReplyException("ERR Invalid FREQ value, must be >= 0 and <= 255");
                }
                frequencyGiven = true;
                i++;
            } else {
                throw CommandContext.syntaxError();
            }
        }
        byte[] key = ctx.arg(1);
        Database db = ctx.db();
        if (!replace && db.get(key) != null) {
            throw new ErrorReplyException("BUSYKEY Target key name already exists.");
        }
        long ttl = ctx.longArg(2);
        if (ttl < 0) {
            throw new ErrorReplyException("ERR Invalid TTL value, must be >= 0");
        }
        byte[] payload = ctx.arg(3);
        if (!DumpPayload.isValid(payload)) {
            throw new ErrorReplyException("ERR DUMP payload version or checksum are wrong");
        }
        Object value;
        try {
            value = DumpPayload.read(payload, persistence.valueLimits());
        } catch (IOException e) {
            value = null;
        }
        if (value == null) {
            throw new ErrorReplyException("ERR Bad data format");
        }
        boolean deleted = replace && db.delete(key);
        long expireAt = ttl == 0 ? Entry.NO_EXPIRY : absoluteTtl ? ttl : ctx.store().clock().now() + ttl;
        if (expireAt != Entry.NO_EXPIRY && expireAt <= ctx.store().clock().now()) {
            if (deleted) {
                ctx.propagateAs("DEL".getBytes(StandardCharsets.US_ASCII), key);
                ctx.notifyKeyspaceEvent(GENERIC, "del", key);
                ctx.changed(1);
            }
            ctx.reply().ok();
            return;
        }
        db.put(key, value, expireAt);
        if (expireAt != Entry.NO_EXPIRY && !absoluteTtl) {
            byte[][] argv = new byte[ctx.argCount() + 1][];
            for (int i = 0; i < ctx.argCount(); i++) {
                argv[i] = ctx.arg(i);
            }
            argv[2] = Long.toString(expireAt).getBytes(StandardCharsets.US_ASCII);
            argv[ctx.argCount()] = "ABSTTL".getBytes(StandardCharsets.US_ASCII);
            ctx.propagateAs(argv);
        }
        ctx.notifyKeyspaceEvent(GENERIC, "restore", key);
        ctx.changed(1);
        ctx.reply().ok();
    }
}
