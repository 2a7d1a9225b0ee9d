package dev.shoplens.aws.opensearch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoplens.core.domain.AttributeFilter;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.domain.VectorId;
import dev.shoplens.core.port.IndexGenerations;
import dev.shoplens.core.port.VectorIndex;
import dev.shoplens.core.port.VectorIndex.DimensionLimit;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.SortOrder;
import org.opensearch.client.opensearch._types.mapping.Property;
import org.opensearch.client.opensearch._types.mapping.TypeMapping;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.MgetResponse;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;
import org.opensearch.client.opensearch.core.mget.MultiGetResponseItem;
import org.opensearch.client.opensearch.core.search.Hit;
import org.opensearch.client.opensearch.indices.CreateIndexRequest;
import org.opensearch.client.opensearch.indices.GetMappingResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static dev.shoplens.aws.opensearch.VectorIndexSchema.ATTRIBUTES;
import static dev.shoplens.aws.opensearch.VectorIndexSchema.IMAGE_KEY;
import static dev.shoplens.aws.opensearch.VectorIndexSchema.NUMBERS;
import static dev.shoplens.aws.opensearch.VectorIndexSchema.PRODUCT_ID;
import static dev.shoplens.aws.opensearch.VectorIndexSchema.VECTOR;

/**
 * Image vectors in an OpenSearch index, with the rules of OpenSearch Serverless vector collections: the
 * service chooses document ids (so there is no upsert: the ingest service adds the new vector and removes
 * the old id), and there is no {@code _refresh} (this class never calls it; tests poll).
 */
public final class OpenSearchVectorIndex implements VectorIndex {
    /** How long the attribute names read from the mapping are trusted before reading it again. */
    private static final long FIELDS_TTL_NANOS = TimeUnit.SECONDS.toNanos(10);
    static final int EF_SEARCH = 100;
    /** Vectors per page when the reconcile run lists the index. */
    static final int LIST_PAGE = 500;
    /** The k-NN field's limit for the lucene and faiss engines (OpenSearch 2.x and Serverless). */
    public static final DimensionLimit DIMENSION_LIMIT = new DimensionLimit("OpenSearch's knn_vector field", 16_000);

    private final OpenSearchClient client;
    private final String index;
    private final String modelVersion;
    private final int dimension;

    public OpenSearchVectorIndex(OpenSearchClient client, String index, String modelVersion, int dimension,
                                 KnnEngine engine) {
        if (index == null || !index.matches("[a-z0-9][a-z0-9._-]{0,200}")) {
            throw new IllegalArgumentException("vector index name '" + index
                    + "' must be lower-case letters, digits, '.', '_' or '-' (VECTOR_INDEX)");
        }
        DIMENSION_LIMIT.admit(modelVersion, dimension);
        this.client = client;
        this.index = index;
        this.modelVersion = modelVersion;
        this.dimension = dimension;
        this.engine = engine;
    }

    private final KnnEngine engine;
    private volatile FilterFields fields;
    private volatile long fieldsReadAt;

    /**
     * Creates the index when it is missing (local runs and the re-index job, whose roles may), then does
     * what {@link #completeDeclaredIndex} does.
     */
    public void createIndexIfMissing() {
        try {
            if (!client.indices().exists(e -> e.index(index)).value()) {
                client.indices().create(CreateIndexRequest.of(c -> c.index(index)
                        .mappings(VectorIndexSchema.mapping(modelVersion, dimension, engine)).settings(s -> s.knn(true))));
                return;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach OpenSearch to check index '" + index + "'", e);
        }
        completeDeclaredIndex();
    }

    /**
     * For the ingest function: checks the index that the template declared (see {@link #checkDeclaredIndex})
     * and adds the keyword fields, attribute templates and model record that CloudFormation cannot declare,
     * before anything is written.
     */
    public void completeDeclaredIndex() {
        TypeMapping mapping = checkDeclaredIndex();
        if (VectorIndexSchema.isComplete(mapping)) {
            return;
        }
        try {
            client.indices().putMapping(VectorIndexSchema.completion(index, modelVersion));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach OpenSearch to complete the mapping of '" + index + "'", e);
        }
    }

    /**
     * For the search function, which may not change an index: checks that the index exists and holds vectors
     * of the model's dimension, and that a completed mapping names this model; a mapping that does not fit
     * fails here, at start, with the reason.
     *
     * @return the index's mapping
     */
    public TypeMapping checkDeclaredIndex() {
        try {
            if (!client.indices().exists(e -> e.index(index)).value()) {
                throw new IllegalStateException("OpenSearch index '" + index + "' does not exist: the stack declares "
                        + "it (VectorIndex) for the model its ModelSlug and ModelDimension parameters name; deploy "
                        + "with those set for " + modelVersion + " (slug '" + modelSlug(modelVersion) + "', " + dimension + " dimensions), or run the re-index job to move "
                        + "the catalog to this model");
            }
            GetMappingResponse response = client.indices().getMapping(m -> m.index(index));
            TypeMapping mapping = response.result().values().iterator().next().mappings();
            var vector = mapping.properties().get(VECTOR);
            if (vector == null || !vector.isKnnVector()) {
                throw new IllegalStateException("OpenSearch index '" + index + "' has no knn_vector field '" + VECTOR
                        + "': it was not made by ShopLens; use another VECTOR_INDEX");
            }
            Integer existing = vector.knnVector().dimension();
            if (existing == null || existing != dimension) {
                throw new IllegalStateException("OpenSearch index '" + index + "' holds vectors of dimension " + existing
                        + " but model " + modelVersion + " makes " + dimension + ": use an index per model");
            }
            JsonData recorded = mapping.meta().get(VectorIndexSchema.MODEL);
            if (recorded != null && !modelVersion.equals(recorded.to(String.class))) {
                throw new IllegalStateException("OpenSearch index '" + index + "' holds vectors of model "
                        + recorded.to(String.class) + ", not " + modelVersion);
            }
            return mapping;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach OpenSearch to check index '" + index + "'", e);
        }
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
            VectorDocument doc = VectorDocument.of(r);
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
            applyToExisting(operations, "delete");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach OpenSearch to remove vectors", e);
        }
    }

