package dev.cinnabar.store;

import java.util.Arrays;

/**
 * Member → skip list node, for O(1) score lookups in the big encoding: an open-addressing
 * table of node references (4 bytes a slot) with linear probing and backward-shift deletion,
 * so no entry objects are allocated. {@link #scan} walks it with Redis's reverse-binary
 * cursor over home buckets, which returns every member present for a whole iteration at
 * least once even across resizes.
 */
final class MemberIndex {

    private static final int MIN_CAPACITY = 8;

    private ScoreSkipList.Node[] slots = new ScoreSkipList.Node[MIN_CAPACITY];
    private int size;

    int capacity() {
        return slots.length;
    }

    ScoreSkipList.Node get(byte[] member) {
        int mask = slots.length - 1;
        for (int i = KeyHasher.hash(member) & mask; ; i = (i + 1) & mask) {
            ScoreSkipList.Node node = slots[i];
            if (node == null || Arrays.equals(node.member, member)) {
                return node;
            }
        }
    }

    /** Adds or replaces the node of {@code node.member}. */
    void put(ScoreSkipList.Node node) {
        if ((size + 1) * 4L > slots.length * 3L) {
            resize(slots.length * 2);
        }
        int mask = slots.length - 1;
        for (int i = KeyHasher.hash(node.member) & mask; ; i = (i + 1) & mask) {
            ScoreSkipList.Node existing = slots[i];
            if (existing == null) {
                slots[i] = node;
                size++;
                return;
            }
            if (Arrays.equals(existing.member, node.member)) {
                slots[i] = node;
                return;
            }
        }
    }

    void remove(byte[] member) {
        int mask = slots.length - 1;
        int i = KeyHasher.hash(member) & mask;
        while (slots[i] != null && !Arrays.equals(slots[i].member, member)) {
            i = (i + 1) & mask;
        }
        if (slots[i] == null) {
            return;
        }
        // Backward-shift: move later members of the cluster into the hole when their home allows it.
        int hole = i;
        for (int j = (hole + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
            int home = KeyHasher.hash(slots[j].member) & mask;
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                slots[hole] = slots[j];
                hole = j;
            }
        }
        slots[hole] = null;
        size--;
        if (slots.length > MIN_CAPACITY && size * 8L < slots.length) {
            resize(slots.length / 2);
        }
    }

    private void resize(int capacity) {
        ScoreSkipList.Node[] old = slots;
        slots = new ScoreSkipList.Node[capacity];
        int mask = capacity - 1;
        for (ScoreSkipList.Node node : old) {
            if (node != null) {
                int i = KeyHasher.hash(node.member) & mask;
                while (slots[i] != null) {
                    i = (i + 1) & mask;
                }
                slots[i] = node;
            }
        }
    }

    /**
     * Visits the members whose home bucket is {@code cursor}'s, and returns the next cursor
     * (0 when the walk is complete).
     */
    long scan(long cursor, java.util.function.Consumer<ScoreSkipList.Node> visitor) {
        int mask = slots.length - 1;
        int bucket = (int) (cursor & mask);
        for (int i = bucket; slots[i] != null; i = (i + 1) & mask) {
            if ((KeyHasher.hash(slots[i].member) & mask) == bucket) {
                visitor.accept(slots[i]);
            }
            if (((i + 1) & mask) == bucket) {
                break;
            }
        }
        long v = cursor | ~(long) mask;
        v = Long.reverse(v);
        v++;
        return Long.reverse(v);
    }
}
