package dev.cinnabar.command.acl;

import dev.cinnabar.acl.Acl;
import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandFamily;
import dev.cinnabar.command.RedisCommand;
import dev.cinnabar.command.connection.ConnectionCommands;
import dev.cinnabar.protocol.ErrorReplyException;

import static dev.cinnabar.command.CommandFlag.ALLOW_BUSY;
import static dev.cinnabar.command.CommandFlag.FAST;
import static dev.cinnabar.command.CommandFlag.LOADING;
import static dev.cinnabar.command.CommandFlag.NOSCRIPT;
import static dev.cinnabar.command.CommandFlag.NO_AUTH;
import static dev.cinnabar.command.CommandFlag.STALE;

/** AUTH: proves a user's password; the connection acts as that user from then on. */
@CommandFamily("connection")
public class AuthCommand {

    private final Acl acl;

    public AuthCommand(Acl acl) {
        this.acl = acl;
    }

    @RedisCommand(name = "auth", arity = -2, flags = {NOSCRIPT, LOADING, STALE, FAST, NO_AUTH, ALLOW_BUSY},
            summary = "Authenticate to the server", since = "1.0.0",
            complexity = "O(N) where N is the number of passwords defined for the user")
    public void auth(CommandContext ctx) {
        if (ctx.argCount() > 3) {
            throw CommandContext.syntaxError();
        }
        String username = Acl.DEFAULT_USER;
        byte[] password = ctx.arg(1);
        if (ctx.argCount() == 3) {
            username = ctx.stringArg(1);
            password = ctx.arg(2);
        } else if (acl.defaultUser().nopass()) {
            throw new ErrorReplyException("ERR AUTH <password> called without any password configured for the "
                    + "default user. Are you sure your configuration is correct?");
        }
        if (!acl.authenticate(ctx.client(), username, password)) {
            throw new ErrorReplyException(ConnectionCommands.WRONG_PASSWORD);
        }
        ctx.reply().ok();
    }
}
