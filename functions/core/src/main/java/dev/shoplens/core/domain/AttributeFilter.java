package dev.shoplens.core.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Restricts a search to products whose attributes pass a test: a value, one of several values, a numeric
 * range, and {@link All all} or {@link Any any} of other tests. Every vector index applies it inside its
 * k-NN search, so a filtered search still returns k products when k pass. The same tree is what the
 * in-memory reference index evaluates with {@link #admits}.
 */
public sealed interface AttributeFilter {
    int MAX_TESTS = 64;
    int MAX_DEPTH = 5;
    int MAX_VALUES = 100;

    /** The attribute equals the value. */
    record Term(String field, String value) implements AttributeFilter {
        public Term {
            field = fieldName(field);
            value = checkedValue(field, value);
        }

        @Override
        public boolean admits(Map<String, String> attributes) {
            return value.equals(attributes.get(field));
        }
    }

    /** The attribute equals one of the values. */
    record Terms(String field, Set<String> values) implements AttributeFilter {
        public Terms {
            field = fieldName(field);
            if (values == null || values.isEmpty() || values.size() > MAX_VALUES) {
                throw ShopLensException.invalid("'terms' of '" + field + "' needs from 1 to " + MAX_VALUES
                        + " values");
            }
            Set<String> checked = new LinkedHashSet<>();
            for (String v : values) {
                checked.add(checkedValue(field, v));
            }
            values = Collections.unmodifiableSet(checked);
        }

        @Override
        public boolean admits(Map<String, String> attributes) {
            return values.contains(attributes.get(field));
        }
    }

    /**
     * The attribute is a number within the bounds; a null bound is open. An attribute whose value is not a
     * number never passes.
     */
    record Range(String field, Double gte, Double gt, Double lte, Double lt) implements AttributeFilter {
        public Range {
            field = fieldName(field);
            if (gte == null && gt == null && lte == null && lt == null) {
                throw ShopLensException.invalid("'range' of '" + field + "' needs at least one of gte, gt, lte, lt");
            }
            if ((gte != null && gt != null) || (lte != null && lt != null)) {
                throw ShopLensException.invalid("'range' of '" + field
                        + "' may have one lower bound (gte or gt) and one upper bound (lte or lt)");
            }
            for (Double bound : new Double[] {gte, gt, lte, lt}) {
                if (bound != null && !Double.isFinite(bound)) {
                    throw ShopLensException.invalid("'range' bounds of '" + field + "' must be finite numbers");
                }
            }
            double low = gte != null ? gte : gt != null ? gt : Double.NEGATIVE_INFINITY;
            double high = lte != null ? lte : lt != null ? lt : Double.POSITIVE_INFINITY;
            if (low > high) {
                throw ShopLensException.invalid(String.format(Locale.ROOT,
                        "'range' of '%s' is empty: its lower bound %s is above its upper bound %s", field, low, high));
            }
        }

        @Override
        public boolean admits(Map<String, String> attributes) {
            OptionalDouble number = Attributes.number(attributes.get(field));
            if (number.isEmpty()) {
                return false;
            }
            double x = number.getAsDouble();
            return (gte == null || x >= gte) && (gt == null || x > gt) && (lte == null || x <= lte)
                    && (lt == null || x < lt);
        }
    }

    /** Every test passes (AND); with no tests, everything passes. */
    record All(List<AttributeFilter> filters) implements AttributeFilter {
        public All {
            filters = List.copyOf(filters);
        }

        @Override
        public boolean admits(Map<String, String> attributes) {
            return filters.stream().allMatch(f -> f.admits(attributes));
        }
    }

    /** At least one test passes (OR). */
    record Any(List<AttributeFilter> filters) implements AttributeFilter {
        public Any {
            if (filters == null || filters.isEmpty()) {
                throw ShopLensException.invalid("'or' needs at least one filter");
            }
            filters = List.copyOf(filters);
        }

        @Override
        public boolean admits(Map<String, String> attributes) {
            return filters.stream().anyMatch(f -> f.admits(attributes));
        }
    }

    /** Whether a product with these attributes passes. */
    boolean admits(Map<String, String> attributes);

    static AttributeFilter none() {
        return new All(List.of());
    }

    static AttributeFilter equalTo(String attribute, String value) {
        return new Term(attribute, value);
    }

    /** Every attribute of the map has its value, the shorthand {@code {"color": "red"}}. */
    static AttributeFilter allEqual(Map<String, String> values) {
        List<AttributeFilter> terms = new ArrayList<>();
        new TreeMap<>(values).forEach((k, v) -> terms.add(new Term(k, v)));
        return terms.size() == 1 ? terms.getFirst() : new All(terms);
    }

    default boolean isEmpty() {
        return this instanceof All all && all.filters().isEmpty();
    }

    /** Visits every leaf test (term, terms, range). */
    default void forEachTest(Consumer<AttributeFilter> visitor) {
        switch (this) {
            case All all -> all.filters().forEach(f -> f.forEachTest(visitor));
            case Any any -> any.filters().forEach(f -> f.forEachTest(visitor));
            default -> visitor.accept(this);
        }
    }

    /**
     * Refuses a filter too large or too deep to evaluate cheaply; every entry point calls this once on what
     * it parsed.
     */
    static AttributeFilter bounded(AttributeFilter filter) {
        int[] tests = {0};
        filter.forEachTest(t -> tests[0]++);
        if (tests[0] > MAX_TESTS) {
            throw ShopLensException.invalid("the filter has " + tests[0] + " tests; at most " + MAX_TESTS
                    + " are allowed");
        }
        if (depth(filter) > MAX_DEPTH) {
            throw ShopLensException.invalid("the filter nests 'and'/'or' more than " + MAX_DEPTH + " levels deep");
        }
        return filter;
    }

    private static int depth(AttributeFilter filter) {
        return switch (filter) {
            case All all -> 1 + all.filters().stream().mapToInt(AttributeFilter::depth).max().orElse(0);
            case Any any -> 1 + any.filters().stream().mapToInt(AttributeFilter::depth).max().orElse(0);
            default -> 0;
        };
    }

    private static String fieldName(String field) {
        return Attributes.checkedName(field);
    }

    private static String checkedValue(String field, String value) {
        if (value == null || value.length() > Attributes.MAX_VALUE_LENGTH) {
            throw ShopLensException.invalid("filter value of '" + field + "' must be a text of at most "
                    + Attributes.MAX_VALUE_LENGTH + " characters");
        }
        return value.strip();
    }
}
