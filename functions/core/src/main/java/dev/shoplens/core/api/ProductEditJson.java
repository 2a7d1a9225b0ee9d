package dev.shoplens.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoplens.core.domain.ProductEdit;
import dev.shoplens.core.domain.ShopLensException;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The body of {@code PATCH /products/{id}}, a JSON merge patch (RFC 7396) of the product's details: a
 * {@code name} replaces the name, and under {@code attributes} a string sets an attribute and {@code null}
 * removes it; what the body leaves out stays as it is.
 */
public final class ProductEditJson {
    public static final String EXPECTED = "{\"name\": \"Red teddy bear\", \"attributes\": {\"colour\": \"red\", "
            + "\"size\": null}}";

    private ProductEditJson() {
    }

    public static ProductEdit read(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw ShopLensException.invalid("send the changes as a JSON object: " + EXPECTED);
        }
        json.fieldNames().forEachRemaining(field -> {
            if (!field.equals("name") && !field.equals("attributes")) {
                throw ShopLensException.invalid("'" + field + "' cannot be edited: a product has a 'name' and "
                        + "'attributes' (its images are added and deleted one by one)");
            }
        });
        JsonNode name = json.get("name");
        if (name != null && !name.isTextual()) {
            throw ShopLensException.invalid("'name' must be a string (a product always has a name): " + EXPECTED);
        }
        Map<String, String> set = new LinkedHashMap<>();
        Set<String> remove = new HashSet<>();
        JsonNode attributes = json.get("attributes");
        if (attributes != null && !attributes.isObject()) {
            throw ShopLensException.invalid("'attributes' must be an object of attribute names to strings, or "
                    + "to null to remove one: " + EXPECTED);
        }
        if (attributes != null) {
            attributes.fields().forEachRemaining(attribute -> {
                JsonNode value = attribute.getValue();
                if (value.isNull()) {
                    remove.add(attribute.getKey());
                } else if (value.isTextual() || value.isNumber() || value.isBoolean()) {
                    set.put(attribute.getKey(), value.asText());
                } else {
                    throw ShopLensException.invalid("attribute '" + attribute.getKey() + "' must be a string, a "
                            + "number, or null to remove it");
                }
            });
        }
        return new ProductEdit(name == null ? null : name.asText(), set, remove);
    }
}
