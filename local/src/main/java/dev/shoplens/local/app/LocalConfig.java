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
 * @param objectFinder what finds the items of a photo for {@code "box": "auto"}: {@value #BUILTIN} (the
 *                   built-in model; also when null), {@value #HEURISTIC}, or an object finder's model directory
 */
public record LocalConfig(Path dataDir, Path modelDir, int predictors, DecodeLimits limits, VectorEncoding vectors,
                          String objectFinder) {
    public static final String BUILTIN = "builtin";
    public static final String HEURISTIC = "heuristic";

    public LocalConfig {
        objectFinder = objectFinder == null || objectFinder.isBlank() ? BUILTIN : objectFinder.strip();
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

    public LocalConfig(Path dataDir, Path modelDir, int predictors, DecodeLimits limits, VectorEncoding vectors) {
        this(dataDir, modelDir, predictors, limits, vectors, null);
    }

    public LocalConfig(Path dataDir, Path modelDir, int predictors, DecodeLimits limits) {
        this(dataDir, modelDir, predictors, limits, null);
    }

    /** The same configuration with another object finder. */
    public LocalConfig withObjectFinder(String finder) {
        return new LocalConfig(dataDir, modelDir, predictors, limits, vectors, finder);
    }

    public static LocalConfig defaults(Path dataDir) {
        return new LocalConfig(dataDir, null, Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())),
                DecodeLimits.DEFAULT);
    }
}
