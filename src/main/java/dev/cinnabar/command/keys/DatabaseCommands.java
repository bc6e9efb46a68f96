package dev.cinnabar.command.keys;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandFamily;
import dev.cinnabar.command.RedisCommand;

import static dev.cinnabar.command.CommandFlag.FAST;
import static dev.cinnabar.command.CommandFlag.READONLY;
import static dev.cinnabar.command.CommandFlag.WRITE;

/**
 * The commands that work on whole databases: DBSIZE, FLUSHDB, FLUSHALL, SWAPDB. Redis files
 * them in its {@code server} group (COMMAND DOCS shows that) with the @keyspace category;
 * they live next to the key commands because they are keyspace operations.
 */
@CommandFamily("server")
public class DatabaseCommands {

    @RedisCommand(name = "dbsize", arity = 1, flags = {READONLY, FAST}, categories = "keyspace",
            tips = {"request_policy:all_shards", "response_policy:agg_sum"},
            summary = "Return the number of keys in the selected database", complexity = "O(1)")
    public void dbsize(CommandContext ctx) {
        ctx.reply().integer(ctx.db().size());
    }

    /**
     * Emptying a database drops its table in O(1) and leaves the memory to the collector, so
     * SYNC and ASYNC behave alike and neither stalls other clients.
     */
    @RedisCommand(name = "flushdb", arity = -1, flags = {WRITE}, categories = {"keyspace", "dangerous"},
            tips = {"request_policy:all_shards", "response_policy:all_succeeded"},
            summary = "Remove all keys from the current database",
            complexity = "O(N) where N is the number of keys in the selected database")
    public void flushdb(CommandContext ctx) {
        checkFlushMode(ctx);
        ctx.changed(ctx.db().clear());
        ctx.forcePropagation();
        ctx.reply().ok();
    }

    @RedisCommand(name = "flushall", arity = -1, flags = {WRITE}, categories = {"keyspace", "dangerous"},
            tips = {"request_policy:all_shards", "response_policy:all_succeeded"},
            summary = "Remove all keys from all databases",
            complexity = "O(N) where N is the total number of keys in all databases")
    public void flushall(CommandContext ctx) {
        checkFlushMode(ctx);
        ctx.changed(ctx.store().flushAll());
        ctx.forcePropagation();
        ctx.reply().ok();
    }

    private static void checkFlushMode(CommandContext ctx) {
        if (ctx.argCount() > 2 || (ctx.argCount() == 2 && !ctx.argIs(1, "sync") && !ctx.argIs(1, "async"))) {
            throw CommandContext.syntaxError();
        }
    }

    @RedisCommand(name = "swapdb", arity = 3, flags = {WRITE, FAST}, categories = {"keyspace", "dangerous"},
            summary = "Swaps two Redis databases", since = "4.0.0",
            complexity = "O(N) where N is the count of clients watching or blocking on keys from both databases.")
    public void swapdb(CommandContext ctx) {
        int first = DatabaseIndex.parseUnchecked(ctx, 1, "ERR invalid first DB index");
        int second = DatabaseIndex.parseUnchecked(ctx, 2, "ERR invalid second DB index");
        ctx.store().swapDatabases(DatabaseIndex.checkRange(ctx, first), DatabaseIndex.checkRange(ctx, second));
        ctx.changed(1);
        ctx.reply().ok();
    }
}
