package dev.shoplens.local.lucene;

import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.FSDirectory;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * One Lucene index on disk with its writer and a near-real-time searcher: what both the vector index and
 * the catalog need. Every write is committed (durable) before it is visible to searches.
 */
final class LuceneDirectory implements Closeable {
    private final String what;
    private final FSDirectory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;

    /** For stores without vectors (catalog, records): the codec's vector format is never used. */
    LuceneDirectory(Path path, String what) {
        this(path, what, VectorEncoding.FLOAT32);
    }

    /** @param vectors how new segments hold vectors; each segment names its own format, so any is read */
    LuceneDirectory(Path path, String what, VectorEncoding vectors) {
        this.what = what;
        try {
            this.directory = FSDirectory.open(path);
            this.writer = new IndexWriter(directory, new IndexWriterConfig()
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND).setCodec(codec(vectors)));
            this.searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the " + what + " at " + path, e);
        }
    }

    /** Lucene's codec with vectors as wide as OpenSearch accepts, in the given encoding. */
    private static Lucene103Codec codec(VectorEncoding encoding) {
        KnnVectorsFormat format = encoding.format();
        return new Lucene103Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return format;
            }
        };
    }

    IndexWriter writer() {
        return writer;
    }

    /** Makes the writes so far durable and visible to the next search. */
    void commit() throws IOException {
        writer.commit();
        searchers.maybeRefreshBlocking();
    }

    interface SearcherWork<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    <T> T search(SearcherWork<T> work) {
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                return work.apply(searcher);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the " + what, e);
        }
    }

    int numDocs() {
        return writer.getDocStats().numDocs;
    }

    @Override
    public void close() {
        try {
            searchers.close();
            writer.close();
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the " + what, e);
        }
    }
}
