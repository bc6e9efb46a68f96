package dev.cinnabar.support;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.util.ArrayList;
import java.util.List;

/**
 * Base of the keyspace notification tests: notifications on for every class, a raw client
 * subscribed to every keyspace and keyevent channel, and a way to collect exactly the events
 * one command published.
 */
public abstract class KeyspaceEventsTest extends ServerTest {

    private static final String END_MARKER = "end-of-events";

    protected RawClient subscriber;
    protected RawClient client;

    @BeforeEach
    void subscribeToEverything() throws Exception {
        redis.configSet("notify-keyspace-events", "KEA");
        subscriber = raw();
        subscriber.command("PSUBSCRIBE", "__key*__:*", END_MARKER).readReply();
        subscriber.readReply();
        client = raw();
    }

    @AfterEach
    void notificationsOff() {
        redis.configSet("notify-keyspace-events", "");
    }

    /** Runs {@code command} and returns the events it published, as "event key" pairs from the keyevent channels. */
    protected List<String> events(String... command) throws Exception {
        client.command(command).readReply();
        return publishedSoFar();
    }

    /** The events published since the last call, up to a marker published now. */
    protected List<String> publishedSoFar() throws Exception {
        client.command("PUBLISH", END_MARKER, "").readReply();
        List<String> events = new ArrayList<>();
        while (true) {
            String[] message = subscriber.readReply().split("\r\n");
            String channel = message[6];
            if (channel.equals(END_MARKER)) {
                return events;
            }
            if (channel.startsWith("__keyevent@")) {
                events.add(channel.substring(channel.indexOf("__:") + 3) + " " + message[8]);
            }
        }
    }
}
