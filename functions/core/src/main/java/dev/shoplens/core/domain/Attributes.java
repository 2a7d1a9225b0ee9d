package dev.shoplens.core.domain;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Checks product attributes once, where they enter, so every store can index them as keywords. */
public final class Attributes {
    public static final int MAX_ATTRIBUTES = 32;
    public static final int MAX_VALUE_LENGTH = 256;
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    /** Plain decimal numbers only: "1e3" or "0x10" stay text, as a merchant would read them. */
    private static final Pattern NUMBER = Pattern.compile("-?(\\d{1,15})(\\.\\d{1,15})?");

    private Attributes() {
    }

    public static Map<String, String> validated(Map<String, String> attributes) {
        if (attributes == null || attributes.isEmpty()) {
            return Map.of();
        }
        if (attributes.size() > MAX_ATTRIBUTES) {
            throw ShopLensException.invalid("a product may have at most " + MAX_ATTRIBUTES + " attributes, got "
                    + attributes.size());
        }
        Map<String, String> out = new TreeMap<>();
        attributes.forEach((name, value) -> {
            checkedName(name);
            if (value == null || value.length() > MAX_VALUE_LENGTH) {
                throw ShopLensException.invalid("attribute '" + name + "' needs a value of at most "
                        + MAX_VALUE_LENGTH + " characters");
            }
            out.put(name, value.strip());
        });
        return out;
    }

    public static String checkedName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ShopLensException.invalid("attribute name '" + name
                    + "' is not valid: use lower-case letters, digits and '_', starting with a letter");
        }
        return name;
    }

    /**
     * The value as a number when it is written as one ("19.99", "-3"); such attributes can also be filtered
     * by range.
     */
    public static OptionalDouble number(String value) {
        if (value == null || !NUMBER.matcher(value).matches()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Double.parseDouble(value));
    }
}
