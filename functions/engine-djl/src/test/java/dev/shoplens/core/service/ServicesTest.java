package dev.shoplens.core.service;

import dev.shoplens.core.domain.AttributeFilter;
import dev.shoplens.core.domain.CatalogImageUpload;
import dev.shoplens.core.domain.ErrorCode;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.domain.ProductMatch;
import dev.shoplens.core.domain.SearchRequest;
import dev.shoplens.core.domain.SearchResult;
import dev.shoplens.core.domain.ShopLensException;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServicesTest {
    private static DjlEmbedder embedder;
    private InMemoryPorts.ExactIndex index;
    private InMemoryPorts.Catalog catalog;
    private InMemoryPorts.Images images;
    private CatalogUploadService uploads;
    private SearchService search;
    private CatalogService catalogService;

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
        index = new InMemoryPorts.ExactIndex();
        catalog = new InMemoryPorts.Catalog();
        images = new InMemoryPorts.Images();
        IngestService ingest = new IngestService(decoder, embedder, index, catalog, images,
                new InMemoryPorts.Records(), Clock.systemUTC(), Duration.ofMinutes(2));
        uploads = new CatalogUploadService(decoder, images, ingest, Clock.systemUTC());
        search = new SearchService(decoder, embedder, index, catalog);
        catalogService = new CatalogService(catalog, images, new InMemoryPorts.Records(), DecodeLimits.DEFAULT.maxBytes());
    }

    private static byte[] png(long seed) {
        return TestImages.encode(TestImages.blocks(60, 60, seed), "png");
    }

    @Test
    void aCatalogImageFindsItsOwnProductFirst() {
        for (int i = 0; i < 20; i++) {
            uploads.upload(new CatalogImageUpload(ProductId.of("p" + i), png(i), "Product " + i,
                    Map.of("colour", i % 2 == 0 ? "red" : "blue")));
        }
        SearchResult result = search.search(new SearchRequest(png(7), 5));
        assertThat(result.matches()).hasSize(5);
        ProductMatch first = result.matches().getFirst();
        assertThat(first.productId()).isEqualTo(ProductId.of("p7"));
        assertThat(first.name()).isEqualTo("Product 7");
        assertThat(first.attributes()).containsEntry("colour", "blue");
        assertThat(first.score()).isGreaterThan(0.999f);
        assertThat(first.bestImage().productId()).isEqualTo(ProductId.of("p7"));
        assertThat(result.modelVersion()).isEqualTo("tiny-test@1");
        assertThat(result.matches()).extracting(ProductMatch::score).isSortedAccordingTo((a, b) -> Float.compare(b, a));
    }

    @Test
    void minScoreLeavesOutWeakMatches() {
        for (int i = 0; i < 5; i++) {
            uploads.upload(CatalogImageUpload.of(ProductId.of("p" + i), png(i)));
        }
        SearchResult all = search.search(new SearchRequest(png(2), 5));
        float second = all.matches().get(1).score();
        SearchResult strict = search.search(new SearchRequest(png(2), 5, AttributeFilter.none(), null, second + 1e-4));
        assertThat(strict.matches()).extracting(m -> m.productId().value()).containsExactly("p2");
        assertThatThrownBy(() -> new SearchRequest(png(2), 5, AttributeFilter.none(), null, 1.5))
                .hasMessageContaining("minScore must be a similarity from -1 to 1");
    }

    @Test
    void aBoxSearchesWithThePartOfThePhotoItCovers() {
        java.awt.image.BufferedImage left = TestImages.blocks(60, 60, 21);
        java.awt.image.BufferedImage right = TestImages.blocks(60, 60, 22);
        uploads.upload(CatalogImageUpload.of(ProductId.of("left-item"), TestImages.encode(left, "png")));
        uploads.upload(CatalogImageUpload.of(ProductId.of("right-item"), TestImages.encode(right, "png")));
        java.awt.image.BufferedImage both = new java.awt.image.BufferedImage(120, 60,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = both.createGraphics();
        g.drawImage(left, 0, 0, null);
        g.drawImage(right, 60, 0, null);
        g.dispose();
        byte[] photo = TestImages.encode(both, "png");
        assertThat(search.search(new SearchRequest(photo, 1, AttributeFilter.none(),
                new dev.shoplens.core.domain.Box(0.5, 0, 1, 1))).matches().getFirst().productId().value())
                .isEqualTo("right-item");
        assertThat(search.search(new SearchRequest(photo, 1, AttributeFilter.none(),
                new dev.shoplens.core.domain.Box(0, 0, 0.5, 1))).matches().getFirst().productId().value())
                .isEqualTo("left-item");
        assertThatThrownBy(() -> search.search(new SearchRequest(photo, 1, AttributeFilter.none(),
                new dev.shoplens.core.domain.Box(0.5, 0.5, 0.51, 0.51)))).hasMessageContaining("at least 8 x 8 pixels");
        assertThatThrownBy(() -> dev.shoplens.core.domain.Box.parse("0,0,1.5,1")).hasMessageContaining("within the photo");
        assertThatThrownBy(() -> dev.shoplens.core.domain.Box.parse("0.5,0,0.5,1")).hasMessageContaining("box is empty");
        assertThatThrownBy(() -> dev.shoplens.core.domain.Box.parse("a,b")).hasMessageContaining("four numbers");
    }

    @Test
    void theAutomaticCropAlsoSearchesWithTheMainObjectAndKeepsTheBetterScore() {
        for (int i = 0; i < 10; i++) {
            uploads.upload(CatalogImageUpload.of(ProductId.of("p" + i), png(i)));
        }
        java.awt.image.BufferedImage photo = new java.awt.image.BufferedImage(200, 160,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = photo.createGraphics();
        g.setPaint(new java.awt.GradientPaint(0, 0, new java.awt.Color(235, 235, 240), 200, 160,
                new java.awt.Color(205, 210, 220)));
        g.fillRect(0, 0, 200, 160);
        g.drawImage(TestImages.blocks(60, 60, 7), 110, 70, null);
        g.dispose();
        byte[] bytes = TestImages.encode(photo, "png");
        float whole = search.search(new SearchRequest(bytes, 10)).matches().stream()
                .filter(m -> m.productId().value().equals("p7")).findFirst().orElseThrow().score();
        SearchResult auto = search.search(new SearchRequest(bytes, null, true,
                dev.shoplens.core.domain.SearchOptions.top(10)));
        assertThat(auto.matches().getFirst().productId().value()).isEqualTo("p7");
        assertThat(auto.matches().getFirst().score()).isGreaterThan(whole).isGreaterThan(0.95f);
        assertThatThrownBy(() -> new SearchRequest(bytes, new dev.shoplens.core.domain.Box(0, 0, 1, 1), true, null))
                .hasMessageContaining("not both");
    }

    @Test
    void addingTheSameImageTwiceKeepsOneVector() {
        uploads.upload(CatalogImageUpload.of(ProductId.of("mug"), png(4)));
        uploads.upload(CatalogImageUpload.of(ProductId.of("mug"), png(4)));
        assertThat(index.size()).isEqualTo(1);
        assertThat(catalogService.product(ProductId.of("mug")).images()).hasSize(1);
    }

    @Test
    void equalScoresAreOrderedByProductId() {
        byte[] same = png(9);
        for (String id : List.of("zeta", "alpha", "mid")) {
            uploads.upload(CatalogImageUpload.of(ProductId.of(id), same));
        }
        SearchResult result = search.search(new SearchRequest(same, 3));
        assertThat(result.matches()).extracting(m -> m.productId().value()).containsExactly("alpha", "mid", "zeta");
    }

    @Test
    void aBadImageInABatchIsReportedAndTheOthersAreIndexed() {
        List<CatalogImageUpload> batch = new ArrayList<>();
        batch.add(CatalogImageUpload.of(ProductId.of("ok1"), png(1)));
        batch.add(CatalogImageUpload.of(ProductId.of("broken"), "not an image".getBytes()));
        batch.add(CatalogImageUpload.of(ProductId.of("ok2"), png(2)));
        List<CatalogUploadService.Uploaded> results = uploads.uploadAll(batch);
        assertThat(results).extracting(CatalogUploadService.Uploaded::ok).containsExactly(true, false, true);
        assertThat(results.get(1).failure().code()).isEqualTo(ErrorCode.UNSUPPORTED_FORMAT);
        assertThat(index.size()).isEqualTo(2);
        assertThat(catalog.find(ProductId.of("broken"))).isEmpty();
    }

    @Test
    void aRefusedImageChangesNothing() {
        assertThatThrownBy(() -> uploads.upload(CatalogImageUpload.of(ProductId.of("x"),
                TestImages.pngHeaderOnly(50_000, 50_000))))
                .isInstanceOfSatisfying(ShopLensException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.IMAGE_TOO_LARGE));
        assertThat(index.size()).isZero();
        assertThat(catalog.count()).isZero();
    }

    @Test
    void aTruncatedImageIsRefusedAndLeavesNothingStored() {
        byte[] jpeg = TestImages.jpeg(TestImages.blocks(300, 300, 3), 0.9f);
        byte[] truncated = Arrays.copyOf(jpeg, jpeg.length / 2);
        assertThatThrownBy(() -> uploads.upload(CatalogImageUpload.of(ProductId.of("cut"), truncated)))
                .isInstanceOfSatisfying(ShopLensException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_IMAGE))
                .hasMessageContaining("truncated");
        assertThat(index.size()).isZero();
        assertThat(catalog.count()).isZero();
        assertThat(images.read(ImageKey.of(ProductId.of("cut"), "x.jpg"), Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void kMustBeBetweenOneAndAHundred() {
        assertThatThrownBy(() -> new SearchRequest(png(1), 0)).hasMessageContaining("k must be between 1 and 100");
        assertThatThrownBy(() -> new SearchRequest(png(1), 10_000)).hasMessageContaining("got 10000");
    }

    @Test
    void searchingAnEmptyCatalogFindsNothing() {
        assertThat(search.search(new SearchRequest(png(1), 10)).matches()).isEmpty();
    }

    @Test
    void unknownProductIsNotFound() {
        assertThatThrownBy(() -> catalogService.product(ProductId.of("nope")))
                .isInstanceOfSatisfying(ShopLensException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PRODUCT_NOT_FOUND))
                .hasMessageContaining("nope");
    }

    @Test
    void invalidProductIdsKeysAndAttributesAreRefusedWithReasons() {
        assertThatThrownBy(() -> ProductId.of("../etc/passwd")).hasMessageContaining("is not valid");
        assertThatThrownBy(() -> ImageKey.of("uploads/p1/a.jpg")).hasMessageContaining("outside the catalog");
        assertThatThrownBy(() -> ImageKey.of("catalog/p1/../a.jpg")).hasMessageContaining("must be catalog/");
        // What the bytes are decides, not the file name; a folder that is no product id is told which to use.
        assertThat(ImageKey.of("catalog/p1/readme.txt").productFolderProblem()).isEmpty();
        assertThat(ImageKey.of("catalog/Summer Dress (2)/a.jpg").productFolderProblem()).hasValueSatisfying(m ->
                assertThat(m).contains("store the image under catalog/Summer-Dress-2/a.jpg"));
        assertThatThrownBy(() -> ImageKey.of("catalog/../a.jpg")).hasMessageContaining("must be catalog/");
        assertThatThrownBy(() -> new CatalogImageUpload(ProductId.of("a"), png(1), null, Map.of("Bad Name", "x")))
                .hasMessageContaining("attribute name 'Bad Name'");
    }
}
