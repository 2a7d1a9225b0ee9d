package dev.shoplens.local.bench;

import dev.shoplens.local.lucene.VectorEncoding;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The k-NN index at catalog scale, on vectors shaped like the model's (unit length, clustered around many
 * products): recall@10 against an exact scan, query latency and the bytes a search keeps hot, for Lucene's
 * HNSW over each {@link VectorEncoding} the local index offers, and int7 once more without rescoring, to show
 * what the rescoring buys.
 */
final class KnnBench {
    private static final String FIELD = "v";
    private static final int K = 10;
    private static final int CANDIDATES = 100; // OpenSearch's default ef_search
    private static final int QUERIES = 200;
    private static final int M = 16;
    private static final int BEAM_WIDTH = 100;

    private KnnBench() {
    }

    static void run(Report report, int count, int dimension, Path scratch) {
        report.section(String.format(Locale.ROOT, "k-NN index: %,d vectors of %d dimensions (HNSW m=%d, "
                + "ef_construction=%d, k=%d from %d candidates, %d queries)", count, dimension, M, BEAM_WIDTH, K,
                CANDIDATES, QUERIES));
        Random random = new Random(7);
        float[][] centres = unitVectors(Math.max(10, count / 50), dimension, random, null, 0);
        float[][] vectors = unitVectors(count, dimension, random, centres, 0.6f);
        float[][] queries = unitVectors(QUERIES, dimension, random, centres, 0.6f);
        long exactStart = System.nanoTime();
        int[][] truth = exactTopK(vectors, queries);
        double exactMs = (System.nanoTime() - exactStart) / 1e6 / QUERIES;
        report.figure("exact scan (the recall reference), per query", exactMs, "ms");
        double floatRecall = 0;
        for (VectorEncoding encoding : VectorEncoding.values()) {
            double recall = variant(report, encoding.label() + (encoding.rescores() ? " rescored" : ""),
                    encoding.format(), encoding != VectorEncoding.FLOAT32, encoding::query, vectors, queries, truth, scratch.resolve(encoding.label()));
            if (encoding == VectorEncoding.FLOAT32) {
                floatRecall = recall;
            } else {
                report.line("  %s loses %.3f of recall@10 against float32; %,.0f bytes a vector in memory against "
                        + "%,.0f", encoding.label(), floatRecall - recall, encoding.bytesPerVector(dimension),
                        VectorEncoding.FLOAT32.bytesPerVector(dimension));
            }
        }
        double int7Alone = variant(report, "int7 not rescored", VectorEncoding.INT7.format(), true,
                (field, q, candidates, filter) -> new KnnFloatVectorQuery(field, q, candidates, filter), vectors,
                queries, truth, scratch.resolve("int7-alone"));
        report.line("  int7 without rescoring loses %.3f of recall@10 against float32", floatRecall - int7Alone);
        // faiss's fp16 encoder (OpenSearch's, not runnable here) stores each value in half precision and scores
        // with them: the same vectors rounded, searched in float32, show what the rounding alone costs.
        double fp16 = variant(report, "fp16 (emulated)", VectorEncoding.FLOAT32.format(), false,
                (field, q, candidates, filter) -> new KnnFloatVectorQuery(field, halfPrecision(q), candidates, filter),
                halfPrecision(vectors), queries, truth, scratch.resolve("fp16"));
        report.line("  fp16 loses %.3f of recall@10 against float32, at %,d bytes a vector against %,d",
                floatRecall - fp16, 2 * dimension, 4 * dimension);
    }

