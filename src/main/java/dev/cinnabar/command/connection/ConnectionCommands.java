package dev.cinnabar.command.connection;

import dev.cinnabar.acl.Acl;
import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandFamily;
import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisCommand;
import dev.cinnabar.config.RuntimeConfig;
import dev.cinnabar.net.ClientConnection;
import dev.cinnabar.protocol.ErrorReplyException;
import dev.cinnabar.protocol.ReplyWriter;
import org.springframework.beans.factory.ObjectProvider;

import java.nio.charset.StandardCharsets;

import static dev.cinnabar.command.CommandFlag.ALLOW_BUSY;
import static dev.cinnabar.command.CommandFlag.FAST;
import static dev.cinnabar.command.CommandFlag.LOADING;
import static dev.cinnabar.command.CommandFlag.NOSCRIPT;
import static dev.cinnabar.command.CommandFlag.NO_AUTH;
import static dev.cinnabar.command.CommandFlag.STALE;

/** Commands about the connection itself: PING, ECHO, SELECT, QUIT, HELLO, RESET. CLIENT is {@link ClientCommands}. */
@CommandFamily("connection")
public class ConnectionCommands {

    /** The Redis version HELLO reports; clients pick features by it. */
    public static final String REDIS_VERSION = "7.0.15";

    private static final String UNSUPPORTED_PROTOCOL = "NOPROTO unsupported protocol version";
    private static final String RESP3_NOT_SUPPORTED = "NOPROTO sorry, this protocol version is not supported";
    public static final String WRONG_PASSWORD = "WRONGPASS invalid username-password pair or user is disabled.";
    private static final String HELLO_NEEDS_AUTH = "NOAUTH HELLO must be called with the client already "
            + "authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the "
            + "client and select the RESP protocol version at the same time";

    private final RuntimeConfig config;
    private final ObjectProvider<ResetListener> resetListeners;
    private final Acl acl;

    public ConnectionCommands(RuntimeConfig config, ObjectProvider<ResetListener> resetListeners, Acl acl) {
        this.config = config;
        this.resetListeners = resetListeners;
        this.acl = acl;
    }

    @RedisCommand(name = "ping", arity = -1, flags = {FAST}, summary = "Ping the server", complexity = "O(1)")
    public void ping(CommandContext ctx) {
        if (ctx.argCount() > 2) {
            ctx.reply().error("ERR wrong number of arguments for 'ping' command");
        } else if (ctx.client().inSubscribedMode()) {
            // A subscriber's replies share the stream with pushed messages: PING answers in their shape.
            ctx.reply().arrayHeader(2);
            ctx.reply().bulk("pong");
            ctx.reply().bulk(ctx.argCount() == 2 ? ctx.arg(1) : new byte[0]);
        } else if (ctx.argCount() == 2) {
            ctx.reply().bulk(ctx.arg(1));
        } else {
            ctx.reply().pong();
        }
    }

    @RedisCommand(name = "echo", arity = 2, flags = {LOADING, STALE, FAST}, summary = "Echo the given string",
            complexity = "O(1)")
    public void echo(CommandContext ctx) {
        ctx.reply().bulk(ctx.arg(1));
    }

    @RedisCommand(name = "quit", arity = -1, flags = {NOSCRIPT, LOADING, STALE, FAST, NO_AUTH, ALLOW_BUSY},
            summary = "Close the connection", complexity = "O(1)")
    public void quit(CommandContext ctx) {
        ctx.reply().ok();
        ctx.client().closeAfterReply();
    }

    @RedisCommand(name = "select", arity = 2, flags = {LOADING, STALE, FAST},
            summary = "Change the selected database for the current connection", complexity = "O(1)")
    public void select(CommandContext ctx) {
        long index = ctx.longArg(1);
        if (index != (int) index) {
            throw new ErrorReplyException("ERR value is out of range, value must between "
                    + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE);
        }
        if (index < 0 || index >= ctx.store().databaseCount()) {
            throw new ErrorReplyException("ERR DB index is out of range");
        }
        ctx.client().selectDatabase((int) index);
        ctx.reply().ok();
    }

    @RedisCommand(name = "hello", arity = -1, flags = {NOSCRIPT, LOADING, STALE, FAST, NO_AUTH, ALLOW_BUSY},
            summary = "Handshake with Redis", since = "6.0.0", complexity = "O(1)")
    public void hello(CommandContext ctx) {
        ClientConnection client = ctx.client();
        int next = 1;
        if (ctx.argCount() >= 2) {
            Long version = Numbers.parseLong(ctx.arg(next++));
            if (version == null) {
                throw new ErrorReplyException("ERR Protocol version is not an integer or out of range");
            }
            if (version < 2 || version > 3) {
                throw new ErrorReplyException(UNSUPPORTED_PROTOCOL);
            }
            if (version == 3) {
                throw new ErrorReplyException(RESP3_NOT_SUPPORTED);
            }
        }
        byte[] user = null;
        byte[] password = null;
        String name = null;
        for (int i = next; i < ctx.argCount(); i++) {
            int remaining = ctx.argCount() - 1 - i;
            if (ctx.argIs(i, "auth") && remaining >= 2) {
                user = ctx.arg(++i);
                password = ctx.arg(++i);
            } else if (ctx.argIs(i, "setname") && remaining >= 1) {
                name = ClientCommands.validClientName(ctx.arg(++i));
            } else {
                throw new ErrorReplyException("ERR Syntax error in HELLO option '" + ctx.stringArg(i) + "'");
            }
        }
        if (user != null && !acl.authenticate(client, new String(user, StandardCharsets.UTF_8), password)) {
            throw new ErrorReplyException(WRONG_PASSWORD);
        }
        if (!client.authenticated() && acl.authRequired()) {
            throw new ErrorReplyException(HELLO_NEEDS_AUTH);
        }
        if (name != null) {
            client.name(name);
        }
        ReplyWriter reply = ctx.reply();
        reply.mapHeader(7);
        reply.bulk("server");
        reply.bulk("redis");
        reply.bulk("version");
        reply.bulk(REDIS_VERSION);
        reply.bulk("proto");
        reply.integer(client.protocolVersion());
        reply.bulk("id");
        reply.integer(client.id());
        reply.bulk("mode");
        reply.bulk("standalone");
        reply.bulk("role");
        reply.bulk(config.get("replicaof").isBlank() ? "master" : "replica");
        reply.bulk("modules");
        reply.emptyArray();
    }

    @RedisCommand(name = "reset", arity = 1, flags = {NOSCRIPT, LOADING, STALE, FAST, NO_AUTH, ALLOW_BUSY},
            summary = "Reset the connection", since = "6.2.0", complexity = "O(1)")
    public void reset(CommandContext ctx) {
        ClientConnection client = ctx.client();
        resetListeners.orderedStream().forEach(listener -> listener.reset(client));
        client.resetState();
        ctx.reply().simple("RESET");
    }
}
