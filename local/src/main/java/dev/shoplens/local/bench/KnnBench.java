package dev.shoplens.local.bench;

import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
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
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The k-NN index at catalog scale, on vectors shaped like the model's (unit length, clustered around many
 * products): recall@10 against an exact scan, query latency and the bytes a search keeps hot, for Lucene's
 * HNSW over float32 vectors (what the local index uses) and over int8 scalar-quantized ones.
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
        double floatRecall = variant(report, "float32", new Lucene99HnswVectorsFormat(M, BEAM_WIDTH), vectors,
                queries, truth, scratch.resolve("float32"), Set.of("vec", "vex"));
        double int8Recall = variant(report, "int8 scalar-quantized", new Lucene99HnswScalarQuantizedVectorsFormat(M,
                BEAM_WIDTH, 1, 7, false, null, null), vectors, queries, truth, scratch.resolve("int8"),
                Set.of("veq", "vex"));
        report.line("  int8 loses %.3f of recall@10 against float32", floatRecall - int8Recall);
    }

    private static double variant(Report report, String name, KnnVectorsFormat format, float[][] vectors,
                                  float[][] queries, int[][] truth, Path dir, Set<String> searchedFiles) {
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
                    searcher.search(new KnnFloatVectorQuery(FIELD, q, CANDIDATES), K);
                }
                for (int i = 0; i < queries.length; i++) {
                    long t = System.nanoTime();
                    TopDocs top = searcher.search(new KnnFloatVectorQuery(FIELD, queries[i], CANDIDATES), K);
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
            long searched = bytes(dir, searchedFiles);
            long all = bytes(dir, null);
            report.line("%-22s recall@10 %.3f | p50 %.2f ms, p99 %.2f ms | hot for search %,.0f MB (%s) of %,.0f MB "
                            + "on disk | built in %.0f s", name, recall, Timing.percentile(latencies, 50),
                    Timing.percentile(latencies, 99), searched / 1e6, String.join(" + ", searchedFiles), all / 1e6,
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

    private static long bytes(Path dir, Set<String> extensions) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> extensions == null || extensions.contains(extension(f)))
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
