package dev.cinnabar.acl;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;

/**
 * ACL LOG: the denied commands, keys, channels and failed AUTHs, newest first. A denial like
 * one logged less than a minute ago (same reason, context, object and user) updates that
 * entry and counts it again instead of adding another, as Redis groups them.
 */
public final class AclLog {

    private static final long GROUPING_MILLIS = 60_000;
    private static final int GROUPING_SEARCH_DEPTH = 10;

    /** One entry, with Redis's fields. */
    public static final class Entry {
        private final long id;
        private final String reason;
        private final String context;
        private final String object;
        private final String username;
        private final long createdMillis;
        private long count = 1;
        private long updatedMillis;
        private String clientInfo;

        Entry(long id, String reason, String context, String object, String username, String clientInfo, long now) {
            this.id = id;
            this.reason = reason;
            this.context = context;
            this.object = object;
            this.username = username;
            this.clientInfo = clientInfo;
            this.createdMillis = now;
            this.updatedMillis = now;
        }

        public long id() {
            return id;
        }

        public long count() {
            return count;
        }

        /** command, key, channel or auth. */
        public String reason() {
            return reason;
        }

        /** toplevel, multi, lua or module. */
        public String context() {
            return context;
        }

        public String object() {
            return object;
        }

        public String username() {
            return username;
        }

        public String clientInfo() {
            return clientInfo;
        }

        public long createdMillis() {
            return createdMillis;
        }

        public long updatedMillis() {
            return updatedMillis;
        }

        private boolean sameAs(String reason, String context, String object, String username, long now) {
            return this.reason.equals(reason) && this.context.equals(context) && this.object.equals(object)
                    && this.username.equals(username) && now - updatedMillis <= GROUPING_MILLIS;
        }
    }

    private final LinkedList<Entry> entries = new LinkedList<>();
    private long nextId;

    void add(String reason, String context, String object, String username, String clientInfo, long now,
             long maxLength) {
        Iterator<Entry> newest = entries.iterator();
        for (int i = 0; i < GROUPING_SEARCH_DEPTH && newest.hasNext(); i++) {
            Entry entry = newest.next();
            if (entry.sameAs(reason, context, object, username, now)) {
                newest.remove();
                entry.count++;
                entry.updatedMillis = now;
                entry.clientInfo = clientInfo;
                entries.addFirst(entry);
                return;
            }
        }
        entries.addFirst(new Entry(nextId++, reason, context, object, username, clientInfo, now));
        while (entries.size() > maxLength) {
            entries.removeLast();
        }
    }

    /** The newest {@code count} entries, newest first. */
    public List<Entry> newest(long count) {
        List<Entry> newest = new ArrayList<>();
        for (Entry entry : entries) {
            if (newest.size() >= count) {
                break;
            }
            newest.add(entry);
        }
        return newest;
    }

    public void reset() {
        entries.clear();
    }
}
