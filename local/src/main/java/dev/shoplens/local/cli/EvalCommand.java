package dev.shoplens.local.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.shoplens.core.domain.AttributeFilter;
import dev.shoplens.core.domain.ProductMatch;
import dev.shoplens.core.domain.SearchOptions;
import dev.shoplens.core.domain.SearchRequest;
import dev.shoplens.core.domain.ShopLensException;
import dev.shoplens.core.domain.VectorId;
import dev.shoplens.core.imaging.DecodeLimits;
import dev.shoplens.core.imaging.ImageDecoder;
import dev.shoplens.local.app.LocalApplication;
import dev.shoplens.local.app.LocalConfig;
import dev.shoplens.local.lucene.VectorEncoding;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code shoplens eval}: how well the search finds the right product on a labelled data set, through the
 * real ingest and search path (a fresh embedded index). Prints recall@1/5/10, mAP@10, MRR, query latency
 * and index time; {@code --json} for machines.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate search quality: index a catalog folder, search with labelled query photos, print the metrics.")
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--catalog", required = true, description = "Catalog folder: <product-id>/<image files> (+ products.csv)")
    Path catalog;

    @Option(names = "--queries", required = true, description = "Folder of query photos")
    Path queries;

    @Option(names = "--truth", required = true, description = "CSV with a header and rows query_file,product_id")
    Path truth;

    @Option(names = "--model", description = "Model directory. Default: the built-in model.")
    Path model;

    @Option(names = "--compare", arity = "1..*", paramLabel = "MODEL",
            description = "Evaluate several models on the same data set and print one table: model directories, "
                    + "or 'builtin' for the built-in model")
    List<String> compare;

    @Option(names = "--compare-vectors", arity = "1..*", paramLabel = "ENCODING",
            description = "Evaluate the model with the vector index holding vectors each way (float32, int7, int4, "
                    + "binary) and print one table with the memory each needs")
    List<String> compareVectors;

    @Option(names = "--data", description = "Data directory for the evaluation index. Default: a new temporary one.")
    Path data;

    @Option(names = "--json", description = "Print the metrics as JSON")
    boolean json;

    @Option(names = "--auto-crop", description = "Search with \"box\": \"auto\": the whole photo and its main item, found by the object finder, "
            + "rank the products together")
    boolean autoCrop;

    @Option(names = "--object-finder", defaultValue = LocalConfig.BUILTIN,
            description = "With --auto-crop, what finds the items: builtin (the built-in model), heuristic, or an "
                    + "object finder's model directory. Default: ${DEFAULT-VALUE}")
    String objectFinder;

    @Option(names = "--shelves", paramLabel = "DIR", description = "Also measure multi-object search on photos of "
            + "several catalog products (a folder with truth.csv: query_file,product_id,left,top,right,bottom; "
            + "make_benchmark.py --shelves makes one)")
    Path shelves;

    /** The evaluation's figures. */
    record Metrics(int products, int catalogImages, int queries, double recallAt1, double recallAt5, double recallAt10,
                   double mapAt10, double mrr, double latencyP50Ms, double latencyP99Ms, double indexSeconds,
                   double annRecallAt10, String model, int dimension) {
    }

    /**
     * One row of a comparison of vector encodings: the encoding, what a search keeps in memory for one vector
     * (graph aside), and the model's figures with it.
     */
    record ComparedEncoding(VectorEncoding encoding, double bytesPerVector, Metrics metrics) {
        ComparedEncoding(VectorEncoding encoding, Metrics metrics) {
            this(encoding, encoding.bytesPerVector(metrics.dimension()), metrics);
        }
    }

    /** One row of a comparison: the model as the user named it, and its figures. */
    record Compared(String argument, Metrics metrics) {
    }

    @Override
    public Integer call() throws IOException {
        Path dir = data != null ? data : Files.createTempDirectory("shoplens-eval");
        PrintStream progress = json ? new PrintStream(PrintStream.nullOutputStream()) : System.out;
        if (shelves != null && (compare != null || compareVectors != null)) {
            throw ShopLensException.invalid("--shelves measures one model: leave out --compare and --compare-vectors");
        }
        if (compareVectors != null) {
            if (compare != null) {
                throw ShopLensException.invalid("--compare and --compare-vectors do not go together: compare models "
                        + "first, then the vector encodings of the one you chose");
            }
            List<VectorEncoding> encodings = compareVectors.stream().map(VectorEncoding::parse).toList();
            List<ComparedEncoding> rows = new ArrayList<>();
            for (int i = 0; i < encodings.size(); i++) {
                progress.printf(Locale.ROOT, "encoding %d of %d: %s%n", i + 1, encodings.size(), encodings.get(i));
                rows.add(new ComparedEncoding(encodings.get(i), evaluate(dir.resolve("vectors-" + (i + 1)), model,
                        encodings.get(i), progress)));
            }
            printEncodings(rows, json, System.out);
            return 0;
        }
        if (compare == null) {
            LocalConfig defaults = LocalConfig.defaults(dir);
            try (LocalApplication app = LocalApplication.start(new LocalConfig(dir, model, defaults.predictors(),
                    defaults.limits(), null, objectFinder))) {
                Metrics metrics = evaluate(app, catalog, queries, truth, progress, autoCrop);
                if (shelves == null) {
                    print(metrics, json, System.out);
                } else if (json) {
                    System.out.println(ShelfEval.json(metrics, ShelfEval.evaluate(app, shelves)));
                } else {
                    print(metrics, false, System.out);
                    ShelfEval.print(ShelfEval.evaluate(app, shelves), System.out);
                }
            }
            return 0;
        }
        List<Path> models = compareModels();
        List<Compared> rows = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            progress.printf(Locale.ROOT, "model %d of %d: %s%n", i + 1, models.size(), compare.get(i));
            // each model gets its own index: vectors of two models never share one
            rows.add(new Compared(compare.get(i), evaluate(dir.resolve("model-" + (i + 1)), models.get(i),
                    null, progress)));
        }
        printComparison(rows, json, System.out);
        return 0;
    }

    private Metrics evaluate(Path dir, Path modelDir, VectorEncoding vectors, PrintStream progress) {
        LocalConfig defaults = LocalConfig.defaults(dir);
        try (LocalApplication app = LocalApplication.start(new LocalConfig(dir, modelDir, defaults.predictors(),
                defaults.limits(), vectors, objectFinder))) {
            return evaluate(app, catalog, queries, truth, progress, autoCrop);
        }
    }

    /** The model directories to compare, in the order given ({@code null} for the built-in model). */
    private List<Path> compareModels() {
        if (model != null) {
            throw ShopLensException.invalid("--model and --compare do not go together: list every model after "
                    + "--compare ('builtin' for the built-in one)");
        }
        List<Path> dirs = new ArrayList<>();
        for (String name : compare) {
            if (name.equals("builtin")) {
                dirs.add(null);
            } else if (Files.isRegularFile(Path.of(name).resolve("manifest.json"))) {
                dirs.add(Path.of(name));
            } else {
                throw ShopLensException.invalid("--compare " + name + ": not a model directory (no manifest.json "
                        + "in it); give model directories or 'builtin'");
            }
        }
        return dirs;
    }

    static Metrics evaluate(LocalApplication app, Path catalog, Path queries, Path truth, PrintStream progress,
                            boolean autoCrop) {
        Map<String, String> labels = readTruth(truth, queries);
        CatalogImporter.Summary indexed = ImportCommand.importFolder(app, catalog, progress);
        double[] latencies = new double[labels.size()];
        int at1 = 0;
        int at5 = 0;
        int at10 = 0;
        double ap = 0;
        double rr = 0;
        double annRecall = 0;
        int i = 0;
        ImageDecoder decoder = new ImageDecoder(DecodeLimits.DEFAULT);
        int side = Math.min(app.embedder().model().inputWidth(), app.embedder().model().inputHeight());
        for (Map.Entry<String, String> label : labels.entrySet()) {
            byte[] photo;
            try {
                photo = Files.readAllBytes(queries.resolve(label.getKey()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read query " + label.getKey(), e);
            }
            long start = System.nanoTime();
            List<ProductMatch> matches = app.search().search(new SearchRequest(photo, null, autoCrop,
                    SearchOptions.top(10))).matches();
            latencies[i++] = (System.nanoTime() - start) / 1e6;
            annRecall += annRecall(app, app.embedder().embed(decoder.decode(photo, side).image()));
            int rank = ShelfEval.rank(matches, label.getValue());
            at1 += rank == 0 ? 1 : 0;
            at5 += rank >= 0 && rank < 5 ? 1 : 0;
            at10 += rank >= 0 ? 1 : 0;
            // one relevant product per query: average precision at 10 is 1/rank when found
            ap += rank >= 0 ? 1.0 / (rank + 1) : 0;
            rr += rank >= 0 ? 1.0 / (rank + 1) : 0;
        }
        Arrays.sort(latencies);
        int n = labels.size();
        return new Metrics(indexed.products(), indexed.indexed() + indexed.alreadyIndexed(), n, at1 / (double) n, at5 / (double) n,
                at10 / (double) n, ap / n, rr / n, latencies[n / 2], latencies[(int) Math.ceil(n * 0.99) - 1],
                indexed.millis() / 1000.0, annRecall / n, app.embedder().model().versionTag(),
                app.embedder().model().dimension());
    }

    /** The share of the exact 10 nearest catalog images that the HNSW search also returns. */
    private static double annRecall(LocalApplication app, float[] query) {
        List<VectorId> exact = app.index().exactNearest(query, 10);
        if (exact.isEmpty()) {
            return 1;
        }
        Set<VectorId> approximate = new HashSet<>();
        app.index().nearest(query, 10, AttributeFilter.none()).forEach(h -> approximate.add(h.vectorId()));
        return exact.stream().filter(approximate::contains).count() / (double) exact.size();
    }

    static Map<String, String> readTruth(Path truth, Path queries) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();
        try (Reader in = Files.newBufferedReader(truth, StandardCharsets.UTF_8); CSVParser parser = CSVParser.parse(in, format)) {
            if (!parser.getHeaderNames().containsAll(List.of("query_file", "product_id"))) {
                throw ShopLensException.invalid(truth + " needs a header row query_file,product_id; got "
                        + parser.getHeaderNames());
            }
            Map<String, String> labels = new LinkedHashMap<>();
            List<String> missing = new ArrayList<>();
            for (CSVRecord row : parser) {
                String file = row.get("query_file");
                if (!Files.isRegularFile(queries.resolve(file))) {
                    missing.add(file);
                }
                labels.put(file, row.get("product_id"));
            }
            if (!missing.isEmpty()) {
                throw ShopLensException.invalid("query files named in " + truth.getFileName() + " are missing from "
                        + queries + ": " + missing.subList(0, Math.min(5, missing.size())));
            }
            if (labels.isEmpty()) {
                throw ShopLensException.invalid(truth + " has no rows");
            }
            return labels;
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw ShopLensException.invalid(truth + " is not a valid CSV file: " + e.getMessage());
        }
    }

    static void print(Metrics m, boolean json, PrintStream out) throws IOException {
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m));
            return;
        }
        out.printf(Locale.ROOT, "model %s; %d products (%d catalog images, indexed in %.1f s); %d queries%n", m.model(),
                m.products(), m.catalogImages(), m.indexSeconds(), m.queries());
        out.printf(Locale.ROOT, "recall@1 %.3f  recall@5 %.3f  recall@10 %.3f  mAP@10 %.3f  MRR %.3f%n", m.recallAt1(),
                m.recallAt5(), m.recallAt10(), m.mapAt10(), m.mrr());
        out.printf(Locale.ROOT, "query latency (decode + embed + search): p50 %.1f ms, p99 %.1f ms%n", m.latencyP50Ms(),
                m.latencyP99Ms());
        out.printf(Locale.ROOT, "ANN recall@10 against exact search: %.4f%n", m.annRecallAt10());
    }

    static void printEncodings(List<ComparedEncoding> rows, boolean json, PrintStream out) throws IOException {
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
            return;
        }
        Metrics first = rows.getFirst().metrics();
        ComparedEncoding reference = rows.stream().filter(r -> r.encoding() == VectorEncoding.FLOAT32).findFirst()
                .orElse(null);
        out.printf(Locale.ROOT, "model %s (%d dimensions); %d products (%d catalog images), %d queries%n%n",
                first.model(), first.dimension(), first.products(), first.catalogImages(), first.queries());
        out.println("| vectors | bytes a vector in memory | ANN recall@10 against exact | recall@1 | recall@10 "
                + "| recall@10 change | query p50 / p99 |");
        out.println("| --- | --- | --- | --- | --- | --- | --- |");
        for (ComparedEncoding row : rows) {
            Metrics m = row.metrics();
            String change = reference == null ? "—" : String.format(Locale.ROOT, "%+.1f points",
                    100 * (m.recallAt10() - reference.metrics().recallAt10()));
            out.printf(Locale.ROOT, "| %s%s | %,.0f | %.4f | %.3f | %.3f | %s | %.1f / %.1f ms |%n", row.encoding(),
                    row.encoding().rescores() ? " (rescored with float32)" : "", row.bytesPerVector(),
                    m.annRecallAt10(), m.recallAt1(), m.recallAt10(), change, m.latencyP50Ms(), m.latencyP99Ms());
        }
    }

    static void printComparison(List<Compared> rows, boolean json, PrintStream out) throws IOException {
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
            return;
        }
        Metrics first = rows.getFirst().metrics();
        out.printf(Locale.ROOT, "%d products (%d catalog images), %d queries%n%n", first.products(),
                first.catalogImages(), first.queries());
        out.println("| model | directory | dimensions | recall@1 | recall@5 | recall@10 | mAP@10 | MRR "
                + "| query p50 / p99 | index time |");
        out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        for (Compared row : rows) {
            Metrics m = row.metrics();
            out.printf(Locale.ROOT, "| %s | %s | %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.1f / %.1f ms | %.1f s |%n",
                    m.model(), row.argument(), m.dimension(), m.recallAt1(), m.recallAt5(), m.recallAt10(),
                    m.mapAt10(), m.mrr(), m.latencyP50Ms(), m.latencyP99Ms(), m.indexSeconds());
        }
    }
}
