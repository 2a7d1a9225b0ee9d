package dev.shoplens.aws.opensearch;

import com.fasterxml.jackson.annotation.JsonInclude;
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
        Map<String, Double> numbers = new HashMap<>();
        record.attributes().forEach((name, value) -> Attributes.number(value).ifPresent(x -> numbers.put(name, x)));
        return new VectorDocument(record.vector(), record.imageKey().value(), record.productId().value(),
                record.modelVersion(), record.attributes(), numbers);
    }
}
