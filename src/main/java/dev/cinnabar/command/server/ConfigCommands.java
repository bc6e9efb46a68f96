package dev.cinnabar.command.server;

import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandFamily;
import dev.cinnabar.command.CommandRegistry;
import dev.cinnabar.command.ErrorStats;
import dev.cinnabar.command.RedisCommand;
import dev.cinnabar.config.RuntimeConfig;
import dev.cinnabar.net.ClientRegistry;
import dev.cinnabar.protocol.ReplyWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.cinnabar.command.CommandFlag.ADMIN;
import static dev.cinnabar.command.CommandFlag.LOADING;
import static dev.cinnabar.command.CommandFlag.NOSCRIPT;
import static dev.cinnabar.command.CommandFlag.STALE;

/** CONFIG GET, SET, RESETSTAT, REWRITE and HELP over {@link RuntimeConfig}. */
@CommandFamily("server")
public class ConfigCommands {

    private static final List<String> HELP = List.of(
            "CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "GET <pattern>",
            "    Return parameters matching the glob-like <pattern> and their values.",
            "SET <directive> <value>",
            "    Set the configuration <directive> to <value>.",
            "RESETSTAT",
            "    Reset statistics reported by the INFO command.",
            "REWRITE",
            "    Rewrite the configuration file.",
            "HELP",
            "    Prints this help.");

    private final RuntimeConfig config;
    private final CommandRegistry commands;
    private final ErrorStats errorStats;
    private final ClientRegistry clients;

    public ConfigCommands(RuntimeConfig config, CommandRegistry commands, ErrorStats errorStats,
                          ClientRegistry clients) {
        this.config = config;
        this.commands = commands;
        this.errorStats = errorStats;
        this.clients = clients;
    }

    @RedisCommand(name = "config|get", arity = -3, flags = {ADMIN, NOSCRIPT, LOADING, STALE},
            summary = "Get the values of configuration parameters", since = "2.0.0",
            complexity = "O(N) when N is the number of configuration parameters provided")
    public void get(CommandContext ctx) {
        List<String> patterns = new ArrayList<>();
        for (int i = 2; i < ctx.argCount(); i++) {
            patterns.add(ctx.stringArg(i));
        }
        Map<String, String> matching = config.matching(patterns);
        ReplyWriter reply = ctx.reply();
        reply.mapHeader(matching.size());
        matching.forEach((name, value) -> {
            reply.bulk(name);
            reply.bulk(value);
        });
    }

    @RedisCommand(name = "config|set", arity = -4, flags = {ADMIN, NOSCRIPT, LOADING, STALE},
            tips = {"request_policy:all_nodes", "response_policy:all_succeeded"},
            summary = "Set configuration parameters to the given values", since = "2.0.0",
            complexity = "O(N) when N is the number of configuration parameters provided")
    public void set(CommandContext ctx) {
        String[] namesAndValues = new String[ctx.argCount() - 2];
        for (int i = 2; i < ctx.argCount(); i++) {
            namesAndValues[i - 2] = ctx.stringArg(i);
        }
        config.set(namesAndValues);
        ctx.reply().ok();
    }

    @RedisCommand(name = "config|resetstat", arity = 2, flags = {ADMIN, NOSCRIPT, LOADING, STALE},
            summary = "Reset the stats returned by INFO", since = "2.0.0", complexity = "O(1)")
    public void resetstat(CommandContext ctx) {
        commands.resetStats();
        errorStats.reset();
        ctx.store().stats().reset();
        clients.resetStats();
        ctx.reply().ok();
    }

    @RedisCommand(name = "config|rewrite", arity = 2, flags = {ADMIN, NOSCRIPT, LOADING, STALE},
            summary = "Rewrite the configuration file with the in memory configuration", since = "2.8.0",
            complexity = "O(1)")
    public void rewrite(CommandContext ctx) {
        ctx.reply().error("ERR The server is running without a config file");
    }

    @RedisCommand(name = "config|help", arity = 2, flags = {LOADING, STALE},
            summary = "Show helpful text about the different subcommands", since = "5.0.0", complexity = "O(1)")
    public void help(CommandContext ctx) {
        ReplyWriter reply = ctx.reply();
        reply.arrayHeader(HELP.size());
        HELP.forEach(reply::simple);
    }
}
