package dev.cinnabar.store;

/** The type of a value as TYPE names it. Strings are stored as plain {@code byte[]}. */
public enum ValueType {
    STRING("string"),
    LIST("list"),
    SET("set"),
    ZSET("zset"),
    HASH("hash"),
    STREAM("stream");

    private final String typeName;

    ValueType(String typeName) {
        this.typeName = typeName;
    }

    public String typeName() {
        return typeName;
    }

    public static ValueType of(Object value) {
        if (value instanceof byte[]) {
            return STRING;
        }
        return ((TypedValue) value).type();
    }
}