    private static float[] halfPrecision(float[] v) {
        float[] rounded = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            rounded[i] = Float.float16ToFloat(Float.floatToFloat16(v[i]));
        }
        return rounded;
    }

    private static float[][] halfPrecision(float[][] vectors) {
        float[][] rounded = new float[vectors.length][];
        for (int i = 0; i < vectors.length; i++) {
            rounded[i] = halfPrecision(vectors[i]);
        }
        return rounded;
    }

    /** How a variant asks for the nearest vectors. */
    private interface KnnQuery {
        Query of(String field, float[] target, int candidates, Query filter);
    }

    private static double variant(Report report, String name, KnnVectorsFormat format, boolean quantized,
                                  KnnQuery knn, float[][] vectors, float[][] queries, int[][] truth, Path dir) {
        try (FSDirectory directory = FSDirectory.open(dir)) {
            long buildStart = System.nanoTime();
            // separate files (no compound file), so the report can say which ones a search reads
            IndexWriterConfig config = new IndexWriterConfig().setRAMBufferSizeMB(2000).setUseCompoundFile(false)
                    .setMergePolicy(noCompoundFiles()).setCodec(new Lucene103Codec() {
                @Override
                public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                    return format;
                }
            });
            try (IndexWriter writer = new IndexWriter(directory, config)) {
                for (int i = 0; i < vectors.length; i++) {
                    Document doc = new Document();
                    doc.add(new StoredField("id", i));
                    doc.add(new KnnFloatVectorField(FIELD, vectors[i], VectorSimilarityFunction.DOT_PRODUCT));
                    writer.addDocument(doc);
                }
                writer.forceMerge(1);
            }
            double buildSeconds = (System.nanoTime() - buildStart) / 1e9;
            double[] latencies = new double[queries.length];
            double recall = 0;
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                for (float[] q : queries) { // warm-up: page the graph and vectors in
                    searcher.search(knn.of(FIELD, q, CANDIDATES, null), K);
                }
                for (int i = 0; i < queries.length; i++) {
                    long t = System.nanoTime();
                    TopDocs top = searcher.search(knn.of(FIELD, queries[i], CANDIDATES, null), K);
                    latencies[i] = (System.nanoTime() - t) / 1e6;
                    Set<Integer> found = new HashSet<>();
                    for (ScoreDoc hit : top.scoreDocs) {
                        found.add(reader.storedFields().document(hit.doc).getField("id").numericValue().intValue());
                    }
                    int hits = 0;
                    for (int id : truth[i]) {
                        hits += found.contains(id) ? 1 : 0;
                    }
                    recall += hits / (double) K;
                }
            }
            recall /= queries.length;
            // Vector files are Lucene's .ve*; a quantized format reads its float32 .vec only for the candidates.
            long hot = bytes(dir, ext -> ext.startsWith("ve") && !(quantized && ext.equals("vec")));
            long all = bytes(dir, ext -> true);
            report.line("%-18s recall@10 %.3f | p50 %.2f ms, p99 %.2f ms | hot for search %,.1f MB (vector files%s) "
                            + "of %,.0f MB on disk | built in %.0f s", name, recall, Timing.percentile(latencies, 50),
                    Timing.percentile(latencies, 99), hot / 1e6, quantized ? " but .vec" : "", all / 1e6,
                    buildSeconds);
            return recall;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(dir);
        }
    }

    private static TieredMergePolicy noCompoundFiles() {
        TieredMergePolicy policy = new TieredMergePolicy();
        policy.setNoCFSRatio(0);
        return policy;
    }

    private static int[][] exactTopK(float[][] vectors, float[][] queries) {
        int[][] truth = new int[queries.length][];
        IntStream.range(0, queries.length).parallel().forEach(qi -> {
            float[] q = queries[qi];
            int[] best = new int[K];
            float[] bestScore = new float[K];
            Arrays.fill(bestScore, Float.NEGATIVE_INFINITY);
            for (int i = 0; i < vectors.length; i++) {
                float s = dot(q, vectors[i]);
                if (s > bestScore[K - 1]) {
                    int j = K - 1;
                    while (j > 0 && bestScore[j - 1] < s) {
                        bestScore[j] = bestScore[j - 1];
                        best[j] = best[j - 1];
                        j--;
                    }
                    bestScore[j] = s;
                    best[j] = i;
                }
            }
            truth[qi] = best;
        });
        return truth;
    }

    private static float dot(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Unit vectors: uniform on the sphere, or each near a random centre (spread: the noise's weight). */
    private static float[][] unitVectors(int count, int dimension, Random random, float[][] centres, float spread) {
        float[][] out = new float[count][dimension];
        for (float[] v : out) {
            float[] centre = centres == null ? null : centres[random.nextInt(centres.length)];
            for (int d = 0; d < dimension; d++) {
                float noise = (float) random.nextGaussian() / (float) Math.sqrt(dimension);
                v[d] = centre == null ? noise : centre[d] + spread * noise;
            }
            float norm = (float) Math.sqrt(dot(v, v));
            for (int d = 0; d < dimension; d++) {
                v[d] /= norm;
            }
        }
        return out;
    }

    private static long bytes(Path dir, Predicate<String> extension) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> extension.test(extension(f)))
                    .mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        return name.substring(name.lastIndexOf('.') + 1);
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover scratch folder is harmless
        }
    }
}
