package dev.shoplens.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoplens.core.domain.Box;
import dev.shoplens.core.testing.ShelfPhoto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The evaluation command on the sample catalog and its labelled shopper photos. */
class EvalCommandTest {
    @TempDir
    Path data;

    private static String run(String... args) {
        return CommandLineRun.run(args);
    }

    @Test
    void printsTheMetricsOfTheSampleSetAsJson() throws Exception {
        String out = run("eval", "--catalog", "sample-catalog", "--queries", "sample-queries",
                "--truth", "sample-queries/truth.csv", "--data", data.toString(), "--json");
        JsonNode m = new ObjectMapper().readTree(out);
        assertThat(m.path("queries").asInt()).isEqualTo(56);
        assertThat(m.path("products").asInt()).isEqualTo(56);
        assertThat(m.path("recallAt10").asDouble()).isGreaterThanOrEqualTo(m.path("recallAt5").asDouble())
                .isGreaterThanOrEqualTo(0.8);
        assertThat(m.path("recallAt5").asDouble()).isGreaterThanOrEqualTo(m.path("recallAt1").asDouble());
        assertThat(m.path("mrr").asDouble()).isBetween(m.path("recallAt1").asDouble(), m.path("recallAt10").asDouble());
        assertThat(m.path("latencyP99Ms").asDouble()).isGreaterThanOrEqualTo(m.path("latencyP50Ms").asDouble());
        // 112 vectors: the HNSW graph holds them all within its search width, so it must agree with exact search.
        assertThat(m.path("annRecallAt10").asDouble()).isEqualTo(1.0);
        System.out.println("eval on the sample set: " + m);
    }

    /**
     * Shelf photos of two and three sample products: with the built-in object finder each item is found and
     * answered; with the heuristic, which finds one region at most, fewer items are found.
     */
    @Test
    void measuresMultiObjectSearchOnShelfPhotosWithEachObjectFinder(@TempDir Path shelves) throws Exception {
        List<List<String>> photos = List.of(List.of("teddy-bear", "guitar-acoustic"),
                List.of("mug-coffee", "camera-compact", "sneaker-running"), List.of("handbag-leather", "clock-alarm"));
        StringBuilder truth = new StringBuilder("query_file,product_id,left,top,right,bottom\n");
        for (int i = 0; i < photos.size(); i++) {
            ShelfPhoto shelf = ShelfPhoto.ofSampleProducts(photos.get(i).toArray(String[]::new));
            Files.write(shelves.resolve("shelf-" + i + ".jpg"), shelf.jpeg());
            for (int j = 0; j < photos.get(i).size(); j++) {
                Box b = shelf.boxes().get(j);
                truth.append(String.format(java.util.Locale.ROOT, "shelf-%d.jpg,%s,%.4f,%.4f,%.4f,%.4f%n", i,
                        photos.get(i).get(j), b.left(), b.top(), b.right(), b.bottom()));
            }
        }
        Files.writeString(shelves.resolve("truth.csv"), truth);
        JsonNode learned = new ObjectMapper().readTree(run("eval", "--catalog", "sample-catalog", "--queries",
                "sample-queries", "--truth", "sample-queries/truth.csv", "--data", data.resolve("learned").toString(),
                "--shelves", shelves.toString(), "--json"));
        JsonNode s = learned.path("shelves");
        assertThat(learned.path("search").path("queries").asInt()).isEqualTo(56);
        assertThat(s.path("photos").asInt()).isEqualTo(3);
        assertThat(s.path("items").asInt()).isEqualTo(7);
        assertThat(s.path("finder").asText()).startsWith("builtin-object-finder@");
        assertThat(s.path("itemsFound").asDouble()).isGreaterThanOrEqualTo(5 / 7.0);
        assertThat(s.path("ownFirstMatch").asDouble()).isGreaterThanOrEqualTo(4 / 7.0);
        assertThat(s.path("trueBoxFirstMatch").asDouble()).isGreaterThanOrEqualTo(s.path("ownFirstMatch").asDouble() - 0.15);
        JsonNode heuristic = new ObjectMapper().readTree(run("eval", "--catalog", "sample-catalog", "--queries",
                "sample-queries", "--truth", "sample-queries/truth.csv", "--data", data.resolve("heuristic").toString(),
                "--shelves", shelves.toString(), "--object-finder", "heuristic", "--json")).path("shelves");
        assertThat(heuristic.path("finder").asText()).isEqualTo("heuristic");
        assertThat(heuristic.path("boxesPerPhoto").asDouble()).isLessThanOrEqualTo(1.0);
        assertThat(heuristic.path("itemsFound").asDouble()).isLessThan(s.path("itemsFound").asDouble());
        System.out.println("shelves, learned finder: " + s + "\nshelves, heuristic: " + heuristic);
    }

