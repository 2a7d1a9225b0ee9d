package dev.shoplens.aws.opensearch;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoplens.core.domain.Attributes;
import dev.shoplens.core.port.VectorIndex.VectorRecord;

import java.util.HashMap;
import java.util.Map;

/**
 * A catalog image's document in the vector index ({@link VectorIndexSchema}). A search reads only the
 * fields it asks for; the others are null.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record VectorDocument(float[] vector, String imageKey, String productId, String model, Map<String, String> attributes,
                      Map<String, Double> numbers) {

    static VectorDocument of(VectorRecord record) {
        return new VectorDocument(record.vector(), record.imageKey().value(), record.productId().value(),
                record.modelVersion(), record.attributes(), numbers(record.attributes()));
    }

    private static Map<String, Double> numbers(Map<String, String> attributes) {
        Map<String, Double> numbers = new HashMap<>();
        attributes.forEach((name, value) -> Attributes.number(value).ifPresent(x -> numbers.put(name, x)));
        return numbers;
    }

    /**
     * The partial document that gives a stored document {@code attributes} in place of its own: what it
     * holds and the new attributes lack is set to null, since a partial update merges objects. A JSON tree,
     * because the client's mapper leaves null map values out.
     */
    static ObjectNode attributeFields(VectorDocument stored, Map<String, String> attributes) {
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        ObjectNode text = fields.putObject(VectorIndexSchema.ATTRIBUTES);
        ObjectNode numeric = fields.putObject(VectorIndexSchema.NUMBERS);
        if (stored != null && stored.attributes() != null) {
            stored.attributes().keySet().forEach(text::putNull);
        }
        if (stored != null && stored.numbers() != null) {
            stored.numbers().keySet().forEach(numeric::putNull);
        }
        attributes.forEach(text::put);
        numbers(attributes).forEach(numeric::put);
        return fields;
    }
}
