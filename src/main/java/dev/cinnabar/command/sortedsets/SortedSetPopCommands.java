package dev.cinnabar.command.sortedsets;

import dev.cinnabar.blocking.BlockedClients;
import dev.cinnabar.blocking.BlockingTimeout;
import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandFamily;
import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisCommand;
import dev.cinnabar.protocol.Ascii;
import dev.cinnabar.protocol.ErrorReplyException;
import dev.cinnabar.protocol.ReplyWriter;
import dev.cinnabar.store.Database;
import dev.cinnabar.store.SortedSetValue;

import java.util.ArrayList;
import java.util.List;

import static dev.cinnabar.command.CommandFlag.BLOCKING;
import static dev.cinnabar.command.CommandFlag.FAST;
import static dev.cinnabar.command.CommandFlag.MOVABLE_KEYS;
import static dev.cinnabar.command.CommandFlag.NOSCRIPT;
import static dev.cinnabar.command.CommandFlag.WRITE;
import static dev.cinnabar.config.KeyspaceEventClasses.GENERIC;
import static dev.cinnabar.config.KeyspaceEventClasses.ZSET;

/**
 * ZPOPMIN, ZPOPMAX, ZMPOP and their blocking forms. A blocking pop that finds nothing waits
 * through {@link BlockedClients}; whatever pop serves it is propagated as the plain
 * {@code ZPOPMIN}/{@code ZPOPMAX key [count]} Redis propagates.
 */
@CommandFamily("sorted-set")
public class SortedSetPopCommands {

    private static final String POP_COMPLEXITY = "O(log(N)*M) with N being the number of elements in the sorted "
            + "set, and M being the number of elements popped.";
    private static final String MPOP_COMPLEXITY = "O(K) + O(M*log(N)) where K is the number of provided keys, N "
            + "being the number of elements in the sorted set, and M being the number of elements popped.";
    private static final byte[] ZPOPMIN = Ascii.bytes("ZPOPMIN");
    private static final byte[] ZPOPMAX = Ascii.bytes("ZPOPMAX");

    /** How a pop request was spelled: which end, how many (-1: a single pop without COUNT), which keys. */
    private record PopRequest(boolean max, long count, List<byte[]> keys) {
    }

    private final BlockedClients blockedClients;

    public SortedSetPopCommands(BlockedClients blockedClients) {
        this.blockedClients = blockedClients;
    }

