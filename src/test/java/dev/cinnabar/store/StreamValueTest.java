package dev.cinnabar.store;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class StreamValueTest {

    @Test
    void randomAppendsDeletesTrimsAndRangesMatchAnOrderedMap() {
        Random random = new Random(42);
        StreamValue stream = new StreamValue();
        TreeMap<StreamId, List<String>> model = new TreeMap<>();
        StreamId last = StreamId.MIN;
        for (int step = 0; step < 20_000; step++) {
            int action = random.nextInt(100);
            if (action < 70) {
                last = random.nextBoolean() ? new StreamId(last.ms(), last.seq() + 1 + random.nextInt(3))
                        : new StreamId(last.ms() + 1 + random.nextInt(1000), random.nextInt(5));
                List<String> fields = new ArrayList<>();
                int pairs = 1 + random.nextInt(3);
                for (int i = 0; i < pairs * 2; i++) {
                    fields.add("v" + random.nextInt(step + 1) + "x".repeat(random.nextInt(60)));
                }
                stream.append(last, pairs, i -> fields.get(i).getBytes(StandardCharsets.UTF_8));
                model.put(last, fields);
            } else if (action < 85 && !model.isEmpty()) {
                StreamId victim = random.nextInt(4) == 0 ? new StreamId(random.nextInt(1000), 0)
                        : randomKey(model, random);
                assertThat(stream.delete(victim)).isEqualTo(model.remove(victim) != null);
            } else if (action < 88) {
                long maxLength = Math.max(0, model.size() - random.nextInt(20));
                long removed = stream.trimToLength(maxLength, false, 0);
                long expected = 0;
                while (model.size() > maxLength) {
                    model.pollFirstEntry();
                    expected++;
                }
                assertThat(removed).isEqualTo(expected);
            } else if (action < 90 && !model.isEmpty()) {
                StreamId minId = randomKey(model, random);
                long removed = stream.trimBefore(minId, false, 0);
                int before = model.size();
                model.headMap(minId, false).clear();
                assertThat(removed).isEqualTo(before - model.size());
            } else {
                StreamId start = new StreamId(random.nextInt((int) Math.max(1, last.ms() + 2)), random.nextInt(4));
                StreamId end = new StreamId(start.ms() + random.nextInt(5000), random.nextInt(4));
                boolean reverse = random.nextBoolean();
                assertThat(read(stream, start, end, reverse)).isEqualTo(expected(model, start, end, reverse));
            }
            assertThat(stream.length()).isEqualTo(model.size());
        }
        assertThat(read(stream, StreamId.MIN, StreamId.MAX, false))
                .isEqualTo(expected(model, StreamId.MIN, StreamId.MAX, false));
        assertThat(stream.firstId()).isEqualTo(model.isEmpty() ? StreamId.MIN : model.firstKey());
        assertThat(stream.lastId()).isEqualTo(last);
    }

    @Test
    void approximateTrimmingRemovesWholeBlocksOnly() {
        StreamValue stream = new StreamValue();
        for (int i = 1; i <= 250; i++) {
            stream.append(new StreamId(i, 0), 1, f -> new byte[] {'a'});
        }
        assertThat(stream.blockCount()).isEqualTo(3);
        assertThat(stream.trimToLength(120, true, 0)).isEqualTo(100);
        assertThat(stream.length()).isEqualTo(150);
        assertThat(stream.trimToLength(0, true, 10)).isZero();
        assertThat(stream.trimBefore(new StreamId(240, 0), true, 0)).isEqualTo(100);
        assertThat(stream.firstId()).isEqualTo(new StreamId(201, 0));
        assertThat(stream.trimToLength(0, false, 0)).isEqualTo(50);
        assertThat(stream.blockCount()).isZero();
        assertThat(stream.lastId()).isEqualTo(new StreamId(250, 0));
        assertThat(stream.entriesAdded()).isEqualTo(250);
    }

    @Test
    void largeUnsignedIdsRoundTrip() {
        StreamValue stream = new StreamValue();
        StreamId big = new StreamId(-2L, 5);
        stream.append(big, 1, f -> new byte[0]);
        stream.append(StreamId.MAX, 1, f -> new byte[0]);
        assertThat(read(stream, StreamId.MIN, StreamId.MAX, true))
                .containsExactly("18446744073709551615-18446744073709551615 [, ]",
                        "18446744073709551614-5 [, ]");
        StreamValue copy = stream.copy();
        assertThat(copy.delete(big)).isTrue();
        assertThat(stream.length()).isEqualTo(2);
        assertThat(copy.maxDeletedId()).isEqualTo(big);
    }

    private static StreamId randomKey(TreeMap<StreamId, List<String>> model, Random random) {
        StreamId probe = new StreamId(random.nextLong(model.lastKey().ms() + 1), 0);
        StreamId found = model.ceilingKey(probe);
        return found == null ? model.lastKey() : found;
    }

    private static List<String> read(StreamValue stream, StreamId start, StreamId end, boolean reverse) {
        List<String> entries = new ArrayList<>();
        stream.range(start, end, reverse, entry -> {
            List<String> values = new ArrayList<>();
            entry.forEachFieldAndValue((bytes, offset, length) ->
                    values.add(new String(bytes, offset, length, StandardCharsets.UTF_8)));
            assertThat(values).hasSize(entry.pairCount() * 2);
            entries.add(entry.id() + " " + values);
            return true;
        });
        return entries;
    }

    private static List<String> expected(TreeMap<StreamId, List<String>> model, StreamId start, StreamId end,
                                         boolean reverse) {
        List<String> entries = new ArrayList<>();
        if (start.compareTo(end) > 0) {
            return entries;
        }
        Map<StreamId, List<String>> range = reverse ? model.subMap(start, true, end, true).descendingMap()
                : model.subMap(start, true, end, true);
        range.forEach((id, values) -> entries.add(id + " " + values));
        return entries;
    }

    @Test
    void entriesLikeAnApplicationAddsThemCostLittleMoreThanTheirBytes() {
        StreamValue stream = new StreamValue();
        byte[] field = "f".getBytes(StandardCharsets.US_ASCII);
        long ms = 1_700_000_000_000L;
        long seq = 0;
        for (int i = 0; i < 100_000; i++) {
            // A few dozen entries per millisecond, as from a busy producer.
            if (i % 37 == 0) {
                ms++;
                seq = 0;
            } else {
                seq++;
            }
            byte[] value = String.format("value-%010d", i).getBytes(StandardCharsets.US_ASCII);
            stream.append(new StreamId(ms, seq), 1, k -> k == 0 ? field : value);
        }
        // 17 bytes of field and value, 6 of framing (flag, ID deltas, counts, lengths), and the blocks.
        double bytesPerEntry = stream.memoryUsage() / 100_000.0;
        assertThat(bytesPerEntry).isBetween(23.0, 25.0);
    }
}
