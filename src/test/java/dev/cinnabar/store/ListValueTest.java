package dev.cinnabar.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ListValueTest {

    private static final int DEFAULT_FILL = -2;

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> contents(ListValue list) {
        List<String> elements = new ArrayList<>();
        list.range(0, list.size(), (data, offset, length) ->
                elements.add(new String(data, offset, length, StandardCharsets.UTF_8)));
        return elements;
    }

    private static String element(int number, int length) {
        StringBuilder text = new StringBuilder().append(number).append(':');
        while (text.length() < length) {
            text.append((char) ('a' + text.length() % 26));
        }
        return text.substring(0, Math.max(length, 0));
    }

    @Test
    void pushesAtBothEndsKeepOrderAcrossManyNodes() {
        ListValue list = new ListValue(DEFAULT_FILL);
        List<String> model = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            String value = element(i, 20);
            if (i % 3 == 0) {
                list.pushFirst(bytes(value));
                model.add(0, value);
            } else {
                list.pushLast(bytes(value));
                model.add(value);
            }
        }
        assertThat(list.size()).isEqualTo(5000);
        assertThat(contents(list)).isEqualTo(model);
    }

    @Test
    void popsFromBothEndsDrainTheListAcrossNodeBoundaries() {
        ListValue list = new ListValue(4);
        for (int i = 0; i < 30; i++) {
            list.pushLast(bytes("e" + i));
        }
        assertThat(new String(list.popFirst(), StandardCharsets.UTF_8)).isEqualTo("e0");
        assertThat(new String(list.popLast(), StandardCharsets.UTF_8)).isEqualTo("e29");
        List<String> popped = new ArrayList<>();
        while (!list.isEmpty()) {
            list.popFirst((data, offset, length) -> popped.add(new String(data, offset, length, StandardCharsets.UTF_8)));
        }
        assertThat(popped).hasSize(28).first().isEqualTo("e1");
        assertThat(popped).last().isEqualTo("e28");
        list.pushLast(bytes("again"));
        assertThat(contents(list)).containsExactly("again");
    }

    @Test
    void aQueueThroughOneNodeKeepsItsOrderWhileTheEntriesSlideThroughTheBuffer() {
        ListValue list = new ListValue(-1);
        long nextIn = 0;
        long nextOut = 0;
        for (int round = 0; round < 50_000; round++) {
            list.pushLast(bytes("item-" + nextIn++));
            if (round % 7 != 0) {
                list.pushLast(bytes("item-" + nextIn++));
            }
            assertThat(new String(list.popFirst(), StandardCharsets.UTF_8)).isEqualTo("item-" + nextOut++);
            if (list.size() > 150) {
                assertThat(new String(list.popFirst(), StandardCharsets.UTF_8)).isEqualTo("item-" + nextOut++);
            }
        }
        assertThat(list.size()).isEqualTo(nextIn - nextOut);
        assertThat(contents(list)).first().isEqualTo("item-" + nextOut);
    }

    @Test
    void elementsOfEveryLengthClassRoundTrip() {
        int[] lengths = {0, 1, 127, 128, 129, 16383, 16384, 70000, 2_100_000};
        ListValue list = new ListValue(DEFAULT_FILL);
        List<String> model = new ArrayList<>();
        for (int length : lengths) {
            String value = element(length, length);
            list.pushLast(bytes(value));
            list.pushFirst(bytes(value));
            model.add(value);
            model.add(0, value);
        }
        assertThat(contents(list)).isEqualTo(model);
        for (int i = 0; i < model.size(); i++) {
            String[] found = new String[1];
            list.get(i, (data, offset, length) -> found[0] = new String(data, offset, length, StandardCharsets.UTF_8));
            assertThat(found[0]).isEqualTo(model.get(i));
        }
        while (!list.isEmpty()) {
            assertThat(new String(list.popLast(), StandardCharsets.UTF_8)).isEqualTo(model.remove(model.size() - 1));
        }
    }

    @Test
    void rangeReturnsExactlyTheSlice() {
        ListValue list = new ListValue(8);
        for (int i = 0; i < 100; i++) {
            list.pushLast(bytes(Integer.toString(i)));
        }
        List<String> slice = new ArrayList<>();
        list.range(37, 20, (data, offset, length) -> slice.add(new String(data, offset, length, StandardCharsets.UTF_8)));
        List<String> expected = new ArrayList<>();
        for (int i = 37; i < 57; i++) {
            expected.add(Integer.toString(i));
        }
        assertThat(slice).isEqualTo(expected);
    }

    @Test
    void insertsInTheMiddleOfFullNodesSplitThem() {
        ListValue list = new ListValue(4);
        List<String> model = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            list.pushLast(bytes("v" + i));
            model.add("v" + i);
        }
        assertThat(list.insert(bytes("v5"), bytes("after5"), true)).isTrue();
        model.add(6, "after5");
        assertThat(list.insert(bytes("v2"), bytes("before2"), false)).isTrue();
        model.add(2, "before2");
        assertThat(list.insert(bytes("v3"), bytes("after3"), true)).isTrue();
        model.add(model.indexOf("v3") + 1, "after3");
        assertThat(list.insert(bytes("v0"), bytes("first"), false)).isTrue();
        model.add(0, "first");
        assertThat(list.insert(bytes("v11"), bytes("last"), true)).isTrue();
        model.add("last");
        assertThat(list.insert(bytes("missing"), bytes("x"), true)).isFalse();
        assertThat(contents(list)).isEqualTo(model);
        assertThat(list.size()).isEqualTo(model.size());
    }

    @Test
    void removeOccurrencesHonoursDirectionAndLimit() {
        ListValue list = new ListValue(3);
        List<String> model = new ArrayList<>(List.of("a", "x", "a", "b", "a", "a", "c", "a", "x", "a"));
        model.forEach(value -> list.pushLast(bytes(value)));

        assertThat(list.removeOccurrences(bytes("a"), 2, true)).isEqualTo(2);
        assertThat(contents(list)).containsExactly("a", "x", "a", "b", "a", "a", "c", "x");
        assertThat(list.removeOccurrences(bytes("a"), 1, false)).isEqualTo(1);
        assertThat(contents(list)).containsExactly("x", "a", "b", "a", "a", "c", "x");
        assertThat(list.removeOccurrences(bytes("a"), 0, false)).isEqualTo(3);
        assertThat(contents(list)).containsExactly("x", "b", "c", "x");
        assertThat(list.removeOccurrences(bytes("x"), 0, true)).isEqualTo(2);
        assertThat(contents(list)).containsExactly("b", "c");
        assertThat(list.removeOccurrences(bytes("zz"), 0, true)).isZero();
        assertThat(list.size()).isEqualTo(2);
    }

    @Test
    void positionsOfFollowRankCountAndMaxlen() {
        ListValue list = new ListValue(2);
        for (String value : List.of("a", "b", "c", "1", "2", "3", "c", "c")) {
            list.pushLast(bytes(value));
        }
        assertThat(list.positionsOf(bytes("c"), 1, 1, 0)).containsExactly(2);
        assertThat(list.positionsOf(bytes("c"), 1, 0, 0)).containsExactly(2, 6, 7);
        assertThat(list.positionsOf(bytes("c"), -1, 0, 0)).containsExactly(7, 6, 2);
        assertThat(list.positionsOf(bytes("c"), 2, 0, 0)).containsExactly(6, 7);
        assertThat(list.positionsOf(bytes("c"), 5, 1, 0)).isEmpty();
        assertThat(list.positionsOf(bytes("c"), 1, 0, 3)).containsExactly(2);
        assertThat(list.positionsOf(bytes("c"), -1, 0, 2)).containsExactly(7, 6);
        assertThat(list.positionsOf(bytes("c"), -3, 0, 0)).containsExactly(2);
    }

    @Test
    void trimmingFromBothEndsDropsWholeNodesAndPartsOfNodes() {
        ListValue list = new ListValue(5);
        for (int i = 0; i < 40; i++) {
            list.pushLast(bytes(Integer.toString(i)));
        }
        list.removeFirst(12);
        list.removeLast(7);
        assertThat(contents(list)).first().isEqualTo("12");
        assertThat(contents(list)).last().isEqualTo("32");
        assertThat(list.size()).isEqualTo(21);
        list.removeLast(100);
        assertThat(list.isEmpty()).isTrue();
        assertThat(contents(list)).isEmpty();
    }

    @Test
    void setReplacesWithShorterLongerAndEqualLengthElements() {
        ListValue list = new ListValue(4);
        List<String> model = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            list.pushLast(bytes("value-" + i));
            model.add("value-" + i);
        }
        String big = element(1, 9000);
        String[] replacements = {"x", "value-xx", big, "", element(2, 300)};
        for (int i = 0; i < 20; i++) {
            String replacement = replacements[i % replacements.length];
            list.set(i, bytes(replacement));
            model.set(i, replacement);
            assertThat(contents(list)).isEqualTo(model);
        }
    }

    @Test
    void copyIsIndependentOfTheOriginal() {
        ListValue list = new ListValue(DEFAULT_FILL);
        for (int i = 0; i < 1000; i++) {
            list.pushLast(bytes(element(i, 30)));
        }
        ListValue copy = list.copy();
        copy.pushFirst(bytes("only-in-copy"));
        list.popLast();
        assertThat(copy.size()).isEqualTo(1001);
        assertThat(list.size()).isEqualTo(999);
        assertThat(contents(copy).subList(1, 1000)).isEqualTo(contents(list));
        assertThat(copy.type()).isEqualTo(ValueType.LIST);
        assertThat(copy.encoding()).isEqualTo(list.encoding());
    }

    // ---- the encoding Redis 7.2 would report ----

    private static void pushGrowing(ListValue list, String element) {
        list.growing(element.length(), 1);
        list.pushLast(bytes(element));
    }

    @Test
    void aListIsAListpackUntilAPushWouldTakeItPastEightKilobytes() {
        ListValue list = new ListValue(DEFAULT_FILL);
        assertThat(list.encoding()).isEqualTo("listpack");
        // A ten-byte string is a 12-byte listpack entry: 7 + 12 * 682 = 8191 bytes, and the
        // next element's 10 raw bytes would pass 8192.
        for (int i = 0; i < 682; i++) {
            pushGrowing(list, element(i, 10));
        }
        assertThat(list.encoding()).isEqualTo("listpack");
        pushGrowing(list, element(682, 10));
        assertThat(list.encoding()).isEqualTo("quicklist");
    }

    @Test
    void smallIntegersAreSizedAsListpackIntegers() {
        ListValue list = new ListValue(DEFAULT_FILL);
        // "100" takes two bytes (7-bit integer and its back length): 7 + 2 * 4092 = 8191.
        for (int i = 0; i < 4092; i++) {
            pushGrowing(list, "100");
        }
        assertThat(list.encoding()).isEqualTo("listpack");
        pushGrowing(list, "100");
        assertThat(list.encoding()).isEqualTo("quicklist");
    }

    @Test
    void onePushOfManyElementsIsJudgedByTheirRawBytes() {
        ListValue list = new ListValue(DEFAULT_FILL);
        list.growing(7000, 700);
        for (int i = 0; i < 700; i++) {
            list.pushLast(bytes(element(i, 10)));
        }
        assertThat(list.encoding()).as("7 + 7000 raw bytes passed the check").isEqualTo("listpack");
        list.growing(1, 1);
        assertThat(list.encoding()).isEqualTo("quicklist");
    }

    @Test
    void aShrinkingQuicklistPacksAgainOnceOneNodeHoldsHalfTheLimit() {
        ListValue list = new ListValue(DEFAULT_FILL);
        for (int i = 0; i < 683; i++) {
            pushGrowing(list, element(i, 10));
        }
        assertThat(list.encoding()).isEqualTo("quicklist");
        // 7 + 12 * 341 = 4099 is over half of 8192; 7 + 12 * 340 = 4087 is not.
        while (list.size() > 341) {
            list.popLast();
        }
        assertThat(list.encoding()).isEqualTo("quicklist");
        list.popFirst();
        assertThat(list.encoding()).isEqualTo("listpack");
        pushGrowing(list, element(0, 10));
        assertThat(list.encoding()).as("growing back stays a listpack below the limit").isEqualTo("listpack");
    }

    @Test
    void aCountFillLimitsEntries() {
        ListValue list = new ListValue(4);
        for (int i = 0; i < 4; i++) {
            pushGrowing(list, "e" + i);
        }
        assertThat(list.encoding()).isEqualTo("listpack");
        pushGrowing(list, "e4");
        assertThat(list.encoding()).isEqualTo("quicklist");
        list.removeLast(1);
        assertThat(list.encoding()).as("one node of four entries").isEqualTo("quicklist");
        list.removeOccurrences(bytes("e3"), 0, false);
        assertThat(list.encoding()).as("three entries are more than half of four").isEqualTo("quicklist");
        list.removeOccurrences(bytes("e2"), 0, true);
        assertThat(list.encoding()).isEqualTo("listpack");
    }

    @Test
    void replacingABigElementWithASmallOnePacksTheList() {
        ListValue list = new ListValue(DEFAULT_FILL);
        pushGrowing(list, element(1, 9000));
        assertThat(list.encoding()).isEqualTo("quicklist");
        list.growing(1, 1);
        list.set(0, bytes("b"));
        assertThat(list.encoding()).isEqualTo("listpack");
    }

    @Test
    void aMillionSixteenByteElementsTakeAboutEighteenBytesEach() {
        ListValue list = new ListValue(DEFAULT_FILL);
        byte[] element = new byte[16];
        for (int i = 0; i < 1_000_000; i++) {
            element[i % 16]++;
            list.pushLast(element.clone());
        }
        double bytesPerElement = list.memoryUsage() / 1_000_000.0;
        assertThat(bytesPerElement).isBetween(18.0, 18.5);
    }

    @Test
    void manySmallListsStaySmall() {
        ListValue list = new ListValue(DEFAULT_FILL);
        list.pushLast(bytes("a"));
        list.pushLast(bytes("b"));
        list.pushLast(bytes("c"));
        assertThat(list.memoryUsage()).isLessThanOrEqualTo(104);
    }

    @ParameterizedTest
    @ValueSource(ints = {-2, -1, -5, -7, 0, 1, 2, 5, 100, 40000})
    void randomOperationsMatchAnArrayListModel(int fill) {
        Random random = new Random(fill * 31L + 7);
        ListValue list = new ListValue(fill);
        List<String> model = new ArrayList<>();
        for (int step = 0; step < 20_000; step++) {
            int operation = random.nextInt(14);
            String value = element(random.nextInt(50), random.nextInt(10) == 0 ? random.nextInt(3000) : random.nextInt(40));
            switch (operation) {
                case 0, 1 -> {
                    list.pushLast(bytes(value));
                    model.add(value);
                }
                case 2, 3 -> {
                    list.pushFirst(bytes(value));
                    model.add(0, value);
                }
                case 4 -> {
                    if (!model.isEmpty()) {
                        assertThat(new String(list.popFirst(), StandardCharsets.UTF_8)).isEqualTo(model.remove(0));
                    }
                }
                case 5 -> {
                    if (!model.isEmpty()) {
                        assertThat(new String(list.popLast(), StandardCharsets.UTF_8))
                                .isEqualTo(model.remove(model.size() - 1));
                    }
                }
                case 6 -> {
                    if (!model.isEmpty()) {
                        int index = random.nextInt(model.size());
                        list.set(index, bytes(value));
                        model.set(index, value);
                    }
                }
                case 7 -> {
                    if (!model.isEmpty()) {
                        String pivot = model.get(random.nextInt(model.size()));
                        boolean after = random.nextBoolean();
                        assertThat(list.insert(bytes(pivot), bytes(value), after)).isTrue();
                        int at = model.indexOf(pivot);
                        model.add(after ? at + 1 : at, value);
                    }
                }
                case 8 -> {
                    if (!model.isEmpty()) {
                        String target = model.get(random.nextInt(model.size()));
                        int limit = random.nextInt(3);
                        boolean fromTail = random.nextBoolean();
                        long removed = list.removeOccurrences(bytes(target), limit, fromTail);
                        assertThat(removed).isEqualTo(removeFromModel(model, target, limit, fromTail));
                    }
                }
                case 9 -> {
                    int count = random.nextInt(5);
                    list.removeFirst(count);
                    model.subList(0, Math.min(count, model.size())).clear();
                }
                case 10 -> {
                    int count = random.nextInt(5);
                    list.removeLast(count);
                    model.subList(Math.max(0, model.size() - count), model.size()).clear();
                }
                case 11 -> {
                    if (!model.isEmpty()) {
                        int start = random.nextInt(model.size());
                        int count = random.nextInt(model.size() - start + 1);
                        List<String> slice = new ArrayList<>();
                        list.range(start, count, (data, offset, length) ->
                                slice.add(new String(data, offset, length, StandardCharsets.UTF_8)));
                        assertThat(slice).isEqualTo(model.subList(start, start + count));
                    }
                }
                case 12 -> {
                    if (!model.isEmpty()) {
                        int index = random.nextInt(model.size());
                        String[] found = new String[1];
                        list.get(index, (data, offset, length) ->
                                found[0] = new String(data, offset, length, StandardCharsets.UTF_8));
                        assertThat(found[0]).isEqualTo(model.get(index));
                    }
                }
                default -> {
                    String target = model.isEmpty() ? value : model.get(random.nextInt(model.size()));
                    long[] expected = modelPositions(model, target);
                    assertThat(list.positionsOf(bytes(target), 1, 0, 0)).containsExactly(expected);
                }
            }
            assertThat(list.size()).isEqualTo(model.size());
        }
        assertThat(contents(list)).isEqualTo(model);
        assertThat(contents(list.copy())).isEqualTo(model);
    }

    private static long removeFromModel(List<String> model, String target, int limit, boolean fromTail) {
        long removed = 0;
        if (fromTail) {
            Collections.reverse(model);
        }
        for (int i = 0; i < model.size() && (limit == 0 || removed < limit); ) {
            if (model.get(i).equals(target)) {
                model.remove(i);
                removed++;
            } else {
                i++;
            }
        }
        if (fromTail) {
            Collections.reverse(model);
        }
        return removed;
    }

    private static long[] modelPositions(List<String> model, String target) {
        long[] positions = new long[model.size()];
        int found = 0;
        for (int i = 0; i < model.size(); i++) {
            if (model.get(i).equals(target)) {
                positions[found++] = i;
            }
        }
        return Arrays.copyOf(positions, found);
    }
}
