package dev.shoplens.core.testing;

import dev.shoplens.core.domain.AttributeFilter;
import dev.shoplens.core.domain.Box;
import dev.shoplens.core.domain.DetectedObject;
import dev.shoplens.core.domain.ObjectMatches;
import dev.shoplens.core.domain.CatalogImageUpload;
import dev.shoplens.core.domain.ErrorCode;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.ProductEdit;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.domain.ProductMatch;
import dev.shoplens.core.domain.SearchOptions;
import dev.shoplens.core.domain.SearchRequest;
import dev.shoplens.core.domain.SearchResult;
import dev.shoplens.core.domain.ShopLensException;
import dev.shoplens.core.imaging.DecodeLimits;
import dev.shoplens.core.imaging.ImageDecoder;
import dev.shoplens.core.port.CatalogStore;
import dev.shoplens.core.port.Embedder;
import dev.shoplens.core.port.ImageRecords;
import dev.shoplens.core.port.ImageStore;
import dev.shoplens.core.port.ObjectFinder;
import dev.shoplens.core.port.VectorIndex;
import dev.shoplens.core.service.CatalogUploadService;
import dev.shoplens.core.service.IngestService;
import dev.shoplens.core.service.ProductEditService;
import dev.shoplens.core.service.SearchService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The query features' results contract, written once and run on every set of stores: the in-memory
 * reference, the embedded Lucene index, and OpenSearch with DynamoDB and S3 on moto_server. Each search is
 * compared with the same search over exact in-memory stores holding the same catalog.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SearchScenarios {
    static final int PRODUCTS = 48;
    private static final List<String> COLORS = List.of("red", "blue", "green", "black");
    private static final List<String> BRANDS = List.of("acme", "globex", "initech");

    /** Empty stores of one kind. */
    public record Stores(VectorIndex index, CatalogStore catalog, ImageStore images, ImageRecords records) {
    }

    protected abstract Stores stores();

    protected abstract Embedder embedder();

    private SearchService search;
    private SearchService reference;
    private Stores realStores;
    private Stores referenceStores;
    private final List<ImageKey> multiImages = new ArrayList<>();

    private static Map<String, String> attributes(int i) {
        return Map.of("color", COLORS.get(i % COLORS.size()), "brand", BRANDS.get(i % BRANDS.size()),
                "price", String.format(Locale.ROOT, "%d.%02d", 5 + i * 3, (i * 7) % 100),
                // Some sizes are numbers and some are not: a range over it admits only the numbers.
                "size", i % 2 == 0 ? Integer.toString(30 + i) : "M");
    }

    static byte[] productImage(int i) {
        return TestImages.encode(TestImages.blocks(64, 64, 500 + i), "png");
    }

    private static ProductId product(int i) {
        return ProductId.of(String.format(Locale.ROOT, "p%02d", i));
    }

    @BeforeAll
    void loadCatalog() {
        InMemoryPorts.ExactIndex exact = new InMemoryPorts.ExactIndex();
        referenceStores = new Stores(exact, new InMemoryPorts.Catalog(), new InMemoryPorts.Images(),
                new InMemoryPorts.Records());
        reference = load(referenceStores, null);
        Stores real = stores();
        realStores = real;
        search = load(real, multiImages);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (real.index().size() < exact.size()) { // remote stores show writes after their refresh
            assertThat(System.nanoTime()).as("vectors visible in the index").isLessThan(deadline);
            sleep(250);
        }
    }

    private SearchService load(Stores stores, List<ImageKey> multi) {
        ImageDecoder decoder = new ImageDecoder(DecodeLimits.DEFAULT);
        IngestService ingest = new IngestService(decoder, embedder(), stores.index(), stores.catalog(),
                stores.images(), stores.records(), Clock.systemUTC(), Duration.ofMinutes(2));
        CatalogUploadService uploads = new CatalogUploadService(decoder, stores.images(), ingest, Clock.systemUTC());
        for (int i = 0; i < PRODUCTS; i++) {
            uploads.upload(new CatalogImageUpload(product(i), productImage(i), "Product " + i, attributes(i)));
        }
        for (int seed = 0; seed < 3; seed++) {
            ImageKey key = uploads.upload(new CatalogImageUpload(ProductId.of("multi"),
                    TestImages.encode(TestImages.blocks(64, 64, 900 + seed), "png"), "Three views",
                    Map.of("color", "red", "brand", "acme", "price", "15.00", "size", "L")));
            if (multi != null) {
                multi.add(key);
            }
        }
        return new SearchService(decoder, embedder(), stores.index(), stores.catalog());
    }

    private static byte[] photo(int seed) {
        return TestImages.jpeg(TestImages.blocks(80, 64, 500 + seed), 0.8f);
    }

    private static List<String> ids(SearchResult result) {
        return result.matches().stream().map(m -> m.productId().value()).toList();
    }

    private static SearchRequest request(byte[] photo, int k, AttributeFilter filter, String cursor) {
        return new SearchRequest(photo, null, new SearchOptions(k, filter, -1, cursor));
    }

    private static final List<AttributeFilter> FILTERS = List.of(
            new AttributeFilter.Term("color", "red"),
            new AttributeFilter.Terms("color", Set.of("red", "blue")),
            new AttributeFilter.Range("price", 50.0, null, null, 100.0),
            new AttributeFilter.Range("price", null, 20.5, null, null),
            new AttributeFilter.Range("size", null, null, 50.0, null),
            new AttributeFilter.All(List.of(new AttributeFilter.Term("brand", "acme"),
                    new AttributeFilter.Range("price", null, null, 80.0, null))),
            new AttributeFilter.Any(List.of(new AttributeFilter.Term("color", "green"),
                    new AttributeFilter.All(List.of(new AttributeFilter.Term("brand", "globex"),
                            new AttributeFilter.Range("price", 100.0, null, null, null))))));

    /** Finds the same two items in every photo: the left and the right half. */
    private static final ObjectFinder TWO_HALVES = new ObjectFinder() {
        @Override
        public List<DetectedObject> find(java.awt.image.BufferedImage photo) {
            return List.of(new DetectedObject(new Box(0, 0, 0.5, 1), 0.9), new DetectedObject(new Box(0.5, 0, 1, 1), 0.7));
        }

        @Override
        public String name() {
            return "two halves";
        }
    };

    private SearchService withFinder(Stores stores) {
        return new SearchService(new ImageDecoder(DecodeLimits.DEFAULT), embedder(), stores.index(), stores.catalog(),
                TWO_HALVES);
    }

    @Test
    void eachItemFoundInAPhotoAnswersAloneAndAllOfThemRankTheProductsTogether() {
        java.awt.image.BufferedImage shelf = new java.awt.image.BufferedImage(160, 64,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = shelf.createGraphics();
        g.drawImage(TestImages.blocks(80, 64, 504), 0, 0, null);
        g.drawImage(TestImages.blocks(80, 64, 520), 80, 0, null);
        g.dispose();
        byte[] photo = TestImages.jpeg(shelf, 0.9f);
        SearchOptions options = new SearchOptions(8, AttributeFilter.none(), -1, null);
        SearchResult got = withFinder(realStores).search(new SearchRequest(photo, null, true, options));
        SearchResult want = withFinder(referenceStores).search(new SearchRequest(photo, null, true, options));

        assertThat(ids(got)).isEqualTo(ids(want));
        assertThat(got.objects()).hasSize(2);
        for (int i = 0; i < 2; i++) {
            ObjectMatches item = got.objects().get(i);
            assertThat(item.object()).isEqualTo(TWO_HALVES.find(null).get(i));
            // an item answers as a search with a box drawn around it would
            SearchResult boxed = reference.search(new SearchRequest(photo, item.object().box(),
                    new SearchOptions(SearchService.OBJECT_MATCHES, AttributeFilter.none(), -1, null)));
            assertThat(item.matches().stream().map(m -> m.productId().value()).toList()).as("item %d", i)
                    .isEqualTo(ids(boxed));
        }
        // together, each product keeps its best score over the whole photo and the main (largest) item; the
        // halves are the same size, so the first, most certain one is the main item
        ObjectMatches main = got.objects().getFirst();
        for (ProductMatch m : got.matches()) {
            for (ProductMatch n : main.matches()) {
                if (n.productId().equals(m.productId())) {
                    assertThat(m.score()).isGreaterThanOrEqualTo(n.score() - 1e-4f);
                }
            }
        }
        // the items answer once: the next page carries the whole photo's ranking only
        SearchResult next = withFinder(realStores).search(new SearchRequest(photo, null, true,
                new SearchOptions(8, AttributeFilter.none(), -1, got.nextCursor())));
        assertThat(next.objects()).isEmpty();
        assertThat(next.matches()).isNotEmpty();
        assertThat(search.search(request(photo, 8, null, null)).objects()).isEmpty();
    }

    @Test
    void everyKindOfFilterGivesTheExactSearchsProducts() {
        for (AttributeFilter filter : FILTERS) {
            for (int seed : new int[] {7, 30}) {
                SearchResult got = search.search(request(photo(seed), 10, filter, null));
                SearchResult want = reference.search(request(photo(seed), 10, filter, null));
                assertThat(ids(got)).as("%s, photo %d", filter, seed).isEqualTo(ids(want));
                assertThat(got.matches()).as("%s", filter).allSatisfy(m -> assertThat(filter.admits(m.attributes()))
                        .as("%s admits %s", filter, m.attributes()).isTrue());
                for (int i = 0; i < got.matches().size(); i++) {
                    assertThat(got.matches().get(i).score()).isCloseTo(want.matches().get(i).score(),
                            org.assertj.core.data.Offset.offset(1e-3f));
                }
            }
        }
    }

    @Test
    void aFilterThatFewProductsPassStillReturnsAllOfThem() {
        // Five products far down the unfiltered ranking: an index that filtered after its k-NN would lose them.
        AttributeFilter few = new AttributeFilter.Range("price", 100.0, null, 115.0, null);
        long passing = java.util.stream.IntStream.range(0, PRODUCTS).filter(i -> few.admits(attributes(i))).count();
        assertThat(passing).isEqualTo(5);
        SearchResult got = search.search(request(photo(3), 5, few, null));
        assertThat(got.matches()).hasSize(5);
        assertThat(ids(got)).isEqualTo(ids(reference.search(request(photo(3), 5, few, null))));
    }

    @Test
    void pagesFollowTheRankingWithoutGapsOrRepeats() {
        for (AttributeFilter filter : List.of(AttributeFilter.none(), new AttributeFilter.Term("color", "red"))) {
            List<String> whole = ids(reference.search(request(photo(11), 100, filter, null)));
            List<String> paged = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                SearchResult page = search.search(request(photo(11), 7, filter, cursor));
                assertThat(page.matches()).hasSizeLessThanOrEqualTo(7);
                paged.addAll(ids(page));
                cursor = page.nextCursor();
                pages++;
                assertThat(pages).as("pages of %s", filter).isLessThanOrEqualTo(whole.size() / 7 + 1);
            } while (cursor != null);
            assertThat(paged).as("pages of %s", filter).isEqualTo(whole);
        }
    }

    @Test
    void aCursorThatWasAlteredOrBelongsToAnotherSearchIsRefused() {
        String cursor = search.search(request(photo(5), 3, null, null)).nextCursor();
        assertThat(cursor).isNotNull();
        char[] chars = cursor.toCharArray();
        chars[chars.length / 2] = chars[chars.length / 2] == 'A' ? 'B' : 'A';
        assertThatThrownBy(() -> search.search(request(photo(5), 3, null, new String(chars))))
                .isInstanceOfSatisfying(ShopLensException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("not one this service gave out");
        assertThatThrownBy(() -> search.search(request(photo(5), 3, null, "not-a-cursor!")))
                .hasMessageContaining("not one this service gave out");
        assertThatThrownBy(() -> search.search(request(photo(6), 3, null, cursor)))
                .hasMessageContaining("belongs to another search");
        assertThatThrownBy(() -> search.search(request(photo(5), 3, new AttributeFilter.Term("color", "red"), cursor)))
                .hasMessageContaining("belongs to another search");
    }

    @Test
    void aProductWithSeveralImagesAppearsOnceWithItsBestImage() {
        byte[] secondView = TestImages.encode(TestImages.blocks(64, 64, 901), "png");
        SearchResult got = search.search(request(secondView, 20, null, null));
        assertThat(got.matches().getFirst().productId().value()).isEqualTo("multi");
        assertThat(got.matches().getFirst().bestImage()).isEqualTo(multiImages.get(1));
        assertThat(ids(got)).doesNotHaveDuplicates().hasSize(20);
        assertThat(ids(got)).isEqualTo(ids(reference.search(request(secondView, 20, null, null))));
    }

    @Test
    void similarSearchesWithTheProductsStoredVectorsAndLeavesItOut() {
        for (String id : List.of("p07", "multi")) {
            SearchResult got = search.similar(ProductId.of(id), SearchOptions.top(10));
            assertThat(ids(got)).as("similar to %s", id).hasSize(10).doesNotContain(id)
                    .isEqualTo(ids(reference.similar(ProductId.of(id), SearchOptions.top(10))));
        }
        AttributeFilter blue = new AttributeFilter.Term("color", "blue");
        SearchOptions filtered = new SearchOptions(5, blue, -1, null);
        SearchResult page1 = search.similar(ProductId.of("p07"), filtered);
        assertThat(page1.matches()).hasSize(5).allSatisfy(m -> assertThat(m.attributes()).containsEntry("color", "blue"));
        SearchResult page2 = search.similar(ProductId.of("p07"), new SearchOptions(5, blue, -1, page1.nextCursor()));
        Set<String> seen = new HashSet<>(ids(page1));
        assertThat(ids(page2)).isNotEmpty().noneMatch(seen::contains);
        assertThatThrownBy(() -> search.similar(ProductId.of("ghost"), SearchOptions.top(5)))
                .isInstanceOfSatisfying(ShopLensException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PRODUCT_NOT_FOUND));
    }

    @Test
    void filtersOnUnknownAttributesOrRangesOverTextAreRefused() {
        assertThatThrownBy(() -> search.search(request(photo(1), 5, new AttributeFilter.Term("colour", "red"), null)))
                .isInstanceOfSatisfying(ShopLensException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("unknown filter field 'colour'").hasMessageContaining("brand, color, price, size");
        assertThatThrownBy(() -> search.search(request(photo(1), 5,
                new AttributeFilter.Range("brand", 1.0, null, null, null), null)))
                .hasMessageContaining("'brand' holds no numbers").hasMessageContaining("price, size");
        assertThatThrownBy(() -> search.similar(ProductId.of("p01"), new SearchOptions(5,
                new AttributeFilter.Terms("material", new LinkedHashSet<>(List.of("wool"))), -1, null)))
                .hasMessageContaining("unknown filter field 'material'");
    }

    @Test
    void aBoxOrTheAutomaticCropSearchesWithThePartOfThePhotoThatHoldsTheProduct() {
        java.awt.image.BufferedImage pair = new java.awt.image.BufferedImage(128, 64,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = pair.createGraphics();
        g.drawImage(TestImages.blocks(64, 64, 500 + 12), 0, 0, null);
        g.drawImage(TestImages.blocks(64, 64, 500 + 40), 64, 0, null);
        g.dispose();
        byte[] photo = TestImages.encode(pair, "png");
        for (var box : List.of(new dev.shoplens.core.domain.Box(0, 0, 0.5, 1), new dev.shoplens.core.domain.Box(0.5, 0, 1, 1))) {
            SearchRequest request = new SearchRequest(photo, box, SearchOptions.top(5));
            SearchResult got = search.search(request);
            assertThat(ids(got)).isEqualTo(ids(reference.search(request)));
            assertThat(ids(got).getFirst()).isEqualTo(box.left() == 0 ? "p12" : "p40");
        }
        java.awt.image.BufferedImage scene = new java.awt.image.BufferedImage(240, 180,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        g = scene.createGraphics();
        g.setPaint(new java.awt.GradientPaint(0, 0, new java.awt.Color(235, 236, 240), 240, 180,
                new java.awt.Color(210, 214, 222)));
        g.fillRect(0, 0, 240, 180);
        g.drawImage(TestImages.blocks(64, 64, 500 + 25), 100, 45, 120, 120, null);
        g.dispose();
        byte[] scenePhoto = TestImages.encode(scene, "png");
        SearchRequest auto = new SearchRequest(scenePhoto, null, true, SearchOptions.top(5));
        SearchResult got = search.search(auto);
        assertThat(ids(got)).isEqualTo(ids(reference.search(auto)));
        // The heuristic finder frames the product; how it then ranks fifty look-alike block patterns from a crop
        // with a margin of background is the model's quality, which the benchmarks measure (model 1.2.0 puts
        // p20 first from the finder's crop here, 1.1.0 put p25), so the scenario checks the frame instead.
        dev.shoplens.core.domain.Box drawn = new dev.shoplens.core.domain.Box(100 / 240.0, 45 / 180.0,
                220 / 240.0, 165 / 180.0);
        assertThat(got.objects()).hasSize(1);
        assertThat(got.objects().getFirst().object().box().iou(drawn)).isGreaterThan(0.75);
        SearchRequest framed = new SearchRequest(scenePhoto, drawn, SearchOptions.top(5));
        assertThat(ids(search.search(framed)).getFirst()).isEqualTo("p25");
    }

    @Test
    void anEditedProductIsFoundByItsNewNameAndAttributesAndNoLongerByItsOldOnes() {
        ProductId id = ProductId.of("edited");
        byte[] image = TestImages.encode(TestImages.blocks(64, 64, 950), "png");
        // Only attribute names the catalog already has: another scenario checks the list of known ones.
        ProductEdit edit = new ProductEdit("Edited", Map.of("color", "green", "price", "7.00"), Set.of("size"));
        for (Stores stores : List.of(realStores, referenceStores)) {
            ImageDecoder decoder = new ImageDecoder(DecodeLimits.DEFAULT);
            IngestService ingest = new IngestService(decoder, embedder(), stores.index(), stores.catalog(),
                    stores.images(), stores.records(), Clock.systemUTC(), Duration.ofMinutes(2));
            new CatalogUploadService(decoder, stores.images(), ingest, Clock.systemUTC()).upload(new CatalogImageUpload(
                    id, image, "Before", Map.of("color", "red", "brand", "acme", "price", "9.00", "size", "31")));
            new ProductEditService(stores.catalog(), stores.records(), stores.index(), Clock.systemUTC()).edit(id, edit);
        }
        byte[] photo = TestImages.jpeg(TestImages.blocks(64, 64, 950), 0.9f);
        AttributeFilter green = new AttributeFilter.Term("color", "green");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!ids(search.search(request(photo, 5, green, null))).contains("edited")) { // remote stores refresh
            assertThat(System.nanoTime()).as("the edit visible to filters").isLessThan(deadline);
            sleep(250);
        }
        for (AttributeFilter filter : List.of(green, new AttributeFilter.Term("color", "red"),
                new AttributeFilter.Range("size", null, 0.0, null, null), new AttributeFilter.Range("price", 6.0, null, 8.0, null),
                new AttributeFilter.Range("size", null, null, 0.0, null), // no product passes
                new AttributeFilter.Term("brand", "acme"))) {
            SearchResult got = search.search(request(photo, 5, filter, null));
            assertThat(ids(got)).as("%s", filter).isEqualTo(ids(reference.search(request(photo, 5, filter, null))));
            boolean admitted = filter.admits(Map.of("color", "green", "price", "7.00", "brand", "acme"));
            assertThat(ids(got).contains("edited")).as("%s finds the edited product", filter).isEqualTo(admitted);
        }
        ProductMatch first = search.search(request(photo, 5, green, null)).matches().getFirst();
        assertThat(first.productId()).isEqualTo(id);
        assertThat(first.name()).isEqualTo("Edited");
        assertThat(first.attributes()).isEqualTo(Map.of("color", "green", "price", "7.00", "brand", "acme"));
    }

    @Test
    void minScoreCutsTheRankingAndEndsThePages() {
        List<ProductMatch> all = reference.search(request(photo(9), 20, null, null)).matches();
        double cut = all.get(4).score() - 1e-4;
        SearchResult got = search.search(new SearchRequest(photo(9), null, new SearchOptions(3, null, cut, null)));
        SearchResult rest = search.search(new SearchRequest(photo(9), null, new SearchOptions(3, null, cut,
                got.nextCursor())));
        assertThat(ids(got)).hasSize(3);
        assertThat(rest.matches()).hasSize(2).allSatisfy(m -> assertThat(m.score()).isGreaterThanOrEqualTo((float) cut));
        assertThat(rest.nextCursor()).isNull();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
