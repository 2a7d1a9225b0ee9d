package dev.shoplens.core.port;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Turns decoded images into L2-normalised vectors. Implementations are thread-safe. */
public interface Embedder extends AutoCloseable {
    /** Larger batches are split, so that one request cannot claim unbounded memory or a huge request body. */
    int MAX_BATCH = 32;

    /** Runs {@code embedBatch} on consecutive slices of at most {@link #MAX_BATCH} images; one vector per image. */
    static List<float[]> inBatches(List<BufferedImage> images, Function<List<BufferedImage>, List<float[]>> embedBatch) {
        List<float[]> out = new ArrayList<>(images.size());
        for (int from = 0; from < images.size(); from += MAX_BATCH) {
            out.addAll(embedBatch.apply(images.subList(from, Math.min(images.size(), from + MAX_BATCH))));
        }
        return out;
    }

    /** One vector per image, in order; several images are embedded as one batch. */
    List<float[]> embed(List<BufferedImage> images);

    default float[] embed(BufferedImage image) {
        return embed(List.of(image)).getFirst();
    }

    /** Which model made the vectors; vectors of different models must never be compared. */
    ModelDescription model();

    @Override
    void close();

    /** What the services need to know of a model. */
    record ModelDescription(String name, String version, int dimension, int inputWidth, int inputHeight) {
        /** The label stored beside each vector. */
        public String versionTag() {
            return name + "@" + version;
        }
    }
}
