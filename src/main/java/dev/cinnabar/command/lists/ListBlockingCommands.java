package dev.cinnabar.command.lists;

import dev.cinnabar.blocking.BlockedClients;
import dev.cinnabar.blocking.BlockedCommand;
import dev.cinnabar.blocking.BlockingTimeout;
import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandFamily;
import dev.cinnabar.command.RedisCommand;
import dev.cinnabar.store.Database;
import dev.cinnabar.store.ListValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.cinnabar.command.CommandFlag.BLOCKING;
import static dev.cinnabar.command.CommandFlag.DENYOOM;
import static dev.cinnabar.command.CommandFlag.MOVABLE_KEYS;
import static dev.cinnabar.command.CommandFlag.NOSCRIPT;
import static dev.cinnabar.command.CommandFlag.WRITE;

/**
 * BLPOP, BRPOP, BLMOVE, BRPOPLPUSH and BLMPOP: the pops of {@link ListCommands} that wait
 * for data when their keys are empty. What they propagate is always the plain pop or move
 * that happened, never the blocking command.
 */
@CommandFamily("list")
public class ListBlockingCommands {

    private static final byte[] LMOVE = "LMOVE".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RPOPLPUSH = "RPOPLPUSH".getBytes(StandardCharsets.US_ASCII);
    private static final String MOVE_SUMMARY = "Pop an element from a list, push it to another list and return it; "
            + "or block until one is available";

    private final ListCommands lists;
    private final BlockedClients blockedClients;

    public ListBlockingCommands(ListCommands lists, BlockedClients blockedClients) {
        this.lists = lists;
        this.blockedClients = blockedClients;
    }

    @RedisCommand(name = "blpop", arity = -3, flags = {WRITE, NOSCRIPT, BLOCKING}, firstKey = 1, lastKey = -2,
            keyStep = 1, keySpecFlags = {"RW", "access", "delete"},
            summary = "Remove and get the first element in a list, or block until one is available",
            since = "2.0.0", complexity = "O(N) where N is the number of provided keys.")
    public void blpop(CommandContext ctx) {
        blockingPop(ctx, ListEnd.LEFT);
    }

    @RedisCommand(name = "brpop", arity = -3, flags = {WRITE, NOSCRIPT, BLOCKING}, firstKey = 1, lastKey = -2,
            keyStep = 1, keySpecFlags = {"RW", "access", "delete"},
            summary = "Remove and get the last element in a list, or block until one is available",
            since = "2.0.0", complexity = "O(N) where N is the number of provided keys.")
    public void brpop(CommandContext ctx) {
        blockingPop(ctx, ListEnd.RIGHT);
    }

    private void blockingPop(CommandContext ctx, ListEnd end) {
        int timeoutIndex = ctx.argCount() - 1;
        long timeout = BlockingTimeout.parseSeconds(ctx.arg(timeoutIndex), System.currentTimeMillis());
        List<byte[]> keys = new ArrayList<>(timeoutIndex - 1);
        for (int i = 1; i < timeoutIndex; i++) {
            keys.add(ctx.arg(i));
        }
        popOrBlock(ctx, keys, timeout, (target, key, list) -> popWithKey(target, key, list, end));
    }

    /** What a pop does with the list it found, at once or once one of its keys got data. */
    @FunctionalInterface
    private interface ListPop {
        void pop(CommandContext ctx, byte[] key, ListValue list);
    }

    /**
     * Pops from the first of {@code keys}, in argument order, that holds a list; if none
     * does, the client waits on all of them (inside a transaction it gets a null array).
     */
    private void popOrBlock(CommandContext ctx, List<byte[]> keys, long timeout, ListPop pop) {
        Database db = ctx.db();
        for (byte[] key : keys) {
            ListValue list = ListCommands.listToWrite(db, key);
            if (list != null) {
                pop.pop(ctx, key, list);
                return;
            }
        }
        if (!ctx.mayBlock()) {
            ctx.reply().nullArray();
            return;
        }
        blockedClients.block(ctx, keys, timeout, (waiter, key) -> {
            ListValue list = listOrNull(waiter.db(), key);
            if (list == null) {
                return false;
            }
            pop.pop(waiter, key, list);
            return true;
        });
    }

