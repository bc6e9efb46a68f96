package dev.cinnabar.store;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * A hash: the {@code listpack} encoding ({@link PackedHash}) while it is small, converted once
 * and for good to the {@code hashtable} encoding ({@link ElementTable}) when it passes
 * {@code hash-max-listpack-entries} fields or meets a field or value longer than
 * {@code hash-max-listpack-value} bytes, as Redis 7.0 does.
 *
 * <p>Fields are named by a position: {@link #find}, {@link #first} and {@link #next} give
 * one, and the field and value bytes are read at it as (array, offset, length), so that
 * replies are written without copying. A position is valid until the hash is modified.
 */
public final class HashValue implements TypedValue {

    private PackedHash packed;
    private ElementTable table;

    public HashValue() {
        packed = new PackedHash();
    }

    private HashValue(PackedHash packed, ElementTable table) {
        this.packed = packed;
        this.table = table;
    }

    @Override
    public ValueType type() {
        return ValueType.HASH;
    }

    @Override
    public String encoding() {
        return packed != null ? "listpack" : "hashtable";
    }

    @Override
    public HashValue copy() {
        return packed != null ? new HashValue(packed.copy(), null) : new HashValue(null, table.copy());
    }

    @Override
    public long memoryUsage() {
        long self = ObjectSizes.object(8);
        if (packed != null) {
            return self + ObjectSizes.object(12) + packed.memoryBytes();
        }
        return self + ObjectSizes.object(24) + table.structureBytes() + sampledElementBytes();
    }

    /** Like Redis's MEMORY USAGE, the element sizes are extrapolated from a few of them. */
    private long sampledElementBytes() {
        int samples = Math.min(table.size(), 5);
        if (samples == 0) {
            return 0;
        }
        long sampled = 0;
        for (int i = 0; i < samples; i++) {
            sampled += ObjectSizes.byteArray(table.element(i).length) + ObjectSizes.byteArray(table.value(i).length);
        }
        return sampled * table.size() / samples;
    }

    public int size() {
        return packed != null ? packed.size() : table.size();
    }

    public boolean isPacked() {
        return packed != null;
    }

    /** Position of {@code field}, or -1. */
    public int find(byte[] field) {
        return packed != null ? packed.find(field) : table.find(field);
    }

    /** Position of the first field, or -1 when empty. */
    public int first() {
        if (packed != null) {
            return packed.first();
        }
        return table.size() == 0 ? -1 : 0;
    }

    /** Position of the field after {@code position}, or -1 after the last. */
    public int next(int position) {
        if (packed != null) {
            return packed.next(position);
        }
        return position + 1 < table.size() ? position + 1 : -1;
    }

    /** Position of the field with index {@code index} (0 ≤ index < size) in iteration order. */
    public int positionAt(int index) {
        if (packed == null) {
            return index;
        }
        int position = packed.first();
        for (int i = 0; i < index; i++) {
            position = packed.next(position);
        }
        return position;
    }

    /** Positions of every field in iteration order. */
    public int[] positions() {
        int[] positions = new int[size()];
        int i = 0;
        for (int position = first(); position >= 0; position = next(position)) {
            positions[i++] = position;
        }
        return positions;
    }

    public byte[] fieldArray(int position) {
        return packed != null ? packed.data() : table.element(position);
    }

    public int fieldOffset(int position) {
        return packed != null ? packed.fieldOffset(position) : 0;
    }

    public int fieldLength(int position) {
        return packed != null ? packed.fieldLength(position) : table.element(position).length;
    }

    public byte[] valueArray(int position) {
        return packed != null ? packed.data() : table.value(position);
    }

    public int valueOffset(int position) {
        return packed != null ? packed.valueOffset(position) : 0;
    }

    public int valueLength(int position) {
        return packed != null ? packed.valueLength(position) : table.value(position).length;
    }

    /** The field at {@code position} as an array of its own (shared with the hash in the hashtable encoding). */
    public byte[] field(int position) {
        if (packed == null) {
            return table.element(position);
        }
        int offset = packed.fieldOffset(position);
        return Arrays.copyOfRange(packed.data(), offset, offset + packed.fieldLength(position));
    }

    /** The value at {@code position} as an array of its own (shared with the hash in the hashtable encoding). */
    public byte[] value(int position) {
        if (packed == null) {
            return table.value(position);
        }
        int offset = packed.valueOffset(position);
        return Arrays.copyOfRange(packed.data(), offset, offset + packed.valueLength(position));
    }

    /**
     * Sets {@code field} to {@code value}, converting to the hashtable encoding first if
     * either is longer than {@code maxPackedLength} and afterwards if the hash then has more
     * than {@code maxPackedEntries} fields. The arrays are kept, not copied, by the hashtable
     * encoding: the caller must not change them afterwards.
     *
     * @return true if the field is new
     */
    public boolean put(byte[] field, byte[] value, long maxPackedEntries, long maxPackedLength) {
        if (packed != null && (field.length > maxPackedLength || value.length > maxPackedLength)) {
            convertToTable();
        }
        if (packed == null) {
            return table.put(field, value);
        }
        boolean added = packed.put(field, value);
        if (packed.size() > maxPackedEntries) {
            convertToTable();
        }
        return added;
    }

    /**
     * {@link #put} for a field already in the hash at {@code position} (from {@link #find}):
     * the hashtable encoding sets the value in place, without looking the field up again.
     */
    public void putExisting(int position, byte[] field, byte[] value, long maxPackedEntries, long maxPackedLength) {
        if (packed == null) {
            table.setValue(position, value);
        } else {
            put(field, value, maxPackedEntries, maxPackedLength);
        }
    }

    public boolean remove(byte[] field) {
        return packed != null ? packed.remove(field) : table.remove(field);
    }

    /**
     * One HSCAN step: visits the positions of the fields at {@code cursor} and returns the
     * next cursor. The listpack encoding is answered whole, with cursor 0, as Redis does.
     */
    public long scan(long cursor, IntConsumer visitor) {
        if (packed != null) {
            for (int position = packed.first(); position >= 0; position = packed.next(position)) {
                visitor.accept(position);
            }
            return 0;
        }
        return table.scan(cursor, visitor);
    }

    private void convertToTable() {
        ElementTable converted = new ElementTable(true, packed.size());
        for (int position = packed.first(); position >= 0; position = packed.next(position)) {
            converted.addAbsent(field(position), value(position));
        }
        table = converted;
        packed = null;
    }
}
