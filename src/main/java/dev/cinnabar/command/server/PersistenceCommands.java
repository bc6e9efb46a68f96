package dev.cinnabar.command.server;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandFamily;
import dev.cinnabar.command.RedisCommand;
import dev.cinnabar.persistence.RdbPersistence;
import dev.cinnabar.persistence.aof.AppendOnlyFile;

import java.io.IOException;

import static dev.cinnabar.command.CommandFlag.ADMIN;
import static dev.cinnabar.command.CommandFlag.FAST;
import static dev.cinnabar.command.CommandFlag.LOADING;
import static dev.cinnabar.command.CommandFlag.NOSCRIPT;
import static dev.cinnabar.command.CommandFlag.NO_ASYNC_LOADING;
import static dev.cinnabar.command.CommandFlag.NO_MULTI;
import static dev.cinnabar.command.CommandFlag.STALE;

/** SAVE, BGSAVE, LASTSAVE and BGREWRITEAOF: snapshots and AOF rewrites on demand. */
@CommandFamily("server")
public class PersistenceCommands {

    private final RdbPersistence persistence;
    private final AppendOnlyFile appendOnlyFile;

    public PersistenceCommands(RdbPersistence persistence, AppendOnlyFile appendOnlyFile) {
        this.persistence = persistence;
        this.appendOnlyFile = appendOnlyFile;
    }

    @RedisCommand(name = "bgrewriteaof", arity = 1, flags = {ADMIN, NOSCRIPT, NO_ASYNC_LOADING},
            summary = "Asynchronously rewrite the append-only file", since = "1.0.0", complexity = "O(1)")
    public void bgrewriteaof(CommandContext ctx) {
        switch (appendOnlyFile.rewrite()) {
            case STARTED -> ctx.reply().simple("Background append only file rewriting started");
            case SCHEDULED -> ctx.reply().simple("Background append only file rewriting scheduled");
            case ALREADY_RUNNING -> ctx.reply().error("ERR Background append only file rewriting already in progress");
        }
    }

    @RedisCommand(name = "save", arity = 1, flags = {ADMIN, NOSCRIPT, NO_ASYNC_LOADING, NO_MULTI},
            summary = "Synchronously save the dataset to disk", since = "1.0.0",
            complexity = "O(N) where N is the total number of keys in all databases")
    public void save(CommandContext ctx) {
        if (persistence.backgroundSaveInProgress()) {
            ctx.reply().error("ERR Background save already in progress");
            return;
        }
        try {
            persistence.save();
            ctx.reply().ok();
        } catch (IOException e) {
            ctx.reply().error("ERR");
        }
    }

    @RedisCommand(name = "bgsave", arity = -1, flags = {ADMIN, NOSCRIPT, NO_ASYNC_LOADING},
            summary = "Asynchronously save the dataset to disk", since = "1.0.0",
            complexity = "O(1)")
    public void bgsave(CommandContext ctx) {
        boolean schedule = false;
        if (ctx.argCount() > 1) {
            if (ctx.argCount() == 2 && ctx.argIs(1, "schedule")) {
                schedule = true;
            } else {
                throw CommandContext.syntaxError();
            }
        }
        if (persistence.backgroundSaveInProgress()) {
            ctx.reply().error("ERR Background save already in progress");
        } else if (!ctx.mayBlock()) {
            // Inside EXEC, as in Redis: the snapshot starts after the transaction.
            persistence.scheduleBackgroundSave();
            ctx.reply().simple("Background saving scheduled");
        } else if (persistence.startBackgroundSave()) {
            ctx.reply().simple("Background saving started");
        } else if (schedule) {
            persistence.scheduleBackgroundSave();
            ctx.reply().simple("Background saving scheduled");
        }
    }

    @RedisCommand(name = "lastsave", arity = 1, flags = {LOADING, STALE, FAST}, categories = {"admin", "dangerous"},
            tips = {"nondeterministic_output"},
            summary = "Get the UNIX time stamp of the last successful save to disk", since = "1.0.0",
            complexity = "O(1)")
    public void lastsave(CommandContext ctx) {
        ctx.reply().integer(persistence.lastSaveSeconds());
    }
}
