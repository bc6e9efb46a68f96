package dev.cinnabar.pubsub;

import dev.cinnabar.command.GlobPattern;
import dev.cinnabar.config.KeyspaceEventClasses;
import dev.cinnabar.config.RuntimeConfig;
import dev.cinnabar.net.ClientConnection;
import dev.cinnabar.store.ByteKey;
import dev.cinnabar.store.KeyValueStore;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who listens to what: channel → subscribers, pattern → subscribers, shard channel →
 * subscribers, and the delivery of published messages (and keyspace notifications) to
 * them. Subscribing and unsubscribing a channel are O(1); a publish costs one pass over the
 * channel's subscribers plus one match per subscribed pattern. Keyspace thread only.
 */
@Component
public class PubSubRegistry {

    private static final byte[] KEYSPACE_PREFIX = "__keyspace@".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEYEVENT_PREFIX = "__keyevent@".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHANNEL_SEPARATOR = "__:".getBytes(StandardCharsets.US_ASCII);

    /** The clients subscribed to one pattern, with the pattern compiled once. */
    private record PatternSubscribers(byte[] pattern, GlobPattern glob, Set<ClientConnection> clients) {
    }

    private final Map<ByteKey, Set<ClientConnection>> channels = new HashMap<>();
    private final Map<ByteKey, Set<ClientConnection>> shardChannels = new HashMap<>();
    private final Map<ByteKey, PatternSubscribers> patterns = new LinkedHashMap<>();
    private final PubSubOutputLimit outputLimit;
    /** PUBLISH and SPUBLISH calls and keyspace events, and the deliveries they made, for the metrics. */
    private long messagesPublished;
    private long messagesDelivered;

    public PubSubRegistry(RuntimeConfig config, KeyValueStore store) {
        this.outputLimit = new PubSubOutputLimit(config);
        store.events().enabledClasses(KeyspaceEventClasses.parse(config.get("notify-keyspace-events")));
        config.onChange("notify-keyspace-events",
                value -> store.events().enabledClasses(KeyspaceEventClasses.parse(value)));
        store.events().sink(this::publishKeyspaceEvent);
    }

    /**
     * Subscribes {@code client} to {@code name} (a channel, pattern or shard channel) and
     * returns the count its confirmation carries. Subscribing twice changes nothing.
     */
    public int subscribe(ClientConnection client, SubscriptionKind kind, byte[] name) {
        Subscriptions subscriptions = client.subscriptions();
        if (subscriptions == null) {
            subscriptions = new Subscriptions(this, client);
            client.subscriptions(subscriptions);
        }
        ByteKey key = new ByteKey(name);
        if (subscriptions.of(kind).add(key)) {
            if (kind == SubscriptionKind.PATTERN) {
                patterns.computeIfAbsent(key, k -> new PatternSubscribers(name, new GlobPattern(name, false),
                        new LinkedHashSet<>())).clients().add(client);
            } else {
                channelsOf(kind).computeIfAbsent(key, k -> new LinkedHashSet<>()).add(client);
            }
        }
        return subscriptions.confirmationCount(kind);
    }

    /**
     * Ends {@code client}'s subscription to {@code name}, if it has one, and returns the count
     * its confirmation carries. The client leaves subscribed mode with its last subscription.
     */
    public int unsubscribe(ClientConnection client, SubscriptionKind kind, byte[] name) {
        Subscriptions subscriptions = client.subscriptions();
        if (subscriptions == null) {
            return 0;
        }
        ByteKey key = new ByteKey(name);
        if (subscriptions.of(kind).remove(key)) {
            forget(client, kind, key);
        }
        int count = subscriptions.confirmationCount(kind);
        if (subscriptions.isEmpty()) {
            client.subscriptions(null);
        }
        return count;
    }

    /** What {@code client} is subscribed to of {@code kind}, in subscription order. */
    public List<byte[]> subscribed(ClientConnection client, SubscriptionKind kind) {
        Subscriptions subscriptions = client.subscriptions();
        if (subscriptions == null) {
            return List.of();
        }
        List<byte[]> names = new ArrayList<>(subscriptions.of(kind).size());
        for (ByteKey key : subscriptions.of(kind)) {
            names.add(key.bytes());
        }
        return names;
    }

    /** The count an unsubscribe confirmation of {@code kind} carries for {@code client} now. */
    public int confirmationCount(ClientConnection client, SubscriptionKind kind) {
        Subscriptions subscriptions = client.subscriptions();
        return subscriptions == null ? 0 : subscriptions.confirmationCount(kind);
    }

    /** Ends every subscription of {@code client} (connection closed, RESET), without confirmations. */
    void unsubscribeAll(ClientConnection client) {
        Subscriptions subscriptions = client.subscriptions();
        if (subscriptions == null) {
            return;
        }
        for (SubscriptionKind kind : SubscriptionKind.values()) {
            for (ByteKey key : subscriptions.of(kind)) {
                forget(client, kind, key);
            }
            subscriptions.of(kind).clear();
        }
        client.subscriptions(null);
    }

