package dev.cinnabar.command;

import java.util.Locale;

/** Redis's command flags, as COMMAND INFO lists them. */
public enum CommandFlag {
    WRITE,
    READONLY,
    DENYOOM,
    MODULE,
    ADMIN,
    PUBSUB,
    NOSCRIPT,
    BLOCKING,
    LOADING,
    STALE,
    SKIP_MONITOR,
    SKIP_SLOWLOG,
    ASKING,
    FAST,
    NO_AUTH,
    MAY_REPLICATE,
    NO_MANDATORY_KEYS,
    NO_ASYNC_LOADING,
    NO_MULTI,
    MOVABLE_KEYS,
    ALLOW_BUSY;

    /** Redis spells every flag as its lower-case name except this one. */
    private final String wireName = name().equals("MOVABLE_KEYS") ? "movablekeys" : name().toLowerCase(Locale.ROOT);

    /** The spelling COMMAND INFO uses. */
    public String wireName() {
        return wireName;
    }

    public int bit() {
        return 1 << ordinal();
    }
}
