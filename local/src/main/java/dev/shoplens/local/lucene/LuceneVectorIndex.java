package dev.shoplens.local.lucene;

import dev.shoplens.core.domain.AttributeFilter;
import dev.shoplens.core.domain.Attributes;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.domain.VectorId;
import dev.shoplens.core.embedding.Vectors;
import dev.shoplens.core.port.VectorIndex;
import dev.shoplens.core.port.VectorIndex.DimensionLimit;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The embedded vector index: Lucene's HNSW graph on disk. Vectors are unit length, so the dot product is
 * the cosine similarity. The index remembers which model made its vectors and refuses another.
 */
public final class LuceneVectorIndex implements VectorIndex, Closeable {
    static final String VECTOR_ID = "vectorId";
    static final String IMAGE_KEY = "imageKey";
    static final String PRODUCT_ID = "productId";
    static final String MODEL = "model";
    static final String VECTOR = "vector";
    static final String ATTRIBUTE_PREFIX = "attr.";
    /** Attributes written as numbers are also indexed as points, so ranges apply to them. */
    static final String NUMBER_PREFIX = "num.";
    private static final String COMMIT_MODEL = "model";
    private static final String COMMIT_DIMENSION = "dimension";
    /**
     * Candidates the HNSW search keeps while walking the graph (OpenSearch's ef_search, whose default this
     * is). Lucene uses the query's k for it, and k = 10 alone misses about 4 in 10 true neighbours.
     */
    static final int EF_SEARCH = 100;

    /** As wide as OpenSearch's k-NN field, so a model that runs in AWS also runs locally. */
    public static final DimensionLimit DIMENSION_LIMIT = new DimensionLimit("the embedded Lucene vector index",
            WideHnswVectorsFormat.MAX_DIMENSIONS);

    private final LuceneDirectory store;
    private final IndexWriter writer;
    private final String modelVersion;
    private final int dimension;
    private final VectorEncoding encoding;

    private LuceneVectorIndex(LuceneDirectory store, String modelVersion, int dimension, VectorEncoding encoding) {
        this.store = store;
        this.writer = store.writer();
        this.modelVersion = modelVersion;
        this.dimension = dimension;
        this.encoding = encoding;
    }

    /** Opens (or creates) the index at {@code path} for vectors of one model, in the default encoding. */
    public static LuceneVectorIndex open(Path path, String modelVersion, int dimension) {
        return open(path, modelVersion, dimension, null);
    }

    /**
     * Opens (or creates) the index at {@code path} for vectors of one model. The encoding applies to what is
     * written from now on; segments written in another keep theirs until merged, and are searched the same.
     *
     * @param encoding how to hold the vectors; null for the default for their width
     * @throws IllegalStateException when the index holds vectors of another model
     */
    public static LuceneVectorIndex open(Path path, String modelVersion, int dimension, VectorEncoding encoding) {
        DIMENSION_LIMIT.admit(modelVersion, dimension);
        if (encoding == null) {
            encoding = VectorEncoding.defaultFor(dimension);
        }
        LuceneDirectory store = new LuceneDirectory(path, "vector index", encoding);
        IndexWriter writer = store.writer();
        Map<String, String> committed = new HashMap<>();
        Iterable<Map.Entry<String, String>> live = writer.getLiveCommitData();
        if (live != null) {
            live.forEach(e -> committed.put(e.getKey(), e.getValue()));
        }
        String existing = committed.get(COMMIT_MODEL);
        if (existing != null && store.numDocs() > 0 && !existing.equals(modelVersion)) {
            store.close();
            throw new IllegalStateException("the index at " + path + " holds vectors of model " + existing
                    + ", not " + modelVersion + ": use another data directory or re-index the catalog");
        }
        writer.setLiveCommitData(Map.of(COMMIT_MODEL, modelVersion,
                COMMIT_DIMENSION, Integer.toString(dimension)).entrySet());
        return new LuceneVectorIndex(store, modelVersion, dimension, encoding);
    }

    @Override
    public List<VectorId> add(List<VectorRecord> records) {
        List<VectorId> ids = new ArrayList<>(records.size());
        try {
            for (VectorRecord r : records) {
                if (r.vector().length != dimension) {
                    throw new IllegalArgumentException("vector of image " + r.imageKey() + " has "
                            + r.vector().length + " dimensions; the index holds " + dimension);
                }
                if (!modelVersion.equals(r.modelVersion())) {
                    throw new IllegalArgumentException("vector of image " + r.imageKey() + " comes from model "
                            + r.modelVersion() + "; the index holds " + modelVersion);
                }
                VectorId id = new VectorId(UUID.randomUUID().toString());
                writer.addDocument(document(id, r));
                ids.add(id);
            }
            store.commit();
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the vector index", e);
        }
    }