    private void popWithKey(CommandContext ctx, byte[] key, ListValue list, ListEnd end) {
        ctx.reply().arrayHeader(2);
        ctx.reply().bulk(key);
        lists.popElement(ctx, key, list, end);
        ctx.propagateAs(end.popCommand, key);
    }

    @RedisCommand(name = "blmove", arity = 6, flags = {WRITE, DENYOOM, NOSCRIPT, BLOCKING}, firstKey = 1,
            lastKey = 2, keyStep = 1, keySpecFlags = {"RW", "access", "delete"}, summary = MOVE_SUMMARY,
            since = "6.2.0", complexity = "O(1)")
    public void blmove(CommandContext ctx) {
        ListEnd from = ListEnd.parse(ctx, 3);
        ListEnd to = ListEnd.parse(ctx, 4);
        blockingMove(ctx, from, to, 5, true);
    }

    @RedisCommand(name = "brpoplpush", arity = 4, flags = {WRITE, DENYOOM, NOSCRIPT, BLOCKING}, firstKey = 1,
            lastKey = 2, keyStep = 1, keySpecFlags = {"RW", "access", "delete"}, summary = MOVE_SUMMARY,
            since = "2.2.0", complexity = "O(1)")
    public void brpoplpush(CommandContext ctx) {
        blockingMove(ctx, ListEnd.RIGHT, ListEnd.LEFT, 3, false);
    }

    private void blockingMove(CommandContext ctx, ListEnd from, ListEnd to, int timeoutIndex, boolean asLmove) {
        long timeout = BlockingTimeout.parseSeconds(ctx.arg(timeoutIndex), System.currentTimeMillis());
        byte[] sourceKey = ctx.arg(1);
        byte[] destinationKey = ctx.arg(2);
        byte[][] propagated = asLmove
                ? new byte[][]{LMOVE, sourceKey, destinationKey, ctx.arg(3), ctx.arg(4)}
                : new byte[][]{RPOPLPUSH, sourceKey, destinationKey};
        ListValue source = ListCommands.listToWrite(ctx.db(), sourceKey);
        if (source != null) {
            lists.moveElement(ctx, sourceKey, source, from, destinationKey, to);
            ctx.propagateAs(propagated);
            return;
        }
        if (!ctx.mayBlock()) {
            // Inside a transaction Redis answers the non-blocking form's null, a null bulk string.
            ctx.reply().nullBulk();
            return;
        }
        blockedClients.block(ctx, List.of(sourceKey), timeout, (waiter, key) -> {
            ListValue list = listOrNull(waiter.db(), key);
            if (list == null) {
                return false;
            }
            // A destination of another type answers WRONGTYPE and leaves the element where it is.
            lists.moveElement(waiter, key, list, from, destinationKey, to);
            waiter.propagateAs(propagated);
            return true;
        });
    }

    @RedisCommand(name = "blmpop", arity = -5, flags = {WRITE, BLOCKING, MOVABLE_KEYS},
            keySpecFlags = {"RW", "access", "delete"},
            summary = "Pop elements from a list, or block until one is available", since = "7.0.0",
            complexity = "O(N+M) where N is the number of provided keys and M is the number of elements returned.")
    public void blmpop(CommandContext ctx) {
        ListCommands.MultiPop request = ListCommands.MultiPop.parse(ctx, 2);
        long timeout = BlockingTimeout.parseSeconds(ctx.arg(1), System.currentTimeMillis());
        List<byte[]> keys = new ArrayList<>(request.keyCount());
        for (int i = 0; i < request.keyCount(); i++) {
            keys.add(request.key(ctx, i));
        }
        popOrBlock(ctx, keys, timeout,
                (target, key, list) -> lists.popElementsWithKey(target, key, list, request.end(), request.count()));
    }

    /** The list at {@code key}, or null if there is none or the key holds another type (waiters keep waiting). */
    private static ListValue listOrNull(Database db, byte[] key) {
        return db.get(key) instanceof ListValue list ? list : null;
    }
}
