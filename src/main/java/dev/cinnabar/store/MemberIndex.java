package dev.cinnabar.store;

import java.util.Arrays;

/**
 * Member → skip list node, for O(1) score lookups in the big encoding: an open-addressing
 * table of node references and member hashes (8 bytes a slot) with linear probing and
 * backward-shift deletion, so no entry objects are allocated. {@link #scan} walks it with Redis's reverse-binary
 * cursor over home buckets, which returns every member present for a whole iteration at
 * least once even across resizes.
 */
final class MemberIndex {

    private static final int MIN_CAPACITY = 8;

    private ScoreSkipList.Node[] slots = new ScoreSkipList.Node[MIN_CAPACITY];
    /**
     * Each slot's member hash: a probe compares it before it follows the slot to the node and
     * the member bytes, two reads far apart in memory, and resizes and deletions never rehash.
     */
    private int[] hashes = new int[MIN_CAPACITY];
    private int size;

    int capacity() {
        return slots.length;
    }

    ScoreSkipList.Node get(byte[] member) {
        int hash = KeyHasher.hash(member);
        int mask = slots.length - 1;
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            ScoreSkipList.Node node = slots[i];
            if (node == null || hashes[i] == hash && Arrays.equals(node.member, member)) {
                return node;
            }
        }
    }

    /** Adds or replaces the node of {@code node.member}. */
    void put(ScoreSkipList.Node node) {
        if ((size + 1) * 4L > slots.length * 3L) {
            resize(slots.length * 2);
        }
        int hash = KeyHasher.hash(node.member);
        int mask = slots.length - 1;
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            ScoreSkipList.Node existing = slots[i];
            if (existing == null) {
                slots[i] = node;
                hashes[i] = hash;
                size++;
                return;
            }
            if (hashes[i] == hash && Arrays.equals(existing.member, node.member)) {
                slots[i] = node;
                return;
            }
        }
    }

    void remove(byte[] member) {
        int hash = KeyHasher.hash(member);
        int mask = slots.length - 1;
        int i = hash & mask;
        while (slots[i] != null && !(hashes[i] == hash && Arrays.equals(slots[i].member, member))) {
            i = (i + 1) & mask;
        }
        if (slots[i] == null) {
            return;
        }
        // Backward-shift: move later members of the cluster into the hole when their home allows it.
        int hole = i;
        for (int j = (hole + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
            int home = hashes[j] & mask;
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                slots[hole] = slots[j];
                hashes[hole] = hashes[j];
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
        ScoreSkipList.Node[] oldSlots = slots;
        int[] oldHashes = hashes;
        slots = new ScoreSkipList.Node[capacity];
        hashes = new int[capacity];
        int mask = capacity - 1;
        for (int j = 0; j < oldSlots.length; j++) {
            if (oldSlots[j] != null) {
                int i = oldHashes[j] & mask;
                while (slots[i] != null) {
                    i = (i + 1) & mask;
                }
                slots[i] = oldSlots[j];
                hashes[i] = oldHashes[j];
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
            if ((hashes[i] & mask) == bucket) {
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
