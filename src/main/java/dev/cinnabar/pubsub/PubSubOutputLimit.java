package dev.cinnabar.pubsub;

import dev.cinnabar.config.RuntimeConfig;
import dev.cinnabar.net.ClientConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The {@code pubsub} class of {@code client-output-buffer-limit}: a subscriber whose unsent
 * output goes over the hard limit, or stays over the soft limit for longer than the soft
 * seconds, is disconnected, as Redis does with a subscriber that does not keep up. Checked
 * on every delivery, against the live configuration.
 */
final class PubSubOutputLimit {

    private static final Logger log = LoggerFactory.getLogger(PubSubOutputLimit.class);

    private long hardBytes;
    private long softBytes;
    private long softMillis;

    PubSubOutputLimit(RuntimeConfig config) {
        apply(config.get("client-output-buffer-limit"));
        config.onChange("client-output-buffer-limit", this::apply);
    }

    /** Takes the pubsub triple out of the canonical "normal h s t slave h s t pubsub h s t". */
    private void apply(String limits) {
        List<String> words = List.of(limits.split(" "));
        int at = words.indexOf("pubsub");
        hardBytes = Long.parseLong(words.get(at + 1));
        softBytes = Long.parseLong(words.get(at + 2));
        softMillis = Long.parseLong(words.get(at + 3)) * 1000;
    }

    /** Disconnects {@code subscriber} if its unsent output broke the limit. */
    void check(ClientConnection subscriber) {
        long unsent = subscriber.pendingOutputBytes() + subscriber.reply().bufferedBytes();
        Subscriptions subscriptions = subscriber.subscriptions();
        boolean overSoftLimit = softBytes > 0 && unsent >= softBytes;
        boolean disconnect = hardBytes > 0 && unsent >= hardBytes;
        if (overSoftLimit) {
            long now = System.currentTimeMillis();
            if (subscriptions.softLimitReachedMillis == 0) {
                subscriptions.softLimitReachedMillis = now;
            } else if (now - subscriptions.softLimitReachedMillis > softMillis) {
                disconnect = true;
            }
        } else {
            subscriptions.softLimitReachedMillis = 0;
        }
        if (disconnect) {
            log.warn("Client id={} addr={} closed for overcoming of output buffer limits.", subscriber.id(),
                    subscriber.address());
            subscriber.close();
        }
    }
}
