package dev.cinnabar.store;

import java.util.Arrays;

/**
 * A list value, laid out like Redis's quicklist: a doubly linked chain of nodes, each a
 * packed {@code byte[]} of elements, so that a list of millions of small elements costs
 * little more than its bytes and pushes and pops at either end are O(1).
 *
 * <p>An element is stored as its length (a little-endian base-128 varint), its bytes, and its
 * length again with the varint's bytes reversed, so that a node can be walked from either
 * end. A node's entries occupy {@code data[start, end)}; the free space sits on the side that
 * grows, so pushes and pops at the ends move no bytes. The fill factor is Redis's
 * {@code list-max-listpack-size}, fixed when the list is created as in Redis 7.0: a negative
 * value caps a node at 4, 8, 16, 32 or 64 KB, a positive one at that many entries (and
 * 8 KB). An element bigger than the cap gets a node of its own.
 *
 * <p>What OBJECT ENCODING reports follows Redis 7.2: a list starts as a {@code listpack}, becomes
 * a {@code quicklist} when a command would grow it past the fill limit, and turns back into a
 * listpack when it shrinks to one node within half the limit. The size Redis's listpack would
 * have is tracked for that while the list counts as one; the layout here stays the same.
 */
public final class ListValue implements TypedValue {

    /** Receives one element as a slice of a node's buffer; the slice is valid only during the call. */
    @FunctionalInterface
    public interface ElementConsumer {
        void accept(byte[] bytes, int offset, int length);
    }

    private static final int[] NODE_BYTES_BY_LEVEL = {4096, 8192, 16384, 32768, 65536};
    /** Redis's cap on a node's bytes when the fill counts entries. */
    private static final int COUNT_FILL_NODE_BYTES = 8192;
    private static final int MAX_COUNT_FILL = (1 << 15) - 1;
    private static final long LIST_OBJECT_BYTES = 32;
    /** A listpack's header (total bytes, element count) and end marker. */
    private static final int EMPTY_LISTPACK_BYTES = 7;
    private static final int QUICKLIST = -1;
    private static final long NODE_OBJECT_BYTES = 40;
    private static final long ARRAY_HEADER_BYTES = 16;

    private static final class Node {
        byte[] data;
        int start;
        int end;
        int count;
        Node prev;
        Node next;

        Node(byte[] data, int start, int end, int count) {
            this.data = data;
            this.start = start;
            this.end = end;
            this.count = count;
        }

        int used() {
            return end - start;
        }
    }

    /** A position in the list: the entry starting at {@code pos} in {@code node}. */
    private static final class Cursor {
        Node node;
        int pos;

        Cursor(Node node, int pos) {
            this.node = node;
            this.pos = pos;
        }
    }

    private final int fill;
    /** The first node; its {@code prev} is the last node, so that no field is spent on the tail. */
    private Node head;
    private long size;
    /** The bytes of the listpack Redis would hold, or {@link #QUICKLIST} once it would hold a quicklist. */
    private int packedBytes = EMPTY_LISTPACK_BYTES;

    /** An empty list with the given {@code list-max-listpack-size}. */
    public ListValue(int fill) {
        this.fill = fill < -NODE_BYTES_BY_LEVEL.length ? -NODE_BYTES_BY_LEVEL.length : Math.min(fill, MAX_COUNT_FILL);
    }

    @Override
    public ValueType type() {
        return ValueType.LIST;
    }

    @Override
    public String encoding() {
        return packedBytes == QUICKLIST ? "quicklist" : "listpack";
    }

    /**
     * A command is about to add {@code count} elements of {@code elementBytes} in all: as in
     * Redis, a listpack that would then exceed the fill limit becomes a quicklist first. Redis
     * counts the elements' raw bytes here, not their encoded size, so a single push may leave
     * a listpack a little over the limit.
     */
    public void growing(long elementBytes, int count) {
        if (packedBytes != QUICKLIST && exceedsFill(packedBytes + elementBytes, size + count)) {
            packedBytes = QUICKLIST;
        }
    }

