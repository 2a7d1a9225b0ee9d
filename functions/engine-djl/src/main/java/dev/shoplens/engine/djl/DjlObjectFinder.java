package dev.shoplens.engine.djl;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import dev.shoplens.core.domain.Box;
import dev.shoplens.core.domain.DetectedObject;
import dev.shoplens.core.embedding.ImagePreprocessor;
import dev.shoplens.core.model.ModelManifestException;
import dev.shoplens.core.model.ModelManifestReader;
import dev.shoplens.core.model.ObjectFinderManifest;
import dev.shoplens.core.port.ObjectFinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs an object finder's model directory on DJL: the photo squashed to the model's input, out come its
 * scored boxes, of which those scoring at least the manifest's {@code minScore} are items. Like
 * {@link DjlEmbedder} it calls the model's block directly, one NDManager per call.
 */
public final class DjlObjectFinder implements ObjectFinder {
    private static final Logger LOG = LoggerFactory.getLogger(DjlObjectFinder.class);
    /** Smaller than this share of the photo's side is no item a shopper means. */
    private static final double MIN_SIDE = 0.03;

    private final ObjectFinderManifest manifest;
    private final ZooModel<NDList, NDList> model;
    private final ImagePreprocessor preprocessor;

    private DjlObjectFinder(ObjectFinderManifest manifest, ZooModel<NDList, NDList> model) {
        this.manifest = manifest;
        this.model = model;
        this.preprocessor = new ImagePreprocessor(manifest.input());
    }

    /** Loads and checks the directory, then runs a blank photo through it so a wrong model fails at start. */
    public static DjlObjectFinder load(Path dir) {
        ObjectFinderManifest manifest = ModelManifestReader.readObjectFinder(dir);
        DjlObjectFinder finder = new DjlObjectFinder(manifest,
                DjlModels.load(dir, manifest.input(), NDList.class, NDList.class, null));
        try {
            finder.find(new BufferedImage(manifest.input().inputWidth(), manifest.input().inputHeight(),
                    BufferedImage.TYPE_INT_RGB));
        } catch (RuntimeException e) {
            finder.close();
            throw e instanceof ModelManifestException m ? m : new ModelManifestException("object finder "
                    + manifest.versionTag() + " fails on a test image: " + e.getMessage(), e);
        }
        LOG.info("object finder {} loaded from {}: items score at least {}", manifest.versionTag(), dir,
                manifest.minScore());
        return finder;
    }

    @Override
    public List<DetectedObject> find(BufferedImage photo) {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray input = manager.create(FloatBuffer.wrap(preprocessor.toTensor(photo)),
                    new Shape(1, 3, manifest.input().inputHeight(), manifest.input().inputWidth()));
            if (manifest.input().inputName() != null) {
                input.setName(manifest.input().inputName());
            }
            NDList output = model.getBlock().forward(new ParameterStore(manager, false), new NDList(input), false);
            return items(output(output, manifest.scoresName(), 2).toFloatArray(),
                    output(output, manifest.boxesName(), 3).toFloatArray());
        } catch (EngineException e) {
            throw new IllegalStateException("object finder " + manifest.versionTag() + " failed: " + e.getMessage(), e);
        }
    }

    private NDArray output(NDList output, String name, int rank) {
        NDArray array = output.get(name);
        if (array == null) {
            throw new ModelManifestException("the object finder has no output named '" + name + "'");
        }
        Shape shape = array.getShape();
        if (shape.dimension() != rank || shape.get(1) != manifest.maxObjects() || (rank == 3 && shape.get(2) != 4)) {
            throw new ModelManifestException("the object finder's output '" + name + "' has shape " + shape
                    + "; the manifest says (1, " + manifest.maxObjects() + (rank == 3 ? ", 4)" : ")"));
        }
        return array;
    }

    /** The boxes scoring at least minScore, best first, clipped to the photo, without slivers. */
    private List<DetectedObject> items(float[] scores, float[] boxes) {
        List<DetectedObject> found = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            if (!(scores[i] >= manifest.minScore())) {
                continue;
            }
            double left = clip(boxes[4 * i]);
            double top = clip(boxes[4 * i + 1]);
            double right = clip(boxes[4 * i + 2]);
            double bottom = clip(boxes[4 * i + 3]);
            if (right - left >= MIN_SIDE && bottom - top >= MIN_SIDE) {
                found.add(new DetectedObject(new Box(left, top, right, bottom), scores[i]));
            }
        }
        found.sort((a, b) -> Double.compare(b.score(), a.score()));
        return found;
    }

    private static double clip(float v) {
        return Float.isNaN(v) ? 0 : Math.min(1, Math.max(0, v));
    }

    @Override
    public String name() {
        return manifest.versionTag();
    }

    @Override
    public void close() {
        model.close();
    }
}
