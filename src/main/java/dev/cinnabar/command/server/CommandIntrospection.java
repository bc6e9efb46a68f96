package dev.cinnabar.command.server;

import dev.cinnabar.command.AclCategory;
import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandFlag;
import dev.cinnabar.command.CommandFamily;
import dev.cinnabar.command.CommandRegistry;
import dev.cinnabar.command.CommandSpec;
import dev.cinnabar.command.GlobPattern;
import dev.cinnabar.command.RedisCommand;
import dev.cinnabar.protocol.ErrorReplyException;
import dev.cinnabar.protocol.ReplyWriter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

import static dev.cinnabar.command.CommandFlag.LOADING;
import static dev.cinnabar.command.CommandFlag.STALE;

/**
 * COMMAND and its subcommands: what the server offers, described from the same
 * {@link RedisCommand} metadata the dispatcher uses, in Redis 7's reply shapes.
 */
@CommandFamily("server")
public class CommandIntrospection {

    private final CommandRegistry registry;

    public CommandIntrospection(CommandRegistry registry) {
        this.registry = registry;
    }

    @RedisCommand(name = "command", arity = -1, flags = {LOADING, STALE}, categories = {"connection"},
            tips = {"nondeterministic_output_order"},
            summary = "Get array of Redis command details", since = "2.8.13",
            complexity = "O(N) where N is the total number of Redis commands")
    public void command(CommandContext ctx) {
        Collection<CommandSpec> all = registry.commands();
        ctx.reply().arrayHeader(all.size());
        for (CommandSpec spec : all) {
            writeInfo(ctx.reply(), spec);
        }
    }

    @RedisCommand(name = "command|count", arity = 2, flags = {LOADING, STALE}, categories = {"connection"},
            summary = "Get total number of Redis commands", since = "2.8.13", complexity = "O(1)")
    public void count(CommandContext ctx) {
        ctx.reply().integer(registry.commands().size());
    }

    @RedisCommand(name = "command|info", arity = -2, flags = {LOADING, STALE}, categories = {"connection"},
            tips = {"nondeterministic_output_order"},
            summary = "Get array of specific Redis command details, or all when no argument is given.",
            since = "2.8.13", complexity = "O(N) where N is the number of commands to look up")
    public void info(CommandContext ctx) {
        if (ctx.argCount() == 2) {
            command(ctx);
            return;
        }
        ctx.reply().arrayHeader(ctx.argCount() - 2);
        for (int i = 2; i < ctx.argCount(); i++) {
            CommandSpec spec = lookupFullName(ctx.arg(i));
            if (spec == null) {
                ctx.reply().nullArray();
            } else {
                writeInfo(ctx.reply(), spec);
            }
        }
    }

    @RedisCommand(name = "command|docs", arity = -2, flags = {LOADING, STALE}, categories = {"connection"},
            tips = {"nondeterministic_output_order"},
            summary = "Get array of specific Redis command documentation", since = "7.0.0",
            complexity = "O(N) where N is the number of commands to look up")
    public void docs(CommandContext ctx) {
        List<CommandSpec> documented = new ArrayList<>();
        if (ctx.argCount() == 2) {
            documented.addAll(registry.commands());
        } else {
            for (int i = 2; i < ctx.argCount(); i++) {
                CommandSpec spec = lookupFullName(ctx.arg(i));
                if (spec != null) {
                    documented.add(spec);
                }
            }
        }
        writeDocsMap(ctx.reply(), documented);
    }

    @RedisCommand(name = "command|list", arity = -2, flags = {LOADING, STALE}, categories = {"connection"},
            tips = {"nondeterministic_output_order"},
            summary = "Get an array of Redis command names", since = "7.0.0",
            complexity = "O(N) where N is the total number of Redis commands")
    public void list(CommandContext ctx) {
        Predicate<CommandSpec> filter = listFilter(ctx);
        List<String> names = new ArrayList<>();
        for (CommandSpec spec : registry.commands()) {
            if (filter.test(spec)) {
                names.add(spec.fullName());
            }
            for (CommandSpec subcommand : spec.subcommands()) {
                if (filter.test(subcommand)) {
                    names.add(subcommand.fullName());
                }
            }
        }
        ctx.reply().stringArray(names);
    }