    private boolean exceedsFill(long listpackBytes, long entries) {
        if (fill < 0) {
            return listpackBytes > NODE_BYTES_BY_LEVEL[-fill - 1];
        }
        return listpackBytes > COUNT_FILL_NODE_BYTES || entries > Math.max(fill, 1);
    }

    /** After elements were removed or replaced in the middle: the listpack size is counted again. */
    private void shrunk() {
        if (packedBytes != QUICKLIST) {
            packedBytes = listpackBytes();
        } else {
            packIfSmall();
        }
    }

    /** A quicklist that shrank to one node within half the fill limit is a listpack again, as in Redis. */
    private void packIfSmall() {
        if (head == null || head.next != null) {
            return;
        }
        if (fill >= 0) {
            if (size <= Math.max(fill, 1) / 2) {
                packedBytes = listpackBytes();
            }
            return;
        }
        int limit = NODE_BYTES_BY_LEVEL[-fill - 1] / 2;
        // Every listpack entry takes at least two bytes: most lists are ruled out without a scan.
        if (EMPTY_LISTPACK_BYTES + 2 * size <= limit) {
            int bytes = listpackBytes();
            if (bytes <= limit) {
                packedBytes = bytes;
            }
        }
    }

    private int listpackBytes() {
        long bytes = EMPTY_LISTPACK_BYTES;
        for (Node node = head; node != null; node = node.next) {
            byte[] data = node.data;
            for (int pos = node.start; pos < node.end; pos = nextEntry(data, pos)) {
                int length = readForward(data, pos);
                bytes += Listpack.entryBytes(data, pos + varintSize(length), length);
            }
        }
        return (int) Math.min(bytes, Integer.MAX_VALUE);
    }

    @Override
    public ListValue copy() {
        ListValue copy = new ListValue(fill);
        for (Node node = head; node != null; node = node.next) {
            byte[] data = Arrays.copyOfRange(node.data, node.start, node.end);
            copy.linkLast(new Node(data, 0, data.length, node.count));
        }
        copy.size = size;
        copy.packedBytes = packedBytes;
        return copy;
    }

    @Override
    public long memoryUsage() {
        long bytes = LIST_OBJECT_BYTES;
        for (Node node = head; node != null; node = node.next) {
            bytes += NODE_OBJECT_BYTES + align8(ARRAY_HEADER_BYTES + node.data.length);
        }
        return bytes;
    }

    public long size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    // ---- the ends ----

    public void pushFirst(byte[] element) {
        int entryBytes = entrySize(element.length);
        Node node = head;
        if (node == null || !fits(node, entryBytes)) {
            node = newNode(entryBytes, true, node);
            linkFirst(node);
        }
        paste(node, node.start, element, entryBytes);
        node.count++;
        size++;
        addedPacked(element);
    }

    public void pushLast(byte[] element) {
        int entryBytes = entrySize(element.length);
        Node node = head == null ? null : head.prev;
        if (node == null || !fits(node, entryBytes)) {
            node = newNode(entryBytes, false, node);
            linkLast(node);
        }
        paste(node, node.end, element, entryBytes);
        node.count++;
        size++;
        addedPacked(element);
    }

    private void addedPacked(byte[] element) {
        if (packedBytes != QUICKLIST) {
            packedBytes += Listpack.entryBytes(element, 0, element.length);
        }
    }

    /** Hands the first element to {@code consumer}, then removes it. The list must not be empty. */
    public void popFirst(ElementConsumer consumer) {
        Node node = head;
        byte[] data = node.data;
        int pos = node.start;
        int length = readForward(data, pos);
        int headerBytes = varintSize(length);
        consumer.accept(data, pos + headerBytes, length);
        poppedPacked(data, pos + headerBytes, length);
        node.start = pos + length + 2 * headerBytes;
        removedFrom(node);
    }

