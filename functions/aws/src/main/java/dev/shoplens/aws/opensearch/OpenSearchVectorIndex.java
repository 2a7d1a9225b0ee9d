package dev.shoplens.aws.opensearch;

import dev.shoplens.core.domain.AttributeFilter;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.domain.VectorId;
import dev.shoplens.core.port.VectorIndex;
import org.opensearch.client.json.JsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.mapping.TypeMapping;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;
import org.opensearch.client.opensearch.core.search.Hit;
import org.opensearch.client.opensearch.indices.CreateIndexRequest;
import org.opensearch.client.opensearch.indices.GetMappingResponse;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Image vectors in an OpenSearch index, with the rules of OpenSearch Serverless vector collections: the
 * service chooses document ids (so there is no upsert: the ingest service adds the new vector and removes
 * the old id), and there is no {@code _refresh} (this class never calls it; tests poll).
 */
public final class OpenSearchVectorIndex implements VectorIndex {
    static final String VECTOR = "vector";
    static final String IMAGE_KEY = "imageKey";
    static final String PRODUCT_ID = "productId";
    static final String MODEL = "model";
    static final String ATTRIBUTES = "attributes";
    static final int EF_SEARCH = 100;

    private final OpenSearchClient client;
    private final String index;
    private final String modelVersion;
    private final int dimension;

    /**
     * @param engine {@code faiss} on OpenSearch Serverless, {@code lucene} on a local node
     */
    public OpenSearchVectorIndex(OpenSearchClient client, String index, String modelVersion, int dimension,
                                 String engine) {
        if (index == null || !index.matches("[a-z0-9][a-z0-9_-]{0,200}")) {
            throw new IllegalArgumentException("vector index name '" + index
                    + "' must be lower-case letters, digits, '_' or '-' (VECTOR_INDEX)");
        }
        if (!List.of("faiss", "lucene").contains(engine)) {
            throw new IllegalArgumentException("k-NN engine must be faiss or lucene, got '" + engine + "' (KNN_ENGINE)");
        }
        this.client = client;
        this.index = index;
        this.modelVersion = modelVersion;
        this.dimension = dimension;
        this.engine = engine;
    }

    private final String engine;

