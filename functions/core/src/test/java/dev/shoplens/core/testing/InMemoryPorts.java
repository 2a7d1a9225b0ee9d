package dev.shoplens.core.testing;

import dev.shoplens.core.domain.AttributeFilter;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.ImageRecord;
import dev.shoplens.core.domain.Product;
import dev.shoplens.core.domain.ProductEdit;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.domain.VectorId;
import dev.shoplens.core.embedding.Vectors;
import dev.shoplens.core.imaging.ImageDecoder;
import dev.shoplens.core.port.CatalogStore;
import dev.shoplens.core.port.ImageStore;
import dev.shoplens.core.port.OptimisticImageRecords;
import dev.shoplens.core.port.VectorIndex;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** In-memory ports for unit tests of the services; adapters are tested against their real stores. */
public final class InMemoryPorts {
    private InMemoryPorts() {
    }

    /** Exact search by scanning: the reference the ANN indexes are measured against. */
    public static final class ExactIndex implements VectorIndex {
        private final Map<VectorId, VectorRecord> records = new ConcurrentHashMap<>();

        @Override
        public List<VectorId> add(List<VectorRecord> batch) {
            List<VectorId> ids = new ArrayList<>();
            for (VectorRecord r : batch) {
                VectorId id = new VectorId(UUID.randomUUID().toString());
                records.put(id, r);
                ids.add(id);
            }
            return ids;
        }

        @Override
        public void remove(Collection<VectorId> ids) {
            ids.forEach(records::remove);
        }

        @Override
        public void setAttributes(Collection<VectorId> ids, Map<String, String> attributes) {
            ids.forEach(id -> records.computeIfPresent(id, (k, r) -> new VectorRecord(r.imageKey(), r.productId(),
                    r.vector(), r.modelVersion(), Map.copyOf(attributes))));
        }

        @Override
        public List<ImageHit> nearest(float[] query, int k, AttributeFilter filter) {
            return records.entrySet().stream()
                    .filter(e -> filter.admits(e.getValue().attributes()))
                    .map(e -> new ImageHit(e.getKey(), e.getValue().imageKey(), e.getValue().productId(),
                            Vectors.dot(query, e.getValue().vector())))
                    .sorted(Comparator.comparingDouble((ImageHit h) -> -h.score())
                            .thenComparing(h -> h.vectorId().value()))
                    .limit(k).toList();
        }

        @Override
        public long size() {
            return records.size();
        }

        @Override
        public void forEachVector(java.util.function.Consumer<IndexedVector> action) {
            records.entrySet().stream().sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(VectorId::value)))
                    .forEach(e -> action.accept(new IndexedVector(e.getKey(), e.getValue().imageKey())));
        }

        public List<VectorRecord> vectorsOf(ImageKey key) {
            return records.values().stream().filter(r -> r.imageKey().equals(key)).toList();
        }

        @Override
        public List<VectorId> vectorIdsOf(ImageKey image) {
            return records.entrySet().stream().filter(e -> e.getValue().imageKey().equals(image))
                    .map(Map.Entry::getKey).toList();
        }

        @Override
        public List<float[]> vectorsOf(ProductId product) {
            return records.values().stream().filter(r -> r.productId().equals(product))
                    .map(VectorRecord::vector).toList();
        }

        @Override
        public FilterFields filterFields() {
            java.util.Set<String> text = new java.util.HashSet<>();
            java.util.Set<String> numeric = new java.util.HashSet<>();
            records.values().forEach(r -> r.attributes().forEach((name, value) -> {
                text.add(name);
                if (dev.shoplens.core.domain.Attributes.number(value).isPresent()) {
                    numeric.add(name);
                }
            }));
            return new FilterFields(text, numeric);
        }
    }

    public static class Catalog implements CatalogStore {
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
        public void addImage(ProductId id, ImageKey image, String name, Map<String, String> attributes, Instant now) {
            products.compute(id, (k, old) -> (old == null ? Product.create(id, name, Map.of(), now) : old)
                    .withImage(image, name, attributes, now));
        }

        @Override
        public void removeImage(ProductId id, ImageKey image, Instant now) {
            products.computeIfPresent(id, (k, old) -> old.withoutImage(image, now));
        }

        @Override
        public Optional<Product> edit(ProductId id, ProductEdit edit, Instant now) {
            return Optional.ofNullable(products.computeIfPresent(id, (k, old) -> edit.applyTo(old, now)));
        }

        @Override
        public long count() {
            return products.size();
        }

        @Override
        public void forEach(java.util.function.Consumer<Product> action) {
            new java.util.TreeMap<>(products).values().forEach(action);
        }
    }

    /** The live pointer over in-memory indexes. */
    public static final class Generations implements dev.shoplens.core.port.IndexGenerations {
        private volatile String live;
        private final java.util.Set<String> promoted = ConcurrentHashMap.newKeySet();
        private final java.util.List<String> discarded = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public Optional<String> live() {
            return Optional.ofNullable(live);
        }

        @Override
        public void promote(String modelVersion) {
            promoted.add(modelVersion);
            live = modelVersion;
        }

        @Override
        public boolean wasLive(String modelVersion) {
            return promoted.contains(modelVersion);
        }

        @Override
        public void discard(String modelVersion) {
            if (modelVersion.equals(live)) {
                throw new IllegalStateException("the index of " + modelVersion + " is live and cannot be discarded");
            }
            promoted.remove(modelVersion);
            discarded.add(modelVersion);
        }

        /** The models whose index was discarded, in order. */
        public java.util.List<String> discarded() {
            return java.util.List.copyOf(discarded);
        }
    }

    public static final class Images implements ImageStore {
        private final Map<ImageKey, StoredImage> images = new ConcurrentHashMap<>();

        @Override
        public String write(ImageKey key, byte[] bytes, String contentType) {
            String eTag = Integer.toHexString(java.util.Arrays.hashCode(bytes));
            images.put(key, new StoredImage(bytes, contentType, eTag));
            return eTag;
        }

        @Override
        public boolean exists(ImageKey key) {
            return images.containsKey(key);
        }

        @Override
        public Optional<StoredImage> read(ImageKey key, long maxBytes) {
            StoredImage image = images.get(key);
            if (image != null && image.bytes().length > maxBytes) {
                throw ImageDecoder.tooManyBytes(image.bytes().length, maxBytes);
            }
            return Optional.ofNullable(image);
        }

        @Override
        public void delete(ImageKey key) {
            images.remove(key);
        }

        public boolean has(ImageKey key) {
            return images.containsKey(key);
        }

        @Override
        public void forEachObject(java.util.function.Consumer<StoredObject> action) {
            new java.util.TreeMap<>(images).forEach((key, image) -> action.accept(new StoredObject(key.value(), image.eTag())));
        }
    }

    public static final class Records extends OptimisticImageRecords {
        private final Map<ImageKey, Versioned> records = new ConcurrentHashMap<>();

        @Override
        protected Versioned load(ImageKey key) {
            return records.getOrDefault(key, new Versioned(null, null));
        }

        @Override
        protected synchronized boolean storeIf(ImageRecord record, Long expected) {
            Long current = load(record.key()).version();
            if (!java.util.Objects.equals(current, expected)) {
                return false;
            }
            records.put(record.key(), new Versioned(record, expected == null ? 1 : expected + 1));
            return true;
        }

        @Override
        public void forEach(java.util.function.Consumer<ImageRecord> action) {
            new java.util.TreeMap<>(records).values().forEach(v -> action.accept(v.record()));
        }
    }

}
