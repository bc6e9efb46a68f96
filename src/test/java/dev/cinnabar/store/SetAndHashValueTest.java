package dev.cinnabar.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class SetAndHashValueTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "-1", "9223372036854775807", "-9223372036854775808", "42"})
    void integersAsRedisWritesThemAreIntsetMembers(String member) {
        assertThat(IntSet.isInteger(bytes(member))).isTrue();
        assertThat(Long.toString(IntSet.parse(bytes(member)))).isEqualTo(member);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "-0", "01", "+1", " 1", "1 ", "1.0", "9223372036854775808",
            "-9223372036854775809", "12345678901234567890", "0x1", "1e3"})
    void otherTextIsNot(String member) {
        assertThat(IntSet.isInteger(bytes(member))).isFalse();
    }

    @Test
    void aSetOfIntegersStaysAnIntsetUpToTheLimitThenBecomesAHashtableForGood() {
        SetValue set = SetValue.forFirstMember(bytes("3"));
        for (int i = 0; i < 4; i++) {
            set.add(bytes(Integer.toString(i)), 4);
        }
        assertThat(set.encoding()).isEqualTo("intset");
        assertThat(text(set.member(0))).isEqualTo("0");
        set.add(bytes("4"), 4);
        assertThat(set.encoding()).isEqualTo("hashtable");
        set.remove(bytes("4"));
        set.remove(bytes("3"));
        assertThat(set.encoding()).isEqualTo("hashtable");
        assertThat(set.size()).isEqualTo(3);
        assertThat(set.contains(bytes("2"))).isTrue();
    }

    @Test
    void aNonIntegerMemberConvertsAnIntsetAndKeepsItsMembers() {
        SetValue set = SetValue.forFirstMember(bytes("1"));
        set.add(bytes("1"), 512);
        set.add(bytes("-7"), 512);
        set.add(bytes("x"), 512);
        assertThat(set.encoding()).isEqualTo("hashtable");
        assertThat(set.contains(bytes("-7"))).isTrue();
        assertThat(set.contains(bytes("1"))).isTrue();
        assertThat(set.contains(bytes("x"))).isTrue();
        assertThat(SetValue.forFirstMember(bytes("01")).encoding()).isEqualTo("hashtable");
    }

    @Test
    void popRandomRemovesDistinctMembersInBothEncodings() {
        for (String prefix : new String[] {"", "m"}) {
            SetValue set = SetValue.forFirstMember(bytes(prefix + "0"));
            for (int i = 0; i < 100; i++) {
                set.add(bytes(prefix + i), 512);
            }
            List<byte[]> popped = set.popRandom(60);
            Set<String> poppedText = new HashSet<>();
            popped.forEach(member -> poppedText.add(text(member)));
            assertThat(poppedText).hasSize(60);
            assertThat(set.size()).isEqualTo(40);
            for (String member : poppedText) {
                assertThat(set.contains(bytes(member))).isFalse();
            }
        }
    }

    @Test
    void distinctIndexesAreDistinctAndUniform() {
        SplittableRandom random = new SplittableRandom(3);
        for (int[] sizeAndCount : new int[][] {{10, 9}, {1000, 3}, {50, 25}, {5, 5}}) {
            int[] chosen = RandomIndexes.distinct(sizeAndCount[0], sizeAndCount[1], random);
            assertThat(chosen).hasSize(sizeAndCount[1]).doesNotHaveDuplicates();
            assertThat(java.util.Arrays.stream(chosen).allMatch(index -> index >= 0 && index < sizeAndCount[0]))
                    .isTrue();
        }
        int[] hits = new int[10];
        int draws = 100_000;
        for (int i = 0; i < draws; i++) {
            for (int index : RandomIndexes.distinct(10, 2, random)) {
                hits[index]++;
            }
            for (int index : RandomIndexes.distinct(10, 8, random)) {
                hits[index]++;
            }
        }
        double expected = draws * 10 / 10.0;
        for (int hit : hits) {
            assertThat(Math.abs(hit - expected) / expected).isLessThan(0.02);
        }
    }

    @Test
    void aHashIsAListpackUntilAnEntryOrAValueIsTooBig() {
        HashValue hash = new HashValue();
        for (int i = 0; i < 3; i++) {
            hash.put(bytes("f" + i), bytes("v"), 3, 8);
        }
        assertThat(hash.encoding()).isEqualTo("listpack");
        hash.put(bytes("f3"), bytes("v"), 3, 8);
        assertThat(hash.encoding()).isEqualTo("hashtable");

        HashValue longValue = new HashValue();
        longValue.put(bytes("a"), bytes("12345678"), 3, 8);
        assertThat(longValue.encoding()).isEqualTo("listpack");
        longValue.put(bytes("b"), bytes("123456789"), 3, 8);
        assertThat(longValue.encoding()).isEqualTo("hashtable");
        assertThat(text(longValue.value(longValue.find(bytes("a"))))).isEqualTo("12345678");
        longValue.remove(bytes("b"));
        assertThat(longValue.encoding()).isEqualTo("hashtable");
    }

    @Test
    void positionsReadTheSameFieldsInBothEncodings() {
        for (long maxEntries : new long[] {512, 0}) {
            HashValue hash = new HashValue();
            hash.put(bytes("one"), bytes("1"), maxEntries, 64);
            hash.put(bytes("two"), bytes("2"), maxEntries, 64);
            int position = hash.find(bytes("two"));
            assertThat(new String(hash.valueArray(position), hash.valueOffset(position), hash.valueLength(position),
                    StandardCharsets.UTF_8)).isEqualTo("2");
            assertThat(text(hash.field(hash.positionAt(1)))).isEqualTo("two");
            assertThat(hash.positions()).hasSize(2);
            HashValue copy = hash.copy();
            hash.put(bytes("two"), bytes("changed"), maxEntries, 64);
            assertThat(text(copy.value(copy.find(bytes("two"))))).isEqualTo("2");
        }
    }
}
