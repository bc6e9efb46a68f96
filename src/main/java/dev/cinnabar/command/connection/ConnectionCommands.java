package dev.cinnabar.command.connection;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandFamily;
import dev.cinnabar.command.RedisCommand;

import static dev.cinnabar.command.CommandFlag.FAST;
import static dev.cinnabar.command.CommandFlag.LOADING;
import static dev.cinnabar.command.CommandFlag.STALE;

/** Commands about the connection itself: PING, ECHO, SELECT, QUIT, HELLO, RESET, CLIENT. */
@CommandFamily("connection")
public class ConnectionCommands {

    @RedisCommand(name = "ping", arity = -1, flags = {FAST}, summary = "Returns the server's liveliness response.")
    public void ping(CommandContext ctx) {
        if (ctx.argCount() > 2) {
            ctx.reply().error("ERR wrong number of arguments for 'ping' command");
        } else if (ctx.argCount() == 2) {
            ctx.reply().bulk(ctx.arg(1));
        } else {
            ctx.reply().pong();
        }
    }

    @RedisCommand(name = "echo", arity = 2, flags = {FAST, LOADING, STALE}, summary = "Returns the given string.")
    public void echo(CommandContext ctx) {
        ctx.reply().bulk(ctx.arg(1));
    }
}
