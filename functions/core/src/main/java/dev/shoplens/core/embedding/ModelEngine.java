package dev.shoplens.core.embedding;

import dev.shoplens.core.port.Embedder;
import dev.shoplens.core.port.ObjectFinder;

import java.nio.file.Path;

/**
 * Runs a model directory in this process. The engine lives in a module of its own (DJL with ONNX Runtime
 * or PyTorch), found on the class path through {@link java.util.ServiceLoader}, so the core and the
 * functions that never embed carry no engine.
 */
public interface ModelEngine {

    /**
     * Loads a model directory (manifest.json and its weights), checks it and makes it ready to embed.
     *
     * @param modelDir   the directory holding manifest.json and the weights
     * @param predictors how many batches may run at once
     */
    Embedder load(Path modelDir, int predictors);

    /** Loads an object finder's model directory ({@code "kind": "object-finder"}) and checks it. */
    ObjectFinder loadObjectFinder(Path dir);
}
