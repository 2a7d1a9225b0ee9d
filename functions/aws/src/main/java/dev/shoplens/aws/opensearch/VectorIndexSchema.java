package dev.shoplens.aws.opensearch;

import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch._types.mapping.DynamicMapping;
import org.opensearch.client.opensearch._types.mapping.DynamicTemplate;
import org.opensearch.client.opensearch._types.mapping.Property;
import org.opensearch.client.opensearch._types.mapping.TypeMapping;
import org.opensearch.client.opensearch.indices.PutMappingRequest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mapping of a ShopLens vector index, built with opensearch-java's typed builders: one HNSW vector per
 * catalog image, the keys it belongs to, and the product's attributes twice (as keywords for equality, and
 * those that read as numbers again as doubles, so ranges apply to them). The model is recorded in
 * {@code _meta}, so an index is never searched with another model's vectors.
 *
 * <p>In AWS the template declares the index with its vector field only (CloudFormation's index resource
 * knows text and knn_vector fields, not keywords, dynamic templates or {@code _meta}); the ingest function
 * adds the rest with {@link #completion} before it writes.
 */
final class VectorIndexSchema {
    static final String VECTOR = "vector";
    static final String IMAGE_KEY = "imageKey";
    static final String PRODUCT_ID = "productId";
    static final String MODEL = "model";
    static final String ATTRIBUTES = "attributes";
    static final String NUMBERS = "numbers";
    /** HNSW graph degree and build-time candidate list: the k-NN plugin's defaults for recall near 1. */
    static final int M = 16;
    static final int EF_CONSTRUCTION = 128;

    private VectorIndexSchema() {
    }

    static TypeMapping mapping(String modelVersion, int dimension, KnnEngine engine) {
        // Unit vectors: inner product is the cosine, and the cheapest to compute.
        return TypeMapping.of(m -> m
                .meta(MODEL, JsonData.of(modelVersion))
                .properties(VECTOR, p -> p.knnVector(v -> v.dimension(dimension).method(method -> method
                        .name("hnsw").spaceType("innerproduct").engine(engine.mappingName())
                        .parameters("m", JsonData.of(M)).parameters("ef_construction", JsonData.of(EF_CONSTRUCTION)))))
                .properties(fieldsBesideVector())
                .dynamicTemplates(dynamicTemplates()));
    }

    /** What the ingest function adds to an index declared with its vector field only. */
    static PutMappingRequest completion(String index, String modelVersion) {
        return PutMappingRequest.of(p -> p.index(index).meta(MODEL, JsonData.of(modelVersion))
                .properties(fieldsBesideVector()).dynamicTemplates(dynamicTemplates()));
    }

    /** Whether a mapping already holds what {@link #completion} adds. */
    static boolean isComplete(TypeMapping mapping) {
        return mapping.meta().containsKey(MODEL) && fieldsBesideVector().keySet().stream()
                .allMatch(mapping.properties()::containsKey);
    }

    private static Map<String, Property> fieldsBesideVector() {
        Map<String, Property> fields = new LinkedHashMap<>();
        fields.put(IMAGE_KEY, Property.of(p -> p.keyword(k -> k)));
        fields.put(PRODUCT_ID, Property.of(p -> p.keyword(k -> k)));
        fields.put(MODEL, Property.of(p -> p.keyword(k -> k)));
        fields.put(ATTRIBUTES, Property.of(p -> p.object(o -> o.dynamic(DynamicMapping.True))));
        fields.put(NUMBERS, Property.of(p -> p.object(o -> o.dynamic(DynamicMapping.True))));
        return fields;
    }

    private static List<Map<String, DynamicTemplate>> dynamicTemplates() {
        return List.of(
                Map.of("attributes_as_keywords", DynamicTemplate.of(t -> t.pathMatch(ATTRIBUTES + ".*")
                        .mapping(p -> p.keyword(k -> k)))),
                Map.of("numbers_as_doubles", DynamicTemplate.of(t -> t.pathMatch(NUMBERS + ".*")
                        .mapping(p -> p.double_(d -> d)))));
    }
}