    private static Predicate<CommandSpec> listFilter(CommandContext ctx) {
        if (ctx.argCount() == 2) {
            return spec -> true;
        }
        if (ctx.argCount() != 5 || !ctx.argIs(2, "filterby")) {
            throw CommandContext.syntaxError();
        }
        String value = ctx.stringArg(4);
        if (ctx.argIs(3, "module")) {
            return spec -> false;
        }
        if (ctx.argIs(3, "aclcat")) {
            AclCategory category = categoryNamed(value);
            return spec -> category != null && spec.inCategory(category);
        }
        if (ctx.argIs(3, "pattern")) {
            GlobPattern pattern = GlobPattern.ignoringCase(value);
            return spec -> pattern.matches(spec.fullName());
        }
        throw CommandContext.syntaxError();
    }

    private static AclCategory categoryNamed(String name) {
        for (AclCategory category : AclCategory.values()) {
            if (category.name().equalsIgnoreCase(name)) {
                return category;
            }
        }
        return null;
    }

    @RedisCommand(name = "command|getkeys", arity = -4, flags = {LOADING, STALE}, categories = {"connection"},
            summary = "Extract keys given a full Redis command", since = "2.8.13",
            complexity = "O(N) where N is the number of arguments to the command")
    public void getkeys(CommandContext ctx) {
        List<byte[]> keys = keysOf(ctx);
        ctx.reply().bulkArray(keys);
    }

    @RedisCommand(name = "command|getkeysandflags", arity = -4, flags = {LOADING, STALE},
            categories = {"connection"},
            summary = "Extract keys and access flags given a full Redis command", since = "7.0.0",
            complexity = "O(N) where N is the number of arguments to the command")
    public void getkeysandflags(CommandContext ctx) {
        CommandSpec spec = commandOf(ctx);
        List<byte[]> keys = keysOf(ctx);
        List<String> flags = keySpecFlags(spec);
        ctx.reply().arrayHeader(keys.size());
        for (byte[] key : keys) {
            ctx.reply().arrayHeader(2);
            ctx.reply().bulk(key);
            writeSimpleStrings(ctx.reply(), flags);
        }
    }

    /** The command whose keys COMMAND GETKEYS is asked for (a subcommand where one is named). */
    private CommandSpec commandOf(CommandContext ctx) {
        CommandSpec spec = registry.lookup(ctx.arg(2));
        if (spec != null && spec.isContainer() && ctx.argCount() > 3) {
            spec = spec.subcommand(ctx.arg(3));
        }
        if (spec == null) {
            throw new ErrorReplyException("ERR Invalid command specified");
        }
        return spec;
    }

    private List<byte[]> keysOf(CommandContext ctx) {
        CommandSpec spec = commandOf(ctx);
        if (spec.firstKey() <= 0) {
            throw new ErrorReplyException("ERR The command has no key arguments");
        }
        int argc = ctx.argCount() - 2;
        if ((spec.arity() > 0 && spec.arity() != argc) || argc < -spec.arity()) {
            throw new ErrorReplyException("ERR Invalid number of arguments specified for command");
        }
        int last = spec.lastKey() < 0 ? argc + spec.lastKey() : spec.lastKey();
        int step = Math.max(1, spec.keyStep());
        List<byte[]> keys = new ArrayList<>();
        for (int i = spec.firstKey(); i <= last && i < argc; i += step) {
            keys.add(ctx.arg(i + 2));
        }
        if (keys.isEmpty()) {
            throw new ErrorReplyException("ERR Invalid arguments specified for command");
        }
        return keys;
    }

    @RedisCommand(name = "command|help", arity = 2, flags = {LOADING, STALE}, categories = {"connection"},
            summary = "Show helpful text about the different subcommands", since = "5.0.0", complexity = "O(1)")
    public void help(CommandContext ctx) {
        HelpText.write(ctx.reply(), "COMMAND",
                "(no subcommand)",
                "    Return details about all Redis commands.",
                "COUNT",
                "    Return the total number of commands in this Redis server.",
                "LIST",
                "    Return a list of all commands in this Redis server.",
                "INFO [<command-name> ...]",
                "    Return details about multiple Redis commands.",
                "    If no command names are given, documentation details for all",
                "    commands are returned.",
                "DOCS [<command-name> ...]",
                "    Return documentation details about multiple Redis commands.",
                "    If no command names are given, documentation details for all",
                "    commands are returned.",
                "GETKEYS <full-command>",
                "    Return the keys from a full Redis command.",
                "GETKEYSANDFLAGS <full-command>",
                "    Return the keys and the access flags from a full Redis command.");
    }

