package dev.shoplens.local.cli;

import dev.shoplens.local.app.LocalConfig;
import dev.shoplens.local.bench.Benchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code shoplens bench}: every figure beside its reference, measured in the same run, with the ratio and
 * its goal. It works in a scratch folder of its own under {@code --data} and removes it afterwards.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure decode, embed, search, ingest, start-up and the k-NN index, each against a "
                + "reference measured in the same run.")
final class BenchCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Option(names = "--sample-catalog", defaultValue = "local/sample-catalog",
            description = "Catalog folder imported into the scratch data folder. Default: ${DEFAULT-VALUE}")
    Path sampleCatalog;

    @Option(names = "--queries", defaultValue = "local/sample-queries",
            description = "Folder of shopper photos for the start-up search. Default: ${DEFAULT-VALUE}")
    Path queries;

    @Option(names = "--photo", description = "A phone photo (JPEG, 8 MP or more) to decode and search with. "
            + "Default: a generated 12 MP photo-like JPEG at quality 92.")
    Path photo;

    @Option(names = "--knn-sizes", split = ",", defaultValue = "100000",
            description = "Index sizes for the k-NN figures, comma-separated (1000000 takes about 15 minutes "
                    + "here). Default: ${DEFAULT-VALUE}")
    List<Integer> knnSizes;

    @Option(names = "--search-io-ms", defaultValue = "25",
            description = "For the Lambda sizing: what a deployed search waits on OpenSearch and DynamoDB, in ms "
                    + "(not measurable here). Default: ${DEFAULT-VALUE}")
    double searchIoMs;

    @Option(names = "--ingest-io-ms", defaultValue = "50",
            description = "For the Lambda sizing: what a deployed ingest waits on S3, DynamoDB and OpenSearch for "
                    + "one image, in ms. Default: ${DEFAULT-VALUE}")
    double ingestIoMs;

    @Option(names = "--python", defaultValue = "python3",
            description = "Python with Pillow, NumPy and onnx, for the references. Default: ${DEFAULT-VALUE}")
    String python;

    @Option(names = "--reference-script", defaultValue = "scripts/bench_reference.py",
            description = "The references' script. Default: ${DEFAULT-VALUE}")
    Path referenceScript;

    @Override
    public Integer call() throws IOException {
        LocalConfig base = data.config();
        Files.createDirectories(base.dataDir());
        Path scratch = Files.createTempDirectory(base.dataDir(), "bench-");
        try {
            byte[] jpeg = photo != null ? Files.readAllBytes(photo) : Benchmark.syntheticPhoto(4000, 3000, 0.92f);
            Path jpegFile = scratch.resolve("photo.jpg");
            Files.write(jpegFile, jpeg);
            Benchmark benchmark = new Benchmark(System.out, scratch, python, referenceScript, searchIoMs,
                    ingestIoMs);
            LocalConfig config = new LocalConfig(scratch.resolve("data"), base.modelDir(), base.predictors(),
                    base.limits(), base.vectors());
            benchmark.run(config, jpeg, jpegFile, photo != null ? photo.getFileName().toString() : null,
                    sampleCatalog, firstQuery(), knnSizes,
                    app -> ImportCommand.importFolder(app, sampleCatalog, System.out).indexed());
        } finally {
            deleteTree(scratch);
        }
        return 0;
    }

    private Path firstQuery() throws IOException {
        try (var files = Files.list(queries)) {
            return files.filter(f -> f.toString().matches("(?i).*\\.(jpe?g|png)$")).sorted().findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no JPEG or PNG photo in " + queries));
        }
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the benchmark's scratch folder " + dir, e);
        }
    }
}
