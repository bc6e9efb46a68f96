package dev.cinnabar.store;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PackedHashTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> contents(PackedHash packed) {
        Map<String, String> contents = new LinkedHashMap<>();
        for (int position = packed.first(); position >= 0; position = packed.next(position)) {
            String field = new String(packed.data(), packed.fieldOffset(position), packed.fieldLength(position),
                    StandardCharsets.UTF_8);
            String value = new String(packed.data(), packed.valueOffset(position), packed.valueLength(position),
                    StandardCharsets.UTF_8);
            contents.put(field, value);
        }
        return contents;
    }

    @Test
    void keepsInsertionOrderAndReplacesValuesInPlace() {
        PackedHash packed = new PackedHash();
        assertThat(packed.put(bytes("b"), bytes("1"))).isTrue();
        assertThat(packed.put(bytes("a"), bytes("2"))).isTrue();
        assertThat(packed.put(bytes("c"), bytes("3"))).isTrue();
        assertThat(packed.put(bytes("a"), bytes("a much longer value than before"))).isFalse();
        assertThat(packed.put(bytes("b"), bytes(""))).isFalse();

        assertThat(contents(packed)).containsExactly(Map.entry("b", ""),
                Map.entry("a", "a much longer value than before"), Map.entry("c", "3"));
        assertThat(packed.size()).isEqualTo(3);
    }

    @Test
    void lengthsBeyondOneVarintByteRoundTrip() {
        PackedHash packed = new PackedHash();
        String longField = "f".repeat(300);
        String longValue = "v".repeat(20_000);
        packed.put(bytes("short"), bytes("x"));
        packed.put(bytes(longField), bytes(longValue));
        packed.put(bytes("after"), bytes("y"));

        assertThat(contents(packed)).containsExactly(Map.entry("short", "x"), Map.entry(longField, longValue),
                Map.entry("after", "y"));
        assertThat(packed.find(bytes("after"))).isGreaterThan(20_000);
        packed.put(bytes(longField), bytes("small"));
        assertThat(contents(packed)).containsEntry(longField, "small").containsEntry("after", "y");
    }

    @Test
    void removalClosesTheGapAndEmptyFieldsAreFound() {
        PackedHash packed = new PackedHash();
        packed.put(bytes(""), bytes("empty field"));
        packed.put(bytes("x"), bytes("1"));
        packed.put(bytes("y"), bytes("2"));

        assertThat(packed.remove(bytes("x"))).isTrue();
        assertThat(packed.remove(bytes("x"))).isFalse();
        assertThat(contents(packed)).containsExactly(Map.entry("", "empty field"), Map.entry("y", "2"));
        assertThat(packed.find(bytes(""))).isEqualTo(0);
        packed.remove(bytes(""));
        packed.remove(bytes("y"));
        assertThat(packed.first()).isEqualTo(-1);
        assertThat(packed.size()).isZero();
    }

    @Test
    void aFieldIsNotFoundInsideAnotherEntrysBytes() {
        PackedHash packed = new PackedHash();
        packed.put(bytes("abc"), bytes("b"));
        assertThat(packed.find(bytes("b"))).isEqualTo(-1);
        assertThat(packed.find(bytes("ab"))).isEqualTo(-1);
    }

    @Test
    void aCopyIsIndependent() {
        PackedHash packed = new PackedHash();
        packed.put(bytes("a"), bytes("1"));
        PackedHash copy = packed.copy();
        packed.put(bytes("a"), bytes("2"));
        assertThat(contents(copy)).containsExactly(Map.entry("a", "1"));
        assertThat(Arrays.copyOf(copy.data(), 1)).isNotNull();
    }
}
