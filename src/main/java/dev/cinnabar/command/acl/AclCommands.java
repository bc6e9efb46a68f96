package dev.cinnabar.command.acl;

import dev.cinnabar.acl.Acl;
import dev.cinnabar.acl.AclLog;
import dev.cinnabar.acl.AclUser;
import dev.cinnabar.command.AclCategory;
import dev.cinnabar.command.CommandContainer;
import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandDispatcher;
import dev.cinnabar.command.CommandFamily;
import dev.cinnabar.command.CommandRegistry;
import dev.cinnabar.command.CommandSpec;
import dev.cinnabar.command.RedisCommand;
import dev.cinnabar.command.sortedsets.Scores;
import dev.cinnabar.protocol.CommandArgs;
import dev.cinnabar.protocol.ErrorReplyException;
import dev.cinnabar.protocol.ReplyWriter;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static dev.cinnabar.command.CommandFlag.ADMIN;
import static dev.cinnabar.command.CommandFlag.LOADING;
import static dev.cinnabar.command.CommandFlag.NOSCRIPT;
import static dev.cinnabar.command.CommandFlag.STALE;

/** The ACL subcommands: users and their rules, the categories, the log, the ACL file. */
@CommandFamily("server")
@CommandContainer(name = "acl", summary = "A container for Access List Control commands", since = "6.0.0")
public class AclCommands {

    private static final int MAX_PASSWORD_BITS = 4096;
    private static final List<String> HELP = List.of(
            "ACL <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "CAT [<category>]",
            "    List all commands that belong to <category>, or all command categories",
            "    when no category is specified.",
            "DELUSER <username> [<username> ...]",
            "    Delete a list of users.",
            "DRYRUN <username> <command> [<arg> ...]",
            "    Returns whether the user can execute the given command without executing the command.",
            "GETUSER <username>",
            "    Get the user's details.",
            "GENPASS [<bits>]",
            "    Generate a secure 256-bit user password. The optional `bits` argument can",
            "    be used to specify a different size.",
            "LIST",
            "    Show users details in config file format.",
            "LOAD",
            "    Reload users from the ACL file.",
            "LOG [<count> | RESET]",
            "    Show the ACL log entries.",
            "SAVE",
            "    Save the current config to the ACL file.",
            "SETUSER <username> <attribute> [<attribute> ...]",
            "    Create or modify a user with the specified attributes.",
            "USERS",
            "    List all the registered usernames.",
            "WHOAMI",
            "    Return the current connection username.",
            "HELP",
            "    Prints this help.");

    private final Acl acl;
    private final CommandRegistry registry;
    private final SecureRandom random = new SecureRandom();

    public AclCommands(Acl acl, CommandRegistry registry) {
        this.acl = acl;
        this.registry = registry;
    }

    @RedisCommand(name = "acl|setuser", arity = -3, flags = {ADMIN, NOSCRIPT, LOADING, STALE},
            summary = "Modify or create the rules for a specific ACL user", since = "6.0.0",
            complexity = "O(N). Where N is the number of rules provided.")
    public void setuser(CommandContext ctx) {
        List<String> words = new ArrayList<>();
        for (int i = 3; i < ctx.argCount(); i++) {
            words.add(ctx.stringArg(i));
        }
        acl.setUser(ctx.stringArg(2), words, ctx.client());
        ctx.reply().ok();
    }

