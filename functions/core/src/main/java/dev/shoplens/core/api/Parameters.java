package dev.shoplens.core.api;

import dev.shoplens.core.domain.ShopLensException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The query parameters of a request (and a form's fields), each with all its values: a client may repeat
 * one. Options that take one value refuse a repetition by name; {@code filter.<attribute>} takes several.
 */
public final class Parameters {
    private static final Parameters NONE = new Parameters(Map.of());
    private final Map<String, List<String>> values;

    private Parameters(Map<String, List<String>> values) {
        this.values = values;
    }

    public static Parameters none() {
        return NONE;
    }

    /** Several values per name, in the order the client sent them. */
    public static Parameters of(Map<String, List<String>> values) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        values.forEach((name, list) -> {
            if (list != null && !list.isEmpty()) {
                copy.put(name, List.copyOf(list));
            }
        });
        return new Parameters(copy);
    }

    /** One value per name. */
    public static Parameters ofSingle(Map<String, String> values) {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        if (values != null) {
            values.forEach((name, value) -> multi.put(name, List.of(value == null ? "" : value)));
        }
        return new Parameters(multi);
    }

    /** A raw query string ({@code a=1&b=2&b=3}), percent- and plus-decoded as browsers encode forms. */
    public static Parameters fromQueryString(String raw) {
        if (raw == null || raw.isEmpty()) {
            return NONE;
        }
        Map<String, List<String>> multi = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            multi.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return of(multi);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ShopLensException.invalid("the query string is not validly percent-encoded near '"
                    + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'");
        }
    }

    /** This and {@code other}, whose values win for a name both have (a form's fields over the query). */
    public Parameters with(Parameters other) {
        Map<String, List<String>> merged = new LinkedHashMap<>(values);
        merged.putAll(other.values);
        return new Parameters(merged);
    }

    /**
     * The one value of an option; empty when absent or blank.
     *
     * @throws ShopLensException when the client gave it more than once
     */
    public Optional<String> one(String name) {
        List<String> list = values.getOrDefault(name, List.of());
        if (list.size() > 1) {
            throw ShopLensException.invalid("'" + name + "' was given " + list.size() + " times: give it once"
                    + (name.startsWith("filter") ? "" : " (only filter.<attribute> may repeat, meaning any of the values)"));
        }
        return list.isEmpty() || list.getFirst().isBlank() ? Optional.empty() : Optional.of(list.getFirst().strip());
    }

    /** Every value of a name, in order. */
    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    public Set<String> names() {
        return values.keySet();
    }
}