    @Test
    void aTruthFileNamingMissingPhotosIsRefused(@TempDir Path dir) throws Exception {
        Path truth = dir.resolve("truth.csv");
        Files.writeString(truth, "query_file,product_id\nnot-there.jpg,teddy-bear\n");
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        CommandLine cli = new CommandLine(new ShopLensCommand());
        cli.setErr(new java.io.PrintWriter(captured, true, StandardCharsets.UTF_8));
        cli.setExecutionExceptionHandler(new FriendlyErrors());
        int code = cli.execute("eval", "--catalog", "sample-catalog", "--queries", dir.toString(), "--truth",
                truth.toString(), "--data", data.toString());
        assertThat(code).isEqualTo(2);
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("not-there.jpg").contains("missing");
        System.setErr(err);
    }

    /**
     * Two models on one data set: the built-in one and a 2,048-dimension model (wider than Lucene's own limit of
     * 1,024), each indexed and searched through the real path, in one table.
     */
    @Test
    void comparesModelsOnOneDataSetIncludingOneWiderThanLucenesOwnLimit() throws Exception {
        String wide = "../functions/core/src/test/resources/models/wide";
        String out = run("eval", "--catalog", "sample-catalog", "--queries", "sample-queries",
                "--truth", "sample-queries/truth.csv", "--data", data.toString(), "--compare", "builtin", wide, "--json");
        JsonNode rows = new ObjectMapper().readTree(out);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).path("argument").asText()).isEqualTo("builtin");
        assertThat(rows.get(0).path("metrics").path("model").asText()).startsWith("builtin-shopper-cnn@");
        assertThat(rows.get(0).path("metrics").path("recallAt10").asDouble()).isGreaterThanOrEqualTo(0.8);
        JsonNode wideRow = rows.get(1).path("metrics");
        assertThat(wideRow.path("model").asText()).isEqualTo("wide-test@1");
        assertThat(wideRow.path("dimension").asInt()).isEqualTo(2048);
        assertThat(wideRow.path("queries").asInt()).isEqualTo(56);
        assertThat(wideRow.path("catalogImages").asInt()).isEqualTo(rows.get(0).path("metrics").path("catalogImages").asInt());
        // random weights: far below the trained model, yet every query was answered from a full index
        assertThat(wideRow.path("recallAt10").asDouble()).isLessThan(rows.get(0).path("metrics").path("recallAt10").asDouble());
        assertThat(wideRow.path("annRecallAt10").asDouble()).isGreaterThan(0.9);

        String table = run("eval", "--catalog", "sample-catalog", "--queries", "sample-queries",
                "--truth", "sample-queries/truth.csv", "--data", data.resolve("again").toString(), "--compare", wide);
        assertThat(table).contains("| model | directory | dimensions | recall@1")
                .containsPattern("\\| wide-test@1 \\| " + java.util.regex.Pattern.quote(wide) + " \\| 2048 \\| \\d\\.\\d{3} \\|");
    }

    /** The built-in model with each vector encoding, through the real import and search path, in one table. */
    @Test
    void comparesVectorEncodingsOnOneDataSet() throws Exception {
        String out = run("eval", "--catalog", "sample-catalog", "--queries", "sample-queries",
                "--truth", "sample-queries/truth.csv", "--data", data.toString(), "--compare-vectors", "float32",
                "int7", "int4", "binary", "--json");
        JsonNode rows = new ObjectMapper().readTree(out);
        assertThat(rows).hasSize(4);
        assertThat(rows.findValuesAsText("encoding")).containsExactly("FLOAT32", "INT7", "INT4", "BINARY");
        double reference = rows.get(0).path("metrics").path("recallAt10").asDouble();
        double bytes = Double.MAX_VALUE;
        for (JsonNode row : rows) {
            JsonNode m = row.path("metrics");
            assertThat(m.path("queries").asInt()).isEqualTo(56);
            // 112 vectors, 100 candidates rescored with float32: every encoding finds the exact neighbours
            assertThat(m.path("annRecallAt10").asDouble()).isEqualTo(1.0);
            assertThat(m.path("recallAt10").asDouble()).isEqualTo(reference);
            assertThat(row.path("bytesPerVector").asDouble()).isLessThan(bytes);
            bytes = row.path("bytesPerVector").asDouble();
        }
    }

    @Test
    void compareRefusesAFolderWithoutAModelAndTheModelOptionBesideIt(@TempDir Path empty) {
        CommandLine cli = new CommandLine(new ShopLensCommand());
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        cli.setErr(new java.io.PrintWriter(captured, true, StandardCharsets.UTF_8));
        cli.setExecutionExceptionHandler(new FriendlyErrors());
        String[] common = {"eval", "--catalog", "sample-catalog", "--queries", "sample-queries", "--truth",
                "sample-queries/truth.csv", "--data", data.toString()};
        assertThat(cli.execute(concat(common, "--compare", "builtin", empty.toString()))).isEqualTo(2);
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains(empty.toString()).contains("no manifest.json");
        captured.reset();
        assertThat(cli.execute(concat(common, "--model", empty.toString(), "--compare", "builtin"))).isEqualTo(2);
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("--model and --compare do not go together");
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
