package dev.shoplens.local.app;

import dev.shoplens.core.imaging.DecodeLimits;

import java.nio.file.Path;

/**
 * Everything the local mode can be told, checked once here.
 *
 * @param dataDir    where the index, the catalog and the images live
 * @param modelDir   a model directory, or null for the built-in model
 * @param predictors how many images may be embedded at once
 * @param limits     what the image decoder accepts
 */
public record LocalConfig(Path dataDir, Path modelDir, int predictors, DecodeLimits limits) {
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

    public static LocalConfig defaults(Path dataDir) {
        return new LocalConfig(dataDir, null, Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())),
                DecodeLimits.DEFAULT);
    }
}
