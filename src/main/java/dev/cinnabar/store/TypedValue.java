package dev.cinnabar.store;

/** A value of a type other than string; each data type's class implements it. */
public interface TypedValue {

    ValueType type();

    /** What OBJECT ENCODING answers, following Redis's size thresholds. */
    String encoding();

    /** A deep copy, for COPY. */
    TypedValue copy();

    /** Approximate bytes used, for MEMORY USAGE. */
    long memoryUsage();
}
