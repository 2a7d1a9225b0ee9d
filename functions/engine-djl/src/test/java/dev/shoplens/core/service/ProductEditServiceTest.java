package dev.shoplens.core.service;

import dev.shoplens.core.domain.AttributeFilter;
import dev.shoplens.core.domain.CatalogImageUpload;
import dev.shoplens.core.domain.ErrorCode;
import dev.shoplens.core.domain.ImageEvent;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.IngestOutcome;
import dev.shoplens.core.domain.Product;
import dev.shoplens.core.domain.ProductEdit;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.domain.Sequencer;
import dev.shoplens.core.domain.ShopLensException;
import dev.shoplens.core.domain.VectorId;
import dev.shoplens.core.imaging.DecodeLimits;
import dev.shoplens.core.imaging.ImageDecoder;
import dev.shoplens.core.testing.InMemoryPorts;
import dev.shoplens.core.testing.TestImages;
import dev.shoplens.engine.djl.DjlEmbedder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A merchant's edit reaches the catalog and every vector of the product, whatever ingest does meanwhile:
 * the service's logic on in-memory ports (the stores' own updates are checked in SearchScenarios).
 */
class ProductEditServiceTest {
    private static final ProductId TEDDY = ProductId.of("teddy");
    private static DjlEmbedder embedder;

    private final InMemoryIngestScenariosTest.SwitchableIndex index = new InMemoryIngestScenariosTest.SwitchableIndex();
    private final InMemoryPorts.Images images = new InMemoryPorts.Images();
    private final InMemoryPorts.Records records = new InMemoryPorts.Records();
    /** Runs {@code duringNextBatch} once, right after ingest has read the catalog for a batch. */
    private Runnable duringNextBatch;
    private final InMemoryPorts.Catalog catalog = new InMemoryPorts.Catalog() {
        @Override
        public Map<ProductId, Product> findAll(Collection<ProductId> ids) {
            Map<ProductId, Product> found = super.findAll(ids);
            Runnable hook = duringNextBatch;
            duringNextBatch = null;
            if (hook != null) {
                hook.run();
            }
            return found;
        }
    };
    private IngestService ingest;
    private CatalogUploadService uploads;
    private ProductEditService edits;

    @BeforeAll
    static void loadModel() {
        embedder = DjlEmbedder.load(TestImages.tinyModel(), 2);
    }

    @AfterAll
    static void closeModel() {
        embedder.close();
    }

    @BeforeEach
    void wire() {
        ImageDecoder decoder = new ImageDecoder(DecodeLimits.DEFAULT);
        ingest = new IngestService(decoder, embedder, index, catalog, images, records, Clock.systemUTC(),
                Duration.ofMinutes(2));
        uploads = new CatalogUploadService(decoder, images, ingest, Clock.systemUTC());
        edits = new ProductEditService(catalog, records, index, Clock.systemUTC());
    }

    private ImageKey upload(long seed, Map<String, String> attributes) {
        return uploads.upload(new CatalogImageUpload(TEDDY, TestImages.encode(TestImages.blocks(64, 64, seed), "png"),
                "Teddy bear", attributes));
    }

    private Map<String, String> vectorAttributes(ImageKey key) {
        List<dev.shoplens.core.port.VectorIndex.VectorRecord> vectors = index.delegate.vectorsOf(key);
        assertThat(vectors).as("vectors of %s", key).hasSize(1);
        return vectors.getFirst().attributes();
    }

    private List<ProductId> productsPassing(AttributeFilter filter) {
        return index.nearest(embedder.embed(List.of(TestImages.blocks(64, 64, 1))).getFirst(), 10, filter).stream()
                .map(dev.shoplens.core.port.VectorIndex.ImageHit::productId).distinct().toList();
    }

    @Test
    void anEditChangesTheNameAndAttributesInTheCatalogAndOnEveryVectorOfTheProduct() {
        ImageKey front = upload(1, Map.of("colour", "brown", "tag", "old", "size", "30"));
        ImageKey back = upload(2, Map.of());

        Product edited = edits.edit(TEDDY, new ProductEdit("Red teddy bear", Map.of("colour", "red"), Set.of("tag")));

        assertThat(edited.name()).isEqualTo("Red teddy bear");
        assertThat(edited.attributes()).isEqualTo(Map.of("colour", "red", "size", "30"));
        assertThat(edited.images()).containsExactlyInAnyOrder(front, back);
        assertThat(catalog.find(TEDDY)).contains(edited);
        assertThat(vectorAttributes(front)).isEqualTo(edited.attributes());
        assertThat(vectorAttributes(back)).isEqualTo(edited.attributes());
        assertThat(productsPassing(new AttributeFilter.Term("colour", "red"))).containsExactly(TEDDY);
        assertThat(productsPassing(new AttributeFilter.Term("colour", "brown"))).isEmpty();
        assertThat(productsPassing(new AttributeFilter.Term("tag", "old"))).isEmpty();
        // the same edit again is the same product
        assertThat(edits.edit(TEDDY, new ProductEdit("Red teddy bear", Map.of("colour", "red"), Set.of("tag")))
                .attributes()).isEqualTo(edited.attributes());
    }

