package dev.cinnabar.persistence;

import dev.cinnabar.persistence.rdb.RdbLoader;
import dev.cinnabar.persistence.rdb.ValueLimits;
import dev.cinnabar.store.Database;
import dev.cinnabar.store.HashValue;
import dev.cinnabar.store.KeyValueStore;
import dev.cinnabar.store.KeyspaceClock;
import dev.cinnabar.store.ListValue;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A background save writes the keyspace as it was when BGSAVE ran, whatever the writes
 * interleaved with its slices did: changes in place, deletes, new keys, expiry changes,
 * FLUSHDB and SWAPDB.
 */
class BackgroundSaveTest {

    private static final int KEYS = 60_000;

    @TempDir
    Path dir;

    private final EventLoop loop = new DefaultEventLoop();

    @AfterEach
    void stopLoop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theFileHoldsTheKeyspaceAsItWasWhenTheSaveStarted() throws Exception {
        KeyValueStore store = new KeyValueStore(4, KeyspaceClock.SYSTEM);
        long future = System.currentTimeMillis() + 3_600_000;
        for (int i = 0; i < KEYS; i++) {
            Database db = store.database(i % 3);
            switch (i % 4) {
                case 0 -> db.put(bytes("s" + i), bytes("value-" + i));
                case 1 -> {
                    ListValue list = new ListValue(-2);
                    list.pushLast(bytes("a" + i));
                    db.put(bytes("l" + i), list);
                }
                case 2 -> {
                    HashValue hash = new HashValue();
                    hash.put(bytes("f"), bytes("v" + i), 512, 64);
                    db.put(bytes("h" + i), hash);
                }
                default -> db.put(bytes("t" + i), bytes("ttl"), future + i);
            }
        }
        Path file = dir.resolve("dump.rdb");
        CompletableFuture<Throwable> done = new CompletableFuture<>();
        Map<String, String> atStart = loop.submit(() -> {
            Map<String, String> expected = describe(store);
            new BackgroundSave(store, loop, file, true, done::complete).start(Map.of("redis-ver", "7.0.15"));
            return expected;
        }).get();

        Random random = new Random(5);
        AtomicInteger mutations = new AtomicInteger();
        while (!done.isDone()) {
            loop.submit(() -> {
                for (int n = 0; n < 50; n++) {
                    mutate(store, random, future);
                    mutations.incrementAndGet();
                }
            }).get();
        }
        assertThat(done.get(60, TimeUnit.SECONDS)).isNull();
        assertThat(mutations.get()).as("writes ran while the save did").isGreaterThan(100);
        loop.submit(() -> {
            store.swapDatabases(1, 2);
            store.database(0).clear();
        }).get();

        KeyValueStore loaded = new KeyValueStore(4, KeyspaceClock.SYSTEM);
        try (InputStream in = Files.newInputStream(file)) {
            RdbLoader.load(in, loaded, ValueLimits.redisDefaults(), System.currentTimeMillis(), true);
        }
        assertThat(describe(loaded)).isEqualTo(atStart);
        assertThat(Files.list(dir).map(p -> p.getFileName().toString())).containsExactly("dump.rdb");
    }

    private static void mutate(KeyValueStore store, Random random, long future) {
        Database db = store.database(random.nextInt(3));
        int i = random.nextInt(KEYS);
        switch (random.nextInt(12)) {
            case 0 -> db.put(bytes("s" + i), bytes("changed"));
            case 1 -> db.delete(bytes(prefix(i) + i));
            case 2 -> {
                if (db.get(bytes("l" + i)) instanceof ListValue list) {
                    list.pushFirst(bytes("pushed"));
                    db.signalModified(bytes("l" + i));
                }
            }
            case 3 -> {
                if (db.get(bytes("h" + i)) instanceof HashValue hash) {
                    hash.put(bytes("g"), bytes("new"), 512, 64);
                    db.signalModified(bytes("h" + i));
                }
            }
            case 4 -> db.put(bytes("new" + random.nextInt(1_000_000)), bytes("created"));
            case 5 -> db.setExpireAt(bytes(prefix(i) + i), future + 7);
            case 6 -> db.persist(bytes("t" + i));
            case 7 -> db.setExpireAt(bytes(prefix(i) + i), 1);
            case 8 -> {
                if (random.nextInt(500) == 0) {
                    store.swapDatabases(random.nextInt(3), random.nextInt(3));
                }
            }
            case 9 -> {
                if (random.nextInt(3000) == 0) {
                    db.clear();
                }
            }
            default -> db.get(bytes(prefix(i) + i));
        }
    }

    private static String prefix(int i) {
        return switch (i % 4) {
            case 0 -> "s";
            case 1 -> "l";
            case 2 -> "h";
            default -> "t";
        };
    }

    private static Map<String, String> describe(KeyValueStore store) {
        Map<String, String> keys = new TreeMap<>();
        for (int i = 0; i < store.databaseCount(); i++) {
            int index = i;
            store.database(i).forEachLive(entry -> {
                String value = entry.value() instanceof byte[] string ? new String(string, StandardCharsets.UTF_8)
                        : entry.value() instanceof ListValue list ? "list of " + list.size()
                        : "hash of " + ((HashValue) entry.value()).size();
                keys.put(index + ":" + new String(entry.key(), StandardCharsets.UTF_8), value + "@" + entry.expireAt());
            });
        }
        return keys;
    }
}
