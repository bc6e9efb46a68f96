package dev.cinnabar.command.pubsub;

import dev.cinnabar.command.CommandContainer;
import dev.cinnabar.command.CommandContext;
import dev.cinnabar.command.CommandFamily;
import dev.cinnabar.command.RedisCommand;
import dev.cinnabar.command.connection.ResetListener;
import dev.cinnabar.net.ClientConnection;
import dev.cinnabar.protocol.ErrorReplyException;
import dev.cinnabar.protocol.ReplyWriter;
import dev.cinnabar.pubsub.PubSubRegistry;
import dev.cinnabar.pubsub.SubscriptionKind;

import java.util.Arrays;
import java.util.List;

import static dev.cinnabar.command.CommandFlag.FAST;
import static dev.cinnabar.command.CommandFlag.LOADING;
import static dev.cinnabar.command.CommandFlag.NOSCRIPT;
import static dev.cinnabar.command.CommandFlag.PUBSUB;
import static dev.cinnabar.command.CommandFlag.STALE;

/**
 * Publish/subscribe: channels, patterns and shard channels, and PUBSUB's introspection. The
 * subscribed-mode rules are the dispatcher's; who listens to what is {@link PubSubRegistry}'s.
 */
@CommandFamily("pubsub")
@CommandContainer(name = "pubsub", summary = "A container for Pub/Sub commands", since = "2.8.0")
public class PubSubCommands implements ResetListener {

    private static final List<String> HELP = List.of(
            "PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "CHANNELS [<pattern>]",
            "    Return the currently active channels matching a <pattern> (default: '*').",
            "NUMPAT",
            "    Return number of subscriptions to patterns.",
            "NUMSUB [<channel> ...]",
            "    Return the number of subscribers for the specified channels, excluding",
            "    pattern subscriptions(default: no channels).",
            "SHARDCHANNELS [<pattern>]",
            "    Return the currently active shard level channels matching a <pattern> (default: '*').",
            "SHARDNUMSUB [<shardchannel> ...]",
            "    Return the number of subscribers for the specified shard level channel(s)",
            "HELP",
            "    Prints this help.");

    private final PubSubRegistry registry;

    public PubSubCommands(PubSubRegistry registry) {
        this.registry = registry;
    }

    @RedisCommand(name = "subscribe", arity = -2, flags = {PUBSUB, NOSCRIPT, LOADING, STALE},
            summary = "Listen for messages published to the given channels", since = "2.0.0",
            complexity = "O(N) where N is the number of channels to subscribe to.")
    public void subscribe(CommandContext ctx) {
        subscribe(ctx, SubscriptionKind.CHANNEL, "subscribe");
    }

    @RedisCommand(name = "unsubscribe", arity = -1, flags = {PUBSUB, NOSCRIPT, LOADING, STALE},
            summary = "Stop listening for messages posted to the given channels", since = "2.0.0",
            complexity = "O(N) where N is the number of clients already subscribed to a channel.")
    public void unsubscribe(CommandContext ctx) {
        unsubscribe(ctx, SubscriptionKind.CHANNEL, "unsubscribe");
    }

    @RedisCommand(name = "psubscribe", arity = -2, flags = {PUBSUB, NOSCRIPT, LOADING, STALE},
            summary = "Listen for messages published to channels matching the given patterns", since = "2.0.0",
            complexity = "O(N) where N is the number of patterns the client is already subscribed to.")
    public void psubscribe(CommandContext ctx) {
        subscribe(ctx, SubscriptionKind.PATTERN, "psubscribe");
    }

    @RedisCommand(name = "punsubscribe", arity = -1, flags = {PUBSUB, NOSCRIPT, LOADING, STALE},
            summary = "Stop listening for messages posted to channels matching the given patterns", since = "2.0.0",
            complexity = "O(N+M) where N is the number of patterns the client is already subscribed and M is the "
                    + "number of total patterns subscribed in the system (by any client).")
    public void punsubscribe(CommandContext ctx) {
        unsubscribe(ctx, SubscriptionKind.PATTERN, "punsubscribe");
    }

    @RedisCommand(name = "ssubscribe", arity = -2, flags = {PUBSUB, NOSCRIPT, LOADING, STALE},
            firstKey = 1, lastKey = -1, keyStep = 1, keySpecFlags = {"not_key"},
            summary = "Listen for messages published to the given shard channels", since = "7.0.0",
            complexity = "O(N) where N is the number of shard channels to subscribe to.")
    public void ssubscribe(CommandContext ctx) {
        subscribe(ctx, SubscriptionKind.SHARD_CHANNEL, "ssubscribe");
    }

    @RedisCommand(name = "sunsubscribe", arity = -1, flags = {PUBSUB, NOSCRIPT, LOADING, STALE},
            firstKey = 1, lastKey = -1, keyStep = 1, keySpecFlags = {"not_key"},
            summary = "Stop listening for messages posted to the given shard channels", since = "7.0.0",
            complexity = "O(N) where N is the number of clients already subscribed to a shard channel.")
    public void sunsubscribe(CommandContext ctx) {
        unsubscribe(ctx, SubscriptionKind.SHARD_CHANNEL, "sunsubscribe");
    }

    @RedisCommand(name = "publish", arity = 3, flags = {PUBSUB, LOADING, STALE, FAST},
            summary = "Post a message to a channel", since = "2.0.0",
            complexity = "O(N+M) where N is the number of clients subscribed to the receiving channel and M is the "
                    + "total number of subscribed patterns (by any client).")
    public void publish(CommandContext ctx) {
        ctx.reply().integer(registry.publish(ctx.arg(1), ctx.arg(2)));
    }

