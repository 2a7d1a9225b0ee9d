package dev.shoplens.core.service;

import dev.shoplens.core.domain.AttributeFilter;
import dev.shoplens.core.domain.Box;
import dev.shoplens.core.domain.DetectedObject;
import dev.shoplens.core.domain.ErrorCode;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.ObjectMatches;
import dev.shoplens.core.domain.Product;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.domain.ProductMatch;
import dev.shoplens.core.domain.SearchOptions;
import dev.shoplens.core.domain.SearchRequest;
import dev.shoplens.core.domain.SearchResult;
import dev.shoplens.core.domain.ShopLensException;
import dev.shoplens.core.imaging.DecodedImage;
import dev.shoplens.core.imaging.ImageDecoder;
import dev.shoplens.core.port.CatalogStore;
import dev.shoplens.core.port.Embedder;
import dev.shoplens.core.port.ObjectFinder;
import dev.shoplens.core.port.VectorIndex;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Answers a photo with the catalog products that look most like it. The index holds images, so it asks for
 * more images than products and keeps each product's best image; a product appears once. Pages follow
 * each other by cursor, in best-first order, down to {@link #MAX_DEPTH} products. With {@code "box": "auto"}
 * the object finder's items are searched too: the largest ranks the products with the whole photo, and each
 * answers alone on the first page (Google Lens's one result group per object).
 */
public final class SearchService implements AutoCloseable {
    /** How far down the ranking pages may go: deeper results of a photo search are noise. */
    public static final int MAX_DEPTH = 500;
    /** Images fetched per product wanted: products usually have a few images. */
    private static final int OVERFETCH = 4;
    private static final int MAX_FETCH = 2000;
    /** "More like this" searches with at most this many of the product's images. */
    private static final int MAX_SIMILAR_VECTORS = 8;
    private static final Comparator<Ranked> BEST_FIRST = Comparator
            .comparingDouble((Ranked r) -> -r.score())
            .thenComparing(Ranked::productId);

    /** Items of one photo searched for at most: a shopper photographs one item, a shelf a few. */
    public static final int MAX_OBJECTS = 4;
    /** Products shown per item found; the whole photo's results page on, the items' do not. */
    public static final int OBJECT_MATCHES = 5;
    /**
     * With {@code "box": "auto"} the photo is decoded this many times the model's side, so an item a third of
     * the photo wide still reaches the model at its own resolution.
     */
    private static final int AUTO_DECODE_FACTOR = 3;

    private final ImageDecoder decoder;
    private final Embedder embedder;
    private final VectorIndex index;
    private final CatalogStore catalog;
    private final ObjectFinder finder;

    public SearchService(ImageDecoder decoder, Embedder embedder, VectorIndex index, CatalogStore catalog,
                         ObjectFinder finder) {
        this.decoder = decoder;
        this.embedder = embedder;
        this.index = index;
        this.catalog = catalog;
        this.finder = finder;
    }

    /** A search service whose {@code "box": "auto"} uses the heuristic finder. */
    public SearchService(ImageDecoder decoder, Embedder embedder, VectorIndex index, CatalogStore catalog) {
        this(decoder, embedder, index, catalog, ObjectFinder.heuristic());
    }

    /** Closes the object finder; the other parts belong to whoever made them. */
    @Override
    public void close() {
        finder.close();
    }

    public SearchResult search(SearchRequest request) {
        SearchOptions options = request.options();
        checkFields(options.filter());
        long start = System.nanoTime();
        Embedder.ModelDescription model = embedder.model();
        int modelSide = Math.min(model.inputWidth(), model.inputHeight());
        DecodedImage photo = decoder.decode(request.photo(),
                request.autoCrop() ? modelSide * AUTO_DECODE_FACTOR : sideToDecode(modelSide, request.box()));
        List<BufferedImage> views = new ArrayList<>(1 + MAX_OBJECTS);
        views.add(crop(photo.image(), request.box()));
        List<DetectedObject> objects = request.autoCrop() ? items(photo.image()) : List.of();
        objects.forEach(o -> views.add(crop(photo.image(), o.box())));
        List<float[]> queries = embedder.embed(views);
        long embedded = System.nanoTime();
        byte[] fingerprint = SearchCursor.fingerprint(model.versionTag(), SearchCursor.photoDigest(request.photo()),
                text(request.autoCrop() ? "auto" : String.valueOf(request.box())), text(options.filter().toString()),
                text(Double.toString(options.minScore())));
        // The whole photo and its main item rank the products together (the other items, often clutter beside
        // the item a shopper means, would bring their own look-alikes in); each item also answers alone, once.
        Page page = page(objects.isEmpty() ? queries : List.of(queries.getFirst(), queries.get(1 + mainItem(objects))),
                options, fingerprint, null);
        List<ObjectMatches> groups = new ArrayList<>(objects.size());
        if (options.cursor() == null) {
            for (int i = 0; i < objects.size(); i++) {
                groups.add(new ObjectMatches(objects.get(i), bestFor(queries.get(i + 1), options)));
            }
        }
        return new SearchResult(page.matches(), model.versionTag(), (embedded - start) / 1_000_000,
                (System.nanoTime() - embedded) / 1_000_000, page.nextCursor(), groups);
    }

    /** The items the finder sees, most certain first, leaving out boxes too small to crop. */
    private List<DetectedObject> items(BufferedImage photo) {
        List<DetectedObject> found = new ArrayList<>();
        for (DetectedObject o : finder.find(photo)) {
            Box b = o.box();
            if ((b.right() - b.left()) * photo.getWidth() >= 8 && (b.bottom() - b.top()) * photo.getHeight() >= 8) {
                found.add(o);
            }
            if (found.size() == MAX_OBJECTS) {
                break;
            }
        }
        return found;
    }

    /** The largest item: a shopper frames the item they mean large. */
    static int mainItem(List<DetectedObject> objects) {
        int main = 0;
        for (int i = 1; i < objects.size(); i++) {
            if (area(objects.get(i).box()) > area(objects.get(main).box())) {
                main = i;
            }
        }
        return main;
    }

    private static double area(Box b) {
        return (b.right() - b.left()) * (b.bottom() - b.top());
    }

    /** The products most like one item of the photo, without paging. */
    private List<ProductMatch> bestFor(float[] query, SearchOptions options) {
        List<Ranked> ranked = new ArrayList<>();
        for (Ranked r : nearestProducts(List.of(query), OBJECT_MATCHES, options.filter())) {
            if (r.score() >= options.minScore()) {
                ranked.add(r);
            }
        }
        return resolve(ranked, OBJECT_MATCHES);
    }

    /**
     * The side the whole photo must be decoded at so that the box alone still has the model's side: a box
     * around a small item in a 12 MP photo needs more of the photo's resolution than the whole photo does.
     */
    static int sideToDecode(int modelSide, Box box) {
        if (box == null) {
            return modelSide;
        }
        double fraction = Math.max(Math.min(box.right() - box.left(), box.bottom() - box.top()), 0.01);
        return (int) Math.ceil(modelSide / fraction - 1e-9); // 0.5 - 0.4 is not quite 0.1
    }

    /** The part of the image inside the box (normalised coordinates); at least 8 pixels each way. */
    static BufferedImage crop(BufferedImage image, Box box) {
        if (box == null) {
            return image;
        }
        int x0 = (int) Math.floor(box.left() * image.getWidth());
        int y0 = (int) Math.floor(box.top() * image.getHeight());
        int x1 = (int) Math.ceil(box.right() * image.getWidth());
        int y1 = (int) Math.ceil(box.bottom() * image.getHeight());
        if (x1 - x0 < 8 || y1 - y0 < 8) {
            throw ShopLensException.invalid("the box covers " + (x1 - x0) + " x " + (y1 - y0)
                    + " pixels of the photo; draw it around the item, at least 8 x 8 pixels");
        }
        return image.getSubimage(x0, y0, x1 - x0, y1 - y0);
    }

    /**
     * "More like this" for a catalog product: a search with the stored vectors of its images (no photo, no
     * embedding), the product itself left out.
     */
    public SearchResult similar(ProductId id, SearchOptions options) {
        checkFields(options.filter());
        long start = System.nanoTime();
        Product product = catalog.find(id).orElseThrow(() -> new ShopLensException(ErrorCode.PRODUCT_NOT_FOUND,
                "no product with id '" + id + "' in the catalog"));
        List<float[]> vectors = index.vectorsOf(product.id());
        if (vectors.isEmpty()) {
            throw ShopLensException.invalid("product '" + id + "' has no indexed image to compare with yet");
        }
        String model = embedder.model().versionTag();
        byte[] fingerprint = SearchCursor.fingerprint(model, text("similar"), text(id.value()),
                text(options.filter().toString()), text(Double.toString(options.minScore())));
        Page page = page(vectors.subList(0, Math.min(MAX_SIMILAR_VECTORS, vectors.size())), options, fingerprint, id);
        return new SearchResult(page.matches(), model, 0, (System.nanoTime() - start) / 1_000_000, page.nextCursor());
    }

    /** A filter may only name attributes the catalog has, and ranges only attributes that hold numbers. */
    private void checkFields(AttributeFilter filter) {
        if (filter.isEmpty()) {
            return;
        }
        VectorIndex.FilterFields known = index.filterFields();
        filter.forEachTest(test -> {
            String field = switch (test) {
                case AttributeFilter.Term t -> t.field();
                case AttributeFilter.Terms t -> t.field();
                case AttributeFilter.Range r -> r.field();
                default -> throw new IllegalStateException("not a leaf test: " + test);
            };
            if (!known.text().contains(field)) {
                throw ShopLensException.invalid("unknown filter field '" + field + "': "
                        + (known.text().isEmpty() ? "no catalog product has attributes yet"
                        : "the catalog's products have " + names(known.text())));
            }
            if (test instanceof AttributeFilter.Range && !known.numeric().contains(field)) {
                throw ShopLensException.invalid("attribute '" + field + "' holds no numbers, so it cannot be "
                        + "filtered by range; use term or terms, or a range on "
                        + (known.numeric().isEmpty() ? "a numeric attribute" : names(known.numeric())));
            }
        });
    }

    private static String names(Set<String> fields) {
        List<String> sorted = new ArrayList<>(new TreeSet<>(fields));
        String shown = String.join(", ", sorted.subList(0, Math.min(20, sorted.size())));
        return sorted.size() > 20 ? shown + ", ..." : shown;
    }

    private record Ranked(ProductId productId, ImageKey image, float score) {
        boolean comesAfter(SearchCursor cursor) {
            return score < cursor.lastScore()
                    || (score == cursor.lastScore() && productId.compareTo(cursor.lastProduct()) > 0);
        }
    }

    private record Page(List<ProductMatch> matches, String nextCursor) {
    }

    private Page page(List<float[]> queries, SearchOptions options, byte[] fingerprint, ProductId exclude) {
        SearchCursor after = options.cursor() == null ? null : SearchCursor.decode(options.cursor(), fingerprint);
        int returned = after == null ? 0 : after.returned();
        if (returned >= MAX_DEPTH) {
            return new Page(List.of(), null);
        }
        // One more than the page shows whether another page follows.
        int depth = returned + options.k() + 1 + (exclude == null ? 0 : 1);
        List<Ranked> ranked = new ArrayList<>();
        for (Ranked r : nearestProducts(queries, depth, options.filter())) {
            if (r.score() >= options.minScore() && !r.productId().equals(exclude)
                    && (after == null || (r.comesAfter(after) && !after.shows(r.productId())))) {
                ranked.add(r);
            }
        }
        List<ProductMatch> matches = resolve(ranked, options.k() + 1);
        int shown = Math.min(options.k(), matches.size());
        String next = null;
        if (matches.size() > options.k() && returned + shown < MAX_DEPTH) {
            ProductMatch last = matches.get(shown - 1);
            int[] hashes = Arrays.copyOf(after == null ? new int[0] : after.shown(), returned + shown);
            for (int i = 0; i < shown; i++) {
                hashes[returned + i] = SearchCursor.hashOf(matches.get(i).productId());
            }
            next = new SearchCursor(returned + shown, last.score(), last.productId(), hashes, fingerprint).encode();
        }
        return new Page(matches.subList(0, shown), next);
    }

    /** Each product's best image over all query vectors, best first. */
    private List<Ranked> nearestProducts(List<float[]> queries, int products, AttributeFilter filter) {
        Map<ProductId, Ranked> best = new HashMap<>();
        for (float[] query : queries) {
            int fetch = Math.min(MAX_FETCH, products * OVERFETCH);
            while (true) {
                List<VectorIndex.ImageHit> hits = index.nearest(query, fetch, filter);
                Map<ProductId, Ranked> found = new HashMap<>();
                for (VectorIndex.ImageHit hit : hits) {
                    found.merge(hit.productId(), new Ranked(hit.productId(), hit.imageKey(), hit.score()),
                            (a, b) -> b.score() > a.score() ? b : a);
                }
                boolean exhausted = hits.size() < fetch || fetch >= MAX_FETCH;
                if (found.size() >= products || exhausted) {
                    found.values().forEach(r -> best.merge(r.productId(), r, (a, b) -> b.score() > a.score() ? b : a));
                    break;
                }
                fetch = Math.min(MAX_FETCH, fetch * 4);
            }
        }
        List<Ranked> sorted = new ArrayList<>(best.values());
        sorted.sort(BEST_FIRST);
        return sorted;
    }

    /**
     * The first {@code wanted} ranked products that have a catalog record: a vector whose product record is
     * not yet written is not yet searchable.
     */
    private List<ProductMatch> resolve(List<Ranked> ranked, int wanted) {
        List<ProductMatch> matches = new ArrayList<>(wanted);
        int from = 0;
        while (matches.size() < wanted && from < ranked.size()) {
            List<Ranked> chunk = ranked.subList(from, Math.min(ranked.size(), from + wanted - matches.size()));
            from += chunk.size();
            Map<ProductId, Product> products = catalog.findAll(chunk.stream().map(Ranked::productId).toList());
            for (Ranked r : chunk) {
                Product p = products.get(r.productId());
                if (p != null) {
                    matches.add(new ProductMatch(r.productId(), p.name(), p.attributes(), r.image(), r.score()));
                }
            }
        }
        return matches;
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
