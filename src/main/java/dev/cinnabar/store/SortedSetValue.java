package dev.cinnabar.store;

/**
 * A sorted set: unique members ordered by score, then by member bytes. Small sets are packed
 * into one byte array ({@code listpack}); a set that outgrows {@link SortedSetLimits} turns
 * into a skip list with spans plus a member index ({@code skiplist}): ranks in O(log n),
 * scores in O(1). Like Redis, a set never turns back by itself.
 *
 * <p>Scores are compared as numbers, so -0 and 0 tie (the member decides). The packed
 * encoding stores -0 as 0, as Redis's listpack (which keeps integral scores as integers) does.
 */
public final class SortedSetValue implements TypedValue {

    /** Receives entries; {@code member[offset, offset + length)} is valid only during the call. */
    public interface EntryVisitor {
        /** @return false to stop the walk */
        boolean visit(byte[] member, int offset, int length, double score);
    }

    /** A condition on entries that holds for a prefix of the order (every entry "below" a bound). */
    public interface EntryTest {
        boolean test(double score, byte[] member, int offset, int length);
    }

    private static final int OBJECT_BYTES = 24;
    /** A skip list node: header, member, score, backward link, three links and two spans, two arrays. */
    private static final int NODE_BYTES = 56;
    private static final int ARRAY_HEADER_BYTES = 16;

    private final SortedSetLimits limits;
    private PackedScoredEntries packed;
    private ScoreSkipList skipList;
    private MemberIndex index;

    /** An empty set in the packed encoding, which converts itself when it outgrows the limits. */
    public SortedSetValue(SortedSetLimits limits) {
        this.limits = limits;
        this.packed = new PackedScoredEntries();
    }

    /** A new set about to receive its first member, encoded as Redis's ZADD would create it. */
    public static SortedSetValue forFirstMember(SortedSetLimits limits, int firstMemberLength) {
        SortedSetValue value = new SortedSetValue(limits);
        if (limits.maxPackedEntries() == 0 || firstMemberLength > limits.maxPackedValue()) {
            value.convertToSkipList();
        }
        return value;
    }

    private SortedSetValue(SortedSetValue source) {
        this.limits = source.limits;
        if (source.packed != null) {
            packed = source.packed.copy();
        } else {
            skipList = new ScoreSkipList();
            index = new MemberIndex();
            for (ScoreSkipList.Node node = source.skipList.first(); node != null; node = node.next0) {
                index.put(skipList.insert(node.member, node.score));
            }
        }
    }

    @Override
    public ValueType type() {
        return ValueType.ZSET;
    }

    @Override
    public String encoding() {
        return packed != null ? "listpack" : "skiplist";
    }

    @Override
    public SortedSetValue copy() {
        return new SortedSetValue(this);
    }

    @Override
    public long memoryUsage() {
        if (packed != null) {
            return OBJECT_BYTES + align8(ARRAY_HEADER_BYTES + packed.bytesUsed());
        }
        long bytes = OBJECT_BYTES * 2L + 2 * align8(ARRAY_HEADER_BYTES + 4L * index.capacity())
                + 2 * align8(ARRAY_HEADER_BYTES + 4L * ScoreSkipList.MAX_LEVEL); // the list's scratch arrays
        for (ScoreSkipList.Node node = skipList.first(); node != null; node = node.next0) {
            bytes += NODE_BYTES + align8(ARRAY_HEADER_BYTES + node.member.length);
            if (node.upper != null) {
                bytes += 2 * align8(ARRAY_HEADER_BYTES + 4L * node.upper.length);
            }
        }
        return bytes;
    }

    private static long align8(long bytes) {
        return (bytes + 7) & ~7L;
    }

