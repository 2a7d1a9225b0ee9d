package dev.shoplens.engine.djl;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import dev.shoplens.core.model.ModelManifest;
import dev.shoplens.core.model.ModelManifestException;
import dev.shoplens.core.model.ModelManifestReader;
import dev.shoplens.core.port.Embedder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Runs a model directory on DJL (ONNX Runtime, or PyTorch for TorchScript), on the GPU when the engine sees
 * one. DJL predictors are not thread-safe, so callers borrow one from a small pool.
 */
public final class DjlEmbedder implements Embedder {
    private static final Logger LOG = LoggerFactory.getLogger(DjlEmbedder.class);
    static {
        // Models come from a directory the project checks; DJL must never try to download engines or models.
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }

    private final ModelManifest manifest;
    private final ZooModel<List<BufferedImage>, List<float[]>> model;
    private final BlockingQueue<Predictor<List<BufferedImage>, List<float[]>>> predictors;
    private final List<Predictor<List<BufferedImage>, List<float[]>>> all = new ArrayList<>();
    private final ModelDescription description;

    private DjlEmbedder(ModelManifest manifest, ZooModel<List<BufferedImage>, List<float[]>> model, int poolSize) {
        this.manifest = manifest;
        this.model = model;
        this.predictors = new ArrayBlockingQueue<>(poolSize);
        for (int i = 0; i < poolSize; i++) {
            Predictor<List<BufferedImage>, List<float[]>> p = model.newPredictor();
            all.add(p);
            predictors.add(p);
        }
        this.description = new ModelDescription(manifest.name(), manifest.version(), manifest.outputDimension(),
                manifest.inputWidth(), manifest.inputHeight());
    }

    /**
     * Loads a model directory: reads and checks its manifest and weights, loads the weights, and runs one
     * image through it so a model whose output disagrees with its manifest fails here, at start.
     *
     * @param modelDir the directory holding manifest.json and the weights
     * @param poolSize how many predictors may run at once
     */
    public static DjlEmbedder load(Path modelDir, int poolSize) {
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1");
        }
        ModelManifest manifest = ModelManifestReader.read(modelDir);
        String engine = manifest.format().djlEngine();
        Device device = chooseDevice(engine);
        String weights = manifest.weights();
        String modelName = weights.contains(".") ? weights.substring(0, weights.lastIndexOf('.')) : weights;
        @SuppressWarnings("unchecked")
        Class<List<BufferedImage>> in = (Class<List<BufferedImage>>) (Class<?>) List.class;
        @SuppressWarnings("unchecked")
        Class<List<float[]>> out = (Class<List<float[]>>) (Class<?>) List.class;
        Criteria<List<BufferedImage>, List<float[]>> criteria = Criteria.builder()
                .setTypes(in, out)
                .optModelPath(modelDir)
                .optModelName(modelName)
                .optEngine(engine)
                .optDevice(device)
                .optTranslator(new ManifestTranslator(manifest))
                .build();
        ZooModel<List<BufferedImage>, List<float[]>> model;
        try {
            model = criteria.loadModel();
        } catch (ModelNotFoundException | MalformedModelException | IOException e) {
            throw new ModelManifestException("cannot load " + modelDir.resolve(weights) + " with DJL's " + engine
                    + " engine: " + e.getMessage(), e);
        }
        DjlEmbedder embedder = new DjlEmbedder(manifest, model, poolSize);
        try {
            embedder.embed(new BufferedImage(manifest.inputWidth(), manifest.inputHeight(),
                    BufferedImage.TYPE_INT_RGB));
        } catch (RuntimeException e) {
            embedder.close();
            throw e instanceof ModelManifestException m ? m
                    : new ModelManifestException("model " + manifest.versionTag() + " fails on a test image: "
                    + e.getMessage(), e);
        }
        LOG.info("model {} loaded from {} on {} ({}), {} predictors", manifest.versionTag(), modelDir, engine,
                device, poolSize);
        return embedder;
    }

    private static Device chooseDevice(String engine) {
        try {
            return Engine.getEngine(engine).getGpuCount() > 0 ? Device.gpu() : Device.cpu();
        } catch (RuntimeException e) {
            throw new ModelManifestException("DJL engine " + engine + " is not available: " + e.getMessage(), e);
        }
    }

    @Override
    public List<float[]> embed(List<BufferedImage> images) {
        if (images.isEmpty()) {
            return List.of();
        }
        Predictor<List<BufferedImage>, List<float[]>> predictor = borrow();
        try {
            return Embedder.inBatches(images, batch -> predict(predictor, batch));
        } finally {
            predictors.add(predictor);
        }
    }

    private List<float[]> predict(Predictor<List<BufferedImage>, List<float[]>> predictor, List<BufferedImage> batch) {
        try {
            return predictor.predict(batch);
        } catch (TranslateException e) {
            if (e.getCause() instanceof ModelManifestException m) {
                throw m;
            }
            throw new IllegalStateException("model " + manifest.versionTag() + " failed: " + e.getMessage(), e);
        }
    }

    private Predictor<List<BufferedImage>, List<float[]>> borrow() {
        try {
            return predictors.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a model predictor", e);
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
        all.forEach(Predictor::close);
        model.close();
    }
}