    private static Document document(VectorId id, VectorRecord r) {
        Document doc = new Document();
        doc.add(new StringField(VECTOR_ID, id.value(), Field.Store.YES));
        doc.add(new StringField(IMAGE_KEY, r.imageKey().value(), Field.Store.YES));
        doc.add(new StringField(PRODUCT_ID, r.productId().value(), Field.Store.YES));
        doc.add(new StringField(MODEL, r.modelVersion(), Field.Store.YES));
        r.attributes().forEach((k, v) -> {
            doc.add(new StringField(ATTRIBUTE_PREFIX + k, v, Field.Store.NO));
            Attributes.number(v).ifPresent(x -> doc.add(new DoublePoint(NUMBER_PREFIX + k, x)));
        });
        doc.add(new KnnFloatVectorField(VECTOR, r.vector(), VectorSimilarityFunction.DOT_PRODUCT));
        return doc;
    }

    /**
     * Lucene cannot change part of a document: each vector is written again whole, under its own id, from
     * its stored fields and vector. Serialised with {@link #remove}, so a vector removed meanwhile is not
     * written back.
     */
    @Override
    public synchronized void setAttributes(Collection<VectorId> ids, Map<String, String> attributes) {
        if (ids.isEmpty()) {
            return;
        }
        List<Map.Entry<VectorId, VectorRecord>> current = store.search(searcher -> {
            List<Map.Entry<VectorId, VectorRecord>> found = new ArrayList<>();
            StoredFields stored = searcher.storedFields();
            TopDocs docs = searcher.search(new TermInSetQuery(VECTOR_ID,
                    ids.stream().map(id -> new BytesRef(id.value())).toList()), ids.size());
            for (ScoreDoc sd : docs.scoreDocs) {
                Document doc = stored.document(sd.doc);
                found.add(Map.entry(new VectorId(doc.get(VECTOR_ID)), new VectorRecord(ImageKey.of(doc.get(IMAGE_KEY)),
                        ProductId.of(doc.get(PRODUCT_ID)), vectorOf(searcher.getIndexReader().leaves(), sd.doc),
                        doc.get(MODEL), attributes)));
            }
            return found;
        });
        try {
            for (Map.Entry<VectorId, VectorRecord> vector : current) {
                writer.updateDocument(new Term(VECTOR_ID, vector.getKey().value()),
                        document(vector.getKey(), vector.getValue()));
            }
            store.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the vector index", e);
        }
    }

    private static float[] vectorOf(List<LeafReaderContext> leaves, int doc) throws IOException {
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        FloatVectorValues values = leaf.reader().getFloatVectorValues(VECTOR);
        KnnVectorValues.DocIndexIterator it = values.iterator();
        if (it.advance(doc - leaf.docBase) != doc - leaf.docBase) {
            throw new IllegalStateException("vector document " + doc + " holds no vector");
        }
        return values.vectorValue(it.index()).clone();
    }

    @Override
    public synchronized void remove(Collection<VectorId> ids) {
        if (ids.isEmpty()) {
            return;
        }
        try {
            writer.deleteDocuments(ids.stream().map(id -> new Term(VECTOR_ID, id.value())).toArray(Term[]::new));
            store.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete from the vector index", e);
        }
    }

    @Override
    public void forEachVector(Consumer<IndexedVector> action) {
        List<IndexedVector> all = store.search(searcher -> {
            List<IndexedVector> out = new ArrayList<>();
            StoredFields stored = searcher.storedFields();
            for (ScoreDoc hit : searcher.search(new MatchAllDocsQuery(), Math.max(1, searcher.getIndexReader().numDocs()))
                    .scoreDocs) {
                Document doc = stored.document(hit.doc);
                out.add(new IndexedVector(new VectorId(doc.get(VECTOR_ID)), ImageKey.of(doc.get(IMAGE_KEY))));
            }
            return out;
        });
        all.forEach(action);
    }

    @Override
    public List<VectorId> vectorIdsOf(ImageKey key) {
        return store.search(searcher -> {
            TopDocs docs = searcher.search(new TermQuery(new Term(IMAGE_KEY, key.value())), 100);
            var stored = searcher.storedFields();
            List<VectorId> ids = new ArrayList<>(docs.scoreDocs.length);
            for (ScoreDoc sd : docs.scoreDocs) {
                ids.add(new VectorId(stored.document(sd.doc).get(VECTOR_ID)));
            }
            return ids;
        });
    }

    /** The number of vectors stored for one image (tests and repair tools). */
    public long vectorCount(ImageKey key) {
        return store.search(searcher -> (long) searcher.count(new TermQuery(new Term(IMAGE_KEY, key.value()))));
    }

