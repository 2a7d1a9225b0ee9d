package dev.shoplens.local.lucene;

import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.lucene102.Lucene102HnswBinaryQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;

import java.io.IOException;

/**
 * Lucene's HNSW vectors, accepting vectors as wide as OpenSearch's k-NN field does. Lucene's own formats stop
 * at 1,024 dimensions, which refuses ResNet-50 (2,048) and other exported models that OpenSearch takes; the
 * graph and files are Lucene's, only the limit differs. Each subclass is one {@link VectorEncoding}, registered
 * by name (META-INF/services) so a reader finds the format a segment was written with, whatever the writer
 * uses now.
 */
public class WideHnswVectorsFormat extends KnnVectorsFormat {
    /** OpenSearch k-NN's limit for the lucene and faiss engines, so both stores accept the same models. */
    public static final int MAX_DIMENSIONS = 16_000;
    static final String NAME = "ShopLensWideHnsw";
    /** HNSW graph degree and build-time candidate list, as in OpenSearch's k-NN mapping. */
    static final int M = 16;
    static final int BEAM_WIDTH = 100;

    private final KnnVectorsFormat delegate;

    /** float32 vectors (the SPI constructor of the original name). */
    public WideHnswVectorsFormat() {
        this(NAME, new Lucene99HnswVectorsFormat(M, BEAM_WIDTH));
    }

    WideHnswVectorsFormat(String name, KnnVectorsFormat delegate) {
        super(name);
        this.delegate = delegate;
    }

    @Override
    public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
        return delegate.fieldsWriter(state);
    }

    @Override
    public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
        return delegate.fieldsReader(state);
    }

    @Override
    public int getMaxDimensions(String fieldName) {
        return MAX_DIMENSIONS;
    }

    @Override
    public String toString() {
        return getName() + "(" + delegate + ", maxDimensions=" + MAX_DIMENSIONS + ")";
    }

    /** 7-bit scalar quantization (Lucene's int8 with its confidence interval chosen per segment). */
    public static final class Int7 extends WideHnswVectorsFormat {
        public Int7() {
            super(NAME + "Int7", new Lucene99HnswScalarQuantizedVectorsFormat(M, BEAM_WIDTH, 1, 7, false, null, null));
        }
    }

    /** 4-bit scalar quantization, two dimensions a byte. */
    public static final class Int4 extends WideHnswVectorsFormat {
        public Int4() {
            super(NAME + "Int4", new Lucene99HnswScalarQuantizedVectorsFormat(M, BEAM_WIDTH, 1, 4, true, null, null));
        }
    }

    /** One bit a dimension with per-vector corrections (Lucene's optimized scalar quantization, "BBQ"). */
    public static final class Binary extends WideHnswVectorsFormat {
        public Binary() {
            super(NAME + "Binary", new Lucene102HnswBinaryQuantizedVectorsFormat(M, BEAM_WIDTH));
        }
    }
}
