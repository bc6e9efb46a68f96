package dev.cinnabar.persistence;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code save} parameter: "seconds changes" pairs. A snapshot is due when, for one pair,
 * at least that many changes happened and that many seconds passed since the last save.
 */
record SavePoints(List<long[]> points) {

    static SavePoints parse(String value) {
        String[] words = value.trim().isEmpty() ? new String[0] : value.trim().split("\\s+");
        List<long[]> points = new ArrayList<>();
        for (int i = 0; i + 1 < words.length; i += 2) {
            points.add(new long[] {Long.parseLong(words[i]), Long.parseLong(words[i + 1])});
        }
        return new SavePoints(List.copyOf(points));
    }

    boolean isEmpty() {
        return points.isEmpty();
    }

    boolean due(long changes, long millisSinceLastSave) {
        for (long[] point : points) {
            if (changes >= point[1] && millisSinceLastSave > point[0] * 1000) {
                return true;
            }
        }
        return false;
    }
}
