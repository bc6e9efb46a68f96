package dev.cinnabar.store;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The big encoding's order: a skip list sorted by score, then member bytes, whose links
 * carry spans (how many entries they skip), so that ranks are found in O(log n), as in
 * Redis's t_zset.c. A node keeps its links of the three lowest levels in fields; only the
 * nodes taller than that, one in sixteen, carry arrays for their upper links and spans.
 */
final class ScoreSkipList {

    static final int MAX_LEVEL = 32;

    /** Levels whose links are fields of the node; links above them live in arrays. */
    static final int FIELD_LEVELS = 3;

    static final class Node {
        final byte[] member;
        double score;
        Node backward;
        Node next0;
        // Levels 1 and 2 are fields, so that the many hops a search makes at the lower levels
        // read one object, not the node, an array of links and an array of spans.
        Node next1;
        Node next2;
        /** Spans of the links of levels 1 and 2 (level 0 always spans 1); -1 for a level the node lacks. */
        int span1 = -1;
        int span2 = -1;
        /** Links of levels 3 and up; null for a node of level 3 or less (15 in 16). */
        Node[] upper;
        int[] upperSpan;

        Node(byte[] member, double score, int level) {
            this.member = member;
            this.score = score;
            if (level > 1) {
                span1 = 0;
            }
            if (level > 2) {
                span2 = 0;
            }
            if (level > FIELD_LEVELS) {
                upper = new Node[level - FIELD_LEVELS];
                upperSpan = new int[level - FIELD_LEVELS];
            }
        }

        int level() {
            if (upper != null) {
                return upper.length + FIELD_LEVELS;
            }
            return span2 >= 0 ? 3 : span1 >= 0 ? 2 : 1;
        }

        Node next(int level) {
            return switch (level) {
                case 0 -> next0;
                case 1 -> next1;
                case 2 -> next2;
                default -> upper[level - FIELD_LEVELS];
            };
        }

        void next(int level, Node node) {
            switch (level) {
                case 0 -> next0 = node;
                case 1 -> next1 = node;
                case 2 -> next2 = node;
                default -> upper[level - FIELD_LEVELS] = node;
            }
        }

        int span(int level) {
            return switch (level) {
                case 0 -> 1;
                case 1 -> span1;
                case 2 -> span2;
                default -> upperSpan[level - FIELD_LEVELS];
            };
        }

        void span(int level, int span) {
            switch (level) {
                case 0 -> {
                }
                case 1 -> span1 = span;
                case 2 -> span2 = span;
                default -> upperSpan[level - FIELD_LEVELS] = span;
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
