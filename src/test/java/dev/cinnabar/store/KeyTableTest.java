package dev.cinnabar.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class KeyTableTest {

    private final KeyTable table = new KeyTable();

    private static Entry entry(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        return new Entry(bytes, KeyHasher.hash(bytes), key, 0);
    }

    private Entry find(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        return table.find(bytes, KeyHasher.hash(bytes));
    }

    private static String name(Entry entry) {
        return new String(entry.key, StandardCharsets.UTF_8);
    }

    /** Whether a resize is in progress; read reflectively so the table needs no test-only API. */
    private boolean rehashing() {
        return field("target") != null;
    }

    private int buckets() {
        return ((Entry[]) field("main")).length;
    }

    private Object field(String name) {
        try {
            Field field = KeyTable.class.getDeclaredField(name);
            field.setAccessible(true);
            return field.get(table);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void findsEveryKeyWhileGrowingAndShrinking() {
        List<String> keys = new ArrayList<>();
        boolean sawRehash = false;
        for (int i = 0; i < 5000; i++) {
            String key = "key:" + i;
            keys.add(key);
            table.add(entry(key));
            sawRehash |= rehashing();
            assertThat(table.size()).isEqualTo(i + 1);
            if (i % 97 == 0) {
                for (String present : keys) {
                    assertThat(find(present)).as(present).isNotNull();
                }
            }
        }
        assertThat(sawRehash).isTrue();
        int grownBuckets = buckets();
        assertThat(grownBuckets).isGreaterThanOrEqualTo(4096);

        Collections.shuffle(keys, new Random(1));
        boolean sawShrinkInProgress = false;
        for (int i = 0; i < keys.size(); i++) {
            assertThat(table.remove(find(keys.get(i)))).isTrue();
            sawShrinkInProgress |= rehashing();
            assertThat(find(keys.get(i))).isNull();
            if (i % 89 == 0) {
                for (String remaining : keys.subList(i + 1, keys.size())) {
                    assertThat(find(remaining)).as(remaining).isNotNull();
                }
            }
        }
        assertThat(sawShrinkInProgress).isTrue();
        assertThat(table.size()).isZero();
        assertThat(buckets()).isLessThan(grownBuckets);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void behavesLikeAMapUnderRandomOperations(int seed) {
        Random random = new Random(seed);
        Map<String, Entry> model = new HashMap<>();
        for (int op = 0; op < 40_000; op++) {
            // Phases of mostly adding and mostly removing, so the table both grows and shrinks.
            boolean adding = (op / 5000) % 2 == 0 ? random.nextInt(10) < 8 : random.nextInt(10) < 2;
            String key = "k" + random.nextInt(6000);
            Entry existing = model.get(key);
            if (adding && existing == null) {
                Entry created = entry(key);
                table.add(created);
                model.put(key, created);
            } else if (!adding && existing != null) {
                assertThat(table.remove(existing)).isTrue();
                model.remove(key);
            } else if (existing != null && random.nextBoolean()) {
                Entry replacement = entry(key);
                table.replace(existing, replacement);
                model.put(key, replacement);
            }
            assertThat(find(key)).isSameAs(model.get(key));
            assertThat(table.size()).isEqualTo(model.size());
        }
        for (Map.Entry<String, Entry> expected : model.entrySet()) {
            assertThat(find(expected.getKey())).isSameAs(expected.getValue());
        }
        Set<Entry> visited = new HashSet<>();
        table.forEach(visited::add);
        assertThat(visited).containsExactlyInAnyOrderElementsOf(model.values());
    }

    @Test
    void removingAnEntryThatIsNotInTheTableChangesNothing() {
        table.add(entry("a"));
        assertThat(table.remove(entry("a"))).isFalse();
        assertThat(table.size()).isEqualTo(1);
        assertThat(find("a")).isNotNull();
    }

    @Test
    void replaceKeepsTheRestOfTheChainDuringARehash() {
        for (int i = 0; i < 5; i++) {
            table.add(entry("r" + i));
        }
        assertThat(rehashing()).isTrue();
        for (int i = 0; i < 5; i++) {
            Entry old = find("r" + i);
            Entry replacement = entry("r" + i);
            table.replace(old, replacement);
            assertThat(find("r" + i)).isSameAs(replacement);
        }
        for (int i = 0; i < 5; i++) {
            assertThat(find("r" + i)).isNotNull();
        }
        assertThat(table.size()).isEqualTo(5);
    }

    @Test
    void scanOfAnEmptyTableEndsAtOnce() {
        assertThat(table.scan(0, e -> {
            throw new AssertionError("visited " + name(e));
        })).isZero();
    }

    @Test
    void scanOfAStableTableReturnsEachKeyExactlyOnce() {
        for (int i = 0; i < 1000; i++) {
            table.add(entry("s" + i));
        }
        assertScanVisitsEachKeyOnce(1000);
    }

    @Test
    void scanOfATableFrozenMidRehashReturnsEachKeyExactlyOnce() {
        int count = 0;
        while (!rehashing() || count < 100) {
            table.add(entry("f" + count++));
        }
        assertThat(rehashing()).isTrue();
        assertScanVisitsEachKeyOnce(count);
        assertThat(rehashing()).as("scan must not move buckets").isTrue();
    }

    private void assertScanVisitsEachKeyOnce(int expected) {
        List<String> visited = new ArrayList<>();
        long cursor = 0;
        do {
            cursor = table.scan(cursor, e -> visited.add(name(e)));
        } while (cursor != 0);
        assertThat(visited).hasSize(expected).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @ValueSource(ints = {11, 12, 13, 14, 15, 16, 17, 18})
    void scanReturnsEveryKeyPresentForTheWholeIterationWhileTheTableChanges(int seed) {
        Random random = new Random(seed);
        Map<String, Entry> present = new HashMap<>();
        int nextName = 0;
        int initial = 50 + random.nextInt(3000);
        for (int i = 0; i < initial; i++) {
            String key = "i" + nextName++;
            Entry created = entry(key);
            table.add(created);
            present.put(key, created);
        }
        Set<String> presentThroughout = new HashSet<>(present.keySet());
        Set<String> everPresent = new HashSet<>(present.keySet());
        Set<String> seen = new HashSet<>();
        // Grow to several times the initial size, then shrink to a tenth of it, and so on, so
        // that the table is resized (both ways) while the iteration is under way.
        boolean growing = random.nextBoolean();
        boolean scannedDuringRehash = false;
        long cursor = 0;
        do {
            scannedDuringRehash |= rehashing();
            cursor = table.scan(cursor, e -> seen.add(name(e)));
            if (growing && present.size() > initial * 4) {
                growing = false;
            } else if (!growing && present.size() < initial / 10) {
                growing = true;
            }
            int changes = random.nextInt(12);
            for (int c = 0; c < changes; c++) {
                if (growing || present.isEmpty()) {
                    String key = "n" + nextName++;
                    Entry created = entry(key);
                    table.add(created);
                    present.put(key, created);
                    everPresent.add(key);
                } else {
                    String victim = present.keySet().iterator().next();
                    assertThat(table.remove(present.remove(victim))).isTrue();
                    presentThroughout.remove(victim);
                }
            }
            // Lookups advance the incremental rehash too.
            find("absent");
        } while (cursor != 0);

        assertThat(scannedDuringRehash).isTrue();
        assertThat(seen).containsAll(presentThroughout);
        assertThat(everPresent).containsAll(seen);
    }

    @Test
    void randomEntryIsNullWhenEmptyAndEventuallyReturnsEveryKey() {
        assertThat(table.randomEntry()).isNull();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            table.add(entry("x" + i));
            keys.add("x" + i);
        }
        Set<String> drawn = new HashSet<>();
        for (int i = 0; i < 20_000 && drawn.size() < keys.size(); i++) {
            drawn.add(name(table.randomEntry()));
        }
        assertThat(drawn).isEqualTo(keys);
    }

    @Test
    void randomEntryFindsKeysInBothTablesDuringARehash() {
        int count = 0;
        while (!rehashing() || count < 64) {
            table.add(entry("z" + count++));
        }
        // Move some buckets, but not all, into the new table.
        for (int i = 0; i < 3; i++) {
            find("absent");
        }
        assertThat(rehashing()).isTrue();
        Set<String> drawn = new HashSet<>();
        for (int i = 0; i < 100_000 && drawn.size() < count; i++) {
            Entry chosen = table.randomEntry();
            assertThat(chosen).isNotNull();
            drawn.add(name(chosen));
        }
        assertThat(drawn).hasSize(count);
    }

    @Test
    void clearEmptiesTheTable() {
        for (int i = 0; i < 100; i++) {
            table.add(entry("c" + i));
        }
        table.clear();
        assertThat(table.size()).isZero();
        assertThat(find("c1")).isNull();
        assertThat(rehashing()).isFalse();
        table.add(entry("c1"));
        assertThat(find("c1")).isNotNull();
    }
}