    @Test
    void anEditThatLandsWhileAnImageIsBeingIndexedStillReachesThatImagesVector() {
        upload(1, Map.of("colour", "brown"));
        // the edit commits after ingest read the product's attributes for the new vector, before it is written
        duringNextBatch = () -> edits.edit(TEDDY, new ProductEdit(null, Map.of("colour", "red"), Set.of()));

        ImageKey back = upload(2, Map.of());

        assertThat(duringNextBatch).as("the edit ran inside the batch").isNull();
        assertThat(vectorAttributes(back)).isEqualTo(Map.of("colour", "red"));
        assertThat(catalog.find(TEDDY).orElseThrow().attributes()).isEqualTo(Map.of("colour", "red"));
    }

    @Test
    void anImageWhoseDetailsChangeTheProductsAttributesUpdatesTheOtherImagesVectorsToo() {
        ImageKey front = upload(1, Map.of("colour", "brown"));
        ImageKey back = upload(2, Map.of("colour", "red", "material", "wool"));

        Map<String, String> expected = Map.of("colour", "red", "material", "wool");
        assertThat(catalog.find(TEDDY).orElseThrow().attributes()).isEqualTo(expected);
        assertThat(vectorAttributes(front)).isEqualTo(expected);
        assertThat(vectorAttributes(back)).isEqualTo(expected);
    }

    @Test
    void anEditOfAProductThatDoesNotExistIsRefusedAndCreatesNothing() {
        assertThatThrownBy(() -> edits.edit(ProductId.of("nobody"), new ProductEdit("x", Map.of(), Set.of())))
                .isInstanceOfSatisfying(ShopLensException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.PRODUCT_NOT_FOUND));
        assertThat(catalog.count()).isZero();
    }

    @Test
    void whenTheIndexIsDownTheEditFailsAndSendingItAgainCompletesIt() {
        ImageKey front = upload(1, Map.of("colour", "brown"));
        ProductEdit edit = new ProductEdit(null, Map.of("colour", "red"), Set.of());
        index.up = false;
        assertThatThrownBy(() -> edits.edit(TEDDY, edit)).hasMessageContaining("connection refused");
        index.up = true;

        edits.edit(TEDDY, edit);

        assertThat(vectorAttributes(front)).isEqualTo(Map.of("colour", "red"));
    }

    @Test
    void anImageIndexedWhileItsProductsVectorsCouldNotBeUpdatedIsRetriedAndTheRedeliveryCompletesIt() {
        ImageKey front = upload(1, Map.of("colour", "brown"));
        ImageKey back = ImageKey.of(TEDDY, "back.png");
        String eTag = images.write(back, TestImages.encode(TestImages.blocks(64, 64, 2), "png"), "image/png");
        ImageEvent event = new ImageEvent(back, ImageEvent.Kind.STORED, new Sequencer("0000000000000001"), eTag,
                Instant.now(), new ImageEvent.ProductDetails(null, Map.of("colour", "red")));
        index.failSetAttributes = true;

        IngestOutcome first = ingest.handleAll(List.of(event)).getFirst();

        assertThat(first.result()).isEqualTo(IngestOutcome.Result.RETRY);
        assertThat(vectorAttributes(front)).isEqualTo(Map.of("colour", "brown"));
        index.failSetAttributes = false;
        IngestOutcome again = ingest.handleAll(List.of(event)).getFirst();
        assertThat(again.result()).isEqualTo(IngestOutcome.Result.SKIPPED);
        assertThat(vectorAttributes(front)).isEqualTo(Map.of("colour", "red"));
        assertThat(vectorAttributes(back)).isEqualTo(Map.of("colour", "red"));
        List<VectorId> backVectors = index.delegate.vectorIdsOf(back);
        assertThat(backVectors).hasSize(1);
    }
}