    /**
     * A partial update of each document's attribute fields, which OpenSearch merges into the stored ones:
     * attributes the vector no longer has are written as null (the merge would keep them otherwise), so
     * their current values are read first, in real time by id. An update of a document deleted meanwhile
     * fails as missing, and is left so: no upsert brings a removed vector back.
     */
    @Override
    public void setAttributes(Collection<VectorId> ids, Map<String, String> attributes) {
        if (ids.isEmpty()) {
            return;
        }
        try {
            MgetResponse<VectorDocument> current = client.mget(m -> m.index(index)
                    .ids(ids.stream().map(VectorId::value).toList()).sourceIncludes(List.of(ATTRIBUTES, NUMBERS)),
                    VectorDocument.class);
            List<BulkOperation> operations = new ArrayList<>();
            for (MultiGetResponseItem<VectorDocument> item : current.docs()) {
                if (item.isResult() && item.result().found()) {
                    ObjectNode fields = VectorDocument.attributeFields(item.result().source(), attributes);
                    operations.add(BulkOperation.of(op -> op.update(u -> u.index(index).id(item.result().id())
                            .document(fields))));
                }
            }
            if (operations.isEmpty()) {
                return;
            }
            applyToExisting(operations, "update");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach OpenSearch to update vector attributes", e);
        }
    }

