package dev.shoplens.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoplens.core.domain.AttributeFilter;
import dev.shoplens.core.domain.ShopLensException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a filter from the JSON of the search APIs into the typed filter tree; no user text ever becomes
 * query JSON. The grammar:
 * <pre>
 * {"color": "red", "brand": "acme"}                 every attribute equals its value (shorthand)
 * {"term":  {"color": "red"}}
 * {"terms": {"color": ["red", "blue"]}}
 * {"range": {"price": {"gte": 10, "lt": 50}}}
 * {"and": [filter, ...]}   {"or": [filter, ...]}
 * </pre>
 * An object is an operator when its one key is an operator and its value is an object or array; attribute
 * shorthand values are always strings, so the two never clash.
 */
public final class FilterJson {
    private static final String EXAMPLE = "e.g. {\"color\": \"red\"} or {\"and\": [{\"terms\": {\"color\": "
            + "[\"red\", \"blue\"]}}, {\"range\": {\"price\": {\"lte\": 50}}}]}";
    private static final Set<String> OPERATORS = Set.of("term", "terms", "range", "and", "or");
    private static final Set<String> BOUNDS = Set.of("gte", "gt", "lte", "lt");

    private FilterJson() {
    }

    public static AttributeFilter parse(JsonNode node) {
        if (node == null || node.isNull()) {
            return AttributeFilter.none();
        }
        return AttributeFilter.bounded(filter(node, "filter"));
    }

    private static AttributeFilter filter(JsonNode node, String where) {
        if (!node.isObject()) {
            throw ShopLensException.invalid("'" + where + "' must be a JSON object, " + EXAMPLE);
        }
        if (node.size() == 1) {
            Map.Entry<String, JsonNode> only = node.fields().next();
            if (OPERATORS.contains(only.getKey()) && (only.getValue().isObject() || only.getValue().isArray())) {
                return operator(only.getKey(), only.getValue(), where);
            }
        }
        Map<String, String> equal = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual() && OPERATORS.contains(e.getKey())) {
                throw ShopLensException.invalid("in '" + where + "', '" + e.getKey() + "' must be the only key of its "
                        + "object: combine tests with {\"and\": [{...}, {...}]}");
            }
            if (!e.getValue().isTextual()) {
                throw ShopLensException.invalid("in '" + where + "', the value of '" + e.getKey()
                        + "' must be a string, or use an operator (term, terms, range, and, or), " + EXAMPLE);
            }
            equal.put(e.getKey(), e.getValue().asText());
        }
        return AttributeFilter.allEqual(equal);
    }

    private static AttributeFilter operator(String op, JsonNode arg, String where) {
        String here = where + "." + op;
        return switch (op) {
            case "and", "or" -> {
                if (!arg.isArray() || arg.isEmpty()) {
                    throw ShopLensException.invalid("'" + here + "' must be a non-empty array of filters");
                }
                List<AttributeFilter> parts = new ArrayList<>();
                for (int i = 0; i < arg.size(); i++) {
                    parts.add(filter(arg.get(i), here + "[" + i + "]"));
                }
                yield op.equals("and") ? new AttributeFilter.All(parts) : new AttributeFilter.Any(parts);
            }
            case "term" -> {
                Map.Entry<String, JsonNode> e = single(arg, here, "{\"color\": \"red\"}");
                if (!e.getValue().isTextual()) {
                    throw ShopLensException.invalid("'" + here + "." + e.getKey() + "' must be a string");
                }
                yield new AttributeFilter.Term(e.getKey(), e.getValue().asText());
            }
            case "terms" -> {
                Map.Entry<String, JsonNode> e = single(arg, here, "{\"color\": [\"red\", \"blue\"]}");
                if (!e.getValue().isArray()) {
                    throw ShopLensException.invalid("'" + here + "." + e.getKey() + "' must be an array of strings");
                }
                Set<String> values = new LinkedHashSet<>();
                for (JsonNode v : e.getValue()) {
                    if (!v.isTextual()) {
                        throw ShopLensException.invalid("'" + here + "." + e.getKey() + "' must hold only strings, got " + v);
                    }
                    values.add(v.asText());
                }
                yield new AttributeFilter.Terms(e.getKey(), values);
            }
            case "range" -> {
                Map.Entry<String, JsonNode> e = single(arg, here, "{\"price\": {\"gte\": 10, \"lt\": 50}}");
                JsonNode bounds = e.getValue();
                String at = here + "." + e.getKey();
                if (!bounds.isObject() || bounds.isEmpty()) {
                    throw ShopLensException.invalid("'" + at + "' must be an object of bounds gte, gt, lte, lt");
                }
                bounds.fieldNames().forEachRemaining(b -> {
                    if (!BOUNDS.contains(b)) {
                        throw ShopLensException.invalid("'" + at + "' has an unknown bound '" + b + "': use gte, gt, lte, lt");
                    }
                });
                yield new AttributeFilter.Range(e.getKey(), bound(bounds, "gte", at), bound(bounds, "gt", at),
                        bound(bounds, "lte", at), bound(bounds, "lt", at));
            }
            default -> throw new IllegalStateException(op);
        };
    }

    private static Map.Entry<String, JsonNode> single(JsonNode arg, String where, String example) {
        if (!arg.isObject() || arg.size() != 1) {
            throw ShopLensException.invalid("'" + where + "' must name exactly one attribute, e.g. " + example);
        }
        return arg.fields().next();
    }

    private static Double bound(JsonNode bounds, String name, String where) {
        JsonNode b = bounds.get(name);
        if (b == null || b.isNull()) {
            return null;
        }
        if (!b.isNumber()) {
            throw ShopLensException.invalid("'" + where + "." + name + "' must be a number, got " + b);
        }
        return b.asDouble();
    }
}
