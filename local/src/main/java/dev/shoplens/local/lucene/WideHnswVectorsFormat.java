package dev.shoplens.local.lucene;

import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;

import java.io.IOException;

/**
 * Lucene's HNSW vectors, accepting vectors as wide as OpenSearch's k-NN field does. Lucene's own format stops
 * at 1,024 dimensions, which refuses ResNet-50 (2,048) and other exported models that OpenSearch takes; the
 * graph and files are Lucene's, only the limit differs. Registered by name (META-INF/services) so a reader
 * finds it again.
 */
public final class WideHnswVectorsFormat extends KnnVectorsFormat {
    /** OpenSearch k-NN's limit for the lucene and faiss engines, so both stores accept the same models. */
    public static final int MAX_DIMENSIONS = 16_000;
    static final String NAME = "ShopLensWideHnsw";

    private final KnnVectorsFormat delegate = new Lucene99HnswVectorsFormat();

    public WideHnswVectorsFormat() {
        super(NAME);
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
        return NAME + "(" + delegate + ", maxDimensions=" + MAX_DIMENSIONS + ")";
    }
}
