package dev.shoplens.local.cli;

import dev.shoplens.core.imaging.DecodeLimits;
import dev.shoplens.local.app.LocalConfig;
import dev.shoplens.local.lucene.VectorEncoding;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options every command shares: where the data lives and which model to use. */
final class DataOptions {
    @Option(names = "--data", defaultValue = "data", description = "Data directory (index, catalog, images). Default: ${DEFAULT-VALUE}")
    Path dataDir;

    @Option(names = "--model", description = "Model directory (manifest.json + weights). Default: the built-in model.")
    Path modelDir;

    @Option(names = "--predictors", defaultValue = "2", description = "Images embedded at once. Default: ${DEFAULT-VALUE}")
    int predictors;

    @Option(names = "--max-image-mb", defaultValue = "20", description = "Largest image accepted, in MB. Default: ${DEFAULT-VALUE}")
    int maxImageMb;

    @Option(names = "--max-megapixels", defaultValue = "50", description = "Largest image accepted, in megapixels. Default: ${DEFAULT-VALUE}")
    int maxMegapixels;

    @Option(names = "--vectors", defaultValue = VectorEncoding.AUTO,
            description = "How the vector index holds vectors: float32, int7, int4 or binary (quantized ones are "
                    + "rescored with float32; README \"Vector size\"). Default: ${DEFAULT-VALUE}: binary for "
                    + "models of 256 dimensions or more, int7 below")
    String vectors;

    @Option(names = "--object-finder", defaultValue = LocalConfig.BUILTIN,
            description = "What finds the items in a photo for \"box\": \"auto\": builtin (the built-in model), "
                    + "heuristic (the region standing out from the photo's edges) or an object finder's model "
                    + "directory. Default: ${DEFAULT-VALUE}")
    String objectFinder;

    LocalConfig config() {
        if (maxImageMb < 1 || maxMegapixels < 1) {
            throw new IllegalArgumentException("--max-image-mb and --max-megapixels must be at least 1");
        }
        return new LocalConfig(dataDir, modelDir, predictors,
                new DecodeLimits(maxImageMb * 1024L * 1024L, maxMegapixels * 1_000_000L), VectorEncoding.parseOrAuto(vectors),
                objectFinder);
    }
}
