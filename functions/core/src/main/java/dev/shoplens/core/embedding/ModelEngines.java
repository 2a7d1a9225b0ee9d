package dev.shoplens.core.embedding;

import dev.shoplens.core.model.ModelManifestException;
import dev.shoplens.core.port.Embedder;

import java.nio.file.Path;
import java.util.ServiceLoader;

/** Finds the model engine on the class path. */
public final class ModelEngines {
    private ModelEngines() {
    }

    /** Loads a model directory with the engine on the class path; says what is missing when there is none. */
    public static Embedder load(Path modelDir, int predictors) {
        ModelEngine engine = ServiceLoader.load(ModelEngine.class).findFirst()
                .orElseThrow(() -> new ModelManifestException("no model engine on the class path to load "
                        + modelDir + ": add the module shoplens-engine-djl (or set EMBEDDER_URL to a model server)"));
        return engine.load(modelDir, predictors);
    }
}