    /** Runs a bulk of deletes or updates by id; a document that is gone (404) is no failure. */
    private void applyToExisting(List<BulkOperation> operations, String what) throws IOException {
        BulkResponse response = client.bulk(b -> b.operations(operations));
        for (BulkResponseItem item : response.items()) {
            if (item.error() != null && item.status() != 404) {
                throw new IllegalStateException("OpenSearch refused to " + what + " " + item.id() + ": "
                        + item.error().reason());
            }
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
            SearchResponse<VectorDocument> response = client.search(s -> s.index(index).size(k).query(knn)
                    .source(src -> src.filter(f -> f.includes(IMAGE_KEY, PRODUCT_ID))), VectorDocument.class);
            List<ImageHit> hits = new ArrayList<>();
            for (Hit<VectorDocument> hit : response.hits().hits()) {
                hits.add(new ImageHit(new VectorId(hit.id()), ImageKey.of(hit.source().imageKey()),
                        ProductId.of(hit.source().productId()), cosine(hit.score())));
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
    static Query toQuery(AttributeFilter filter) {
        return switch (filter) {
            case AttributeFilter.Term t -> Query.of(q -> q.term(term -> term.field(ATTRIBUTES + "." + t.field())
                    .value(FieldValue.of(t.value()))));
            case AttributeFilter.Terms t -> Query.of(q -> q.terms(terms -> terms.field(ATTRIBUTES + "." + t.field())
                    .terms(v -> v.value(t.values().stream().map(FieldValue::of).toList()))));
            case AttributeFilter.Range r -> Query.of(q -> q.range(range -> {
                range.field(NUMBERS + "." + r.field());
                if (r.gte() != null) {
                    range.gte(JsonData.of(r.gte()));
                }
                if (r.gt() != null) {
                    range.gt(JsonData.of(r.gt()));
                }
                if (r.lte() != null) {
                    range.lte(JsonData.of(r.lte()));
                }
                if (r.lt() != null) {
                    range.lt(JsonData.of(r.lt()));
                }
                return range;
            }));
            case AttributeFilter.All all when all.filters().isEmpty() -> Query.of(q -> q.matchAll(m -> m));
            case AttributeFilter.All all -> Query.of(q -> q.bool(b -> b.filter(
                    all.filters().stream().map(OpenSearchVectorIndex::toQuery).toList())));
            case AttributeFilter.Any any -> Query.of(q -> q.bool(b -> b.should(
                    any.filters().stream().map(OpenSearchVectorIndex::toQuery).toList()).minimumShouldMatch("1")));
        };
    }

    @Override
    public List<float[]> vectorsOf(ProductId product) {
        try {
            SearchResponse<VectorDocument> response = client.search(s -> s.index(index).size(100)
                    .query(q -> q.term(t -> t.field(PRODUCT_ID).value(FieldValue.of(product.value()))))
                    .source(src -> src.filter(f -> f.includes(VECTOR))), VectorDocument.class);
            return response.hits().hits().stream().map(hit -> hit.source().vector()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach OpenSearch to read the vectors of " + product, e);
        }
    }

    /**
     * The attribute names from the index mapping, which OpenSearch extends as new attributes arrive; read
     * again after a few seconds so a new attribute becomes filterable without a restart.
     */
    @Override
    public FilterFields filterFields() {
        FilterFields known = fields;
        if (known != null && System.nanoTime() - fieldsReadAt < FIELDS_TTL_NANOS) {
            return known;
        }
        try {
            var properties = client.indices().getMapping(m -> m.index(index)).result().values().iterator().next()
                    .mappings().properties();
            known = new FilterFields(subfields(properties.get(ATTRIBUTES)), subfields(properties.get(NUMBERS)));
            fields = known;
            fieldsReadAt = System.nanoTime();
            return known;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach OpenSearch to read the mapping of '" + index + "'", e);
        }
    }

    private static Set<String> subfields(Property object) {
        if (object == null || !object.isObject()) {
            return Set.of();
        }
        return object.object().properties().keySet();
    }

    @Override
    public long size() {
        return count(null);
    }

    /**
     * Pages through the index in image-key order with {@code search_after} (OpenSearch Serverless has no
     * scroll); the vectors of one key that straddle two pages are read again, and ids seen are skipped.
     */
    @Override
    public void forEachVector(Consumer<IndexedVector> action) {
        String after = null;
        Set<String> seenAtBoundary = new HashSet<>();
        while (true) {
            String from = after;
            SearchResponse<VectorDocument> page;
            try {
                page = client.search(s -> {
                    s.index(index).size(LIST_PAGE).sort(o -> o.field(f -> f.field(IMAGE_KEY).order(SortOrder.Asc)))
                            .source(src -> src.filter(f -> f.includes(IMAGE_KEY)));
                    if (from != null) {
                        s.query(q -> q.range(r -> r.field(IMAGE_KEY).gte(JsonData.of(from))));
                    }
                    return s;
                }, VectorDocument.class);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot reach OpenSearch to list the vectors of '" + index + "'", e);
            }
            List<Hit<VectorDocument>> hits = page.hits().hits();
            Set<String> seenNow = new HashSet<>();
            String last = from;
            int fresh = 0;
            for (Hit<VectorDocument> hit : hits) {
                String key = hit.source().imageKey();
                if (key.equals(from) && seenAtBoundary.contains(hit.id())) {
                    continue;
                }
                fresh++;
                action.accept(new IndexedVector(new VectorId(hit.id()), ImageKey.of(key)));
                if (!key.equals(last)) {
                    seenNow.clear();
                    last = key;
                }
                seenNow.add(hit.id());
            }
            if (hits.size() < LIST_PAGE || fresh == 0) {
                return;
            }
            if (!last.equals(from)) {
                seenAtBoundary.clear();
            }
            seenAtBoundary.addAll(seenNow);
            after = last;
        }
    }

    @Override
    public List<VectorId> vectorIdsOf(ImageKey key) {
        try {
            var response = client.search(s -> s.index(index).size(100).source(src -> src.fetch(false))
                    .query(q -> q.term(t -> t.field(IMAGE_KEY).value(FieldValue.of(key.value())))), Void.class);
            return response.hits().hits().stream().map(h -> new VectorId(h.id())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach OpenSearch to find the vectors of " + key, e);
        }
    }

    /** The physical index of one model's vectors: {@code <base>-<model slug>}, behind the alias {@code <base>}. */
    public static String indexName(String base, String modelVersion) {
        return base + "-" + modelSlug(modelVersion);
    }

    /** The model's part of its index name: the template's ModelSlug parameter names it the same way. */
    public static String modelSlug(String modelVersion) {
        // no '.': CloudFormation's index resource refuses it in a name
        return IndexGenerations.slug(modelVersion).replace('.', '-');
    }

    /** How many vectors the index holds for one image. */
    public long vectorCount(ImageKey key) {
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
