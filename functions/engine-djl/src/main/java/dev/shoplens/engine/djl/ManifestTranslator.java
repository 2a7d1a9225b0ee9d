package dev.shoplens.engine.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import dev.shoplens.core.embedding.ImagePreprocessor;
import dev.shoplens.core.embedding.Vectors;
import dev.shoplens.core.model.ModelManifest;
import dev.shoplens.core.model.ModelManifestException;

import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A DJL translator for a batch of images: one NCHW tensor in, one embedding per image out, with the
 * manifest's preprocessing and normalisation. It batches by itself because the ONNX Runtime engine cannot
 * stack arrays.
 */
public final class ManifestTranslator implements NoBatchifyTranslator<List<BufferedImage>, List<float[]>> {
    private final ModelManifest manifest;
    private final ImagePreprocessor preprocessor;

    public ManifestTranslator(ModelManifest manifest) {
        this.manifest = manifest;
        this.preprocessor = new ImagePreprocessor(manifest);
    }

    @Override
    public NDList processInput(TranslatorContext ctx, List<BufferedImage> images) {
        return toInput(ctx.getNDManager(), images);
    }

    @Override
    public List<float[]> processOutput(TranslatorContext ctx, NDList list) {
        return toVectors(list);
    }

    /** One NCHW tensor holding the batch, preprocessed as the manifest says. */
    NDList toInput(NDManager manager, List<BufferedImage> images) {
        int size = preprocessor.tensorSize();
        float[] batch = new float[size * images.size()];
        for (int i = 0; i < images.size(); i++) {
            preprocessor.toTensor(images.get(i), batch, i * size);
        }
        NDArray input = manager.create(FloatBuffer.wrap(batch),
                new Shape(images.size(), 3, manifest.inputHeight(), manifest.inputWidth()));
        if (manifest.inputName() != null) {
            input.setName(manifest.inputName());
        }
        return new NDList(input);
    }

    /** One vector per image, checked against the manifest and normalised as it says. */
    List<float[]> toVectors(NDList list) {
        NDArray output = manifest.outputName() == null ? list.get(0) : list.get(manifest.outputName());
        if (output == null) {
            throw new ModelManifestException("the model has no output named '" + manifest.outputName()
                    + "' (manifest field 'outputName')");
        }
        Shape shape = output.getShape();
        long dim = shape.get(shape.dimension() - 1);
        if (shape.dimension() != 2 || dim != manifest.outputDimension()) {
            throw new ModelManifestException("the model outputs shape " + shape + " but manifest field "
                    + "'outputDimension' says " + manifest.outputDimension() + " per image");
        }
        float[] flat = output.toFloatArray();
        int n = (int) shape.get(0);
        List<float[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] v = new float[(int) dim];
            System.arraycopy(flat, i * (int) dim, v, 0, (int) dim);
            if (manifest.normalization() == ModelManifest.Normalization.L2) {
                Vectors.normalize(v);
            }
            out.add(v);
        }
        return out;
    }
}
