package dev.cinnabar.pubsub;

import java.nio.charset.StandardCharsets;

/** What a client subscribes to, with the word its pushed messages start with. */
public enum SubscriptionKind {
    CHANNEL("message"),
    PATTERN("pmessage"),
    SHARD_CHANNEL("smessage");

    final byte[] messageWord;

    SubscriptionKind(String messageWord) {
        this.messageWord = messageWord.getBytes(StandardCharsets.US_ASCII);
    }
}