    /** Hands the last element to {@code consumer}, then removes it. The list must not be empty. */
    public void popLast(ElementConsumer consumer) {
        Node node = head.prev;
        byte[] data = node.data;
        int end = node.end;
        int length = readBackward(data, end);
        int headerBytes = varintSize(length);
        consumer.accept(data, end - headerBytes - length, length);
        poppedPacked(data, end - headerBytes - length, length);
        node.end = end - length - 2 * headerBytes;
        removedFrom(node);
    }

    private void poppedPacked(byte[] data, int offset, int length) {
        if (packedBytes != QUICKLIST) {
            packedBytes -= Listpack.entryBytes(data, offset, length);
        }
    }

    /** Removes and returns the first element. The list must not be empty. */
    public byte[] popFirst() {
        byte[][] popped = new byte[1][];
        popFirst((bytes, offset, length) -> popped[0] = Arrays.copyOfRange(bytes, offset, offset + length));
        return popped[0];
    }

    /** Removes and returns the last element. The list must not be empty. */
    public byte[] popLast() {
        byte[][] popped = new byte[1][];
        popLast((bytes, offset, length) -> popped[0] = Arrays.copyOfRange(bytes, offset, offset + length));
        return popped[0];
    }

    /** Removes the first {@code count} elements (at most all of them). */
    public void removeFirst(long count) {
        dropFirst(count);
        shrunk();
    }

    private void dropFirst(long count) {
        while (count > 0 && head != null) {
            Node node = head;
            if (node.count <= count) {
                count -= node.count;
                size -= node.count;
                unlink(node);
                continue;
            }
            int pos = node.start;
            for (long i = 0; i < count; i++) {
                pos = nextEntry(node.data, pos);
            }
            node.start = pos;
            node.count -= (int) count;
            size -= count;
            return;
        }
    }

    /** Removes the last {@code count} elements (at most all of them). */
    public void removeLast(long count) {
        dropLast(count);
        shrunk();
    }

    private void dropLast(long count) {
        while (count > 0 && head != null) {
            Node node = head.prev;
            if (node.count <= count) {
                count -= node.count;
                size -= node.count;
                unlink(node);
                continue;
            }
            int pos = node.end;
            for (long i = 0; i < count; i++) {
                pos = previousEntry(node.data, pos);
            }
            node.end = pos;
            node.count -= (int) count;
            size -= count;
            return;
        }
    }

    // ---- by index ----

    /** Hands the element at {@code index} (0 ≤ index < size) to {@code consumer}. */
    public void get(long index, ElementConsumer consumer) {
        Cursor cursor = seek(index);
        byte[] data = cursor.node.data;
        int length = readForward(data, cursor.pos);
        consumer.accept(data, cursor.pos + varintSize(length), length);
    }

    /** Hands {@code count} elements from {@code index} on, in order, to {@code consumer}. */
    public void range(long index, long count, ElementConsumer consumer) {
        if (count <= 0) {
            return;
        }
        Cursor cursor = seek(index);
        Node node = cursor.node;
        int pos = cursor.pos;
        for (long i = 0; i < count; i++) {
            if (pos == node.end) {
                node = node.next;
                pos = node.start;
            }
            byte[] data = node.data;
            int length = readForward(data, pos);
            int headerBytes = varintSize(length);
            consumer.accept(data, pos + headerBytes, length);
            pos += length + 2 * headerBytes;
        }
    }

    /** Replaces the element at {@code index} (0 ≤ index < size). */
    public void set(long index, byte[] element) {
        replace(index, element);
        shrunk();
    }

    private void replace(long index, byte[] element) {
        Cursor cursor = seek(index);
        Node node = cursor.node;
        int pos = cursor.pos;
        int oldLength = readForward(node.data, pos);
        int oldBytes = entrySize(oldLength);
        int newBytes = entrySize(element.length);
        if (newBytes == oldBytes) {
            System.arraycopy(element, 0, node.data, pos + varintSize(oldLength), oldLength);
            return;
        }
        if (node.count == 1) {
            node.data = new byte[align8(newBytes)];
            node.start = 0;
            node.end = newBytes;
            writeEntry(node.data, 0, element);
            return;
        }
        int following = cut(node, pos, oldBytes);
        if (node.used() + newBytes <= nodeByteLimit()) {
            paste(node, following, element, newBytes);
        } else {
            node.count--;
            size--;
            insertAt(node, following, element);
        }
    }

