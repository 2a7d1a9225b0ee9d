package dev.shoplens.local.app;

import dev.shoplens.core.imaging.DecodeLimits;
import dev.shoplens.local.lucene.VectorEncoding;

import java.nio.file.Path;

/**
 * Everything the local mode can be told, checked once here.
 *
 * @param dataDir    where the index, the catalog and the images live
 * @param modelDir   a model directory, or null for the built-in model
 * @param predictors how many images may be embedded at once
 * @param limits     what the image decoder accepts
 * @param vectors    how the vector index holds vectors (README "Vector size"); null for the default for the
 *                   model's width
 */
public record LocalConfig(Path dataDir, Path modelDir, int predictors, DecodeLimits limits, VectorEncoding vectors) {
    public LocalConfig {
        if (dataDir == null) {
            throw new IllegalArgumentException("the data directory is not set (--data)");
        }
        if (predictors < 1 || predictors > 64) {
            throw new IllegalArgumentException("predictors must be from 1 to 64, got " + predictors);
        }
        if (limits == null) {
            limits = DecodeLimits.DEFAULT;
        }
    }

    public LocalConfig(Path dataDir, Path modelDir, int predictors, DecodeLimits limits) {
        this(dataDir, modelDir, predictors, limits, null);
    }

    public static LocalConfig defaults(Path dataDir) {
        return new LocalConfig(dataDir, null, Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())),
                DecodeLimits.DEFAULT);
    }
}
