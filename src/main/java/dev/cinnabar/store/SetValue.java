package dev.cinnabar.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntConsumer;

/**
 * A set: the {@code intset} encoding ({@link IntSet}) while every member is an integer and
 * there are at most {@code set-max-intset-entries} of them, otherwise, once and for good, the
 * {@code hashtable} encoding ({@link ElementTable}), as Redis 7.0 does (7.0 has no listpack
 * sets). Members are addressed by an index from 0 to {@code size() - 1}; an index is valid
 * until the set is modified.
 */
public final class SetValue implements TypedValue {

    private IntSet ints;
    private ElementTable table;

    private SetValue(IntSet ints, ElementTable table) {
        this.ints = ints;
        this.table = table;
    }

    /** An empty set in the encoding Redis picks for its first member. */
    public static SetValue forFirstMember(byte[] member) {
        return IntSet.isInteger(member) ? new SetValue(new IntSet(), null) : new SetValue(null, new ElementTable(false, 0));
    }

    /** An empty set that starts as an intset, as the results of SINTERSTORE and its relatives do. */
    public static SetValue empty() {
        return new SetValue(new IntSet(), null);
    }

    @Override
    public ValueType type() {
        return ValueType.SET;
    }

    @Override
    public String encoding() {
        return ints != null ? "intset" : "hashtable";
    }

    @Override
    public SetValue copy() {
        return ints != null ? new SetValue(ints.copy(), null) : new SetValue(null, table.copy());
    }

    @Override
    public long memoryUsage() {
        long self = ObjectSizes.object(8);
        if (ints != null) {
            return self + ObjectSizes.object(8) + ints.memoryBytes();
        }
        int samples = Math.min(table.size(), 5);
        long sampled = 0;
        for (int i = 0; i < samples; i++) {
            sampled += ObjectSizes.byteArray(table.element(i).length);
        }
        long elements = samples == 0 ? 0 : sampled * table.size() / samples;
        return self + ObjectSizes.object(24) + table.structureBytes() + elements;
    }

    public int size() {
        return ints != null ? ints.size() : table.size();
    }

    public boolean contains(byte[] member) {
        if (ints != null) {
            return IntSet.isInteger(member) && ints.contains(IntSet.parse(member));
        }
        return table.find(member) >= 0;
    }

    /** True if this set holds the member at {@code index} of {@code other}, compared without formatting integers where both are intsets. */
    public boolean containsMemberOf(SetValue other, int index) {
        if (ints != null && other.ints != null) {
            return ints.contains(other.ints.get(index));
        }
        return contains(other.member(index));
    }

    /** The member at {@code index}; an integer member is formatted afresh, a hashtable member shared. */
    public byte[] member(int index) {
        return ints != null ? IntSet.format(ints.get(index)) : table.element(index);
    }

    /**
     * Adds {@code member}, converting to the hashtable encoding when it is not an integer or
     * the intset would pass {@code maxIntsetEntries}. The hashtable keeps the array itself:
     * the caller must not change it afterwards.
     *
     * @return true if the member is new
     */
    public boolean add(byte[] member, long maxIntsetEntries) {
        if (ints != null) {
            if (IntSet.isInteger(member)) {
                if (!ints.add(IntSet.parse(member))) {
                    return false;
                }
                if (ints.size() > maxIntsetEntries) {
                    convertToTable();
                }
                return true;
            }
            convertToTable();
        }
        return table.add(member, null);
    }

    /** Adds the member at {@code index} of {@code other}, avoiding formatting where both are intsets. */
    public boolean addMemberOf(SetValue other, int index, long maxIntsetEntries) {
        if (ints != null && other.ints != null) {
            if (!ints.add(other.ints.get(index))) {
                return false;
            }
            if (ints.size() > maxIntsetEntries) {
                convertToTable();
            }
            return true;
        }
        return add(other.member(index), maxIntsetEntries);
    }

    public boolean remove(byte[] member) {
        if (ints != null) {
            return IntSet.isInteger(member) && ints.remove(IntSet.parse(member));
        }
        return table.remove(member);
    }

    /**
     * Removes {@code count} distinct members chosen uniformly at random (fewer than the size)
     * and returns them.
     */
    public List<byte[]> popRandom(int count) {
        List<byte[]> popped = new ArrayList<>(count);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (table != null) {
            for (int i = 0; i < count; i++) {
                int index = random.nextInt(table.size());
                popped.add(table.element(index));
                table.removeAt(index);
            }
            return popped;
        }
        boolean[] chosen = new boolean[ints.size()];
        for (int index : RandomIndexes.distinct(ints.size(), count, random)) {
            chosen[index] = true;
            popped.add(IntSet.format(ints.get(index)));
        }
        ints.removeMarked(chosen);
        return popped;
    }

    /**
     * One SSCAN step: visits the indexes of the members at {@code cursor} and returns the next
     * cursor. An intset is answered whole, with cursor 0, as Redis does.
     */
    public long scan(long cursor, IntConsumer visitor) {
        if (ints != null) {
            for (int i = 0; i < ints.size(); i++) {
                visitor.accept(i);
            }
            return 0;
        }
        return table.scan(cursor, visitor);
    }

    private void convertToTable() {
        ElementTable converted = new ElementTable(false, ints.size() + 1);
        for (int i = 0; i < ints.size(); i++) {
            converted.addAbsent(IntSet.format(ints.get(i)), null);
        }
        table = converted;
        ints = null;
    }
}
