package dev.cinnabar.store;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class SortedSetValueTest {

    private record Entry(String member, double score) {
    }

    private static final Comparator<Entry> ORDER = Comparator.comparingDouble(Entry::score)
            .thenComparing((a, b) -> Arrays.compareUnsigned(bytes(a.member()), bytes(b.member())));

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Random adds, score changes and removals against a TreeSet model, in both encodings. */
    @ParameterizedTest
    @ValueSource(longs = {0, 16, 128})
    void randomOperationsMatchAnOrderedModel(long maxPackedEntries) {
        Random random = new Random(42 + maxPackedEntries);
        SortedSetValue zset = new SortedSetValue(new SortedSetLimits(maxPackedEntries, 64));
        TreeSet<Entry> model = new TreeSet<>(ORDER);
        Map<String, Double> scores = new HashMap<>();
        for (int step = 0; step < 20_000; step++) {
            String member = "m" + random.nextInt(400);
            double score = random.nextInt(50) / 2.0;
            if (random.nextInt(3) == 0) {
                Double old = scores.remove(member);
                assertThat(zset.remove(bytes(member))).isEqualTo(old != null);
                if (old != null) {
                    model.remove(new Entry(member, old));
                }
            } else {
                Double old = scores.put(member, score);
                assertThat(zset.put(bytes(member), score)).isEqualTo(old == null);
                if (old != null) {
                    model.remove(new Entry(member, old));
                }
                model.add(new Entry(member, score));
            }
            if (step % 1000 == 0) {
                assertMatches(zset, model);
            }
        }
        assertMatches(zset, model);
        assertThat(zset.encoding()).isEqualTo(maxPackedEntries == 128 && model.size() <= 128 ? "listpack" : "skiplist");
    }

    private static void assertMatches(SortedSetValue zset, TreeSet<Entry> model) {
        assertThat(zset.size()).isEqualTo(model.size());
        List<Entry> expected = new ArrayList<>(model);
        List<Entry> forward = new ArrayList<>();
        if (!model.isEmpty()) {
            zset.visit(0, false, (member, from, length, score) ->
                    forward.add(new Entry(new String(member, from, length, StandardCharsets.UTF_8), score)));
        }
        assertThat(forward).isEqualTo(expected);
        for (int rank = 0; rank < expected.size(); rank += 7) {
            Entry entry = expected.get(rank);
            assertThat(zset.rank(bytes(entry.member()))).isEqualTo(rank);
            assertThat(new String(zset.memberAt(rank), StandardCharsets.UTF_8)).isEqualTo(entry.member());
            assertThat(zset.scoreAt(rank)).isEqualTo(entry.score());
            assertThat(zset.score(bytes(entry.member()))).isEqualTo(entry.score());
        }
        assertThat(zset.score(bytes("absent"))).isNaN();
        assertThat(zset.rank(bytes("absent"))).isEqualTo(-1);
        for (double bound = -1; bound < 26; bound += 1.5) {
            double limit = bound;
            long below = model.stream().filter(e -> e.score() < limit).count();
            assertThat(zset.countWhile((score, member, offset, length) -> score < limit)).isEqualTo((int) below);
        }
        if (expected.size() > 2) {
            List<Entry> backward = new ArrayList<>();
            zset.visit(expected.size() - 2, true, (member, from, length, score) ->
                    backward.add(new Entry(new String(member, from, length, StandardCharsets.UTF_8), score)));
            List<Entry> reversed = new ArrayList<>(expected.subList(0, expected.size() - 1));
            java.util.Collections.reverse(reversed);
            assertThat(backward).isEqualTo(reversed);
        }
    }

    @Test
    void convertsToSkipListWhenAMemberIsTooLongOrTheSetTooBig() {
        SortedSetLimits limits = new SortedSetLimits(3, 4);
        SortedSetValue zset = new SortedSetValue(limits);
        zset.put(bytes("a"), 1);
        zset.put(bytes("b"), 2);
        zset.put(bytes("c"), 3);
        assertThat(zset.encoding()).isEqualTo("listpack");
        zset.put(bytes("d"), 4);
        assertThat(zset.encoding()).isEqualTo("skiplist");

        SortedSetValue longMember = new SortedSetValue(limits);
        longMember.put(bytes("abcde"), 1);
        assertThat(longMember.encoding()).isEqualTo("skiplist");
        assertThat(SortedSetValue.forFirstMember(limits, 5).encoding()).isEqualTo("skiplist");
        assertThat(SortedSetValue.forFirstMember(new SortedSetLimits(0, 64), 1).encoding()).isEqualTo("skiplist");
    }

    @Test
    void minusZeroTiesWithZeroAndThePackedEncodingStoresItAsZero() {
        SortedSetValue packed = new SortedSetValue(new SortedSetLimits(128, 64));
        packed.put(bytes("b"), -0.0);
        packed.put(bytes("a"), 0.0);
        assertThat(packed.memberAt(0)).isEqualTo(bytes("a"));
        assertThat(1 / packed.score(bytes("b"))).isPositive();

        SortedSetValue big = SortedSetValue.forFirstMember(new SortedSetLimits(0, 64), 1);
        big.put(bytes("b"), -0.0);
        big.put(bytes("a"), 0.0);
        assertThat(big.memberAt(0)).isEqualTo(bytes("a"));
        assertThat(1 / big.score(bytes("b"))).isNegative();
    }

    @Test
    void scanReturnsEveryMemberPresentThroughoutAnIterationDespiteResizes() {
        SortedSetValue zset = new SortedSetValue(new SortedSetLimits(0, 64));
        for (int i = 0; i < 1000; i++) {
            zset.put(bytes("keep" + i), i);
        }
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        int step = 0;
        do {
            cursor = zset.scan(cursor, (member, from, length, score) -> {
                seen.add(new String(member, from, length, StandardCharsets.UTF_8));
                return true;
            });
            // grow, then shrink the index while the iteration runs
            if (step < 300) {
                zset.put(bytes("extra" + step), step);
            } else if (step < 600) {
                zset.remove(bytes("extra" + (step - 300)));
            }
            step++;
        } while (cursor != 0);
        for (int i = 0; i < 1000; i++) {
            assertThat(seen).contains("keep" + i);
        }
    }

    @Test
    void copyIsIndependent() {
        SortedSetValue zset = new SortedSetValue(new SortedSetLimits(0, 64));
        zset.put(bytes("a"), 1);
        SortedSetValue copy = zset.copy();
        copy.put(bytes("b"), 2);
        zset.remove(bytes("a"));
        assertThat(zset.size()).isZero();
        assertThat(copy.size()).isEqualTo(2);
        assertThat(copy.memoryUsage()).isPositive();
    }
}