    @Override
    public List<ImageHit> nearest(float[] query, int k, AttributeFilter filter) {
        if (query.length != dimension) {
            throw new IllegalArgumentException("query has " + query.length + " dimensions; the index holds "
                    + dimension);
        }
        return store.search(searcher -> {
            int candidates = Math.max(k, EF_SEARCH);
            Query admitted = toQuery(filter);
            // Lucene's full-precision rescoring fails when the search finds nothing (it takes the first hit's
            // score), so a filter that no vector passes answers here.
            if (encoding.rescores() && searcher.count(admitted == null ? new MatchAllDocsQuery() : admitted) == 0) {
                return List.of();
            }
            TopDocs top = searcher.search(encoding.query(VECTOR, query, candidates, admitted), k);
            var stored = searcher.storedFields();
            List<ImageHit> hits = new ArrayList<>(Math.min(k, top.scoreDocs.length));
            for (ScoreDoc sd : top.scoreDocs) {
                Document doc = stored.document(sd.doc);
                // Lucene scores a dot product d as (1 + d) / 2; report the cosine itself.
                float cosine = 2f * sd.score - 1f;
                hits.add(new ImageHit(new VectorId(doc.get(VECTOR_ID)), ImageKey.of(doc.get(IMAGE_KEY)),
                        ProductId.of(doc.get(PRODUCT_ID)), cosine));
            }
            return hits;
        });
    }

    /** Lucene filters inside the HNSW walk, so a filtered search still finds k matches when k exist. */
    private static Query toQuery(AttributeFilter filter) {
        return filter.isEmpty() ? null : query(filter);
    }

    private static Query query(AttributeFilter filter) {
        return switch (filter) {
            case AttributeFilter.Term t -> new TermQuery(new Term(ATTRIBUTE_PREFIX + t.field(), t.value()));
            case AttributeFilter.Terms t -> new TermInSetQuery(ATTRIBUTE_PREFIX + t.field(),
                    t.values().stream().map(BytesRef::new).toList());
            case AttributeFilter.Range r -> DoublePoint.newRangeQuery(NUMBER_PREFIX + r.field(),
                    r.gte() != null ? r.gte() : r.gt() != null ? Math.nextUp(r.gt()) : Double.NEGATIVE_INFINITY,
                    r.lte() != null ? r.lte() : r.lt() != null ? Math.nextDown(r.lt()) : Double.POSITIVE_INFINITY);
            case AttributeFilter.All all when all.filters().isEmpty() -> new MatchAllDocsQuery();
            case AttributeFilter.All all -> {
                BooleanQuery.Builder b = new BooleanQuery.Builder();
                all.filters().forEach(f -> b.add(query(f), BooleanClause.Occur.FILTER));
                yield b.build();
            }
            case AttributeFilter.Any any -> {
                BooleanQuery.Builder b = new BooleanQuery.Builder().setMinimumNumberShouldMatch(1);
                any.filters().forEach(f -> b.add(query(f), BooleanClause.Occur.SHOULD));
                yield b.build();
            }
        };
    }

    /**
     * The {@code k} nearest vectors by scanning every one: slow, exact, and what {@code eval} measures the
     * HNSW search against.
     */
    public List<VectorId> exactNearest(float[] query, int k) {
        return store.search(searcher -> {
            record Scored(int doc, float score) {
            }
            PriorityQueue<Scored> best = new PriorityQueue<>(
                    Comparator.comparingDouble(Scored::score));
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                FloatVectorValues values = leaf.reader().getFloatVectorValues(VECTOR);
                if (values == null) {
                    continue;
                }
                Bits live = leaf.reader().getLiveDocs();
                KnnVectorValues.DocIndexIterator it = values.iterator();
                for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                    if (live != null && !live.get(doc)) {
                        continue;
                    }
                    float score = Vectors.dot(query, values.vectorValue(it.index()));
                    best.add(new Scored(leaf.docBase + doc, score));
                    if (best.size() > k) {
                        best.poll();
                    }
                }
            }
            List<Scored> sorted = new ArrayList<>(best);
            sorted.sort(Comparator.comparingDouble((Scored s) -> -s.score()));
            var stored = searcher.storedFields();
            List<VectorId> ids = new ArrayList<>(sorted.size());
            for (Scored s : sorted) {
                ids.add(new VectorId(stored.document(s.doc()).get(VECTOR_ID)));
            }
            return ids;
        });
    }

    @Override
    public List<float[]> vectorsOf(ProductId product) {
        return store.search(searcher -> {
            List<float[]> vectors = new ArrayList<>();
            TopDocs docs = searcher.search(new TermQuery(new Term(PRODUCT_ID, product.value())), 1000);
            for (ScoreDoc sd : docs.scoreDocs) {
                vectors.add(vectorOf(searcher.getIndexReader().leaves(), sd.doc));
            }
            return vectors;
        });
    }

    @Override
    public FilterFields filterFields() {
        return store.search(searcher -> {
            Set<String> text = new HashSet<>();
            Set<String> numeric = new HashSet<>();
            for (FieldInfo field : FieldInfos.getMergedFieldInfos(searcher.getIndexReader())) {
                if (field.name.startsWith(ATTRIBUTE_PREFIX)) {
                    text.add(field.name.substring(ATTRIBUTE_PREFIX.length()));
                } else if (field.name.startsWith(NUMBER_PREFIX)) {
                    numeric.add(field.name.substring(NUMBER_PREFIX.length()));
                }
            }
            return new FilterFields(text, numeric);
        });
    }

    @Override
    public long size() {
        return store.numDocs();
    }

    @Override
    public void close() {
        store.close();
    }
}