    /** COMMAND INFO's ten-element description of one command, its subcommands nested. */
    private static void writeInfo(ReplyWriter reply, CommandSpec spec) {
        reply.arrayHeader(10);
        reply.bulk(spec.fullName());
        reply.integer(spec.arity());
        writeSimpleStrings(reply, spec.flagNames());
        reply.integer(spec.firstKey());
        reply.integer(spec.lastKey());
        reply.integer(spec.keyStep());
        writeSimpleStrings(reply, AclCategory.wireNames(spec.categories()));
        reply.stringArray(spec.tips());
        writeKeySpecs(reply, spec);
        reply.arrayHeader(spec.subcommands().size());
        for (CommandSpec subcommand : spec.subcommands()) {
            writeInfo(reply, subcommand);
        }
    }

    /** The key specification Redis 7 derives from a (first, last, step) range. */
    private static void writeKeySpecs(ReplyWriter reply, CommandSpec spec) {
        if (spec.firstKey() <= 0) {
            reply.emptyArray();
            return;
        }
        reply.arrayHeader(1);
        reply.mapHeader(3);
        reply.bulk("flags");
        writeSimpleStrings(reply, keySpecFlags(spec));
        reply.bulk("begin_search");
        reply.mapHeader(2);
        reply.bulk("type");
        reply.bulk("index");
        reply.bulk("spec");
        reply.mapHeader(1);
        reply.bulk("index");
        reply.integer(spec.firstKey());
        reply.bulk("find_keys");
        reply.mapHeader(2);
        reply.bulk("type");
        reply.bulk("range");
        reply.bulk("spec");
        reply.mapHeader(3);
        reply.bulk("lastkey");
        reply.integer(spec.lastKey() < 0 ? spec.lastKey() : spec.lastKey() - spec.firstKey());
        reply.bulk("keystep");
        reply.integer(spec.keyStep());
        reply.bulk("limit");
        reply.integer(0);
    }

    /** The declared key-spec flags, or the usual ones for a reading or writing command. */
    private static List<String> keySpecFlags(CommandSpec spec) {
        if (!spec.keySpecFlags().isEmpty()) {
            return spec.keySpecFlags();
        }
        if (spec.hasFlag(CommandFlag.WRITE)) {
            return List.of("RW", "update");
        }
        return List.of("RO", "access");
    }

    private static void writeDocsMap(ReplyWriter reply, List<CommandSpec> specs) {
        reply.mapHeader(specs.size());
        for (CommandSpec spec : specs) {
            reply.bulk(spec.fullName());
            writeDocs(reply, spec);
        }
    }

    private static void writeDocs(ReplyWriter reply, CommandSpec spec) {
        boolean hasSubcommands = !spec.subcommands().isEmpty();
        reply.mapHeader(hasSubcommands ? 5 : 4);
        reply.bulk("summary");
        reply.bulk(spec.summary());
        reply.bulk("since");
        reply.bulk(spec.since());
        reply.bulk("group");
        reply.bulk(spec.group());
        reply.bulk("complexity");
        reply.bulk(spec.complexity());
        if (hasSubcommands) {
            reply.bulk("subcommands");
            writeDocsMap(reply, new ArrayList<>(spec.subcommands()));
        }
    }

    private static void writeSimpleStrings(ReplyWriter reply, List<String> values) {
        reply.arrayHeader(values.size());
        for (String value : values) {
            reply.simple(value);
        }
    }

    /** The command or subcommand named like {@code get} or {@code config|get}, in any case, or null. */
    private CommandSpec lookupFullName(byte[] name) {
        for (int bar = 0; bar < name.length; bar++) {
            if (name[bar] == '|') {
                CommandSpec container = registry.lookup(Arrays.copyOf(name, bar));
                return container == null ? null : container.subcommand(Arrays.copyOfRange(name, bar + 1, name.length));
            }
        }
        return registry.lookup(name);
    }
}
