package dev.cinnabar.command.connection;

import dev.cinnabar.acl.Acl;
import dev.cinnabar.blocking.BlockedClients;
import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandFamily;
import dev.cinnabar.command.Numbers;
import dev.cinnabar.command.RedisCommand;
import dev.cinnabar.net.ClientConnection;
import dev.cinnabar.net.ClientRegistry;
import dev.cinnabar.protocol.ErrorReplyException;
import dev.cinnabar.protocol.ReplyWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.cinnabar.command.CommandFlag.ADMIN;
import static dev.cinnabar.command.CommandFlag.LOADING;
import static dev.cinnabar.command.CommandFlag.NOSCRIPT;
import static dev.cinnabar.command.CommandFlag.STALE;

/** The CLIENT subcommands: naming, listing, inspecting and killing connections. */
@CommandFamily("connection")
public class ClientCommands {

    private static final String INVALID_NAME = "ERR Client names cannot contain spaces, newlines or special characters.";
    private static final List<String> HELP = List.of(
            "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "GETNAME",
            "    Return the name of the current connection.",
            "ID",
            "    Return the ID of the current connection.",
            "INFO",
            "    Return information about the current client connection.",
            "KILL <ip:port>",
            "    Kill connection made from <ip:port>.",
            "KILL <option> <value> [<option> <value> [...]]",
            "    Kill connections. Options are:",
            "    * ADDR (<ip:port>|<unixsocket>:0)",
            "      Kill connections made from the specified address",
            "    * LADDR (<ip:port>|<unixsocket>:0)",
            "      Kill connections made to specified local address",
            "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
            "      Kill connections by type.",
            "    * USER <username>",
            "      Kill connections authenticated by <username>.",
            "    * SKIPME (YES|NO)",
            "      Skip killing current connection (default: yes).",
            "    * ID <client-id>",
            "      Kill connections by client id.",
            "    * MAXAGE <maxage>",
            "      Kill connections older than the specified age.",
            "LIST [options ...]",
            "    Return information about client connections. Options:",
            "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
            "      Return clients of specified type.",
            "    * ID <client-id> [<client-id> ...]",
            "      Return clients of specified IDs only.",
            "SETINFO <option> <value>",
            "    Set client meta attr. Options are:",
            "    * LIB-NAME: the client lib name.",
            "    * LIB-VER: the client lib version.",
            "SETNAME <name>",
            "    Assign the name <name> to the current connection.",
            "UNBLOCK <clientid> [TIMEOUT|ERROR]",
            "    Unblock the specified blocked client.",
            "NO-EVICT (ON|OFF)",
            "    Protect current client connection from eviction.",
            "NO-TOUCH (ON|OFF)",
            "    Will not touch LRU/LFU stats when this mode is on.",
            "HELP",
            "    Prints this help.");

    private final ClientRegistry clients;
    private final BlockedClients blockedClients;
    private final Acl acl;

    public ClientCommands(ClientRegistry clients, BlockedClients blockedClients, Acl acl) {
        this.clients = clients;
        this.blockedClients = blockedClients;
        this.acl = acl;
    }