    public int size() {
        return packed != null ? packed.size() : skipList.size();
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    /** The score of {@code member}, or NaN if it is not in the set. */
    public double score(byte[] member) {
        if (packed != null) {
            int offset = packed.find(member);
            return offset < 0 ? Double.NaN : packed.scoreAt(offset);
        }
        ScoreSkipList.Node node = index.get(member);
        return node == null ? Double.NaN : node.score;
    }

    /**
     * Sets the score of {@code member} (not NaN), adding it if absent. The set may keep the
     * array (request arguments are never reused), so the caller must not change it afterwards.
     *
     * @return true if the member was added
     */
    public boolean put(byte[] member, double score) {
        if (packed != null) {
            double stored = score == 0 ? 0.0 : score;
            int offset = packed.find(member);
            if (offset >= 0) {
                if (packed.scoreAt(offset) != stored) {
                    packed.removeAt(offset);
                    packed.insert(member, stored);
                }
                return false;
            }
            if (packed.size() + 1 <= limits.maxPackedEntries() && member.length <= limits.maxPackedValue()) {
                packed.insert(member, stored);
                return true;
            }
            convertToSkipList();
        }
        ScoreSkipList.Node node = index.get(member);
        if (node != null) {
            if (node.score != score) {
                skipList.updateScore(node, score);
            }
            return false;
        }
        index.put(skipList.insert(member, score));
        return true;
    }

    public boolean remove(byte[] member) {
        if (packed != null) {
            int offset = packed.find(member);
            if (offset < 0) {
                return false;
            }
            packed.removeAt(offset);
            return true;
        }
        ScoreSkipList.Node node = index.get(member);
        if (node == null) {
            return false;
        }
        skipList.delete(node);
        index.remove(member);
        return true;
    }

    /** The 0-based rank of {@code member} in ascending order, or -1 if it is absent. */
    public int rank(byte[] member) {
        if (packed != null) {
            int rank = 0;
            for (int offset = 0; offset < packed.end(); offset = packed.next(offset), rank++) {
                int start = packed.memberOffset(offset);
                int length = packed.memberLength(offset);
                if (java.util.Arrays.equals(packed.data(), start, start + length, member, 0, member.length)) {
                    return rank;
                }
            }
            return -1;
        }
        ScoreSkipList.Node node = index.get(member);
        return node == null ? -1 : skipList.rank(node);
    }

    /** How many entries, from the lowest, pass {@code test} (a condition that holds for a prefix). */
    public int countWhile(EntryTest test) {
        if (skipList != null) {
            return skipList.countWhile(test);
        }
        int count = 0;
        byte[] data = packed.data();
        for (int offset = 0; offset < packed.end(); offset = packed.next(offset)) {
            if (!test.test(packed.scoreAt(offset), data, packed.memberOffset(offset), packed.memberLength(offset))) {
                break;
            }
            count++;
        }
        return count;
    }

    /**
     * Visits entries from {@code fromRank} (0-based, in range) towards the highest scores, or
     * the lowest if {@code reverse}, until the visitor returns false or the set ends.
     */
    public void visit(int fromRank, boolean reverse, EntryVisitor visitor) {
        if (packed != null) {
            byte[] data = packed.data();
            if (!reverse) {
                for (int offset = packed.offsetOfRank(fromRank); offset < packed.end(); offset = packed.next(offset)) {
                    if (!visitor.visit(data, packed.memberOffset(offset), packed.memberLength(offset),
                            packed.scoreAt(offset))) {
                        return;
                    }
                }
                return;
            }
            int[] offsets = packed.offsets();
            for (int i = fromRank; i >= 0; i--) {
                int offset = offsets[i];
                if (!visitor.visit(data, packed.memberOffset(offset), packed.memberLength(offset),
                        packed.scoreAt(offset))) {
                    return;
                }
            }
            return;
        }
        for (ScoreSkipList.Node node = skipList.nodeAt(fromRank); node != null;
             node = reverse ? node.backward : node.next0) {
            if (!visitor.visit(node.member, 0, node.member.length, node.score)) {
                return;
            }
        }
    }

    /** A copy of the member at 0-based {@code rank} (in range). */
    public byte[] memberAt(int rank) {
        if (packed != null) {
            int offset = packed.offsetOfRank(rank);
            int start = packed.memberOffset(offset);
            return java.util.Arrays.copyOfRange(packed.data(), start, start + packed.memberLength(offset));
        }
        return skipList.nodeAt(rank).member.clone();
    }

    public double scoreAt(int rank) {
        if (packed != null) {
            return packed.scoreAt(packed.offsetOfRank(rank));
        }
        return skipList.nodeAt(rank).score;
    }

    /** True while the set uses the packed encoding, which ZSCAN returns whole in one call. */
    public boolean isPacked() {
        return packed != null;
    }

    /**
     * One step of ZSCAN over the big encoding: visits the members of the bucket {@code cursor}
     * names and returns the next cursor, 0 at the end. The packed encoding is visited whole.
     */
    public long scan(long cursor, EntryVisitor visitor) {
        if (packed != null) {
            visit(0, false, visitor);
            return 0;
        }
        return index.scan(cursor, node -> visitor.visit(node.member, 0, node.member.length, node.score));
    }

    private void convertToSkipList() {
        ScoreSkipList list = new ScoreSkipList();
        MemberIndex members = new MemberIndex();
        byte[] data = packed.data();
        for (int offset = 0; offset < packed.end(); offset = packed.next(offset)) {
            int start = packed.memberOffset(offset);
            byte[] member = java.util.Arrays.copyOfRange(data, start, start + packed.memberLength(offset));
            members.put(list.insert(member, packed.scoreAt(offset)));
        }
        skipList = list;
        index = members;
        packed = null;
    }
}