    // ---- by value ----

    /**
     * Inserts {@code element} before or after the first occurrence of {@code pivot}.
     *
     * @return false if {@code pivot} is not in the list
     */
    public boolean insert(byte[] pivot, byte[] element, boolean after) {
        for (Node node = head; node != null; node = node.next) {
            byte[] data = node.data;
            for (int pos = node.start; pos < node.end; ) {
                int next = nextEntry(data, pos);
                if (entryEquals(data, pos, pivot)) {
                    insertAt(node, after ? next : pos, element);
                    addedPacked(element);
                    return true;
                }
                pos = next;
            }
        }
        return false;
    }

    /**
     * Removes up to {@code limit} occurrences of {@code element} (all of them if 0), searching
     * from the tail when {@code fromTail}, as LREM does.
     *
     * @return the number removed
     */
    public long removeOccurrences(byte[] element, long limit, boolean fromTail) {
        long removed = findAndRemove(element, limit, fromTail);
        if (removed > 0) {
            shrunk();
        }
        return removed;
    }

    private long findAndRemove(byte[] element, long limit, boolean fromTail) {
        long removed = 0;
        if (fromTail) {
            Node last = head == null ? null : head.prev;
            Cursor cursor = new Cursor(last, last == null ? 0 : last.end);
            while (cursor.node != null && (limit == 0 || removed < limit)) {
                Node node = cursor.node;
                if (cursor.pos == node.start) {
                    cursor.node = previous(node);
                    cursor.pos = cursor.node == null ? 0 : cursor.node.end;
                    continue;
                }
                int pos = previousEntry(node.data, cursor.pos);
                if (entryEquals(node.data, pos, element)) {
                    removeAt(cursor, pos, false);
                    removed++;
                } else {
                    cursor.pos = pos;
                }
            }
        } else {
            Cursor cursor = new Cursor(head, head == null ? 0 : head.start);
            while (cursor.node != null && (limit == 0 || removed < limit)) {
                Node node = cursor.node;
                if (cursor.pos == node.end) {
                    cursor.node = node.next;
                    cursor.pos = node.next == null ? 0 : node.next.start;
                    continue;
                }
                if (entryEquals(node.data, cursor.pos, element)) {
                    removeAt(cursor, cursor.pos, true);
                    removed++;
                } else {
                    cursor.pos = nextEntry(node.data, cursor.pos);
                }
            }
        }
        return removed;
    }

    /**
     * The indexes (counted from the head) of the elements equal to {@code element}, as LPOS
     * finds them: skipping the first {@code rank - 1} matches (from the tail when rank is
     * negative), collecting at most {@code maxMatches} (0 for all) and comparing at most
     * {@code maxCompared} elements (0 for all).
     */
    public long[] positionsOf(byte[] element, long rank, long maxMatches, long maxCompared) {
        boolean fromTail = rank < 0;
        long skip = (fromTail ? -rank : rank) - 1;
        long[] found = new long[maxMatches > 0 && maxMatches < 16 ? (int) maxMatches : 16];
        int matched = 0;
        long compared = 0;
        Node node = fromTail && head != null ? head.prev : head;
        int pos = node == null ? 0 : fromTail ? node.end : node.start;
        while (node != null && (maxCompared == 0 || compared < maxCompared)) {
            if (pos == (fromTail ? node.start : node.end)) {
                node = fromTail ? previous(node) : node.next;
                pos = node == null ? 0 : fromTail ? node.end : node.start;
                continue;
            }
            int entry = fromTail ? previousEntry(node.data, pos) : pos;
            if (entryEquals(node.data, entry, element)) {
                if (skip > 0) {
                    skip--;
                } else {
                    if (matched == found.length) {
                        found = Arrays.copyOf(found, matched * 2);
                    }
                    found[matched++] = fromTail ? size - 1 - compared : compared;
                    if (matched == maxMatches) {
                        break;
                    }
                }
            }
            compared++;
            pos = fromTail ? entry : nextEntry(node.data, pos);
        }
        return Arrays.copyOf(found, matched);
    }

