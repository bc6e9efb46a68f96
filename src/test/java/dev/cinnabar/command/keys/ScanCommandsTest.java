package dev.cinnabar.command.keys;

import dev.cinnabar.store.Database;
import dev.cinnabar.support.RawClient;
import dev.cinnabar.support.ListLikeValue;
import dev.cinnabar.support.ServerTest;
import io.lettuce.core.KeyScanArgs;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ScanCommandsTest extends ServerTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private void putKeys(String prefix, int count) throws Exception {
        onKeyspace(() -> {
            Database db = store.database(0);
            for (int i = 0; i < count; i++) {
                db.put(bytes(prefix + i), bytes("v"));
            }
            return null;
        });
    }

    private Set<String> scanAll(ScanArgs args) {
        Set<String> keys = new HashSet<>();
        KeyScanCursor<String> cursor = redis.scan(ScanCursor.INITIAL, args);
        keys.addAll(cursor.getKeys());
        while (!cursor.isFinished()) {
            cursor = redis.scan(cursor, args);
            keys.addAll(cursor.getKeys());
        }
        return keys;
    }

    @Test
    void keysMatchesGlobPatterns() throws Exception {
        redis.set("hello", "1");
        redis.set("hallo", "1");
        redis.set("hxllo", "1");
        redis.set("heeeello", "1");
        redis.set("h*llo", "1");

        assertThat(redis.keys("*")).hasSize(5);
        assertThat(redis.keys("h?llo")).containsExactlyInAnyOrder("hello", "hallo", "hxllo", "h*llo");
        assertThat(redis.keys("h*llo")).containsExactlyInAnyOrder("hello", "hallo", "hxllo", "heeeello", "h*llo");
        assertThat(redis.keys("h[ae]llo")).containsExactlyInAnyOrder("hello", "hallo");
        assertThat(redis.keys("h[^e]llo")).containsExactlyInAnyOrder("hallo", "hxllo", "h*llo");
        assertThat(redis.keys("h[a-b]llo")).containsExactly("hallo");
        assertThat(redis.keys("h\\*llo")).containsExactly("h*llo");
        assertThat(redis.keys("hello")).containsExactly("hello");
        assertThat(redis.keys("nothing")).isEmpty();
    }

    @Test
    void keysSkipsExpiredKeys() throws Exception {
        redis.set("a", "1");
        redis.set("b", "1");
        redis.pexpire("b", 50);
        Thread.sleep(120);

        assertThat(redis.keys("*")).containsExactly("a");
        assertThat(redis.keys("b")).isEmpty();
    }

    @Test
    void keysReplyIsAnArrayOfBulkStrings() throws Exception {
        redis.set("k", "1");

        assertThat(raw().command("KEYS", "k*").readReply()).isEqualTo("*1\r\n$1\r\nk\r\n");
        assertThat(raw().command("KEYS", "x*").readReply()).isEqualTo("*0\r\n");
    }

    @Test
    void aFullScanReturnsEveryKey() throws Exception {
        putKeys("key:", 1000);

        Set<String> keys = scanAll(ScanArgs.Builder.limit(7));

        assertThat(keys).hasSize(1000);
    }

    @Test
    void scanFiltersByPatternAndType() throws Exception {
        putKeys("a:", 50);
        putKeys("b:", 50);
        onKeyspace(() -> {
            store.database(0).put(bytes("a:list"), new ListLikeValue(List.of("x")));
            return null;
        });

        assertThat(scanAll(ScanArgs.Builder.matches("a:*"))).hasSize(51).allMatch(key -> key.startsWith("a:"));
        assertThat(scanAll(KeyScanArgs.Builder.type("list"))).containsExactly("a:list");
        assertThat(scanAll(KeyScanArgs.Builder.type("STRING").match("b:1*"))).hasSize(11);
    }

    @Test
    void scanCountIsAHintOfHowMuchWorkOneCallDoes() throws Exception {
        putKeys("key:", 1000);

        KeyScanCursor<String> small = redis.scan(ScanArgs.Builder.limit(1));
        KeyScanCursor<String> large = redis.scan(ScanArgs.Builder.limit(2000));

        assertThat(small.getKeys()).hasSizeLessThan(20);
        assertThat(small.isFinished()).isFalse();
        assertThat(large.getKeys()).hasSize(1000);
        assertThat(large.isFinished()).isTrue();
    }

    @Test
    void scanReplyHasTheCursorAsABulkString() throws Exception {
        RawClient raw = raw();
        assertThat(raw.command("SCAN", "0").readReply()).isEqualTo("*2\r\n$1\r\n0\r\n*0\r\n");
        redis.set("k", "1");
        assertThat(raw.command("SCAN", "0").readReply()).isEqualTo("*2\r\n$1\r\n0\r\n*1\r\n$1\r\nk\r\n");
        assertThat(raw.command("SCAN", "").readReply()).isEqualTo("*2\r\n$1\r\n0\r\n*1\r\n$1\r\nk\r\n");
        assertThat(raw.command("SCAN", "18446744073709551615").readReply()).startsWith("*2\r\n");
    }

    @Test
    void scanErrors() throws Exception {
        RawClient raw = raw();

        assertThat(raw.command("SCAN", "abc").readReply()).isEqualTo("-ERR invalid cursor\r\n");
        assertThat(raw.command("SCAN", " 1").readReply()).isEqualTo("-ERR invalid cursor\r\n");
        assertThat(raw.command("SCAN", "18446744073709551616").readReply()).isEqualTo("-ERR invalid cursor\r\n");
        assertThat(raw.command("SCAN", "0", "COUNT", "0").readReply()).isEqualTo("-ERR syntax error\r\n");
        assertThat(raw.command("SCAN", "0", "COUNT", "x").readReply())
                .isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(raw.command("SCAN", "0", "MATCH").readReply()).isEqualTo("-ERR syntax error\r\n");
        assertThat(raw.command("SCAN", "0", "FOO", "bar").readReply()).isEqualTo("-ERR syntax error\r\n");
        assertThat(raw.command("SCAN", "0", "TYPE", "nosuchtype").readReply())
                .isEqualTo("*2\r\n$1\r\n0\r\n*0\r\n");
    }

    /**
     * Redis's guarantee: a key present from the start to the end of a full iteration is
     * returned, even while other keys come and go and the table grows and shrinks (and so
     * rehashes) between the calls.
     */
    @Test
    void scanReturnsEveryKeyPresentThroughoutWhileKeysComeAndGo() throws Exception {
        int stableCount = 2000;
        putKeys("stable:", stableCount);
        Deque<String> churn = new ArrayDeque<>();
        int[] nextChurn = {0};
        Set<String> returned = new HashSet<>();
        int calls = 0;

        KeyScanCursor<String> cursor = redis.scan(ScanArgs.Builder.limit(10));
        returned.addAll(cursor.getKeys());
        while (!cursor.isFinished()) {
            boolean growing = calls < 80;
            onKeyspace(() -> {
                Database db = store.database(0);
                int adds = growing ? 400 : 40;
                int removals = growing ? 100 : 500;
                for (int i = 0; i < adds; i++) {
                    String key = "churn:" + nextChurn[0]++;
                    db.put(bytes(key), bytes("v"));
                    churn.addLast(key);
                }
                for (int i = 0; i < removals && !churn.isEmpty(); i++) {
                    db.delete(bytes(churn.removeFirst()));
                }
                return null;
            });
            cursor = redis.scan(cursor, ScanArgs.Builder.limit(10));
            returned.addAll(cursor.getKeys());
            calls++;
            assertThat(calls).as("scan calls").isLessThan(100_000);
        }

        List<String> missing = new ArrayList<>();
        for (int i = 0; i < stableCount; i++) {
            if (!returned.contains("stable:" + i)) {
                missing.add("stable:" + i);
            }
        }
        assertThat(missing).isEmpty();
        assertThat(calls).as("the iteration spanned growth and shrinking").isGreaterThan(80);
    }
}
