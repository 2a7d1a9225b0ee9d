package dev.shoplens.engine.djl;

import dev.shoplens.core.embedding.ModelEngine;
import dev.shoplens.core.port.Embedder;
import dev.shoplens.core.port.ObjectFinder;

import java.nio.file.Path;

/** DJL as the process's model engine, found through {@link java.util.ServiceLoader}. */
public final class DjlModelEngine implements ModelEngine {
    @Override
    public Embedder load(Path modelDir, int predictors) {
        return DjlEmbedder.load(modelDir, predictors);
    }

    @Override
    public ObjectFinder loadObjectFinder(Path dir) {
        return DjlObjectFinder.load(dir);
    }
}