    // ---- nodes ----

    private int nodeByteLimit() {
        return fill < 0 ? NODE_BYTES_BY_LEVEL[-fill - 1] : COUNT_FILL_NODE_BYTES;
    }

    /** Whether {@code node} may take one more entry of {@code entryBytes}, by Redis's fill rules. */
    private boolean fits(Node node, int entryBytes) {
        int bytes = node.used() + entryBytes;
        if (fill < 0) {
            return bytes <= NODE_BYTES_BY_LEVEL[-fill - 1];
        }
        return bytes <= COUNT_FILL_NODE_BYTES && node.count < fill;
    }

    /**
     * A new empty node for an entry of {@code entryBytes}. Beside a full neighbour the list is
     * long, so the node is sized like that neighbour; a list's first node starts small.
     */
    private Node newNode(int entryBytes, boolean growsAtHead, Node neighbour) {
        if (neighbour != null) {
            shrinkToFit(neighbour);
        }
        int capacity = align8(neighbour == null ? entryBytes
                : Math.max(entryBytes, Math.min(neighbour.used(), nodeByteLimit())));
        int start = growsAtHead ? capacity : 0;
        return new Node(new byte[capacity], start, start, 0);
    }

    /** A node left behind full keeps no spare capacity; the list will not grow into it again soon. */
    private static void shrinkToFit(Node node) {
        int used = node.used();
        if (node.data.length - used > used >>> 3) {
            node.data = Arrays.copyOfRange(node.data, node.start, node.end);
            node.start = 0;
            node.end = used;
        }
    }

    private void linkFirst(Node node) {
        if (head == null) {
            node.prev = node;
        } else {
            node.prev = head.prev;
            node.next = head;
            head.prev = node;
        }
        head = node;
    }

    private void linkLast(Node node) {
        if (head == null) {
            node.prev = node;
            head = node;
            return;
        }
        Node last = head.prev;
        last.next = node;
        node.prev = last;
        head.prev = node;
    }

    private void linkAfter(Node anchor, Node node) {
        if (anchor.next == null) {
            linkLast(node);
            return;
        }
        node.prev = anchor;
        node.next = anchor.next;
        anchor.next.prev = node;
        anchor.next = node;
    }

    /** The node before {@code node}, or null for the first. */
    private Node previous(Node node) {
        return node == head ? null : node.prev;
    }

    private void unlink(Node node) {
        Node next = node.next;
        if (node == head) {
            head = next;
            if (next != null) {
                next.prev = node.prev;
            }
        } else {
            node.prev.next = next;
            if (next == null) {
                head.prev = node.prev;
            } else {
                next.prev = node.prev;
            }
        }
        node.prev = null;
        node.next = null;
    }

    /** An entry was taken off an end of {@code node}. */
    private void removedFrom(Node node) {
        size--;
        if (--node.count == 0) {
            unlink(node);
        }
        if (packedBytes == QUICKLIST) {
            packIfSmall();
        }
    }

    /** The entry at {@code index}, reached from the nearer end of the list and then of its node. */
    private Cursor seek(long index) {
        Node node;
        long within;
        if (index < size / 2) {
            node = head;
            within = index;
            while (within >= node.count) {
                within -= node.count;
                node = node.next;
            }
        } else {
            node = head.prev;
            long fromEnd = size - 1 - index;
            while (fromEnd >= node.count) {
                fromEnd -= node.count;
                node = node.prev;
            }
            within = node.count - 1 - fromEnd;
        }
        byte[] data = node.data;
        int pos;
        if (within < node.count / 2) {
            pos = node.start;
            for (long i = 0; i < within; i++) {
                pos = nextEntry(data, pos);
            }
        } else {
            pos = node.end;
            for (long i = node.count; i > within; i--) {
                pos = previousEntry(data, pos);
            }
        }
        return new Cursor(node, pos);
    }

