package dev.cinnabar.command.transactions;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandDispatcher;
import dev.cinnabar.command.CommandFamily;
import dev.cinnabar.command.RedisCommand;
import dev.cinnabar.command.Transaction;
import dev.cinnabar.net.ClientConnection;
import dev.cinnabar.store.Database;
import org.springframework.beans.factory.ObjectProvider;

import static dev.cinnabar.command.CommandFlag.ALLOW_BUSY;
import static dev.cinnabar.command.CommandFlag.FAST;
import static dev.cinnabar.command.CommandFlag.LOADING;
import static dev.cinnabar.command.CommandFlag.NOSCRIPT;
import static dev.cinnabar.command.CommandFlag.SKIP_SLOWLOG;
import static dev.cinnabar.command.CommandFlag.STALE;

/**
 * MULTI, EXEC, DISCARD, WATCH and UNWATCH. The dispatcher queues what a client sends after
 * MULTI; EXEC runs the queue in one go on the keyspace thread, so no other client's command
 * can come in between, unless a watched key changed first.
 */
@CommandFamily("transactions")
public class TransactionCommands {

    private static final String EXEC_ABORT = "EXECABORT Transaction discarded because of previous errors.";

    /** The dispatcher runs EXEC's queue; it is looked up late because it is built from the families. */
    private final ObjectProvider<CommandDispatcher> dispatcher;

    public TransactionCommands(ObjectProvider<CommandDispatcher> dispatcher) {
        this.dispatcher = dispatcher;
    }

    @RedisCommand(name = "multi", arity = 1, flags = {NOSCRIPT, LOADING, STALE, FAST, ALLOW_BUSY},
            summary = "Mark the start of a transaction block", since = "1.2.0", complexity = "O(1)")
    public void multi(CommandContext ctx) {
        ClientConnection client = ctx.client();
        if (client.transaction() != null) {
            ctx.reply().error("ERR MULTI calls can not be nested");
            return;
        }
        client.beginTransaction();
        ctx.reply().ok();
    }

    @RedisCommand(name = "exec", arity = 1, flags = {NOSCRIPT, LOADING, STALE, SKIP_SLOWLOG},
            summary = "Execute all commands issued after MULTI", since = "1.2.0",
            complexity = "Depends on commands in the transaction")
    public void exec(CommandContext ctx) {
        ClientConnection client = ctx.client();
        Transaction transaction = client.transaction();
        if (transaction == null) {
            ctx.reply().error("ERR EXEC without MULTI");
            return;
        }
        if (transaction.isAborted()) {
            client.endTransaction();
            ctx.reply().error(EXEC_ABORT);
            return;
        }
        if (client.watchBroken()) {
            client.endTransaction();
            ctx.reply().nullArray();
            return;
        }
        // Unwatch before running: the transaction's own writes must not count against it.
        client.endTransaction();
        ctx.reply().arrayHeader(transaction.size());
        dispatcher.getObject().executeQueued(ctx, transaction);
    }

    @RedisCommand(name = "discard", arity = 1, flags = {NOSCRIPT, LOADING, STALE, FAST, ALLOW_BUSY},
            summary = "Discard all commands issued after MULTI", since = "2.0.0",
            complexity = "O(N), when N is the number of queued commands")
    public void discard(CommandContext ctx) {
        ClientConnection client = ctx.client();
        if (client.transaction() == null) {
            ctx.reply().error("ERR DISCARD without MULTI");
            return;
        }
        client.endTransaction();
        ctx.reply().ok();
    }

    @RedisCommand(name = "watch", arity = -2, flags = {NOSCRIPT, LOADING, STALE, FAST, ALLOW_BUSY},
            firstKey = 1, lastKey = -1, keyStep = 1, keySpecFlags = "RO",
            summary = "Watch the given keys to determine execution of the MULTI/EXEC block", since = "2.2.0",
            complexity = "O(1) for every key.")
    public void watch(CommandContext ctx) {
        ClientConnection client = ctx.client();
        if (client.transaction() != null) {
            ctx.reply().error("ERR WATCH inside MULTI is not allowed");
            return;
        }
        Database db = ctx.db();
        for (int i = 1; i < ctx.argCount(); i++) {
            client.keyWatch().watch(db, ctx.arg(i));
        }
        ctx.reply().ok();
    }

    @RedisCommand(name = "unwatch", arity = 1, flags = {NOSCRIPT, LOADING, STALE, FAST, ALLOW_BUSY},
            summary = "Forget about all watched keys", since = "2.2.0", complexity = "O(1)")
    public void unwatch(CommandContext ctx) {
        ctx.client().unwatchAll();
        ctx.reply().ok();
    }
}
