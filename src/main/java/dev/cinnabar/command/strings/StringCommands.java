package dev.cinnabar.command.strings;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandFamily;
import dev.cinnabar.command.RedisCommand;
import dev.cinnabar.store.WrongTypeException;

import static dev.cinnabar.command.CommandFlag.DENYOOM;
import static dev.cinnabar.command.CommandFlag.FAST;
import static dev.cinnabar.command.CommandFlag.READONLY;
import static dev.cinnabar.command.CommandFlag.WRITE;

/** The string commands, like Redis's t_string.c. */
@CommandFamily("string")
public class StringCommands {

    @RedisCommand(name = "get", arity = 2, flags = {READONLY, FAST}, firstKey = 1, lastKey = 1, keyStep = 1,
            summary = "Returns the string value of a key.", complexity = "O(1)")
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
            summary = "Sets the string value of a key, ignoring its type. The key is created if it doesn't exist.",
            complexity = "O(1)")
    public void set(CommandContext ctx) {
        ctx.db().put(ctx.arg(1), ctx.arg(2));
        ctx.changed(1);
        ctx.reply().ok();
    }
}