    /** Inserts {@code element} at entry boundary {@code pos} of {@code node}, splitting a full node. */
    private void insertAt(Node node, int pos, byte[] element) {
        int entryBytes = entrySize(element.length);
        size++;
        if (fits(node, entryBytes)) {
            paste(node, pos, element, entryBytes);
            node.count++;
            return;
        }
        if (pos == node.end && node.next != null && fits(node.next, entryBytes)) {
            paste(node.next, node.next.start, element, entryBytes);
            node.next.count++;
            return;
        }
        Node before = previous(node);
        if (pos == node.start && before != null && fits(before, entryBytes)) {
            paste(before, before.end, element, entryBytes);
            before.count++;
            return;
        }
        if (pos != node.start && pos != node.end) {
            split(node, pos);
            if (fits(node, entryBytes)) {
                paste(node, node.end, element, entryBytes);
                node.count++;
                return;
            }
        }
        Node single = new Node(new byte[align8(entryBytes)], 0, 0, 1);
        paste(single, 0, element, entryBytes);
        if (pos == node.start) {
            if (before == null) {
                linkFirst(single);
            } else {
                linkAfter(before, single);
            }
        } else {
            linkAfter(node, single);
        }
    }

    /** Moves the entries of {@code node} from {@code pos} on into a new node after it. */
    private void split(Node node, int pos) {
        int before = 0;
        for (int p = node.start; p < pos; p = nextEntry(node.data, p)) {
            before++;
        }
        byte[] moved = Arrays.copyOfRange(node.data, pos, node.end);
        Node second = new Node(moved, 0, moved.length, node.count - before);
        node.end = pos;
        node.count = before;
        linkAfter(node, second);
    }

    /**
     * Removes the entry at {@code pos} of the cursor's node and leaves the cursor where the
     * iteration continues: on the following entry going forward, at the end of the removed
     * entry's predecessor going backward.
     */
    private void removeAt(Cursor cursor, int pos, boolean forward) {
        Node node = cursor.node;
        int following = cut(node, pos, nextEntry(node.data, pos) - pos);
        size--;
        if (--node.count > 0) {
            cursor.pos = following;
            return;
        }
        Node neighbour = forward ? node.next : previous(node);
        unlink(node);
        cursor.node = neighbour;
        cursor.pos = neighbour == null ? 0 : forward ? neighbour.start : neighbour.end;
    }

    /**
     * Removes the {@code entryBytes} at {@code pos} by moving the shorter side of the node over
     * them; counts are the caller's. Returns where the entry that followed now starts.
     */
    private static int cut(Node node, int pos, int entryBytes) {
        byte[] data = node.data;
        int after = pos + entryBytes;
        if (pos - node.start <= node.end - after) {
            System.arraycopy(data, node.start, data, node.start + entryBytes, pos - node.start);
            node.start += entryBytes;
            return after;
        }
        System.arraycopy(data, after, data, pos, node.end - after);
        node.end -= entryBytes;
        return pos;
    }

