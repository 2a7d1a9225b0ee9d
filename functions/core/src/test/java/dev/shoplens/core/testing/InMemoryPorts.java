package dev.shoplens.core.testing;

import dev.shoplens.core.domain.ImageId;
import dev.shoplens.core.domain.Product;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.embedding.Vectors;
import dev.shoplens.core.port.CatalogStore;
import dev.shoplens.core.port.ImageSource;
import dev.shoplens.core.port.VectorIndex;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** In-memory ports for unit tests of the services; adapters are tested against their real stores. */
public final class InMemoryPorts {
    private InMemoryPorts() {
    }

    /** Exact search by scanning: the reference the ANN index is measured against. */
    public static final class ExactIndex implements VectorIndex {
        private final Map<ImageId, VectorRecord> records = new ConcurrentHashMap<>();

        @Override
        public void upsert(List<VectorRecord> batch) {
            batch.forEach(r -> records.put(r.imageId(), r));
        }

        @Override
        public void delete(ImageId image) {
            records.remove(image);
        }

        @Override
        public List<ImageHit> nearest(float[] query, int k) {
            return records.values().stream()
                    .map(r -> new ImageHit(r.imageId(), r.productId(), Vectors.dot(query, r.vector())))
                    .sorted(Comparator.comparingDouble((ImageHit h) -> -h.score())
                            .thenComparing(h -> h.imageId().value()))
                    .limit(k).toList();
        }

        @Override
        public long size() {
            return records.size();
        }
    }

    public static final class Catalog implements CatalogStore {
        private final Map<ProductId, Product> products = new ConcurrentHashMap<>();

        @Override
        public Optional<Product> find(ProductId id) {
            return Optional.ofNullable(products.get(id));
        }

        @Override
        public Map<ProductId, Product> findAll(Collection<ProductId> ids) {
            Map<ProductId, Product> out = new LinkedHashMap<>();
            ids.forEach(id -> find(id).ifPresent(p -> out.put(id, p)));
            return out;
        }

        @Override
        public Product addImage(ProductId id, ImageId image, String name, Map<String, String> attributes,
                                Instant now) {
            return products.compute(id, (k, old) -> (old == null ? Product.create(id, name, Map.of(), now) : old)
                    .withImage(image, name, attributes, now));
        }

        @Override
        public long count() {
            return products.size();
        }
    }

    public static final class Images implements ImageSource {
        private final Map<ImageId, StoredImage> images = new ConcurrentHashMap<>();

        @Override
        public void put(ProductId product, ImageId image, byte[] bytes, String contentType) {
            images.put(image, new StoredImage(bytes, contentType));
        }

        @Override
        public Optional<StoredImage> get(ImageId image) {
            return Optional.ofNullable(images.get(image));
        }
    }
}
