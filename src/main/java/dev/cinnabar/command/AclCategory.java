package dev.cinnabar.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Redis's ACL command categories, in the order Redis lists them. */
public enum AclCategory {
    KEYSPACE,
    READ,
    WRITE,
    SET,
    SORTEDSET,
    LIST,
    HASH,
    STRING,
    BITMAP,
    HYPERLOGLOG,
    GEO,
    STREAM,
    PUBSUB,
    ADMIN,
    FAST,
    SLOW,
    BLOCKING,
    DANGEROUS,
    CONNECTION,
    TRANSACTION,
    SCRIPTING;

    private final String wireName = "@" + name().toLowerCase(Locale.ROOT);

    /** The category with its '@', as COMMAND INFO and ACL CAT show it. */
    public String wireName() {
        return wireName;
    }

    public static AclCategory named(String name) {
        String bare = name.startsWith("@") ? name.substring(1) : name;
        return valueOf(bare.toUpperCase(Locale.ROOT));
    }

    /** The category a command group implies (Redis's {@code generic} group is @keyspace). */
    static AclCategory ofGroup(String group) {
        return switch (group) {
            case "generic" -> KEYSPACE;
            case "string" -> STRING;
            case "list" -> LIST;
            case "hash" -> HASH;
            case "set" -> SET;
            case "sorted-set" -> SORTEDSET;
            case "stream" -> STREAM;
            case "geo" -> GEO;
            case "hyperloglog" -> HYPERLOGLOG;
            case "bitmap" -> BITMAP;
            case "connection" -> CONNECTION;
            case "transactions" -> TRANSACTION;
            case "scripting" -> SCRIPTING;
            default -> null;
        };
    }

    /** The categories Redis derives from a command's flags. */
    static int impliedBy(int flags) {
        int categories = 0;
        if ((flags & CommandFlag.WRITE.bit()) != 0) {
            categories |= WRITE.bit();
        }
        if ((flags & CommandFlag.READONLY.bit()) != 0) {
            categories |= READ.bit();
        }
        if ((flags & CommandFlag.ADMIN.bit()) != 0) {
            categories |= ADMIN.bit() | DANGEROUS.bit();
        }
        if ((flags & CommandFlag.PUBSUB.bit()) != 0) {
            categories |= PUBSUB.bit();
        }
        if ((flags & CommandFlag.BLOCKING.bit()) != 0) {
            categories |= BLOCKING.bit();
        }
        categories |= (flags & CommandFlag.FAST.bit()) != 0 ? FAST.bit() : SLOW.bit();
        return categories;
    }

    public int bit() {
        return 1 << ordinal();
    }

    public static List<String> wireNames(int categories) {
        List<String> names = new ArrayList<>();
        for (AclCategory category : values()) {
            if ((categories & category.bit()) != 0) {
                names.add(category.wireName());
            }
        }
        return names;
    }
}
