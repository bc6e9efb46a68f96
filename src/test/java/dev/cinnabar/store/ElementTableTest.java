package dev.cinnabar.store;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ElementTableTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void putFindAndRemoveAgreeWithAHashMapThroughGrowthAndShrinking() {
        ElementTable table = new ElementTable(true, 0);
        Map<String, String> model = new HashMap<>();
        Random random = new Random(7);
        for (int step = 0; step < 200_000; step++) {
            String field = "f" + random.nextInt(5_000);
            if (random.nextInt(3) == 0) {
                assertThat(table.remove(bytes(field))).isEqualTo(model.remove(field) != null);
            } else {
                String value = "v" + step;
                assertThat(table.put(bytes(field), bytes(value))).isEqualTo(model.put(field, value) == null);
            }
        }
        assertThat(table.size()).isEqualTo(model.size());
        Map<String, String> contents = new HashMap<>();
        for (int i = 0; i < table.size(); i++) {
            contents.put(text(table.element(i)), text(table.value(i)));
        }
        assertThat(contents).isEqualTo(model);
        for (String field : model.keySet()) {
            assertThat(text(table.value(table.find(bytes(field))))).isEqualTo(model.get(field));
        }
        assertThat(table.find(bytes("absent"))).isEqualTo(-1);
    }

    @Test
    void removingAlmostEverythingShrinksTheBuckets() {
        ElementTable table = new ElementTable(false, 0);
        for (int i = 0; i < 10_000; i++) {
            table.add(bytes("m" + i), null);
        }
        int grown = table.bucketCount();
        for (int i = 0; i < 9_990; i++) {
            assertThat(table.remove(bytes("m" + i))).isTrue();
        }
        assertThat(grown).isGreaterThanOrEqualTo(10_000);
        assertThat(table.bucketCount()).isLessThanOrEqualTo(64);
        for (int i = 9_990; i < 10_000; i++) {
            assertThat(table.find(bytes("m" + i))).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void aFullScanVisitsEveryElementOnceWhenNothingChanges() {
        ElementTable table = new ElementTable(false, 0);
        for (int i = 0; i < 1000; i++) {
            table.add(bytes("m" + i), null);
        }
        List<String> seen = new ArrayList<>();
        long cursor = 0;
        do {
            cursor = table.scan(cursor, index -> seen.add(text(table.element(index))));
        } while (cursor != 0);
        assertThat(seen).hasSize(1000).doesNotHaveDuplicates();
    }

    @Test
    void scanReturnsEveryElementPresentThroughoutWhileTheTableGrows() {
        ElementTable table = new ElementTable(false, 0);
        Set<String> stable = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            table.add(bytes("stable" + i), null);
            stable.add("stable" + i);
        }
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        int added = 0;
        do {
            cursor = table.scan(cursor, index -> seen.add(text(table.element(index))));
            for (int i = 0; i < 50 && added < 20_000; i++) {
                table.add(bytes("new" + added++), null);
            }
        } while (cursor != 0);
        assertThat(table.bucketCount()).isGreaterThan(1024);
        assertThat(seen).containsAll(stable);
    }

    @Test
    void scanReturnsEveryElementPresentThroughoutWhileTheTableShrinks() {
        ElementTable table = new ElementTable(false, 0);
        Set<String> stable = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            table.add(bytes("stable" + i), null);
            stable.add("stable" + i);
        }
        for (int i = 0; i < 20_000; i++) {
            table.add(bytes("doomed" + i), null);
        }
        int largest = table.bucketCount();
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        int removed = 0;
        do {
            cursor = table.scan(cursor, index -> seen.add(text(table.element(index))));
            for (int i = 0; i < 200 && removed < 20_000; i++) {
                table.remove(bytes("doomed" + removed++));
            }
        } while (cursor != 0);
        assertThat(table.bucketCount()).isLessThan(largest / 64);
        assertThat(seen).containsAll(stable);
    }

    @Test
    void scanSurvivesGrowingAndShrinkingInOneIteration() {
        Random random = new Random(11);
        for (int round = 0; round < 20; round++) {
            ElementTable table = new ElementTable(false, 0);
            Set<String> stable = new HashSet<>();
            for (int i = 0; i < 50; i++) {
                table.add(bytes("stable" + i), null);
                stable.add("stable" + i);
            }
            List<String> churn = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            long cursor = 0;
            int next = 0;
            int steps = 0;
            do {
                cursor = table.scan(cursor, index -> seen.add(text(table.element(index))));
                if (++steps > 200) {
                    continue; // the churn stops so that the iteration can finish
                }
                int adds = random.nextInt(400);
                for (int i = 0; i < adds; i++) {
                    String member = "churn" + next++;
                    table.add(bytes(member), null);
                    churn.add(member);
                }
                int removes = random.nextInt(churn.size() + 1);
                for (int i = 0; i < removes; i++) {
                    table.remove(bytes(churn.remove(churn.size() - 1)));
                }
            } while (cursor != 0);
            assertThat(seen).containsAll(stable);
        }
    }

    @Test
    void aCopySharesNothingThatLaterChangesReach() {
        ElementTable table = new ElementTable(true, 0);
        table.put(bytes("a"), bytes("1"));
        ElementTable copy = table.copy();
        table.put(bytes("a"), bytes("2"));
        table.put(bytes("b"), bytes("3"));
        assertThat(copy.size()).isEqualTo(1);
        assertThat(text(copy.value(copy.find(bytes("a"))))).isEqualTo("1");
    }
}
