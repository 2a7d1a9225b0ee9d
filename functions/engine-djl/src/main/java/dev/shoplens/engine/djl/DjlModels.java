package dev.shoplens.engine.djl;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.Translator;
import dev.shoplens.core.model.ModelManifest;
import dev.shoplens.core.model.ModelManifestException;

import java.io.IOException;
import java.nio.file.Path;

/** Loads a checked model directory's weights with DJL, the same way for every kind of model. */
final class DjlModels {
    private static final String ONNX_RUNTIME = "OnnxRuntime";
    static final String GLOBAL_THREADS = "ai.djl.onnxruntime.num_threads";
    static {
        // Models come from a directory the project checks; DJL must never try to download engines or models.
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        // One ONNX Runtime thread pool for the process (DJL builds the environment with it), sized to the
        // cores the process may use: ONNX Runtime's default counts the machine's physical cores instead, and
        // a reindex, which holds two models, would otherwise run two pools on the same cores.
        if (System.getProperty(GLOBAL_THREADS) == null) {
            System.setProperty(GLOBAL_THREADS, Integer.toString(DjlEmbedder.intraOpThreads()));
        }
    }

    private DjlModels() {
    }

    /**
     * The weights on the manifest's engine, on the GPU when the engine sees one.
     *
     * @param translator how the model's input and output are made; null for NDList in and out
     */
    static <I, O> ZooModel<I, O> load(Path modelDir, ModelManifest manifest, Class<I> in, Class<O> out,
                                      Translator<I, O> translator) {
        String engine = manifest.format().djlEngine();
        String weights = manifest.weights();
        String modelName = weights.contains(".") ? weights.substring(0, weights.lastIndexOf('.')) : weights;
        Criteria.Builder<I, O> builder = Criteria.builder()
                .setTypes(in, out)
                .optModelPath(modelDir)
                .optModelName(modelName)
                .optEngine(engine)
                .optDevice(chooseDevice(engine));
        if (translator != null) {
            builder.optTranslator(translator);
        }
        if (ONNX_RUNTIME.equals(engine)) {
            // Sessions run on the process's one thread pool (the static block above).
            builder.optOption("disablePerSessionThreads", "true").optOption("executionMode", "SEQUENTIAL");
        }
        try {
            return builder.build().loadModel();
        } catch (ModelNotFoundException | MalformedModelException | IOException e) {
            throw new ModelManifestException("cannot load " + modelDir.resolve(weights) + " with DJL's " + engine
                    + " engine: " + e.getMessage(), e);
        }
    }

    private static Device chooseDevice(String engine) {
        try {
            return Engine.getEngine(engine).getGpuCount() > 0 ? Device.gpu() : Device.cpu();
        } catch (RuntimeException e) {
            throw new ModelManifestException("DJL engine " + engine + " is not available: " + e.getMessage(), e);
        }
    }
}
