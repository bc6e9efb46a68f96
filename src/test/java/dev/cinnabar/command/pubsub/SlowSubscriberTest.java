package dev.cinnabar.command.pubsub;

import dev.cinnabar.support.RawClient;
import dev.cinnabar.support.ServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.Socket;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code pubsub} class of {@code client-output-buffer-limit} disconnects subscribers that do not read. */
class SlowSubscriberTest extends ServerTest {

    private static final String DEFAULT_LIMITS = "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60";

    @AfterEach
    void restoreLimits() {
        redis.configSet("client-output-buffer-limit", DEFAULT_LIMITS);
    }

    @Test
    void aSubscriberThatNeverReadsIsDisconnectedAtTheHardLimitAndOthersCarryOn() throws Exception {
        redis.configSet("client-output-buffer-limit", "pubsub 1mb 0 0");
        try (Socket stalled = new Socket("127.0.0.1", server.port())) {
            stalled.setSoTimeout(10_000);
            stalled.getOutputStream().write("*2\r\n$9\r\nSUBSCRIBE\r\n$4\r\nbulk\r\n".getBytes());
            RawClient healthy = raw();
            healthy.command("SUBSCRIBE", "bulk").readReply();
            awaitSubscribers("bulk", 2);

            String payload = "x".repeat(64 * 1024);
            int published = 0;
            while (redis.pubsubNumsub("bulk").get("bulk") == 2 && published < 2000) {
                redis.publish("bulk", payload);
                healthy.readReply();
                published++;
            }
            assertThat(redis.pubsubNumsub("bulk")).containsEntry("bulk", 1L);
            assertThat(published).isLessThan(2000);
            assertThat(redis.publish("bulk", "after")).isEqualTo(1);
            assertThat(healthy.readReply()).isEqualTo("*3\r\n$7\r\nmessage\r\n$4\r\nbulk\r\n$5\r\nafter\r\n");
            assertThat(redis.ping()).isEqualTo("PONG");
            assertThat(endOfStreamAfterWhatWasSent(stalled.getInputStream())).isTrue();
        }
    }

    @Test
    void aSubscriberOverTheSoftLimitForLongerThanItsSecondsIsDisconnected() throws Exception {
        redis.configSet("client-output-buffer-limit", "pubsub 0 1mb 1");
        try (Socket stalled = new Socket("127.0.0.1", server.port())) {
            stalled.getOutputStream().write("*2\r\n$9\r\nSUBSCRIBE\r\n$4\r\nsoft\r\n".getBytes());
            awaitSubscribers("soft", 1);
            String payload = "z".repeat(64 * 1024);
            for (int i = 0; i < 300; i++) {
                redis.publish("soft", payload);
            }
            assertThat(redis.pubsubNumsub("soft")).as("over the soft limit, not yet for a second")
                    .containsEntry("soft", 1L);
            Thread.sleep(1100);
            redis.publish("soft", payload);
            awaitSubscribers("soft", 0);
        }
    }

    @Test
    void withinTheLimitsNothingIsDisconnected() throws Exception {
        redis.configSet("client-output-buffer-limit", "pubsub 64mb 0 0");
        try (Socket stalled = new Socket("127.0.0.1", server.port())) {
            stalled.getOutputStream().write("*2\r\n$9\r\nSUBSCRIBE\r\n$5\r\nsmall\r\n".getBytes());
            awaitSubscribers("small", 1);
            String payload = "y".repeat(16 * 1024);
            for (int i = 0; i < 64; i++) {
                assertThat(redis.publish("small", payload)).isEqualTo(1);
            }
            assertThat(redis.pubsubNumsub("small")).containsEntry("small", 1L);
        }
    }

    private void awaitSubscribers(String channel, long count) throws InterruptedException {
        for (int attempt = 0; attempt < 500 && redis.pubsubNumsub(channel).get(channel) != count; attempt++) {
            Thread.sleep(10);
        }
        assertThat(redis.pubsubNumsub(channel)).containsEntry(channel, count);
    }

    /** Drains what the server sent before closing the connection; true once the stream ends. */
    private static boolean endOfStreamAfterWhatWasSent(InputStream in) throws Exception {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        while (total < 512L * 1024 * 1024) {
            int read = in.read(buffer);
            if (read < 0) {
                return true;
            }
            total += read;
        }
        return false;
    }
}
