package dev.cinnabar.command.keys;

import dev.cinnabar.store.TypedValue;
import dev.cinnabar.store.ValueType;

import java.util.ArrayList;
import java.util.List;

/** A stand-in for a non-string value, so that type-independent key commands can be tested alone. */
final class ListLikeValue implements TypedValue {

    final List<String> elements;

    ListLikeValue(List<String> elements) {
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
