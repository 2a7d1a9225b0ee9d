package dev.shoplens.local.cli;

import dev.shoplens.local.SampleCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark end to end on a small k-NN size: every section prints, each ratio with its goal. */
class BenchCommandTest {
    @TempDir
    Path data;

    @Test
    void printsEveryFigureBesideItsReferenceAndGoalAndCleansUp() throws IOException {
        String out = CommandLineRun.run("bench", "--data", data.toString(), "--knn-sizes", "2000",
                "--sample-catalog", SampleCatalog.FOLDER.toString(),
                "--queries", SampleCatalog.QUERIES.toString(),
                "--reference-script", Path.of("..", "scripts", "bench_reference.py").toString());
        assertThat(out).contains("cores for this process")
                .contains("## Ingest").contains("share of ingest time spent in the model")
                .contains("## Decode").contains("libjpeg-turbo DCT-scaled decode (OpenCV")
                .contains("vs full ImageIO decode + resize")
                .contains("## Embed").contains("DJL embed, batch 1").contains("DJL embed, batch 8")
                .contains("## Search end to end").contains("vs decode + embed alone")
                .contains("## Start").contains("first search after init, after SnapStart's priming")
                .contains("## Lambda sizing").contains("| memory | search arm64 |").contains("chosen: search arm64")
                .contains("## k-NN index: 2,000 vectors").contains("binary rescored").contains("fp16 (emulated)")
                .contains("## Goals");
        // every rescored encoding finds what float32 finds on 2,000 vectors
        Matcher rescored = Pattern.compile("(int7|int4|binary) rescored\\s+recall@10 ([0-9.]+)").matcher(out);
        int encodings = 0;
        while (rescored.find()) {
            assertThat(Double.parseDouble(rescored.group(2))).as(rescored.group(1)).isGreaterThan(0.95);
            encodings++;
        }
        assertThat(encodings).isEqualTo(3);
        Matcher recall = Pattern.compile("float32\\s+recall@10 ([0-9.]+)").matcher(out);
        assertThat(recall.find()).as("a float32 recall line in:%n%s", out).isTrue();
        assertThat(Double.parseDouble(recall.group(1))).isGreaterThan(0.9);
        Matcher goals = Pattern.compile("(\\d+) of (\\d+) goals met").matcher(out);
        assertThat(goals.find()).isTrue();
        assertThat(Integer.parseInt(goals.group(2))).isGreaterThanOrEqualTo(6);
        try (Stream<Path> left = Files.list(data)) {
            assertThat(left.filter(p -> p.getFileName().toString().startsWith("bench-"))).isEmpty();
        }
    }
}
