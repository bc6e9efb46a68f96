package dev.cinnabar.config;

/**
 * The classes of {@code notify-keyspace-events} as bit flags, parsed from and printed to
 * Redis's class characters ("KEA", "Ex", ...), in Redis's canonical order.
 */
public final class KeyspaceEventClasses {

    public static final int KEYSPACE = 1;
    public static final int KEYEVENT = 1 << 1;
    public static final int GENERIC = 1 << 2;
    public static final int STRING = 1 << 3;
    public static final int LIST = 1 << 4;
    public static final int SET = 1 << 5;
    public static final int HASH = 1 << 6;
    public static final int ZSET = 1 << 7;
    public static final int EXPIRED = 1 << 8;
    public static final int EVICTED = 1 << 9;
    public static final int STREAM = 1 << 10;
    public static final int KEY_MISS = 1 << 11;
    public static final int MODULE = 1 << 12;
    public static final int NEW = 1 << 13;
    /** What 'A' stands for: every data class, not key misses or new keys. */
    public static final int ALL = GENERIC | STRING | LIST | SET | HASH | ZSET | EXPIRED | EVICTED | STREAM | MODULE;

    /** Class characters and their flags, in the order Redis prints them inside the 'A' group. */
    private static final String DATA_CLASS_CHARS = "g$lshzxetdn";
    private static final int[] DATA_CLASS_FLAGS = {GENERIC, STRING, LIST, SET, HASH, ZSET, EXPIRED, EVICTED, STREAM,
            MODULE, NEW};

    private KeyspaceEventClasses() {
    }

    /** @throws InvalidConfigValueException with Redis's reason for an unknown character */
    public static int parse(String classes) {
        int flags = 0;
        for (int i = 0; i < classes.length(); i++) {
            char c = classes.charAt(i);
            int index = DATA_CLASS_CHARS.indexOf(c);
            if (index >= 0) {
                flags |= DATA_CLASS_FLAGS[index];
                continue;
            }
            flags |= switch (c) {
                case 'A' -> ALL;
                case 'K' -> KEYSPACE;
                case 'E' -> KEYEVENT;
                case 'm' -> KEY_MISS;
                default -> throw new InvalidConfigValueException(
                        "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
            };
        }
        return flags;
    }

    public static String format(int flags) {
        StringBuilder text = new StringBuilder();
        if ((flags & ALL) == ALL) {
            text.append('A');
        } else {
            for (int i = 0; i < DATA_CLASS_FLAGS.length; i++) {
                if ((flags & DATA_CLASS_FLAGS[i]) != 0) {
                    text.append(DATA_CLASS_CHARS.charAt(i));
                }
            }
        }
        if ((flags & KEYSPACE) != 0) {
            text.append('K');
        }
        if ((flags & KEYEVENT) != 0) {
            text.append('E');
        }
        if ((flags & KEY_MISS) != 0) {
            text.append('m');
        }
        return text.toString();
    }

    static String canonical(String classes) {
        return format(parse(classes));
    }
}