    private void forget(ClientConnection client, SubscriptionKind kind, ByteKey key) {
        if (kind == SubscriptionKind.PATTERN) {
            PatternSubscribers subscribers = patterns.get(key);
            subscribers.clients().remove(client);
            if (subscribers.clients().isEmpty()) {
                patterns.remove(key);
            }
        } else {
            Map<ByteKey, Set<ClientConnection>> table = channelsOf(kind);
            Set<ClientConnection> subscribers = table.get(key);
            subscribers.remove(client);
            if (subscribers.isEmpty()) {
                table.remove(key);
            }
        }
    }

    private Map<ByteKey, Set<ClientConnection>> channelsOf(SubscriptionKind kind) {
        return kind == SubscriptionKind.SHARD_CHANNEL ? shardChannels : channels;
    }

    /**
     * PUBLISH: pushes {@code message} to the subscribers of {@code channel} and of every
     * pattern matching it, and returns how many deliveries that made.
     */
    public int publish(byte[] channel, byte[] message) {
        messagesPublished++;
        int receivers = 0;
        Set<ClientConnection> subscribers = channels.get(new ByteKey(channel));
        if (subscribers != null) {
            deliver(subscribers, MessageFrame.encode(SubscriptionKind.CHANNEL.messageWord, channel, message));
            receivers += subscribers.size();
        }
        for (PatternSubscribers pattern : patterns.values()) {
            if (pattern.glob().matches(channel)) {
                deliver(pattern.clients(), MessageFrame.encode(SubscriptionKind.PATTERN.messageWord,
                        pattern.pattern(), channel, message));
                receivers += pattern.clients().size();
            }
        }
        return receivers;
    }

    /** SPUBLISH: pushes {@code message} to the subscribers of shard channel {@code channel}. */
    public int publishToShard(byte[] channel, byte[] message) {
        messagesPublished++;
        Set<ClientConnection> subscribers = shardChannels.get(new ByteKey(channel));
        if (subscribers == null) {
            return 0;
        }
        deliver(subscribers, MessageFrame.encode(SubscriptionKind.SHARD_CHANNEL.messageWord, channel, message));
        return subscribers.size();
    }

    private void deliver(Set<ClientConnection> subscribers, byte[] frame) {
        for (ClientConnection subscriber : subscribers) {
            // A client closed for its output limit stays subscribed until its channel is
            // gone; like Redis it still counts as a receiver but gets nothing more.
            if (!subscriber.closingAfterReply()) {
                subscriber.push(frame);
                messagesDelivered++;
                outputLimit.check(subscriber);
            }
        }
    }

    private void publishKeyspaceEvent(int classes, String event, byte[] key, int database) {
        if (channels.isEmpty() && patterns.isEmpty()) {
            return;
        }
        byte[] eventBytes = event.getBytes(StandardCharsets.US_ASCII);
        byte[] databaseBytes = Integer.toString(database).getBytes(StandardCharsets.US_ASCII);
        if ((classes & KeyspaceEventClasses.KEYSPACE) != 0) {
            publish(concat(KEYSPACE_PREFIX, databaseBytes, CHANNEL_SEPARATOR, key), eventBytes);
        }
        if ((classes & KeyspaceEventClasses.KEYEVENT) != 0) {
            publish(concat(KEYEVENT_PREFIX, databaseBytes, CHANNEL_SEPARATOR, eventBytes), key);
        }
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] joined = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, joined, at, part.length);
            at += part.length;
        }
        return joined;
    }

    /** PUBSUB CHANNELS / SHARDCHANNELS: the channels with subscribers matching {@code pattern} (null: all). */
    public List<byte[]> activeChannels(SubscriptionKind kind, byte[] pattern) {
        GlobPattern glob = pattern == null ? null : new GlobPattern(pattern, false);
        List<byte[]> active = new ArrayList<>();
        for (ByteKey channel : channelsOf(kind).keySet()) {
            if (glob == null || glob.matches(channel.bytes())) {
                active.add(channel.bytes());
            }
        }
        return active;
    }

    /** PUBSUB NUMSUB / SHARDNUMSUB: how many clients are subscribed to {@code channel}. */
    public int subscriberCount(SubscriptionKind kind, byte[] channel) {
        Set<ClientConnection> subscribers = channelsOf(kind).get(new ByteKey(channel));
        return subscribers == null ? 0 : subscribers.size();
    }

    /** Channels with at least one subscriber, for INFO's {@code pubsub_channels}. */
    public long messagesPublished() {
        return messagesPublished;
    }

    public long messagesDelivered() {
        return messagesDelivered;
    }

    public int channelCount() {
        return channels.size();
    }

    /** Distinct subscribed patterns, for PUBSUB NUMPAT and INFO's {@code pubsub_patterns}. */
    public int patternCount() {
        return patterns.size();
    }

    /** Shard channels with at least one subscriber, for INFO's {@code pubsubshard_channels}. */
    public int shardChannelCount() {
        return shardChannels.size();
    }
}