    /**
     * Creates the index when it is missing, and checks that an existing one holds vectors of the model's
     * dimension; a mapping that does not fit fails here, at start, with the reason.
     */
    public void createIndexIfMissing() {
        try {
            if (!client.indices().exists(e -> e.index(index)).value()) {
                JsonpMapper mapper = client._transport().jsonpMapper();
                TypeMapping mappings = TypeMapping._DESERIALIZER.deserialize(
                        mapper.jsonProvider().createParser(new StringReader(mapping())), mapper);
                client.indices().create(CreateIndexRequest.of(c -> c.index(index).mappings(mappings)
                        .settings(s -> s.knn(true))));
                return;
            }
            GetMappingResponse mapping = client.indices().getMapping(m -> m.index(index));
            var properties = mapping.result().values().iterator().next().mappings().properties();
            var vector = properties.get(VECTOR);
            if (vector == null || !vector.isKnnVector()) {
                throw new IllegalStateException("OpenSearch index '" + index + "' has no knn_vector field '" + VECTOR
                        + "': it was not made by ShopLens; use another VECTOR_INDEX");
            }
            Integer existing = vector.knnVector().dimension();
            if (existing == null || existing != dimension) {
                throw new IllegalStateException("OpenSearch index '" + index + "' holds vectors of dimension " + existing
                        + " but model " + modelVersion + " makes " + dimension + ": use an index per model");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach OpenSearch to check index '" + index + "'", e);
        }
    }

    private String mapping() {
        // Unit vectors: inner product is the cosine, and the cheapest to compute.
        return String.format(Locale.ROOT, """
                  {
                    "properties": {
                      "%s": {"type": "knn_vector", "dimension": %d,
                             "method": {"name": "hnsw", "space_type": "innerproduct", "engine": "%s",
                                        "parameters": {"m": 16, "ef_construction": 128}}},
                      "%s": {"type": "keyword"},
                      "%s": {"type": "keyword"},
                      "%s": {"type": "keyword"},
                      "%s": {"type": "object", "dynamic": true}
                    },
                    "dynamic_templates": [
                      {"attributes_as_keywords": {"path_match": "%s.*", "mapping": {"type": "keyword"}}}
                    ]
                  }""", VECTOR, dimension, engine, IMAGE_KEY, PRODUCT_ID, MODEL, ATTRIBUTES, ATTRIBUTES);
    }

    @Override
    public List<VectorId> add(List<VectorRecord> records) {
        if (records.isEmpty()) {
            return List.of();
        }
        List<BulkOperation> operations = new ArrayList<>(records.size());
        for (VectorRecord r : records) {
            if (r.vector().length != dimension || !modelVersion.equals(r.modelVersion())) {
                throw new IllegalArgumentException("vector of " + r.imageKey() + " (" + r.modelVersion() + ", "
                        + r.vector().length + " dimensions) does not belong in index " + index);
            }
            Map<String, Object> doc = new HashMap<>();
            doc.put(VECTOR, r.vector());
            doc.put(IMAGE_KEY, r.imageKey().value());
            doc.put(PRODUCT_ID, r.productId().value());
            doc.put(MODEL, r.modelVersion());
            doc.put(ATTRIBUTES, r.attributes());
            operations.add(BulkOperation.of(op -> op.index(i -> i.index(index).document(doc))));
        }
        try {
            BulkResponse response = client.bulk(b -> b.operations(operations));
            List<VectorId> ids = new ArrayList<>(records.size());
            for (BulkResponseItem item : response.items()) {
                if (item.error() != null) {
                    // Ids already given are dropped so a retry does not leave orphans.
                    remove(ids);
                    throw new IllegalStateException("OpenSearch refused a vector: " + item.error().reason());
                }
                ids.add(new VectorId(item.id()));
            }
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach OpenSearch to add vectors", e);
        }
    }

    @Override
    public void remove(Collection<VectorId> ids) {
        if (ids.isEmpty()) {
            return;
        }
        List<BulkOperation> operations = ids.stream()
                .map(id -> BulkOperation.of(op -> op.delete(d -> d.index(index).id(id.value())))).toList();
        try {
            BulkResponse response = client.bulk(b -> b.operations(operations));
            for (BulkResponseItem item : response.items()) {
                if (item.error() != null && item.status() != 404) {
                    throw new IllegalStateException("OpenSearch refused to delete " + item.id() + ": "
                            + item.error().reason());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach OpenSearch to remove vectors", e);
        }
    }

    @Override
    public List<ImageHit> nearest(float[] query, int k, AttributeFilter filter) {
        if (query.length != dimension) {
            throw new IllegalArgumentException("query has " + query.length + " dimensions; the index holds " + dimension);
        }
        Query knn = Query.of(q -> q.knn(kn -> {
            List<Float> vector = new ArrayList<>(query.length);
            for (float x : query) {
                vector.add(x);
            }
            // More candidates than k walk more of the HNSW graph (OpenSearch's ef_search); size keeps k.
            kn.field(VECTOR).vector(vector).k(Math.max(k, EF_SEARCH));
            if (!filter.isEmpty()) {
                kn.filter(toQuery(filter));
            }
            return kn;
        }));
        try {
            @SuppressWarnings("rawtypes")
            SearchResponse<Map> response = client.search(s -> s.index(index).size(k).query(knn)
                    .source(src -> src.filter(f -> f.includes(IMAGE_KEY, PRODUCT_ID))), Map.class);
            List<ImageHit> hits = new ArrayList<>();
            for (@SuppressWarnings("rawtypes") Hit<Map> hit : response.hits().hits()) {
                Map<?, ?> source = hit.source();
                hits.add(new ImageHit(new VectorId(hit.id()), ImageKey.of((String) source.get(IMAGE_KEY)),
                        ProductId.of((String) source.get(PRODUCT_ID)), cosine(hit.score())));
            }
            return hits;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach OpenSearch to search", e);
        }
    }

    /** OpenSearch turns an inner product d into a score of 1 + d when d >= 0, else 1 / (1 - d). */
    static float cosine(Double score) {
        double s = score == null ? 0 : score;
        return (float) (s >= 1 ? s - 1 : 1 - 1 / s);
    }

    /** Filters are built through the typed client, never by pasting user text into query JSON. */
    private static Query toQuery(AttributeFilter filter) {
        List<Query> terms = filter.equalTo().entrySet().stream()
                .map(e -> Query.of(q -> q.term(t -> t.field(ATTRIBUTES + "." + e.getKey())
                        .value(FieldValue.of(e.getValue()))))).toList();
        return Query.of(q -> q.bool(b -> b.filter(terms)));
    }

    @Override
    public long size() {
        return count(null);
    }

    /** How many vectors the index holds for one image. */
    public long vectorsOf(ImageKey key) {
        return count(Query.of(q -> q.term(t -> t.field(IMAGE_KEY).value(FieldValue.of(key.value())))));
    }

    private long count(Query query) {
        try {
            return client.count(c -> {
                c.index(index);
                if (query != null) {
                    c.query(query);
                }
                return c;
            }).count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach OpenSearch to count vectors", e);
        }
    }
}
