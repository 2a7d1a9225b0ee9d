package dev.shoplens.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

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
}
