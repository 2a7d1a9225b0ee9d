package dev.shoplens.core.port;

import java.awt.image.BufferedImage;
import java.util.List;

/** Turns decoded images into L2-normalised vectors. Implementations are thread-safe. */
public interface Embedder extends AutoCloseable {

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