    @RedisCommand(name = "spublish", arity = 3, flags = {PUBSUB, LOADING, STALE, FAST},
            firstKey = 1, lastKey = 1, keyStep = 1, keySpecFlags = {"not_key"},
            summary = "Post a message to a shard channel", since = "7.0.0",
            complexity = "O(N) where N is the number of clients subscribed to the receiving shard channel.")
    public void spublish(CommandContext ctx) {
        ctx.reply().integer(registry.publishToShard(ctx.arg(1), ctx.arg(2)));
    }

    @RedisCommand(name = "pubsub|channels", arity = -2, flags = {PUBSUB, LOADING, STALE},
            summary = "List active channels", since = "2.8.0",
            complexity = "O(N) where N is the number of active channels, and assuming constant time pattern "
                    + "matching (relatively short channels and patterns)")
    public void channels(CommandContext ctx) {
        activeChannels(ctx, SubscriptionKind.CHANNEL);
    }

    @RedisCommand(name = "pubsub|shardchannels", arity = -2, flags = {PUBSUB, LOADING, STALE},
            summary = "List active shard channels", since = "7.0.0",
            complexity = "O(N) where N is the number of active shard channels, and assuming constant time pattern "
                    + "matching (relatively short shard channels).")
    public void shardChannels(CommandContext ctx) {
        activeChannels(ctx, SubscriptionKind.SHARD_CHANNEL);
    }

    @RedisCommand(name = "pubsub|numsub", arity = -2, flags = {PUBSUB, LOADING, STALE},
            summary = "Get the count of subscribers for channels", since = "2.8.0",
            complexity = "O(N) for the NUMSUB subcommand, where N is the number of requested channels")
    public void numsub(CommandContext ctx) {
        subscriberCounts(ctx, SubscriptionKind.CHANNEL);
    }

    @RedisCommand(name = "pubsub|shardnumsub", arity = -2, flags = {PUBSUB, LOADING, STALE},
            summary = "Get the count of subscribers for shard channels", since = "7.0.0",
            complexity = "O(N) for the SHARDNUMSUB subcommand, where N is the number of requested shard channels")
    public void shardNumsub(CommandContext ctx) {
        subscriberCounts(ctx, SubscriptionKind.SHARD_CHANNEL);
    }

    @RedisCommand(name = "pubsub|numpat", arity = 2, flags = {PUBSUB, LOADING, STALE},
            summary = "Get the count of unique patterns pattern subscriptions", since = "2.8.0", complexity = "O(1)")
    public void numpat(CommandContext ctx) {
        ctx.reply().integer(registry.patternCount());
    }

    @RedisCommand(name = "pubsub|help", arity = 2, flags = {LOADING, STALE},
            summary = "Show helpful text about the different subcommands", since = "6.2.0", complexity = "O(1)")
    public void help(CommandContext ctx) {
        ReplyWriter reply = ctx.reply();
        reply.arrayHeader(HELP.size());
        HELP.forEach(reply::simple);
    }

    /** RESET ends every subscription, without confirmations. */
    @Override
    public void reset(ClientConnection client) {
        if (client.subscriptions() != null) {
            client.subscriptions().cancelAll();
        }
    }

    private void subscribe(CommandContext ctx, SubscriptionKind kind, String word) {
        ReplyWriter reply = ctx.reply();
        for (int i = 1; i < ctx.argCount(); i++) {
            int count = registry.subscribe(ctx.client(), kind, ctx.arg(i));
            confirm(reply, word, ctx.arg(i), count);
        }
    }

    /** Without arguments: every subscription of the kind, or one confirmation with a null name if there is none. */
    private void unsubscribe(CommandContext ctx, SubscriptionKind kind, String word) {
        ReplyWriter reply = ctx.reply();
        ClientConnection client = ctx.client();
        List<byte[]> names = ctx.argCount() > 1 ? Arrays.asList(ctx.args().toArray()).subList(1, ctx.argCount())
                : registry.subscribed(client, kind);
        if (names.isEmpty()) {
            confirm(reply, word, null, registry.confirmationCount(client, kind));
            return;
        }
        for (byte[] name : names) {
            confirm(reply, word, name, registry.unsubscribe(client, kind, name));
        }
    }

    private static void confirm(ReplyWriter reply, String word, byte[] name, int count) {
        reply.arrayHeader(3);
        reply.bulk(word);
        reply.bulkOrNull(name);
        reply.integer(count);
    }

    private void activeChannels(CommandContext ctx, SubscriptionKind kind) {
        if (ctx.argCount() > 3) {
            throw new ErrorReplyException("ERR unknown subcommand or wrong number of arguments for '"
                    + ctx.stringArg(1) + "'. Try PUBSUB HELP.");
        }
        ctx.reply().bulkArray(registry.activeChannels(kind, ctx.argCount() == 3 ? ctx.arg(2) : null));
    }

    private void subscriberCounts(CommandContext ctx, SubscriptionKind kind) {
        ReplyWriter reply = ctx.reply();
        reply.arrayHeader(2 * (ctx.argCount() - 2));
        for (int i = 2; i < ctx.argCount(); i++) {
            reply.bulk(ctx.arg(i));
            reply.integer(registry.subscriberCount(kind, ctx.arg(i)));
        }
    }
}
