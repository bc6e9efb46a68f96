package dev.cinnabar.pubsub;

import dev.cinnabar.net.ClientConnection;
import dev.cinnabar.store.ByteKey;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * One client's subscriptions: channels, patterns and shard channels, in the order it made
 * them. A client has this while it has at least one subscription (it is then in subscribed
 * mode). Keyspace thread only.
 */
public final class Subscriptions {

    private final PubSubRegistry registry;
    private final ClientConnection client;
    private final Set<ByteKey> channels = new LinkedHashSet<>();
    private final Set<ByteKey> patterns = new LinkedHashSet<>();
    private final Set<ByteKey> shardChannels = new LinkedHashSet<>();
    /** When the client's unsent output went over the soft limit, 0 while it is under. */
    long softLimitReachedMillis;

    Subscriptions(PubSubRegistry registry, ClientConnection client) {
        this.registry = registry;
        this.client = client;
    }

    /** The connection is gone or was RESET: every subscription ends, without confirmations. */
    public void cancelAll() {
        registry.unsubscribeAll(client);
    }

    Set<ByteKey> of(SubscriptionKind kind) {
        return switch (kind) {
            case CHANNEL -> channels;
            case PATTERN -> patterns;
            case SHARD_CHANNEL -> shardChannels;
        };
    }

    public int channelCount() {
        return channels.size();
    }

    public int patternCount() {
        return patterns.size();
    }

    public int shardChannelCount() {
        return shardChannels.size();
    }

    /**
     * The count a (un)subscribe confirmation of {@code kind} carries: channels and patterns
     * together, shard channels on their own (as Redis 7.0 counts them).
     */
    int confirmationCount(SubscriptionKind kind) {
        return kind == SubscriptionKind.SHARD_CHANNEL ? shardChannels.size() : channels.size() + patterns.size();
    }

    /**
     * True if {@code allowed} accepts every channel and shard channel (tested with false) and
     * every pattern (tested with true) the client listens to; the ACL asks it when a user's
     * channel permissions change.
     */
    public boolean allAllowed(BiPredicate<byte[], Boolean> allowed) {
        for (ByteKey channel : channels) {
            if (!allowed.test(channel.bytes(), false)) {
                return false;
            }
        }
        for (ByteKey channel : shardChannels) {
            if (!allowed.test(channel.bytes(), false)) {
                return false;
            }
        }
        for (ByteKey pattern : patterns) {
            if (!allowed.test(pattern.bytes(), true)) {
                return false;
            }
        }
        return true;
    }

    boolean isEmpty() {
        return channels.isEmpty() && patterns.isEmpty() && shardChannels.isEmpty();
    }
}
