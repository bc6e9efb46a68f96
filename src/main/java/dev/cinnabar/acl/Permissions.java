package dev.cinnabar.acl;

/**
 * The outcome of a permission check packed in one int, so that checking allocates nothing:
 * 0 allowed, else the kind of denial in the low bits and the denied argument's position above.
 * Kinds are ordered as Redis ranks them when no selector allows a command (the highest wins).
 */
public final class Permissions {

    public static final int ALLOWED = 0;
    public static final int DENIED_COMMAND = 1;
    public static final int DENIED_KEY = 2;
    public static final int DENIED_CHANNEL = 4;

    private Permissions() {
    }

    static int denial(int kind, int argument) {
        return kind | (argument << 3);
    }

    public static int kind(int denial) {
        return denial & 7;
    }

    /** The position of the denied key or channel among the arguments. */
    public static int argument(int denial) {
        return denial >>> 3;
    }
}
