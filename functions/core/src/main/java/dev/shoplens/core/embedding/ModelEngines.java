package dev.shoplens.core.embedding;

import dev.shoplens.core.model.ModelManifestException;
import dev.shoplens.core.port.Embedder;
import dev.shoplens.core.port.ObjectFinder;

import java.nio.file.Path;
import java.util.ServiceLoader;

/** Finds the model engine on the class path. */
public final class ModelEngines {
    private ModelEngines() {
    }

    /** Loads a model directory with the engine on the class path; says what is missing when there is none. */
    public static Embedder load(Path modelDir, int predictors) {
        return engine(modelDir, " (or set EMBEDDER_URL to a model server)").load(modelDir, predictors);
    }

    /** Loads an object finder's model directory with the engine on the class path. */
    public static ObjectFinder loadObjectFinder(Path dir) {
        return engine(dir, "").loadObjectFinder(dir);
    }

    private static ModelEngine engine(Path dir, String alternative) {
        return ServiceLoader.load(ModelEngine.class).findFirst()
                .orElseThrow(() -> new ModelManifestException("no model engine on the class path to load "
                        + dir + ": add the module shoplens-engine-djl" + alternative));
    }
}
