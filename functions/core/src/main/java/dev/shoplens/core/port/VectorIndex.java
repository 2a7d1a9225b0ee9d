package dev.shoplens.core.port;

import dev.shoplens.core.domain.AttributeFilter;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.domain.VectorId;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Approximate nearest-neighbour search over catalog image vectors. The store chooses each vector's id (as
 * OpenSearch Serverless does); replacing an image's vector means adding the new one and removing the old.
 */
public interface VectorIndex {

    /** Stores the vectors and returns their ids, in order. */
    List<VectorId> add(List<VectorRecord> records);

    /** Removes vectors; ids that are absent are ignored. */
    void remove(Collection<VectorId> ids);

    /**
     * Replaces the attributes the given vectors carry for filtering (after a product's details changed),
     * keeping their ids; ids that are absent are ignored, and a vector removed meanwhile stays removed.
     */
    void setAttributes(Collection<VectorId> ids, Map<String, String> attributes);

    /** The {@code k} vectors nearest to {@code query} by cosine similarity among those the filter admits. */
    List<ImageHit> nearest(float[] query, int k, AttributeFilter filter);

    /** The number of vectors held (eventually consistent where the store is). */
    long size();

    /** The ids of the vectors stored for one image (normally one; eventually consistent where the store is). */
    List<VectorId> vectorIdsOf(ImageKey image);

    /** The stored vectors of a product's images, to search "more like this" without embedding again. */
    List<float[]> vectorsOf(ProductId product);

    /**
     * The attributes that filters may name: every attribute some vector carries, and those of them that hold
     * numbers (so ranges apply). It may lag new attributes by a few seconds where the store is remote.
     */
    FilterFields filterFields();

    record FilterFields(Set<String> text, Set<String> numeric) {
        public FilterFields {
            text = Set.copyOf(text);
            numeric = Set.copyOf(numeric);
        }
    }

    /** Every vector's id and image, for the reconcile run (eventually consistent where the store is). */
    void forEachVector(Consumer<IndexedVector> action);

    record IndexedVector(VectorId vectorId, ImageKey imageKey) {
    }

    /**
     * The widest vectors a store accepts. Applications check their model against each store they open before
     * writing anything, so a model too wide for a store fails at start-up rather than image by image.
     */
    record DimensionLimit(String store, int maxDimensions) {
        public DimensionLimit {
            if (maxDimensions < 1) {
                throw new IllegalArgumentException("maxDimensions must be positive, got " + maxDimensions);
            }
        }

        /** @throws IllegalStateException naming the model, its width and this store's limit */
        public void admit(String model, int dimension) {
            if (dimension < 1 || dimension > maxDimensions) {
                throw new IllegalStateException("model " + model + " makes " + dimension + "-dimensional vectors; "
                        + store + " holds 1 to " + maxDimensions + " dimensions. Export the model with a smaller "
                        + "output (a projection or pooling layer) or choose another model");
            }
        }
    }

    record VectorRecord(ImageKey imageKey, ProductId productId, float[] vector, String modelVersion,
                        Map<String, String> attributes) {
    }

    record ImageHit(VectorId vectorId, ImageKey imageKey, ProductId productId, float score) {
    }
}
