package dev.shoplens.engine.djl;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import dev.shoplens.core.model.ModelManifest;
import dev.shoplens.core.model.ModelManifestException;
import dev.shoplens.core.model.ModelManifestReader;
import dev.shoplens.core.port.Embedder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * Runs a model directory on DJL (ONNX Runtime, or PyTorch for TorchScript), on the GPU when the engine sees
 * one. It calls the model's block directly rather than through a {@code Predictor}: the block is safe to call
 * from several threads with one NDManager per call, and the predictor's per-call context cost about 7 % of a
 * batch-1 inference of the built-in model in a one-off side-by-side run ({@code bench} measures what is
 * left against the raw ONNX Runtime API). A
 * semaphore bounds how many inferences run at once; all of them share the process's one ONNX Runtime thread
 * pool.
 */
public final class DjlEmbedder implements Embedder {
    private static final Logger LOG = LoggerFactory.getLogger(DjlEmbedder.class);
    private final ModelManifest manifest;
    private final ZooModel<List<BufferedImage>, List<float[]>> model;
    private final ManifestTranslator translator;
    private final Semaphore running;
    private final ModelDescription description;

    private DjlEmbedder(ModelManifest manifest, ZooModel<List<BufferedImage>, List<float[]>> model,
                        ManifestTranslator translator, int poolSize) {
        this.manifest = manifest;
        this.model = model;
        this.translator = translator;
        this.running = new Semaphore(poolSize);
        this.description = new ModelDescription(manifest.name(), manifest.version(), manifest.outputDimension(),
                manifest.inputWidth(), manifest.inputHeight());
    }

    /**
     * Loads a model directory: reads and checks its manifest and weights, loads the weights, and runs one
     * image through it so a model whose output disagrees with its manifest fails here, at start.
     *
     * @param modelDir the directory holding manifest.json and the weights
     * @param poolSize how many inferences may run at once
     */
    public static DjlEmbedder load(Path modelDir, int poolSize) {
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1");
        }
        ModelManifest manifest = ModelManifestReader.read(modelDir);
        @SuppressWarnings("unchecked")
        Class<List<BufferedImage>> in = (Class<List<BufferedImage>>) (Class<?>) List.class;
        @SuppressWarnings("unchecked")
        Class<List<float[]>> out = (Class<List<float[]>>) (Class<?>) List.class;
        ManifestTranslator translator = new ManifestTranslator(manifest);
        ZooModel<List<BufferedImage>, List<float[]>> model = DjlModels.load(modelDir, manifest, in, out, translator);
        DjlEmbedder embedder = new DjlEmbedder(manifest, model, translator, poolSize);
        try {
            embedder.embed(new BufferedImage(manifest.inputWidth(), manifest.inputHeight(),
                    BufferedImage.TYPE_INT_RGB));
        } catch (RuntimeException e) {
            embedder.close();
            throw e instanceof ModelManifestException m ? m
                    : new ModelManifestException("model " + manifest.versionTag() + " fails on a test image: "
                    + e.getMessage(), e);
        }
        LOG.info("model {} loaded from {} on {} ({}), {} inferences at once, {} threads in the process's ONNX "
                + "Runtime pool (the cores this process may use)", manifest.versionTag(), modelDir,
                manifest.format().djlEngine(), model.getNDManager().getDevice(), poolSize, intraOpThreads());
        return embedder;
    }

    /**
     * Threads of the process's ONNX Runtime pool: every core the JVM sees (it counts a container's or
     * Lambda's CPU share), unless the system property {@code ai.djl.onnxruntime.num_threads} says otherwise.
     */
    public static int intraOpThreads() {
        String configured = System.getProperty(DjlModels.GLOBAL_THREADS);
        return configured != null ? Integer.parseInt(configured.strip())
                : Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    @Override
    public List<float[]> embed(List<BufferedImage> images) {
        if (images.isEmpty()) {
            return List.of();
        }
        try {
            running.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to run the model", e);
        }
        try {
            return Embedder.inBatches(images, this::forward);
        } finally {
            running.release();
        }
    }

    private List<float[]> forward(List<BufferedImage> batch) {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDList output = model.getBlock().forward(new ParameterStore(manager, false),
                    translator.toInput(manager, batch), false);
            return translator.toVectors(output);
        } catch (EngineException e) {
            throw new IllegalStateException("model " + manifest.versionTag() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public ModelDescription model() {
        return description;
    }

    public ModelManifest manifest() {
        return manifest;
    }

    @Override
    public void close() {
        model.close();
    }
}
