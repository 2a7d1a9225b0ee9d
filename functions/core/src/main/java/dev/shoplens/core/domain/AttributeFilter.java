package dev.shoplens.core.domain;

import java.util.Map;

/** Restricts a search to products whose attributes have all the given values (applied inside the k-NN search). */
public record AttributeFilter(Map<String, String> equalTo) {
    private static final AttributeFilter NONE = new AttributeFilter(Map.of());

    public AttributeFilter {
        equalTo = Attributes.validated(equalTo);
    }

    public static AttributeFilter none() {
        return NONE;
    }

    public static AttributeFilter equalTo(String attribute, String value) {
        return new AttributeFilter(Map.of(attribute, value));
    }

    public boolean isEmpty() {
        return equalTo.isEmpty();
    }
}
