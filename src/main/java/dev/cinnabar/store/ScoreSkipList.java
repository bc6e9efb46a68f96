package dev.cinnabar.store;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The big encoding's order: a skip list sorted by score, then member bytes, whose links
 * carry spans (how many entries they skip), so that ranks are found in O(log n), as in
 * Redis's t_zset.c. A node of level 1, three in four, keeps its one link in a field; only
 * taller nodes carry arrays for their upper links and spans.
 */
final class ScoreSkipList {

    static final int MAX_LEVEL = 32;

    static final class Node {
        final byte[] member;
        double score;
        Node backward;
        Node next0;
        /** Links of levels 1 and up; null for a node of level 1. */
        Node[] upper;
        /** Spans of the links of levels 1 and up (level 0 always spans 1). */
        int[] upperSpan;

        Node(byte[] member, double score, int level) {
            this.member = member;
            this.score = score;
            if (level > 1) {
                upper = new Node[level - 1];
                upperSpan = new int[level - 1];
            }
        }

        int level() {
            return upper == null ? 1 : upper.length + 1;
        }

        Node next(int level) {
            return level == 0 ? next0 : upper[level - 1];
        }

        void next(int level, Node node) {
            if (level == 0) {
                next0 = node;
            } else {
                upper[level - 1] = node;
            }
        }

        int span(int level) {
            return level == 0 ? 1 : upperSpan[level - 1];
        }

        void span(int level, int span) {
            if (level > 0) {
                upperSpan[level - 1] = span;
            }
        }
    }

    private final Node header = new Node(null, 0, MAX_LEVEL);
    private Node tail;
    private int length;
    private int level = 1;
    /** Scratch of insert and delete: the last node before the place, and its rank, per level. */
    private final Node[] update = new Node[MAX_LEVEL];
    private final int[] rank = new int[MAX_LEVEL];

    int size() {
        return length;
    }

    Node first() {
        return header.next0;
    }

    Node last() {
        return tail;
    }

    static boolean before(double score, byte[] member, Node node) {
        return node.score < score
                || (node.score == score && Arrays.compareUnsigned(node.member, member) < 0);
    }

    Node insert(byte[] member, double score) {
        Node node = new Node(member, score, randomLevel());
        link(node);
        return node;
    }

    /** Puts {@code node}, unlinked, at the place its score and member give it, keeping its level. */
    private void link(Node node) {
        Node[] update = this.update;
        int[] rank = this.rank;
        double score = node.score;
        byte[] member = node.member;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            rank[i] = i == level - 1 ? 0 : rank[i + 1];
            Node next;
            while ((next = x.next(i)) != null && before(score, member, next)) {
                rank[i] += x.span(i);
                x = next;
            }
            update[i] = x;
        }
        int nodeLevel = node.level();
        if (nodeLevel > level) {
            for (int i = level; i < nodeLevel; i++) {
                rank[i] = 0;
                update[i] = header;
                header.span(i, length);
            }
            level = nodeLevel;
        }
        for (int i = 0; i < nodeLevel; i++) {
            node.next(i, update[i].next(i));
            update[i].next(i, node);
            node.span(i, update[i].span(i) - (rank[0] - rank[i]));
            update[i].span(i, rank[0] - rank[i] + 1);
        }
        for (int i = nodeLevel; i < level; i++) {
            update[i].span(i, update[i].span(i) + 1);
        }
        node.backward = update[0] == header ? null : update[0];
        if (node.next0 != null) {
            node.next0.backward = node;
        } else {
            tail = node;
        }
        length++;
    }

    void delete(Node node) {
        Node[] update = this.update;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            Node next;
            while ((next = x.next(i)) != null && next != node && before(node.score, node.member, next)) {
                x = next;
            }
            update[i] = x;
        }
        for (int i = 0; i < level; i++) {
            if (update[i].next(i) == node) {
                update[i].span(i, update[i].span(i) + node.span(i) - 1);
                update[i].next(i, node.next(i));
            } else {
                update[i].span(i, update[i].span(i) - 1);
            }
        }
        if (node.next0 != null) {
            node.next0.backward = node.backward;
        } else {
            tail = node.backward;
        }
        while (level > 1 && header.next(level - 1) == null) {
            level--;
        }
        length--;
    }

    /**
     * Changes the score of {@code node}: in place when its position stays the same, else the
     * same node moves, so that a score update allocates nothing and the member index stays valid.
     */
    void updateScore(Node node, double score) {
        if ((node.backward == null || node.backward.score < score)
                && (node.next0 == null || node.next0.score > score)) {
            node.score = score;
            return;
        }
        delete(node);
        node.score = score;
        link(node);
    }

    /** 0-based rank of {@code node}. */
    int rank(Node node) {
        int rank = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.next(i) != null && (x.next(i) == node || before(node.score, node.member, x.next(i)))) {
                rank += x.span(i);
                x = x.next(i);
                if (x == node) {
                    return rank - 1;
                }
            }
        }
        throw new IllegalStateException("node not in the list");
    }

    /** The node at 0-based {@code rank}, which must be in range. */
    Node nodeAt(int rank) {
        int target = rank + 1;
        int traversed = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.next(i) != null && traversed + x.span(i) <= target) {
                traversed += x.span(i);
                x = x.next(i);
            }
            if (traversed == target) {
                return x;
            }
        }
        throw new IndexOutOfBoundsException(rank);
    }

    /** How many leading entries pass {@code test}, which must hold for a prefix of the order. */
    int countWhile(SortedSetValue.EntryTest test) {
        int count = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            Node next;
            while ((next = x.next(i)) != null && test.test(next.score, next.member, 0, next.member.length)) {
                count += x.span(i);
                x = next;
            }
        }
        return count;
    }

    private static int randomLevel() {
        int nodeLevel = 1;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (nodeLevel < MAX_LEVEL && (random.nextInt() & 0xFFFF) < 0x4000) {
            nodeLevel++;
        }
        return nodeLevel;
    }
}
