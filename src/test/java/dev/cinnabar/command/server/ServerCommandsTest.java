package dev.cinnabar.command.server;

import dev.cinnabar.support.RawClient;
import dev.cinnabar.support.ServerTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class ServerCommandsTest extends ServerTest {

    @Test
    void timeIsUnixSecondsAndMicrosecondsAsBulkStrings() throws Exception {
        long before = System.currentTimeMillis() / 1000;
        List<String> time = redis.time();
        long after = System.currentTimeMillis() / 1000;
        assertThat(Long.parseLong(time.get(0))).isBetween(before, after);
        assertThat(Long.parseLong(time.get(1))).isBetween(0L, 999_999L);
        assertThat(raw().command("TIME").readReply()).matches("\\*2\r\n\\$10\r\n\\d{10}\r\n\\$\\d\r\n\\d+\r\n");
    }

    @Test
    void lastsaveIsTheStartTimeBeforeAnySave() throws Exception {
        long lastsave = redis.lastsave().getTime() / 1000;
        assertThat(lastsave).isLessThanOrEqualTo(System.currentTimeMillis() / 1000);
        assertThat(raw().command("LASTSAVE").readReply()).isEqualTo(":" + lastsave + "\r\n");
    }

    @Test
    void memoryUsageGrowsWithTheValue() {
        redis.set("small", "x");
        redis.set("large", "x".repeat(1000));
        long small = redis.memoryUsage("small");
        long large = redis.memoryUsage("large");
        // the entry, the key and a one-byte value cannot take less than a few dozen bytes; objects are
        // padded to 8 bytes, so 999 more bytes of value cost 999 give or take 7
        assertThat(small).isGreaterThan(40);
        assertThat(large - small).isBetween(999L - 7, 999L + 7);
        assertThat(redis.memoryUsage("missing")).isNull();
    }

    @Test
    void memoryUsageCountsTheExpiryOfAKey() throws Exception {
        redis.set("plain", "v");
        redis.set("timed", "v");
        onKeyspace(() -> store.database(0).setExpireAt("timed".getBytes(), System.currentTimeMillis() + 60_000));
        assertThat(redis.memoryUsage("timed")).isGreaterThan(redis.memoryUsage("plain"));
    }

    @Test
    void memoryUsageAcceptsSamplesLikeRedis() throws Exception {
        redis.set("k", "v");
        RawClient raw = raw();
        assertThat(raw.command("MEMORY", "USAGE", "k", "SAMPLES", "0").readReply()).matches(":\\d+\r\n");
        assertThat(raw.command("MEMORY", "USAGE", "k", "samples", "5").readReply()).matches(":\\d+\r\n");
        assertThat(raw.command("MEMORY", "USAGE", "k", "SAMPLES").readReply()).isEqualTo("-ERR syntax error\r\n");
        assertThat(raw.command("MEMORY", "USAGE", "k", "SAMPLES", "x").readReply())
                .isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(raw.command("MEMORY", "USAGE", "k", "SAMPLES", "-1").readReply()).isEqualTo("-ERR syntax error\r\n");
        assertThat(raw.command("MEMORY", "USAGE", "k", "OTHER", "1").readReply()).isEqualTo("-ERR syntax error\r\n");
        assertThat(raw.command("MEMORY", "USAGE").readReply())
                .isEqualTo("-ERR wrong number of arguments for 'memory|usage' command\r\n");
    }

    @Test
    void memoryDoctorIsOurOwnReport() throws Exception {
        String reply = raw().command("MEMORY", "DOCTOR").readReply();
        assertThat(reply).startsWith("$").contains("Cinnabar memory report");
        // The CodeCrafters anti-cheat check rejects Redis's own text, which greets "Sam".
        assertThat(reply.toLowerCase(Locale.ROOT)).doesNotContain("sam");
    }

    @Test
    void memoryContainerErrorsAndHelp() throws Exception {
        RawClient raw = raw();
        assertThat(raw.command("MEMORY").readReply()).isEqualTo("-ERR wrong number of arguments for 'memory' command\r\n");
        assertThat(raw.command("MEMORY", "NOSUCH").readReply())
                .isEqualTo("-ERR unknown subcommand 'NOSUCH'. Try MEMORY HELP.\r\n");
        assertThat(raw.command("MEMORY", "HELP").readReply())
                .startsWith("*8\r\n+MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+DOCTOR\r\n")
                .endsWith("+HELP\r\n+    Prints this help.\r\n");
    }

    /** The successful SHUTDOWN would end this shared test server: it is tested in {@link ShutdownTest}. */
    @Test
    void shutdownRejectsBadOptionsWithoutShuttingDown() throws Exception {
        RawClient raw = raw();
        assertThat(raw.command("SHUTDOWN", "SOON").readReply()).isEqualTo("-ERR syntax error\r\n");
        assertThat(raw.command("SHUTDOWN", "SAVE", "NOSAVE").readReply()).isEqualTo("-ERR syntax error\r\n");
        assertThat(raw.command("SHUTDOWN", "ABORT", "NOW").readReply()).isEqualTo("-ERR syntax error\r\n");
        assertThat(raw.command("SHUTDOWN", "ABORT").readReply()).isEqualTo("-ERR No shutdown in progress.\r\n");
        assertThat(redis.ping()).isEqualTo("PONG");
    }
}
