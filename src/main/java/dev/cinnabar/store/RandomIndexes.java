package dev.cinnabar.store;

import java.util.HashSet;
import java.util.Set;
import java.util.random.RandomGenerator;

/** Uniform random choices of element indexes, for SPOP, SRANDMEMBER and HRANDFIELD. */
public final class RandomIndexes {

    private RandomIndexes() {
    }

    /**
     * {@code count} distinct indexes below {@code size} (count ≤ size), every subset equally
     * likely, in random order.
     */
    public static int[] distinct(int size, int count, RandomGenerator random) {
        int[] chosen = new int[count];
        if (count * 2L >= size) {
            // dense: a partial Fisher-Yates shuffle of all indexes
            int[] all = new int[size];
            for (int i = 0; i < size; i++) {
                all[i] = i;
            }
            for (int i = 0; i < count; i++) {
                int j = i + random.nextInt(size - i);
                int swap = all[j];
                all[j] = all[i];
                all[i] = swap;
                chosen[i] = swap;
            }
            return chosen;
        }
        // sparse: rejection sampling, which needs fewer than two draws per index here
        Set<Integer> seen = new HashSet<>(count * 2);
        int taken = 0;
        while (taken < count) {
            int index = random.nextInt(size);
            if (seen.add(index)) {
                chosen[taken++] = index;
            }
        }
        return chosen;
    }
}
