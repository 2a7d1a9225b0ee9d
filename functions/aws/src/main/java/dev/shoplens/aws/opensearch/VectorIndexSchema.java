package dev.shoplens.aws.opensearch;

import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch._types.mapping.DynamicMapping;
import org.opensearch.client.opensearch._types.mapping.DynamicTemplate;
import org.opensearch.client.opensearch._types.mapping.TypeMapping;

import java.util.Map;

/**
 * The mapping of a ShopLens vector index, built with opensearch-java's typed builders: one HNSW vector per
 * catalog image, the keys it belongs to, and the product's attributes twice (as keywords for equality, and
 * those that read as numbers again as doubles, so ranges apply to them). The model is recorded in
 * {@code _meta}, so an index is never searched with another model's vectors.
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
                .properties(IMAGE_KEY, p -> p.keyword(k -> k))
                .properties(PRODUCT_ID, p -> p.keyword(k -> k))
                .properties(MODEL, p -> p.keyword(k -> k))
                .properties(ATTRIBUTES, p -> p.object(o -> o.dynamic(DynamicMapping.True)))
                .properties(NUMBERS, p -> p.object(o -> o.dynamic(DynamicMapping.True)))
                .dynamicTemplates(
                        Map.of("attributes_as_keywords", DynamicTemplate.of(t -> t.pathMatch(ATTRIBUTES + ".*")
                                .mapping(p -> p.keyword(k -> k)))),
                        Map.of("numbers_as_doubles", DynamicTemplate.of(t -> t.pathMatch(NUMBERS + ".*")
                                .mapping(p -> p.double_(d -> d))))));
    }
}