    @RedisCommand(name = "acl|getuser", arity = 3, flags = {ADMIN, NOSCRIPT, LOADING, STALE},
            summary = "Get the rules for a specific ACL user", since = "6.0.0",
            complexity = "O(N). Where N is the number of password, command and pattern rules that the user has.")
    public void getuser(CommandContext ctx) {
        AclUser user = acl.user(ctx.stringArg(2));
        if (user == null) {
            ctx.reply().nullBulk();
            return;
        }
        ReplyWriter reply = ctx.reply();
        Map<String, Object> fields = acl.describe(user);
        reply.mapHeader(fields.size());
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            reply.bulk(field.getKey());
            writeField(reply, field.getValue());
        }
    }

    @SuppressWarnings("unchecked")
    private static void writeField(ReplyWriter reply, Object value) {
        if (value instanceof String text) {
            reply.bulk(text);
        } else if (value instanceof Map<?, ?> map) {
            reply.mapHeader(map.size());
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                reply.bulk((String) entry.getKey());
                writeField(reply, entry.getValue());
            }
        } else {
            List<Object> list = (List<Object>) value;
            reply.arrayHeader(list.size());
            for (Object element : list) {
                writeField(reply, element);
            }
        }
    }

    @RedisCommand(name = "acl|deluser", arity = -3, flags = {ADMIN, NOSCRIPT, LOADING, STALE},
            summary = "Remove the specified ACL users and the associated rules", since = "6.0.0",
            complexity = "O(1) amortized time considering the typical user.")
    public void deluser(CommandContext ctx) {
        List<String> names = new ArrayList<>();
        for (int i = 2; i < ctx.argCount(); i++) {
            names.add(ctx.stringArg(i));
        }
        ctx.reply().integer(acl.deleteUsers(names, ctx.client()));
    }

    @RedisCommand(name = "acl|list", arity = 2, flags = {ADMIN, NOSCRIPT, LOADING, STALE},
            summary = "List the current ACL rules in ACL config file format", since = "6.0.0",
            complexity = "O(N). Where N is the number of configured users.")
    public void list(CommandContext ctx) {
        writeBulks(ctx.reply(), acl.describeUsers());
    }

    @RedisCommand(name = "acl|users", arity = 2, flags = {ADMIN, NOSCRIPT, LOADING, STALE},
            summary = "List the username of all the configured ACL rules", since = "6.0.0",
            complexity = "O(N). Where N is the number of configured users.")
    public void users(CommandContext ctx) {
        writeBulks(ctx.reply(), acl.users().stream().map(AclUser::name).toList());
    }

    @RedisCommand(name = "acl|whoami", arity = 2, flags = {NOSCRIPT, LOADING, STALE},
            summary = "Return the name of the user associated to the current connection", since = "6.0.0",
            complexity = "O(1)")
    public void whoami(CommandContext ctx) {
        ctx.reply().bulk(ctx.client().user());
    }

    @RedisCommand(name = "acl|cat", arity = -2, flags = {NOSCRIPT, LOADING, STALE},
            summary = "List the ACL categories or the commands inside a category", since = "6.0.0",
            complexity = "O(1) since the categories and commands are a fixed set.")
    public void cat(CommandContext ctx) {
        if (ctx.argCount() > 3) {
            throw new ErrorReplyException("ERR unknown subcommand or wrong number of arguments for 'CAT'. Try ACL HELP.");
        }
        List<String> names = new ArrayList<>();
        if (ctx.argCount() == 2) {
            for (AclCategory category : AclCategory.values()) {
                names.add(category.wireName().substring(1));
            }
        } else {
            AclCategory category = Acl.category(ctx.stringArg(2));
            if (category == null) {
                throw new ErrorReplyException("ERR Unknown category '" + ctx.stringArg(2) + "'");
            }
            for (int id = 0; id < registry.aclIdCount(); id++) {
                CommandSpec spec = registry.byAclId(id);
                if (spec.handler() != null && spec.inCategory(category)) {
                    names.add(spec.fullName());
                }
            }
        }
        writeBulks(ctx.reply(), names);
    }

    @RedisCommand(name = "acl|genpass", arity = -2, flags = {NOSCRIPT, LOADING, STALE},
            summary = "Generate a pseudorandom secure password to use for ACL users", since = "6.0.0",
            complexity = "O(1)")
    public void genpass(CommandContext ctx) {
        if (ctx.argCount() > 3) {
            throw new ErrorReplyException(
                    "ERR unknown subcommand or wrong number of arguments for 'GENPASS'. Try ACL HELP.");
        }
        long bits = ctx.argCount() == 3 ? ctx.longArg(2) : 256;
        if (bits <= 0 || bits > MAX_PASSWORD_BITS) {
            throw new ErrorReplyException("ERR ACL GENPASS argument must be the number of bits for the output "
                    + "password, a positive number up to 4096");
        }
        int hexDigits = (int) ((bits + 3) / 4);
        byte[] bytes = new byte[(hexDigits + 1) / 2];
        random.nextBytes(bytes);
        ctx.reply().bulk(HexFormat.of().formatHex(bytes).substring(0, hexDigits));
    }

    @RedisCommand(name = "acl|log", arity = -2, flags = {ADMIN, NOSCRIPT, LOADING, STALE},
            summary = "List latest events denied because of ACLs in place", since = "6.0.0",
            complexity = "O(N) with N being the number of entries shown.")
    public void log(CommandContext ctx) {
        if (ctx.argCount() > 3) {
            throw new ErrorReplyException("ERR unknown subcommand or wrong number of arguments for 'LOG'. Try ACL HELP.");
        }
        long count = 10;
        if (ctx.argCount() == 3) {
            if (ctx.argIs(2, "reset")) {
                acl.log().reset();
                ctx.reply().ok();
                return;
            }
            count = ctx.longArg(2);
        }
        List<AclLog.Entry> entries = acl.log().newest(count);
        long now = System.currentTimeMillis();
        ReplyWriter reply = ctx.reply();
        reply.arrayHeader(entries.size());
        for (AclLog.Entry entry : entries) {
            reply.mapHeader(10);
            reply.bulk("count");
            reply.integer(entry.count());
            reply.bulk("reason");
            reply.bulk(entry.reason());
            reply.bulk("context");
            reply.bulk(entry.context());
            reply.bulk("object");
            reply.bulk(entry.object());
            reply.bulk("username");
            reply.bulk(entry.username());
            reply.bulk("age-seconds");
            reply.bulk(Scores.format((now - entry.createdMillis()) / 1000.0));
            reply.bulk("client-info");
            reply.bulk(entry.clientInfo());
            reply.bulk("entry-id");
            reply.integer(entry.id());
            reply.bulk("timestamp-created");
            reply.integer(entry.createdMillis());
            reply.bulk("timestamp-last-updated");
            reply.integer(entry.updatedMillis());
        }
    }

    @RedisCommand(name = "acl|dryrun", arity = -4, flags = {ADMIN, NOSCRIPT, LOADING, STALE},
            summary = "Returns whether the user can execute the given command without executing the command.",
            since = "7.0.0", complexity = "O(1).")
    public void dryrun(CommandContext ctx) {
        AclUser user = acl.user(ctx.stringArg(2));
        if (user == null) {
            throw new ErrorReplyException("ERR User '" + ctx.stringArg(2) + "' not found");
        }
        CommandArgs args = new CommandArgs();
        for (int i = 3; i < ctx.argCount(); i++) {
            args.add(ctx.arg(i));
        }
        CommandSpec spec = registry.lookup(args.get(0));
        if (spec != null && spec.isContainer() && args.count() >= 2) {
            spec = spec.subcommand(args.get(1));
        }
        if (spec == null) {
            throw new ErrorReplyException("ERR Command '" + ctx.stringArg(3) + "' not found");
        }
        if (spec.handler() == null || !spec.arityAccepts(args.count())) {
            throw new ErrorReplyException(CommandDispatcher.wrongArity(spec));
        }
        String denied = acl.dryRun(user, spec, args);
        if (denied == null) {
            ctx.reply().ok();
        } else {
            ctx.reply().bulk(denied);
        }
    }

    @RedisCommand(name = "acl|save", arity = 2, flags = {ADMIN, NOSCRIPT, LOADING, STALE},
            summary = "Save the current ACL rules in the configured ACL file", since = "6.0.0",
            complexity = "O(N). Where N is the number of configured users.")
    public void save(CommandContext ctx) {
        acl.save();
        ctx.reply().ok();
    }

    @RedisCommand(name = "acl|load", arity = 2, flags = {ADMIN, NOSCRIPT, LOADING, STALE},
            summary = "Reload the ACLs from the configured ACL file", since = "6.0.0",
            complexity = "O(N). Where N is the number of configured users.")
    public void load(CommandContext ctx) {
        acl.load(ctx.client());
        ctx.reply().ok();
    }

    @RedisCommand(name = "acl|help", arity = 2, flags = {LOADING, STALE},
            summary = "Show helpful text about the different subcommands", since = "6.0.0", complexity = "O(1)")
    public void help(CommandContext ctx) {
        ctx.reply().arrayHeader(HELP.size());
        HELP.forEach(ctx.reply()::simple);
    }

    private static void writeBulks(ReplyWriter reply, List<String> values) {
        reply.arrayHeader(values.size());
        values.forEach(reply::bulk);
    }
}
