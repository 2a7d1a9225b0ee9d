package dev.shoplens.core.service;

import dev.shoplens.core.domain.AttributeFilter;
import dev.shoplens.core.domain.Box;
import dev.shoplens.core.domain.ErrorCode;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.ShopLensException;
import dev.shoplens.core.domain.Product;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.domain.ProductMatch;
import dev.shoplens.core.domain.SearchRequest;
import dev.shoplens.core.domain.SearchResult;
import dev.shoplens.core.imaging.DecodedImage;
import dev.shoplens.core.imaging.ImageDecoder;
import dev.shoplens.core.port.CatalogStore;
import dev.shoplens.core.port.Embedder;
import dev.shoplens.core.port.ImageSource;
import dev.shoplens.core.port.VectorIndex;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers a photo with the catalog products that look most like it. The index holds images, so it asks for
 * more images than products and keeps each product's best image; a product appears once.
 */
public final class SearchService {
    /** Images fetched per product wanted: products usually have a few images. */
    private static final int OVERFETCH = 4;
    private static final int MAX_FETCH = 2000;
    private static final Comparator<ProductMatch> BEST_FIRST = Comparator
            .comparingDouble((ProductMatch m) -> -m.score())
            .thenComparing(ProductMatch::productId);

    private final ImageDecoder decoder;
    private final Embedder embedder;
    private final VectorIndex index;
    private final CatalogStore catalog;
    private final ImageSource images;

    public SearchService(ImageDecoder decoder, Embedder embedder, VectorIndex index, CatalogStore catalog,
                         ImageSource images) {
        this.decoder = decoder;
        this.embedder = embedder;
        this.index = index;
        this.catalog = catalog;
        this.images = images;
    }

    public SearchResult search(SearchRequest request) {
        long start = System.nanoTime();
        Embedder.ModelDescription model = embedder.model();
        DecodedImage photo = decoder.decode(request.photo(), Math.min(model.inputWidth(), model.inputHeight()));
        float[] query = embedder.embed(crop(photo.image(), request.box()));
        long embedded = System.nanoTime();
        List<ProductMatch> matches = nearestProducts(query, request.k(), request.filter()).stream()
                .filter(m -> m.score() >= request.minScore()).toList();
        long done = System.nanoTime();
        return new SearchResult(matches, model.versionTag(), (embedded - start) / 1_000_000,
                (done - embedded) / 1_000_000);
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
     * "More like this" for a catalog product: a search with its first image, the product itself left out.
     */
    public SearchResult similar(ProductId id, int k) {
        if (k < 1 || k > SearchRequest.MAX_K) {
            throw ShopLensException.invalid("k must be between 1 and " + SearchRequest.MAX_K + ", got " + k);
        }
        Product product = catalog.find(id).orElseThrow(() -> new ShopLensException(ErrorCode.PRODUCT_NOT_FOUND,
                "no product with id '" + id + "' in the catalog"));
        if (product.images().isEmpty()) {
            throw ShopLensException.invalid("product '" + id + "' has no indexed image to compare with");
        }
        long start = System.nanoTime();
        ImageKey first = product.images().getFirst();
        byte[] bytes = images.read(first, decoder.limits().maxBytes()).orElseThrow(() -> new ShopLensException(
                ErrorCode.IMAGE_NOT_FOUND, "the image " + first + " of product '" + id + "' is no longer stored"))
                .bytes();
        Embedder.ModelDescription model = embedder.model();
        float[] query = embedder.embed(decoder.decode(bytes, Math.min(model.inputWidth(), model.inputHeight())).image());
        long embedded = System.nanoTime();
        List<ProductMatch> matches = nearestProducts(query, Math.min(SearchRequest.MAX_K, k + 1), AttributeFilter.none())
                .stream().filter(m -> !m.productId().equals(id)).limit(k).toList();
        return new SearchResult(matches, model.versionTag(), (embedded - start) / 1_000_000,
                (System.nanoTime() - embedded) / 1_000_000);
    }

    private List<ProductMatch> nearestProducts(float[] query, int k, AttributeFilter filter) {
        int fetch = Math.min(MAX_FETCH, k * OVERFETCH);
        while (true) {
            List<VectorIndex.ImageHit> hits = index.nearest(query, fetch, filter);
            Map<ProductId, VectorIndex.ImageHit> best = new LinkedHashMap<>();
            for (VectorIndex.ImageHit hit : hits) {
                best.merge(hit.productId(), hit, (a, b) -> b.score() > a.score() ? b : a);
            }
            boolean exhausted = hits.size() < fetch || fetch >= MAX_FETCH;
            if (best.size() >= k || exhausted) {
                return toMatches(best, k);
            }
            fetch = Math.min(MAX_FETCH, fetch * 4);
        }
    }

    private List<ProductMatch> toMatches(Map<ProductId, VectorIndex.ImageHit> best, int k) {
        Map<ProductId, Product> products = catalog.findAll(best.keySet());
        List<ProductMatch> matches = new ArrayList<>(best.size());
        best.forEach((id, hit) -> {
            Product p = products.get(id);
            if (p != null) { // a vector whose product record is not yet written is not yet searchable
                matches.add(new ProductMatch(id, p.name(), p.attributes(), hit.imageKey(), hit.score()));
            }
        });
        matches.sort(BEST_FIRST);
        return List.copyOf(matches.subList(0, Math.min(k, matches.size())));
    }
}
