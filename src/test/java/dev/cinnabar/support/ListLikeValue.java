package dev.cinnabar.support;

import dev.cinnabar.store.TypedValue;
import dev.cinnabar.store.ValueType;

import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in for a non-string value, so that type-independent commands (and WRONGTYPE
 * errors) can be tested before the other data types exist.
 */
public final class ListLikeValue implements TypedValue {

    public final List<String> elements;

    public ListLikeValue(List<String> elements) {
        this.elements = new ArrayList<>(elements);
    }

    @Override
    public ValueType type() {
        return ValueType.LIST;
    }

    @Override
    public String encoding() {
        return "listpack";
    }

    @Override
    public TypedValue copy() {
        return new ListLikeValue(elements);
    }

    @Override
    public long memoryUsage() {
        return 16L * elements.size();
    }
}
