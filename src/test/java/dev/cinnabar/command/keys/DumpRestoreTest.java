package dev.cinnabar.command.keys;

import dev.cinnabar.support.ServerTest;
import io.lettuce.core.RestoreArgs;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DumpRestoreTest extends ServerTest {

    private static byte[] b(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyTypeRoundTripsThroughDumpAndRestore() {
        RedisCommands<byte[], byte[]> binary = binaryRedis();
        redis.set("s", "x".repeat(100));
        redis.rpush("l", "a", "b", "3");
        redis.sadd("si", "1", "2");
        redis.sadd("ss", "a", "b");
        redis.zadd("z", 2.5, "m");
        redis.hset("h", Map.of("f", "v"));
        redis.xadd("x", Map.of("f", "v"));
        for (String key : List.of("s", "l", "si", "ss", "z", "h", "x")) {
            byte[] payload = binary.dump(b(key));
            assertThat(binary.restore(b(key + "-copy"), 0, payload)).isEqualTo("OK");
            assertThat(binary.dump(b(key + "-copy"))).as(key).isEqualTo(payload);
        }
        assertThat(redis.lrange("l-copy", 0, -1)).containsExactly("a", "b", "3");
        assertThat(redis.objectEncoding("si-copy")).isEqualTo("intset");
        assertThat(binary.dump(b("missing"))).isNull();
    }

    @Test
    void restoreAnswersAsRedisDoes() throws Exception {
        redis.set("k", "v");
        byte[] payload = binaryRedis().dump(b("k"));
        String hex = java.util.HexFormat.of().formatHex(payload);
        assertThat(raw().command("RESTORE", "k", "0", "x").readReply())
                .isEqualTo("-BUSYKEY Target key name already exists.\r\n");
        assertThat(raw().command("RESTORE", "new", "-1", "x").readReply())
                .isEqualTo("-ERR Invalid TTL value, must be >= 0\r\n");
        assertThat(raw().command("RESTORE", "new", "0", "garbage-payload").readReply())
                .isEqualTo("-ERR DUMP payload version or checksum are wrong\r\n");
        assertThat(raw().command("RESTORE", "new", "0", "x", "BOGUS").readReply())
                .isEqualTo("-ERR syntax error\r\n");
        assertThat(raw().command("RESTORE", "new", "0", "x", "FREQ", "256").readReply())
                .isEqualTo("-ERR Invalid FREQ value, must be >= 0 and <= 255\r\n");
        assertThat(raw().command("RESTORE", "new", "0", "x", "IDLETIME", "-1").readReply())
                .isEqualTo("-ERR Invalid IDLETIME value, must be >= 0\r\n");
        assertThat(raw().command("RESTORE", "new", "0", "x", "IDLETIME", "1", "FREQ", "1").readReply())
                .isEqualTo("-ERR syntax error\r\n");
        assertThat(hex).startsWith("0001760a00");
    }

    @Test
    void restoreOptionsSetTheTimeToLive() {
        redis.set("k", "v");
        byte[] payload = binaryRedis().dump(b("k"));
        RedisCommands<byte[], byte[]> binary = binaryRedis();
        assertThat(binary.restore(b("k"), payload, new RestoreArgs().ttl(100_000).replace())).isEqualTo("OK");
        assertThat(redis.pttl("k")).isBetween(90_000L, 100_000L);
        long at = System.currentTimeMillis() + 200_000;
        assertThat(binary.restore(b("abs"), payload, new RestoreArgs().ttl(at).absttl().idleTime(10)))
                .isEqualTo("OK");
        assertThat(redis.pexpiretime("abs")).isEqualTo(at);
        assertThat(binary.restore(b("k"), payload, new RestoreArgs().ttl(1).absttl().replace().frequency(5)))
                .isEqualTo("OK");
        assertThat(redis.exists("k")).as("restored already expired: deleted").isZero();
    }
}
