package dev.shoplens.local.lucene;

import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.RescoreTopNQuery;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * How the embedded index holds the vectors that its HNSW graph searches. The quantized encodings keep the
 * float32 vectors on disk beside the small ones, and a search rescores its candidates with them, so only
 * the small vectors and the graph need to stay in memory. README "Vector size" has the measurements that
 * chose the default.
 */
public enum VectorEncoding {
    FLOAT32("float32", WideHnswVectorsFormat::new) {
        @Override
        public double bytesPerVector(int dimension) {
            return 4.0 * dimension;
        }
    },
    INT7("int7", WideHnswVectorsFormat.Int7::new) {
        @Override
        public double bytesPerVector(int dimension) {
            return dimension + 4; // one byte a dimension and a float correction
        }
    },
    INT4("int4", WideHnswVectorsFormat.Int4::new) {
        @Override
        public double bytesPerVector(int dimension) {
            return Math.ceil(dimension / 2.0) + 4;
        }
    },
    BINARY("binary", WideHnswVectorsFormat.Binary::new) {
        @Override
        public double bytesPerVector(int dimension) {
            return Math.ceil(dimension / 8.0) + 16; // one bit a dimension and four float corrections
        }
    };

    /** The user's word for {@link #defaultFor}. */
    public static final String AUTO = "auto";
    /**
     * The narrowest vectors measured to lose nothing in one bit a dimension (the built-in model's 256, README
     * "Vector size"); on 64 random dimensions binary loses a sixth of the true neighbours.
     */
    static final int BINARY_FROM_DIMENSIONS = 256;

    private final String label;
    private final Supplier<KnnVectorsFormat> format;

    VectorEncoding(String label, Supplier<KnnVectorsFormat> format) {
        this.label = label;
        this.format = format;
    }

    /** The bytes a search keeps in memory for one vector, graph aside. */
    public abstract double bytesPerVector(int dimension);

    public String label() {
        return label;
    }

    /** Whether a search's candidates are scored again against the float32 vectors. */
    public boolean rescores() {
        return this != FLOAT32;
    }

    public KnnVectorsFormat format() {
        return format.get();
    }

    /**
     * The k-NN query for this encoding: the HNSW walk keeps {@code candidates}, which the quantized encodings
     * then order by their float32 vectors.
     */
    public Query query(String field, float[] target, int candidates, Query filter) {
        Query knn = new KnnFloatVectorQuery(field, target, candidates, filter);
        return rescores() ? RescoreTopNQuery.createFullPrecisionRescorerQuery(knn, target, field, candidates) : knn;
    }

    /**
     * The default, chosen by measurement (README "Vector size"): the smallest encoding that lost under 1 point
     * of recall@10 — binary for vectors as wide as the built-in model's or wider, int7 for narrower ones.
     */
    public static VectorEncoding defaultFor(int dimension) {
        return dimension >= BINARY_FROM_DIMENSIONS ? BINARY : INT7;
    }

    /**
     * Parses a user's choice ("float32", "int7", "int4", "binary"; "auto" or nothing gives null: the default
     * for the model's width), naming the choices when it fits none.
     */
    public static VectorEncoding parseOrAuto(String text) {
        return text == null || text.isBlank() || text.trim().equalsIgnoreCase(AUTO) ? null : parse(text);
    }

    /** Parses a user's choice ("float32", "int7", "int4", "binary"), naming the choices when it fits none. */
    public static VectorEncoding parse(String text) {
        for (VectorEncoding e : values()) {
            if (e.label.equalsIgnoreCase(text == null ? "" : text.trim())) {
                return e;
            }
        }
        throw new IllegalArgumentException("vector encoding '" + text + "' is not one of "
                + Arrays.stream(values()).map(VectorEncoding::label).toList() + " (--vectors)");
    }

    @Override
    public String toString() {
        return label.toLowerCase(Locale.ROOT);
    }
}