    /**
     * Writes the entry for {@code element} at boundary {@code pos}; counts are the caller's.
     * At an end with room on that side nothing moves; in the middle the shorter side moves;
     * otherwise the entries are laid out afresh (in a larger buffer while the node may still
     * grow) with all the free space on the side that grows, so the next pushes move nothing.
     */
    private void paste(Node node, int pos, byte[] element, int entryBytes) {
        byte[] data = node.data;
        if (pos == node.end && data.length - node.end >= entryBytes) {
            writeEntry(data, pos, element);
            node.end += entryBytes;
            return;
        }
        if (pos == node.start && node.start >= entryBytes) {
            node.start -= entryBytes;
            writeEntry(data, node.start, element);
            return;
        }
        int bytesBefore = pos - node.start;
        int bytesAfter = node.end - pos;
        int used = node.used() + entryBytes;
        boolean middle = bytesBefore > 0 && bytesAfter > 0;
        if (middle && (node.start >= entryBytes || data.length - node.end >= entryBytes)) {
            boolean headward = node.start >= entryBytes
                    && (data.length - node.end < entryBytes || bytesBefore < bytesAfter);
            if (headward) {
                System.arraycopy(data, node.start, data, node.start - entryBytes, bytesBefore);
                node.start -= entryBytes;
                writeEntry(data, pos - entryBytes, element);
            } else {
                System.arraycopy(data, pos, data, pos + entryBytes, bytesAfter);
                node.end += entryBytes;
                writeEntry(data, pos, element);
            }
            return;
        }
        // Growing by a quarter wastes little in the many lists that stay small; copying within a node is cheap.
        int grown = data.length + (data.length >>> 2);
        int capacity = align8(Math.max(used, Math.min(grown, Math.max(nodeByteLimit(), used))));
        // An end insertion stays in its buffer while a quarter of it would still be free (a queue
        // sliding through one node), or when the buffer cannot grow any more.
        boolean inPlace = !middle && (data.length - used >= used >>> 2 || capacity <= data.length);
        byte[] target = inPlace ? data : new byte[capacity];
        int start = bytesBefore == 0 ? target.length - used : 0;
        // Within the same buffer one side is empty, and arraycopy handles the overlap.
        System.arraycopy(data, node.start, target, start, bytesBefore);
        System.arraycopy(data, pos, target, start + bytesBefore + entryBytes, bytesAfter);
        writeEntry(target, start + bytesBefore, element);
        node.data = target;
        node.start = start;
        node.end = start + used;
    }

    // ---- the entry format ----

    static int varintSize(int value) {
        if (value < 1 << 7) {
            return 1;
        }
        if (value < 1 << 14) {
            return 2;
        }
        if (value < 1 << 21) {
            return 3;
        }
        return value < 1 << 28 ? 4 : 5;
    }

    static int entrySize(int length) {
        return length + 2 * varintSize(length);
    }

    private static void writeEntry(byte[] data, int pos, byte[] element) {
        int length = element.length;
        int headerBytes = varintSize(length);
        int trailer = pos + headerBytes + length;
        int value = length;
        for (int i = 0; i < headerBytes; i++) {
            int bits = value & 0x7f;
            value >>>= 7;
            byte encoded = (byte) (value != 0 ? bits | 0x80 : bits);
            data[pos + i] = encoded;
            data[trailer + headerBytes - 1 - i] = encoded;
        }
        System.arraycopy(element, 0, data, pos + headerBytes, length);
    }

    /** The length of the entry starting at {@code pos}. */
    private static int readForward(byte[] data, int pos) {
        int value = 0;
        int shift = 0;
        byte encoded;
        do {
            encoded = data[pos++];
            value |= (encoded & 0x7f) << shift;
            shift += 7;
        } while (encoded < 0);
        return value;
    }

    /** The length of the entry ending at {@code end}. */
    private static int readBackward(byte[] data, int end) {
        int value = 0;
        int shift = 0;
        byte encoded;
        do {
            encoded = data[--end];
            value |= (encoded & 0x7f) << shift;
            shift += 7;
        } while (encoded < 0);
        return value;
    }

    private static int nextEntry(byte[] data, int pos) {
        return pos + entrySize(readForward(data, pos));
    }

    private static int previousEntry(byte[] data, int end) {
        return end - entrySize(readBackward(data, end));
    }

    private static boolean entryEquals(byte[] data, int pos, byte[] element) {
        int length = readForward(data, pos);
        if (length != element.length) {
            return false;
        }
        int from = pos + varintSize(length);
        return Arrays.equals(data, from, from + length, element, 0, length);
    }

    private static int align8(int bytes) {
        return (bytes + 7) & ~7;
    }

    private static long align8(long bytes) {
        return (bytes + 7) & ~7L;
    }
}
