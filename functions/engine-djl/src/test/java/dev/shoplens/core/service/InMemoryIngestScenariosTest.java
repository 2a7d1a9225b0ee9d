package dev.shoplens.core.service;

import dev.shoplens.core.domain.AttributeFilter;
import dev.shoplens.core.domain.VectorId;
import dev.shoplens.core.imaging.DecodeLimits;
import dev.shoplens.core.imaging.ImageDecoder;
import dev.shoplens.core.port.VectorIndex;
import dev.shoplens.core.testing.InMemoryPorts;
import dev.shoplens.core.testing.IngestScenarios;
import dev.shoplens.core.testing.TestImages;
import dev.shoplens.engine.djl.DjlEmbedder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/** The ingest scenarios on in-memory ports: the service's logic alone. */
class InMemoryIngestScenariosTest extends IngestScenarios {
    private static DjlEmbedder embedder;
    private Fixture fixture;

    @BeforeAll
    static void loadModel() {
        embedder = DjlEmbedder.load(TestImages.tinyModel(), 2);
    }

    @AfterAll
    static void closeModel() {
        embedder.close();
    }

    /** An index that can be switched off, as a stopped server would be. */
    static final class SwitchableIndex implements VectorIndex {
        final InMemoryPorts.ExactIndex delegate = new InMemoryPorts.ExactIndex();
        volatile boolean up = true;
        /** Only attribute updates fail, as when a write is refused while the rest answers. */
        volatile boolean failSetAttributes;

        private void check() {
            if (!up) {
                throw new IllegalStateException("connection refused");
            }
        }

        @Override
        public List<VectorId> add(List<VectorRecord> records) {
            check();
            return delegate.add(records);
        }

        @Override
        public void remove(Collection<VectorId> ids) {
            check();
            delegate.remove(ids);
        }

        @Override
        public void setAttributes(Collection<VectorId> ids, java.util.Map<String, String> attributes) {
            check();
            if (failSetAttributes) {
                throw new IllegalStateException("the update was refused");
            }
            delegate.setAttributes(ids, attributes);
        }

        @Override
        public List<ImageHit> nearest(float[] query, int k, AttributeFilter filter) {
            check();
            return delegate.nearest(query, k, filter);
        }

        @Override
        public long size() {
            return delegate.size();
        }

        @Override
        public void forEachVector(java.util.function.Consumer<IndexedVector> action) {
            check();
            delegate.forEachVector(action);
        }

        @Override
        public List<float[]> vectorsOf(dev.shoplens.core.domain.ProductId product) {
            check();
            return delegate.vectorsOf(product);
        }

        @Override
        public List<VectorId> vectorIdsOf(dev.shoplens.core.domain.ImageKey image) {
            check();
            return delegate.vectorIdsOf(image);
        }

        @Override
        public FilterFields filterFields() {
            check();
            return delegate.filterFields();
        }
    }

    @BeforeEach
    void wire() {
        SwitchableIndex index = new SwitchableIndex();
        InMemoryPorts.Images images = new InMemoryPorts.Images();
        InMemoryPorts.Records records = new InMemoryPorts.Records();
        IngestService ingest = new IngestService(new ImageDecoder(DecodeLimits.DEFAULT), embedder, index,
                new InMemoryPorts.Catalog(), images, records, Clock.systemUTC(), Duration.ofMinutes(2));
        fixture = new Parts(ingest, images, records, key -> index.delegate.vectorsOf(key).size(),
                () -> index.up = false, () -> index.up = true);
    }

    @Override
    protected Fixture fixture() {
        return fixture;
    }
}
