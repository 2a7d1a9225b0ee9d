package dev.shoplens.localaws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks JSON answers against openapi.yaml: each required property present, types of the declared
 * properties, arrays item by item, {@code $ref}s followed. Enough to catch a handler drifting from its
 * documented contract.
 */
final class OpenApiDocument {
    private final JsonNode root;

    OpenApiDocument(Path file) throws IOException {
        root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    }

    JsonNode paths() {
        return root.path("paths");
    }

    /** The response schema of an operation for a status. */
    JsonNode responseSchema(String path, String method, int status) {
        JsonNode response = root.path("paths").path(path).path(method.toLowerCase()).path("responses")
                .path(Integer.toString(status));
        if (response.has("$ref")) {
            response = resolve(response.path("$ref").asText());
        }
        return response.path("content").path("application/json").path("schema");
    }

    /** The problems found, empty when {@code value} fits {@code schema}. */
    List<String> problems(JsonNode value, JsonNode schema) {
        List<String> out = new ArrayList<>();
        check(value, schema, "$", out);
        return out;
    }

    private JsonNode resolve(String ref) {
        JsonNode node = root;
        for (String part : ref.substring(2).split("/")) {
            node = node.path(part);
        }
        return node;
    }

    private void check(JsonNode value, JsonNode schema, String where, List<String> out) {
        if (schema.has("$ref")) {
            check(value, resolve(schema.path("$ref").asText()), where, out);
            return;
        }
        String type = schema.path("type").asText("");
        switch (type) {
            case "object" -> {
                if (!value.isObject()) {
                    out.add(where + " should be an object");
                    return;
                }
                schema.path("required").forEach(r -> {
                    if (!value.has(r.asText())) {
                        out.add(where + "." + r.asText() + " is required");
                    }
                });
                schema.path("properties").fields().forEachRemaining(p -> {
                    if (value.has(p.getKey()) && !value.get(p.getKey()).isNull()) {
                        check(value.get(p.getKey()), p.getValue(), where + "." + p.getKey(), out);
                    }
                });
            }
            case "array" -> {
                if (!value.isArray()) {
                    out.add(where + " should be an array");
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    check(value.get(i), schema.path("items"), where + "[" + i + "]", out);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    out.add(where + " should be a string");
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    out.add(where + " should be an integer");
                }
            }
            case "number" -> {
                if (!value.isNumber()) {
                    out.add(where + " should be a number");
                }
            }
            default -> { }
        }
    }
}