    @RedisCommand(name = "client|unblock", arity = -3, flags = {ADMIN, NOSCRIPT, LOADING, STALE},
            summary = "Unblock a client blocked in a blocking command from a different connection",
            since = "5.0.0", complexity = "O(log N) where N is the number of client connections")
    public void unblock(CommandContext ctx) {
        if (ctx.argCount() > 4) {
            throw new ErrorReplyException(
                    "ERR unknown subcommand or wrong number of arguments for 'UNBLOCK'. Try CLIENT HELP.");
        }
        boolean withError = false;
        if (ctx.argCount() == 4) {
            withError = ctx.argIs(3, "error");
            if (!withError && !ctx.argIs(3, "timeout")) {
                throw new ErrorReplyException("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
            }
        }
        long id = ctx.longArg(2);
        ClientConnection target = clients.byId(id);
        ctx.reply().integer(target != null && blockedClients.unblock(target, withError) ? 1 : 0);
    }

    @RedisCommand(name = "client|id", arity = 2, flags = {NOSCRIPT, LOADING, STALE},
            summary = "Returns the client ID for the current connection", since = "5.0.0", complexity = "O(1)")
    public void id(CommandContext ctx) {
        ctx.reply().integer(ctx.client().id());
    }

    @RedisCommand(name = "client|setname", arity = 3, flags = {NOSCRIPT, LOADING, STALE},
            summary = "Set the current connection name", since = "2.6.9", complexity = "O(1)")
    public void setname(CommandContext ctx) {
        ctx.client().name(validClientName(ctx.arg(2)));
        ctx.reply().ok();
    }

    @RedisCommand(name = "client|getname", arity = 2, flags = {NOSCRIPT, LOADING, STALE},
            summary = "Get the current connection name", since = "2.6.9", complexity = "O(1)")
    public void getname(CommandContext ctx) {
        String name = ctx.client().name();
        if (name.isEmpty()) {
            ctx.reply().nullBulk();
        } else {
            ctx.reply().bulk(name);
        }
    }

    @RedisCommand(name = "client|list", arity = -2, flags = {ADMIN, NOSCRIPT, LOADING, STALE},
            summary = "Get the list of client connections", since = "2.4.0",
            complexity = "O(N) where N is the number of client connections")
    public void list(CommandContext ctx) {
        List<ClientConnection> listed = new ArrayList<>();
        if (ctx.argCount() == 2) {
            listed.addAll(clients.clients());
        } else if (ctx.argCount() == 4 && ctx.argIs(2, "type")) {
            String type = clientType(ctx, 3);
            for (ClientConnection client : clients.clients()) {
                if (ClientDescription.type(client).equals(type)) {
                    listed.add(client);
                }
            }
        } else if (ctx.argCount() > 3 && ctx.argIs(2, "id")) {
            for (int i = 3; i < ctx.argCount(); i++) {
                Long id = Numbers.parseLong(ctx.arg(i));
                if (id == null) {
                    throw new ErrorReplyException("ERR Invalid client ID");
                }
                ClientConnection client = clients.byId(id);
                if (client != null) {
                    listed.add(client);
                }
            }
        } else {
            throw CommandContext.syntaxError();
        }
        long now = System.currentTimeMillis();
        StringBuilder out = new StringBuilder(listed.size() * 320);
        for (ClientConnection client : listed) {
            ClientDescription.append(out, client, now, argvBytes(ctx, client));
            out.append('\n');
        }
        ctx.reply().bulk(out.toString());
    }

    @RedisCommand(name = "client|info", arity = 2, flags = {NOSCRIPT, LOADING, STALE},
            summary = "Returns information about the current client connection.", since = "6.2.0",
            complexity = "O(1)")
    public void info(CommandContext ctx) {
        StringBuilder out = new StringBuilder(320);
        ClientDescription.append(out, ctx.client(), System.currentTimeMillis(), argvBytes(ctx, ctx.client()));
        ctx.reply().bulk(out.append('\n').toString());
    }

    @RedisCommand(name = "client|kill", arity = -3, flags = {ADMIN, NOSCRIPT, LOADING, STALE},
            summary = "Kill the connection of a client", since = "2.4.0",
            complexity = "O(N) where N is the number of client connections")
    public void kill(CommandContext ctx) {
        boolean addressOnly = ctx.argCount() == 3;
        KillFilter filter = addressOnly ? KillFilter.address(ctx.stringArg(2)) : parseKillFilter(ctx);
        ClientConnection caller = ctx.client();
        long now = System.currentTimeMillis();
        List<ClientConnection> victims = new ArrayList<>();
        for (ClientConnection client : clients.clients()) {
            if (filter.matches(client, now) && !(client == caller && filter.skipMe)) {
                victims.add(client);
            }
        }
        if (addressOnly) {
            if (victims.isEmpty()) {
                throw new ErrorReplyException("ERR No such client");
            }
            ctx.reply().ok();
        } else {
            ctx.reply().integer(victims.size());
        }
        for (ClientConnection victim : victims) {
            if (victim == caller) {
                caller.closeAfterReply();
            } else {
                victim.close();
            }
        }
    }

    @RedisCommand(name = "client|setinfo", arity = 4, flags = {NOSCRIPT, LOADING, STALE},
            summary = "Sets information specific to the client or connection.", since = "7.2.0",
            complexity = "O(1)")
    public void setinfo(CommandContext ctx) {
        boolean libraryName = ctx.argIs(2, "lib-name");
        if (!libraryName && !ctx.argIs(2, "lib-ver")) {
            throw new ErrorReplyException("ERR Unrecognized option '" + ctx.stringArg(2) + "'");
        }
        byte[] value = ctx.arg(3);
        if (!printableWithoutSpaces(value)) {
            throw new ErrorReplyException("ERR " + ctx.stringArg(2)
                    + " cannot contain spaces, newlines or special characters.");
        }
        String text = new String(value, StandardCharsets.US_ASCII);
        if (libraryName) {
            ctx.client().libraryName(text);
        } else {
            ctx.client().libraryVersion(text);
        }
        ctx.reply().ok();
    }

    @RedisCommand(name = "client|no-evict", arity = 3, flags = {ADMIN, NOSCRIPT, LOADING, STALE},
            summary = "Set client eviction mode for the current connection", since = "7.0.0", complexity = "O(1)")
    public void noEvict(CommandContext ctx) {
        ctx.client().noEvict(onOrOff(ctx));
        ctx.reply().ok();
    }

    @RedisCommand(name = "client|no-touch", arity = 3, flags = {NOSCRIPT, LOADING, STALE},
            summary = "Controls whether commands sent by the client affect the LRU/LFU of accessed keys.",
            since = "7.2.0", complexity = "O(1)")
    public void noTouch(CommandContext ctx) {
        ctx.client().noTouch(onOrOff(ctx));
        ctx.reply().ok();
    }

    @RedisCommand(name = "client|help", arity = 2, flags = {LOADING, STALE},
            summary = "Show helpful text about the different subcommands", since = "5.0.0", complexity = "O(1)")
    public void help(CommandContext ctx) {
        ReplyWriter reply = ctx.reply();
        reply.arrayHeader(HELP.size());
        HELP.forEach(reply::simple);
    }

    /** The name CLIENT SETNAME and HELLO SETNAME accept, or Redis's error; empty clears the name. */
    static String validClientName(byte[] name) {
        if (!printableWithoutSpaces(name)) {
            throw new ErrorReplyException(INVALID_NAME);
        }
        return new String(name, StandardCharsets.US_ASCII);
    }

    /** Redis allows '!' to '~' only, so that a CLIENT LIST line stays parseable. */
    private static boolean printableWithoutSpaces(byte[] value) {
        for (byte b : value) {
            if (b < '!' || b > '~') {
                return false;
            }
        }
        return true;
    }

    private static boolean onOrOff(CommandContext ctx) {
        if (ctx.argIs(2, "on")) {
            return true;
        }
        if (ctx.argIs(2, "off")) {
            return false;
        }
        throw CommandContext.syntaxError();
    }

    /** The arguments the caller is executing now, as Redis's argv-mem counts them. */
    private static long argvBytes(CommandContext ctx, ClientConnection client) {
        if (client != ctx.client()) {
            return 0;
        }
        long bytes = 0;
        for (int i = 0; i < ctx.argCount(); i++) {
            bytes += ctx.arg(i).length;
        }
        return bytes;
    }

    private static String clientType(CommandContext ctx, int index) {
        if (ctx.argIs(index, "normal")) {
            return "normal";
        } else if (ctx.argIs(index, "replica") || ctx.argIs(index, "slave")) {
            return "replica";
        } else if (ctx.argIs(index, "master")) {
            return "master";
        } else if (ctx.argIs(index, "pubsub")) {
            return "pubsub";
        }
        throw new ErrorReplyException("ERR Unknown client type '" + ctx.stringArg(index) + "'");
    }

    private KillFilter parseKillFilter(CommandContext ctx) {
        KillFilter filter = new KillFilter();
        for (int i = 2; i < ctx.argCount(); i += 2) {
            if (i + 1 >= ctx.argCount()) {
                throw CommandContext.syntaxError();
            }
            int value = i + 1;
            if (ctx.argIs(i, "id")) {
                Long id = Numbers.parseLong(ctx.arg(value));
                if (id == null || id < 1) {
                    throw new ErrorReplyException("ERR client-id should be greater than 0");
                }
                filter.id = id;
            } else if (ctx.argIs(i, "type")) {
                filter.type = clientType(ctx, value);
            } else if (ctx.argIs(i, "addr")) {
                filter.address = ctx.stringArg(value);
            } else if (ctx.argIs(i, "laddr")) {
                filter.localAddress = ctx.stringArg(value);
            } else if (ctx.argIs(i, "user")) {
                filter.user = ctx.stringArg(value);
                if (acl.user(filter.user) == null) {
                    throw new ErrorReplyException("ERR No such user '" + filter.user + "'");
                }
            } else if (ctx.argIs(i, "skipme")) {
                if (ctx.argIs(value, "yes")) {
                    filter.skipMe = true;
                } else if (ctx.argIs(value, "no")) {
                    filter.skipMe = false;
                } else {
                    throw CommandContext.syntaxError();
                }
            } else if (ctx.argIs(i, "maxage")) {
                filter.maxAgeSeconds = ctx.longArg(value);
            } else {
                throw CommandContext.syntaxError();
            }
        }
        return filter;
    }

    /** Which clients CLIENT KILL closes: those matching every filter given. */
    private static final class KillFilter {
        long id;
        String type;
        String address;
        String localAddress;
        String user;
        long maxAgeSeconds;
        boolean skipMe = true;

        /** The old form, {@code CLIENT KILL addr:port}, which may kill the caller itself. */
        static KillFilter address(String address) {
            KillFilter filter = new KillFilter();
            filter.address = address;
            filter.skipMe = false;
            return filter;
        }

        boolean matches(ClientConnection client, long nowMillis) {
            return (id == 0 || client.id() == id)
                    && (type == null || ClientDescription.type(client).equals(type))
                    && (address == null || client.address().equals(address))
                    && (localAddress == null || client.localAddress().equals(localAddress))
                    && (user == null || client.user().equals(user))
                    && (maxAgeSeconds <= 0 || (nowMillis - client.createdMillis()) / 1000 >= maxAgeSeconds);
        }
    }
}
