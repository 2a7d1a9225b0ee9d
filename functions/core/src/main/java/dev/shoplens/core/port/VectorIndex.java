package dev.shoplens.core.port;

import dev.shoplens.core.domain.ImageId;
import dev.shoplens.core.domain.ProductId;

import java.util.List;
import java.util.Map;

/** Approximate nearest-neighbour search over catalog image vectors. */
public interface VectorIndex {

    /** Adds the vectors, replacing any earlier vector of the same image. */
    void upsert(List<VectorRecord> records);

    /** Removes an image's vector; nothing happens when it is absent. */
    void delete(ImageId image);

    /** The {@code k} images nearest to {@code query} by cosine similarity, best first. */
    List<ImageHit> nearest(float[] query, int k);

    /** The number of image vectors held. */
    long size();

    record VectorRecord(ImageId imageId, ProductId productId, float[] vector, String modelVersion,
                        Map<String, String> attributes) {
    }

    record ImageHit(ImageId imageId, ProductId productId, float score) {
    }
}
