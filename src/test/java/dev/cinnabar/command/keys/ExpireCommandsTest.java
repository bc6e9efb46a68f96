package dev.cinnabar.command.keys;

import dev.cinnabar.support.RawClient;
import dev.cinnabar.support.ServerTest;
import io.lettuce.core.ExpireArgs;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ExpireCommandsTest extends ServerTest {

    private long changes() throws Exception {
        return onKeyspace(store::changesSinceSave);
    }

    @Test
    void expireSetsATimeToLiveThatTtlReports() throws Exception {
        redis.set("a", "1");
        long before = changes();

        assertThat(redis.expire("a", 100)).isTrue();

        assertThat(changes() - before).isEqualTo(1);
        assertThat(redis.ttl("a")).isBetween(99L, 100L);
        assertThat(redis.pttl("a")).isBetween(99_000L, 100_000L);
    }

    @Test
    void aKeyDisappearsWhenItsTimeToLivePasses() throws Exception {
        redis.set("a", "1");
        redis.pexpire("a", 100);

        Thread.sleep(250);

        assertThat(redis.exists("a")).isZero();
        assertThat(redis.ttl("a")).isEqualTo(-2);
        assertThat(redis.get("a")).isNull();
    }

    @Test
    void expireOfAMissingKeyAnswersZero() throws Exception {
        long before = changes();

        assertThat(redis.expire("missing", 10)).isFalse();
        assertThat(redis.pexpireat("missing", 1)).isFalse();

        assertThat(changes()).isEqualTo(before);
    }

    @Test
    void aTimeInThePastDeletesTheKey() throws Exception {
        redis.set("a", "1");
        redis.set("b", "1");
        redis.set("c", "1");
        long before = changes();

        assertThat(redis.expire("a", -1)).isTrue();
        assertThat(redis.pexpireat("b", 1)).isTrue();
        assertThat(redis.expireat("c", 0)).isTrue();

        assertThat(changes() - before).isEqualTo(3);
        assertThat(redis.exists("a", "b", "c")).isZero();
    }

    @Test
    void absoluteTimesAreUnixTimes() {
        redis.set("a", "1");
        long at = Instant.now().getEpochSecond() + 1000;

        assertThat(redis.expireat("a", at)).isTrue();
        assertThat(redis.expiretime("a")).isEqualTo(at);
        assertThat(redis.pexpiretime("a")).isEqualTo(at * 1000);

        assertThat(redis.pexpireat("a", at * 1000 + 499)).isTrue();
        assertThat(redis.expiretime("a")).isEqualTo(at);
        assertThat(redis.pexpireat("a", at * 1000 + 500)).isTrue();
        assertThat(redis.expiretime("a")).isEqualTo(at + 1);
    }

    @Test
    void ttlFamilyAnswersMinusOneWithoutTtlAndMinusTwoWithoutKey() throws Exception {
        redis.set("a", "1");
        RawClient raw = raw();

        for (String command : new String[] {"TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME"}) {
            assertThat(raw.command(command, "a").readReply()).isEqualTo(":-1\r\n");
            assertThat(raw.command(command, "missing").readReply()).isEqualTo(":-2\r\n");
        }
    }

    @Test
    void theLatestExpiryTimeIsAccepted() throws Exception {
        redis.set("a", "1");

        assertThat(redis.pexpireat("a", Long.MAX_VALUE)).isTrue();

        assertThat(redis.pexpiretime("a")).isEqualTo(Long.MAX_VALUE);
        assertThat(redis.expiretime("a")).isEqualTo(9223372036854776L);
        assertThat(redis.ttl("a")).isPositive();
    }

    @Test
    void nxSetsOnlyWithoutATimeToLiveAndXxOnlyWithOne() {
        redis.set("a", "1");

        assertThat(redis.expire("a", 100, ExpireArgs.Builder.xx())).isFalse();
        assertThat(redis.ttl("a")).isEqualTo(-1);
        assertThat(redis.expire("a", 100, ExpireArgs.Builder.nx())).isTrue();
        assertThat(redis.expire("a", 200, ExpireArgs.Builder.nx())).isFalse();
        assertThat(redis.expire("a", 200, ExpireArgs.Builder.xx())).isTrue();
        assertThat(redis.ttl("a")).isBetween(199L, 200L);
    }

    @Test
    void gtAndLtCompareWithTheCurrentExpiryWherePersistentMeansInfinite() {
        redis.set("a", "1");

        assertThat(redis.expire("a", 100, ExpireArgs.Builder.gt())).isFalse();
        assertThat(redis.expire("a", 100, ExpireArgs.Builder.lt())).isTrue();
        assertThat(redis.expire("a", 50, ExpireArgs.Builder.gt())).isFalse();
        assertThat(redis.expire("a", 200, ExpireArgs.Builder.gt())).isTrue();
        assertThat(redis.expire("a", 300, ExpireArgs.Builder.lt())).isFalse();
        assertThat(redis.expire("a", 150, ExpireArgs.Builder.lt())).isTrue();
        assertThat(redis.ttl("a")).isBetween(149L, 150L);
    }

    @Test
    void optionErrors() throws Exception {
        redis.set("a", "1");
        RawClient raw = raw();

        assertThat(raw.command("EXPIRE", "a", "10", "NX", "XX").readReply())
                .isEqualTo("-ERR NX and XX, GT or LT options at the same time are not compatible\r\n");
        assertThat(raw.command("EXPIRE", "a", "10", "gt", "nx").readReply())
                .isEqualTo("-ERR NX and XX, GT or LT options at the same time are not compatible\r\n");
        assertThat(raw.command("PEXPIRE", "a", "10", "GT", "LT").readReply())
                .isEqualTo("-ERR GT and LT options at the same time are not compatible\r\n");
        assertThat(raw.command("EXPIRE", "a", "10", "foo").readReply())
                .isEqualTo("-ERR Unsupported option foo\r\n");
        assertThat(raw.command("EXPIRE", "a", "abc", "foo").readReply())
                .isEqualTo("-ERR Unsupported option foo\r\n");
        assertThat(raw.command("EXPIRE", "a", "abc").readReply())
                .isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(raw.command("EXPIRE", "a", "10", "nx", "NX").readReply()).isEqualTo(":1\r\n");
        assertThat(raw.command("EXPIRE", "a", "10", "xx", "gt").readReply()).isEqualTo(":0\r\n");
    }

    @Test
    void expireTimesThatOverflowAreErrors() throws Exception {
        redis.set("a", "1");
        RawClient raw = raw();

        assertThat(raw.command("EXPIRE", "a", "9223372036854775807").readReply())
                .isEqualTo("-ERR invalid expire time in 'expire' command\r\n");
        assertThat(raw.command("EXPIRE", "a", "-9223372036854775808").readReply())
                .isEqualTo("-ERR invalid expire time in 'expire' command\r\n");
        assertThat(raw.command("PEXPIRE", "a", "9223372036854775000").readReply())
                .isEqualTo("-ERR invalid expire time in 'pexpire' command\r\n");
        assertThat(raw.command("EXPIREAT", "a", "9223372036854775807").readReply())
                .isEqualTo("-ERR invalid expire time in 'expireat' command\r\n");
        assertThat(raw.command("EXPIRE", "missing", "9223372036854775807").readReply())
                .isEqualTo("-ERR invalid expire time in 'expire' command\r\n");
        assertThat(redis.ttl("a")).isEqualTo(-1);
    }

    @Test
    void persistRemovesTheTimeToLive() throws Exception {
        redis.set("a", "1");
        redis.expire("a", 100);
        long before = changes();

        assertThat(redis.persist("a")).isTrue();
        assertThat(redis.persist("a")).isFalse();
        assertThat(redis.persist("missing")).isFalse();

        assertThat(changes() - before).isEqualTo(1);
        assertThat(redis.ttl("a")).isEqualTo(-1);
        Thread.sleep(10);
        assertThat(redis.get("a")).isEqualTo("1");
    }

    @Test
    void setDropsATimeToLive() {
        redis.set("a", "1");
        redis.expire("a", 100);

        redis.set("a", "2");

        assertThat(redis.ttl("a")).isEqualTo(-1);
    }
}