    @RedisCommand(name = "zpopmin", arity = -2, flags = {WRITE, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = {"RW", "access", "delete"},
            summary = "Remove and return members with the lowest scores in a sorted set", since = "5.0.0",
            complexity = POP_COMPLEXITY)
    public void zpopmin(CommandContext ctx) {
        pop(ctx, false);
    }

    @RedisCommand(name = "zpopmax", arity = -2, flags = {WRITE, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            keySpecFlags = {"RW", "access", "delete"},
            summary = "Remove and return members with the highest scores in a sorted set", since = "5.0.0",
            complexity = POP_COMPLEXITY)
    public void zpopmax(CommandContext ctx) {
        pop(ctx, true);
    }

    private static void pop(CommandContext ctx, boolean max) {
        if (ctx.argCount() > 3) {
            throw CommandContext.syntaxError();
        }
        long count = 1;
        if (ctx.argCount() == 3) {
            Long parsed = Numbers.parseLong(ctx.arg(2));
            if (parsed == null || parsed < 0) {
                throw new ErrorReplyException("ERR value is out of range, must be positive");
            }
            count = parsed;
        }
        byte[] key = ctx.arg(1);
        SortedSetValue zset = SortedSets.toWrite(ctx.db(), key);
        if (zset == null || count == 0) {
            ctx.reply().emptyArray();
            return;
        }
        int popping = (int) Math.min(count, zset.size());
        ctx.reply().arrayHeader(popping * 2);
        popEntries(ctx, key, zset, max, popping, false);
    }

    @RedisCommand(name = "zmpop", arity = -4, flags = {WRITE, MOVABLE_KEYS}, keySpecFlags = {"RW", "access", "delete"},
            summary = "Remove and return members with scores in a sorted set", since = "7.0.0",
            complexity = MPOP_COMPLEXITY)
    public void zmpop(CommandContext ctx) {
        PopRequest request = parseMultiPop(ctx, 1);
        Database db = ctx.db();
        for (byte[] key : request.keys()) {
            SortedSetValue zset = SortedSets.toWrite(db, key);
            if (zset != null) {
                popWithKey(ctx, key, zset, request);
                return;
            }
        }
        ctx.reply().nullArray();
    }

    @RedisCommand(name = "bzpopmin", arity = -3, flags = {WRITE, NOSCRIPT, BLOCKING, FAST}, firstKey = 1,
            lastKey = -2, keyStep = 1, keySpecFlags = {"RW", "access", "delete"},
            summary = "Remove and return the member with the lowest score from one or more sorted sets, or block "
                    + "until one is available", since = "5.0.0",
            complexity = "O(log(N)) with N being the number of elements in the sorted set.")
    public void bzpopmin(CommandContext ctx) {
        blockingPop(ctx, false);
    }

    @RedisCommand(name = "bzpopmax", arity = -3, flags = {WRITE, NOSCRIPT, BLOCKING, FAST}, firstKey = 1,
            lastKey = -2, keyStep = 1, keySpecFlags = {"RW", "access", "delete"},
            summary = "Remove and return the member with the highest score from one or more sorted sets, or block "
                    + "until one is available", since = "5.0.0",
            complexity = "O(log(N)) with N being the number of elements in the sorted set.")
    public void bzpopmax(CommandContext ctx) {
        blockingPop(ctx, true);
    }

    private void blockingPop(CommandContext ctx, boolean max) {
        long timeout = BlockingTimeout.parseSeconds(ctx.arg(ctx.argCount() - 1), System.currentTimeMillis());
        List<byte[]> keys = new ArrayList<>();
        for (int i = 1; i < ctx.argCount() - 1; i++) {
            keys.add(ctx.arg(i));
        }
        PopRequest request = new PopRequest(max, -1, keys);
        Database db = ctx.db();
        for (byte[] key : keys) {
            SortedSetValue zset = SortedSets.toWrite(db, key);
            if (zset != null) {
                popWithKey(ctx, key, zset, request);
                return;
            }
        }
        block(ctx, request, timeout);
    }

    @RedisCommand(name = "bzmpop", arity = -5, flags = {WRITE, BLOCKING, MOVABLE_KEYS},
            keySpecFlags = {"RW", "access", "delete"},
            summary = "Remove and return members with scores in a sorted set or block until one is available",
            since = "7.0.0", complexity = MPOP_COMPLEXITY)
    public void bzmpop(CommandContext ctx) {
        PopRequest request = parseMultiPop(ctx, 2);
        long timeout = BlockingTimeout.parseSeconds(ctx.arg(1), System.currentTimeMillis());
        Database db = ctx.db();
        for (byte[] key : request.keys()) {
            SortedSetValue zset = SortedSets.toWrite(db, key);
            if (zset != null) {
                popWithKey(ctx, key, zset, request);
                return;
            }
        }
        block(ctx, request, timeout);
    }

    private void block(CommandContext ctx, PopRequest request, long timeout) {
        if (!ctx.mayBlock()) {
            ctx.reply().nullArray();
            return;
        }
        blockedClients.block(ctx, request.keys(), timeout, (waiter, key) -> {
            if (!(waiter.db().get(key) instanceof SortedSetValue zset)) {
                return false;
            }
            popWithKey(waiter, key, zset, request);
            return true;
        });
    }

    /** ZMPOP's and BZMPOP's arguments from {@code numkeysIndex} on, checked in Redis's order. */
    private static PopRequest parseMultiPop(CommandContext ctx, int numkeysIndex) {
        int argc = ctx.argCount();
        Long numkeys = Numbers.parseLong(ctx.arg(numkeysIndex));
        if (numkeys == null || numkeys < 1) {
            throw new ErrorReplyException("ERR numkeys should be greater than 0");
        }
        long whereIndex = numkeysIndex + numkeys + 1;
        if (whereIndex >= argc) {
            throw CommandContext.syntaxError();
        }
        boolean max;
        if (ctx.argIs((int) whereIndex, "min")) {
            max = false;
        } else if (ctx.argIs((int) whereIndex, "max")) {
            max = true;
        } else {
            throw CommandContext.syntaxError();
        }
        long count = -1;
        for (int j = (int) whereIndex + 1; j < argc; j++) {
            if (count == -1 && ctx.argIs(j, "count") && j + 1 < argc) {
                j++;
                Long parsed = Numbers.parseLong(ctx.arg(j));
                if (parsed == null || parsed < 1) {
                    throw new ErrorReplyException("ERR count should be greater than 0");
                }
                count = parsed;
            } else {
                throw CommandContext.syntaxError();
            }
        }
        List<byte[]> keys = new ArrayList<>();
        for (int i = numkeysIndex + 1; i < whereIndex; i++) {
            keys.add(ctx.arg(i));
        }
        return new PopRequest(max, count == -1 ? 1 : count, keys);
    }

    /**
     * Pops from a key found non-empty and replies with the key in front: flat for BZPOPMIN and
     * BZPOPMAX ({@code count == -1}), nested for ZMPOP and BZMPOP. Propagated as the plain pop.
     */
    private static void popWithKey(CommandContext ctx, byte[] key, SortedSetValue zset, PopRequest request) {
        ReplyWriter reply = ctx.reply();
        byte[] command = request.max() ? ZPOPMAX : ZPOPMIN;
        if (request.count() == -1) {
            reply.arrayHeader(3);
            reply.bulk(key);
            popEntries(ctx, key, zset, request.max(), 1, false);
            ctx.propagateAs(command, key);
            return;
        }
        int popping = (int) Math.min(request.count(), zset.size());
        reply.arrayHeader(2);
        reply.bulk(key);
        reply.arrayHeader(popping);
        popEntries(ctx, key, zset, request.max(), popping, true);
        ctx.propagateAs(command, key, Numbers.toBytes(popping));
    }

    /**
     * Removes and replies {@code count} entries from one end and publishes "zpopmin"/"zpopmax";
     * deletes the key (publishing "del") if the set is left empty.
     */
    private static void popEntries(CommandContext ctx, byte[] key, SortedSetValue zset, boolean max, int count,
                                   boolean pairs) {
        ReplyWriter reply = ctx.reply();
        for (int i = 0; i < count; i++) {
            int rank = max ? zset.size() - 1 : 0;
            byte[] member = zset.memberAt(rank);
            double score = zset.scoreAt(rank);
            zset.remove(member);
            if (pairs) {
                reply.arrayHeader(2);
            }
            reply.bulk(member);
            SortedSets.replyScore(reply, score);
        }
        ctx.notifyKeyspaceEvent(ZSET, max ? "zpopmax" : "zpopmin", key);
        if (zset.isEmpty()) {
            ctx.db().delete(key);
            ctx.notifyKeyspaceEvent(GENERIC, "del", key);
        } else {
            ctx.db().signalModified(key);
        }
        ctx.changed(count);
    }
}
