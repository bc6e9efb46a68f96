package dev.cinnabar.store;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseTest {

    private static final long START = 1_700_000_000_000L;

    /** A clock the test moves by hand. */
    private static final class ManualClock implements KeyspaceClock {
        long now = START;

        @Override
        public long now() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final KeyValueStore store = new KeyValueStore(16, clock);
    private final Database db = store.database(0);

    private static byte[] key(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] value(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private String valueOf(Database database, String name) {
        Object value = database.get(key(name));
        return value == null ? null : new String((byte[]) value, StandardCharsets.UTF_8);
    }

    /**
     * The expiry index holds exactly the entries with a time to live that are in the table,
     * each knowing its own slot.
     */
    private static void assertExpiryIndexConsistent(Database database) {
        ExpiringEntry[] expiring = (ExpiringEntry[]) read(database, "expiring");
        KeyTable table = (KeyTable) read(database, "table");
        Set<Entry> indexed = new HashSet<>();
        for (int slot = 0; slot < database.expiresCount(); slot++) {
            ExpiringEntry entry = expiring[slot];
            assertThat(entry.expiryIndexSlot).isEqualTo(slot);
            assertThat(table.find(entry.key, entry.hash)).isSameAs(entry);
            indexed.add(entry);
        }
        for (int slot = database.expiresCount(); slot < expiring.length; slot++) {
            assertThat(expiring[slot]).as("stale reference in slot %d", slot).isNull();
        }
        Set<Entry> withTtl = new HashSet<>();
        table.forEach(entry -> {
            if (entry instanceof ExpiringEntry) {
                withTtl.add(entry);
            }
        });
        assertThat(indexed).isEqualTo(withTtl);
    }

    private static Object read(Object owner, String fieldName) {
        try {
            Field field = owner.getClass().getDeclaredField(fieldName);
            field.setAccessible(true);
            return field.get(owner);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void putGetAndDelete() {
        db.put(key("k"), value("v"));
        assertThat(valueOf(db, "k")).isEqualTo("v");
        assertThat(db.exists(key("k"))).isTrue();
        assertThat(db.size()).isEqualTo(1);
        db.put(key("k"), value("w"));
        assertThat(valueOf(db, "k")).isEqualTo("w");
        assertThat(db.size()).isEqualTo(1);
        assertThat(db.remove(key("k"))).isEqualTo(value("w"));
        assertThat(db.remove(key("k"))).isNull();
        assertThat(db.delete(key("k"))).isFalse();
        assertThat(db.size()).isZero();
    }

    @Test
    void readCountsHitsAndMissesButGetDoesNot() {
        db.put(key("k"), value("v"));
        db.read(key("k"));
        db.read(key("k"));
        db.read(key("missing"));
        db.get(key("k"));
        db.get(key("missing"));
        assertThat(store.stats().hits()).isEqualTo(2);
        assertThat(store.stats().misses()).isEqualTo(1);
    }

    @Test
    void accessUpdatesTheAccessTime() {
        db.put(key("k"), value("v"));
        clock.now += 5_000;
        db.get(key("k"));
        assertThat(db.entry(key("k")).accessSeconds()).isEqualTo((int) (clock.now / 1000));
    }

    @Test
    void putWithAndWithoutTimeToLive() {
        db.put(key("plain"), value("1"));
        db.put(key("ttl"), value("2"), START + 1000);
        assertThat(db.expireAt(key("plain"))).isEqualTo(Entry.NO_EXPIRY);
        assertThat(db.expireAt(key("ttl"))).isEqualTo(START + 1000);
        assertThat(db.expireAt(key("missing"))).isEqualTo(-2);
        assertThat(db.expiresCount()).isEqualTo(1);
        assertExpiryIndexConsistent(db);

        db.put(key("ttl"), value("3"), START + 2000);
        assertThat(db.expireAt(key("ttl"))).isEqualTo(START + 2000);
        assertThat(valueOf(db, "ttl")).isEqualTo("3");
        assertThat(db.expiresCount()).isEqualTo(1);

        db.put(key("ttl"), value("4"));
        assertThat(db.expireAt(key("ttl"))).as("SET drops the TTL").isEqualTo(Entry.NO_EXPIRY);
        assertThat(valueOf(db, "ttl")).isEqualTo("4");
        assertThat(db.expiresCount()).isZero();
        assertExpiryIndexConsistent(db);

        db.put(key("plain"), value("5"), START + 3000);
        assertThat(db.expireAt(key("plain"))).isEqualTo(START + 3000);
        assertThat(db.expiresCount()).isEqualTo(1);
        assertThat(db.size()).isEqualTo(2);
        assertExpiryIndexConsistent(db);
    }

    @Test
    void keepTtlWritesKeepTheTimeToLive() {
        db.put(key("k"), value("v"), START + 1000);
        db.putKeepTtl(key("k"), value("w"));
        assertThat(db.expireAt(key("k"))).isEqualTo(START + 1000);
        db.replaceValue(db.entry(key("k")), value("x"));
        assertThat(db.expireAt(key("k"))).isEqualTo(START + 1000);
        assertThat(valueOf(db, "k")).isEqualTo("x");
        db.putKeepTtl(key("new"), value("n"));
        assertThat(db.expireAt(key("new"))).isEqualTo(Entry.NO_EXPIRY);
        assertExpiryIndexConsistent(db);
    }

    @Test
    void setExpireAtAndPersist() {
        db.put(key("k"), value("v"));
        assertThat(db.setExpireAt(key("missing"), START + 10)).isFalse();
        assertThat(db.persist(key("k"))).isFalse();
        assertThat(db.setExpireAt(key("k"), START + 1000)).isTrue();
        assertThat(db.expireAt(key("k"))).isEqualTo(START + 1000);
        assertThat(db.setExpireAt(key("k"), START + 2000)).isTrue();
        assertThat(db.expireAt(key("k"))).isEqualTo(START + 2000);
        assertThat(db.expiresCount()).isEqualTo(1);
        assertExpiryIndexConsistent(db);

        assertThat(db.persist(key("k"))).isTrue();
        assertThat(db.persist(key("k"))).isFalse();
        assertThat(db.expireAt(key("k"))).isEqualTo(Entry.NO_EXPIRY);
        assertThat(valueOf(db, "k")).isEqualTo("v");
        assertThat(db.expiresCount()).isZero();
        assertExpiryIndexConsistent(db);
    }

    @Test
    void aKeyLivesThroughItsExpiryMillisecondAndIsGoneAfterIt() {
        db.put(key("k"), value("v"), START + 100);
        clock.now = START + 100;
        assertThat(valueOf(db, "k")).isEqualTo("v");
        assertThat(db.expireAt(key("k"))).isEqualTo(START + 100);
        clock.now = START + 101;
        assertThat(db.exists(key("k"))).isFalse();
        assertThat(db.expireAt(key("k"))).isEqualTo(-2);
        assertThat(db.size()).isZero();
        assertThat(db.expiresCount()).isZero();
        assertThat(store.stats().expiredKeys()).isEqualTo(1);
        assertExpiryIndexConsistent(db);
    }

    @Test
    void everyAccessPathExpiresLazily() {
        String[] names = {"get", "read", "exists", "delete", "remove", "expireAt", "persist", "setExpireAt",
                "putKeepTtl", "put"};
        for (String name : names) {
            db.put(key(name), value("old"), START + 10);
        }
        clock.now = START + 11;
        assertThat(db.get(key("get"))).isNull();
        assertThat(db.read(key("read"))).isNull();
        assertThat(db.exists(key("exists"))).isFalse();
        assertThat(db.delete(key("delete"))).isFalse();
        assertThat(db.remove(key("remove"))).isNull();
        assertThat(db.expireAt(key("expireAt"))).isEqualTo(-2);
        assertThat(db.persist(key("persist"))).isFalse();
        assertThat(db.setExpireAt(key("setExpireAt"), START + 99_999)).isFalse();
        db.putKeepTtl(key("putKeepTtl"), value("new"));
        db.put(key("put"), value("new"));
        assertThat(db.expireAt(key("putKeepTtl"))).as("an expired TTL is not kept").isEqualTo(Entry.NO_EXPIRY);
        assertThat(db.expireAt(key("put"))).isEqualTo(Entry.NO_EXPIRY);
        assertThat(valueOf(db, "put")).isEqualTo("new");
        assertThat(db.size()).isEqualTo(2);
        assertThat(db.expiresCount()).isZero();
        assertThat(store.stats().expiredKeys()).isEqualTo(names.length);
        assertThat(store.stats().misses()).isEqualTo(1);
        assertExpiryIndexConsistent(db);
    }

    @Test
    void scanAndForEachLiveSkipExpiredKeys() {
        db.put(key("live"), value("1"));
        db.put(key("later"), value("2"), START + 1000);
        db.put(key("soon"), value("3"), START + 10);
        clock.now = START + 500;
        List<String> scanned = new ArrayList<>();
        long cursor = 0;
        do {
            cursor = db.scan(cursor, e -> scanned.add(new String(e.key(), StandardCharsets.UTF_8)));
        } while (cursor != 0);
        assertThat(scanned).containsExactlyInAnyOrder("live", "later");
        List<String> visited = new ArrayList<>();
        db.forEachLive(e -> visited.add(new String(e.key(), StandardCharsets.UTF_8)));
        assertThat(visited).containsExactlyInAnyOrder("live", "later");
    }

    @Test
    void randomKeyReturnsLiveKeysAndDeletesExpiredOnesItDraws() {
        assertThat(db.randomKey()).isNull();
        for (int i = 0; i < 50; i++) {
            db.put(key("gone" + i), value("x"), START + 1);
        }
        db.put(key("live"), value("x"));
        clock.now = START + 2;
        for (int i = 0; i < 20; i++) {
            assertThat(db.randomKey()).isEqualTo(key("live"));
        }
        assertExpiryIndexConsistent(db);
    }

    @Test
    void randomKeyOfADatabaseOfOnlyExpiredKeysEndsEmpty() {
        for (int i = 0; i < 30; i++) {
            db.put(key("gone" + i), value("x"), START + 1);
        }
        clock.now = START + 2;
        assertThat(db.randomKey()).isNull();
        assertThat(db.size()).isZero();
        assertThat(db.expiresCount()).isZero();
    }

    @Test
    void theExpiryIndexStaysConsistentUnderRandomOperations() {
        Random random = new Random(42);
        for (int op = 0; op < 30_000; op++) {
            byte[] k = key("k" + random.nextInt(500));
            switch (random.nextInt(8)) {
                case 0 -> db.put(k, value("p"));
                case 1 -> db.put(k, value("t"), clock.now + random.nextInt(2000));
                case 2 -> db.setExpireAt(k, clock.now + random.nextInt(2000));
                case 3 -> db.persist(k);
                case 4 -> db.delete(k);
                case 5 -> db.putKeepTtl(k, value("kept"));
                case 6 -> db.expireSample(5);
                default -> clock.now += random.nextInt(20);
            }
            if (op % 1000 == 0) {
                assertExpiryIndexConsistent(db);
            }
        }
        assertExpiryIndexConsistent(db);
        assertThat(((ExpiringEntry[]) read(db, "expiring")).length)
                .as("the index shrinks as keys leave it").isLessThanOrEqualTo(Math.max(64, db.expiresCount() * 4));
    }

    @Test
    void expireSampleDeletesOnlyExpiredKeys() {
        for (int i = 0; i < 100; i++) {
            db.put(key("old" + i), value("x"), START + 10);
            db.put(key("new" + i), value("x"), START + 10_000);
            db.put(key("plain" + i), value("x"));
        }
        clock.now = START + 11;
        int deleted = 0;
        for (int round = 0; round < 1000 && db.size() > 200; round++) {
            deleted += db.expireSample(20);
        }
        assertThat(deleted).isEqualTo(100);
        assertThat(db.size()).isEqualTo(200);
        assertThat(db.expiresCount()).isEqualTo(100);
        assertThat(store.stats().expiredKeys()).isEqualTo(100);
        assertExpiryIndexConsistent(db);
    }

    @Test
    void activeExpiryCycleDeletesExpiredKeysNobodyTouches() {
        Database other = store.database(9);
        for (int i = 0; i < 2000; i++) {
            db.put(key("old" + i), value("x"), START + 10);
            other.put(key("old" + i), value("x"), START + 10);
        }
        db.put(key("live"), value("x"), START + 60_000);
        db.put(key("plain"), value("x"));
        clock.now = START + 11;
        ActiveExpiryCycle cycle = new ActiveExpiryCycle(store, null);
        // One cycle stops at its time budget, so a slow machine may need a few.
        for (int run = 0; run < 100 && store.totalKeys() > 2; run++) {
            cycle.runOnce();
        }
        assertThat(db.size()).isEqualTo(2);
        assertThat(other.size()).isZero();
        assertThat(db.expiresCount()).isEqualTo(1);
        assertThat(store.stats().expiredKeys()).isEqualTo(4000);
        assertExpiryIndexConsistent(db);
        assertExpiryIndexConsistent(other);
    }

    @Test
    void swapDatabasesExchangesKeysAndExpiries() {
        Database first = store.database(0);
        Database second = store.database(1);
        first.put(key("a"), value("in0"), START + 100);
        first.put(key("b"), value("in0"));
        second.put(key("c"), value("in1"));

        store.swapDatabases(0, 1);

        assertThat(first.index()).isZero();
        assertThat(valueOf(first, "c")).isEqualTo("in1");
        assertThat(first.get(key("a"))).isNull();
        assertThat(first.expiresCount()).isZero();
        assertThat(valueOf(second, "a")).isEqualTo("in0");
        assertThat(second.expireAt(key("a"))).isEqualTo(START + 100);
        assertThat(second.expiresCount()).isEqualTo(1);
        assertExpiryIndexConsistent(first);
        assertExpiryIndexConsistent(second);

        clock.now = START + 101;
        assertThat(second.get(key("a"))).isNull();
        assertThat(second.expiresCount()).isZero();
        assertThat(second.size()).isEqualTo(1);

        store.swapDatabases(1, 1);
        assertThat(valueOf(second, "b")).isEqualTo("in0");
    }

    @Test
    void clearAndFlushAllEmptyKeysAndExpiries() {
        db.put(key("a"), value("1"), START + 100);
        db.put(key("b"), value("2"));
        store.database(3).put(key("c"), value("3"));
        assertThat(db.clear()).isEqualTo(2);
        assertThat(db.size()).isZero();
        assertThat(db.expiresCount()).isZero();
        assertExpiryIndexConsistent(db);
        db.put(key("a"), value("again"), START + 100);
        assertThat(db.expiresCount()).isEqualTo(1);
        assertThat(store.flushAll()).isEqualTo(2);
        assertThat(store.totalKeys()).isZero();
    }

    @Test
    void manyKeysSurviveGrowthShrinkAndTheirTtls() {
        Map<String, Long> expected = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            long expireAt = i % 3 == 0 ? START + 1000 + i : Entry.NO_EXPIRY;
            db.put(key("m" + i), value("v" + i), expireAt);
            expected.put("m" + i, expireAt);
        }
        for (int i = 0; i < 20_000; i += 2) {
            db.delete(key("m" + i));
            expected.remove("m" + i);
        }
        for (Map.Entry<String, Long> e : expected.entrySet()) {
            assertThat(db.expireAt(key(e.getKey()))).isEqualTo(e.getValue());
            assertThat(valueOf(db, e.getKey())).isEqualTo("v" + e.getKey().substring(1));
        }
        assertThat(db.size()).isEqualTo(expected.size());
        assertThat(db.expiresCount()).isEqualTo((int) expected.values().stream().filter(t -> t >= 0).count());
        assertExpiryIndexConsistent(db);
    }

    @Test
    void anEntryWithoutTimeToLiveCarriesNoExpiryField() {
        assertThat(instanceFields(Entry.class)).containsExactlyInAnyOrder(
                "byte[] key", "int hash", "Object value", "Entry next", "int accessSeconds");
        assertThat(instanceFields(ExpiringEntry.class)).containsExactlyInAnyOrder(
                "long expireAt", "int expiryIndexSlot");
        db.put(key("plain"), value("v"));
        db.put(key("ttl"), value("v"), START + 1);
        assertThat(db.entry(key("plain")).getClass()).isEqualTo(Entry.class);
        assertThat(db.entry(key("ttl")).getClass()).isEqualTo(ExpiringEntry.class);
    }

    private static List<String> instanceFields(Class<?> type) {
        return Arrays.stream(type.getDeclaredFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers()))
                .map(f -> f.getType().getSimpleName() + " " + f.getName())
                .toList();
    }
}
