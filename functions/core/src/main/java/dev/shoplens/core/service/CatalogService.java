package dev.shoplens.core.service;

import dev.shoplens.core.domain.ErrorCode;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.ImageRecord;
import dev.shoplens.core.domain.Product;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.domain.ShopLensException;
import dev.shoplens.core.port.CatalogStore;
import dev.shoplens.core.port.ImageRecords;
import dev.shoplens.core.port.ImageStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads the catalog: products and the images behind their thumbnails. */
public final class CatalogService {
    private final CatalogStore catalog;
    private final ImageStore images;
    private final ImageRecords records;
    private final long maxImageBytes;

    public CatalogService(CatalogStore catalog, ImageStore images, ImageRecords records, long maxImageBytes) {
        this.catalog = catalog;
        this.images = images;
        this.records = records;
        this.maxImageBytes = maxImageBytes;
    }

    public Product product(ProductId id) {
        return catalog.find(id).orElseThrow(() -> new ShopLensException(ErrorCode.PRODUCT_NOT_FOUND,
                "no product with id '" + id + "' in the catalog"));
    }

    public ImageStore.StoredImage image(ImageKey key) {
        return images.read(key, maxImageBytes).orElseThrow(() -> new ShopLensException(ErrorCode.IMAGE_NOT_FOUND,
                "no catalog image under '" + key + "'"));
    }

    /**
     * Where an image stands in ingest: PENDING, INDEXED, FAILED (with the reason) or REMOVED; for any key a
     * merchant stored under {@code catalog/}, including one whose folder names no product.
     */
    public ImageRecord imageStatus(ImageKey key) {
        return records.find(key).orElseThrow(() -> new ShopLensException(ErrorCode.IMAGE_NOT_FOUND,
                "no image event was received for '" + key + "': it was never stored, or its notification has not "
                        + "arrived yet"));
    }

    public long productCount() {
        return catalog.count();
    }

    /** One page of a merchant's product list: the products matched, and how many match in all. */
    public record ProductPage(List<Product> products, long matching) {
    }

    /**
     * The products whose id or name contains {@code query} (any case; all when blank), by id, at most
     * {@code limit}. It walks the whole catalog, which suits a merchant's page on the local store; a deployed
     * catalog would want an index of names.
     */
    public ProductPage products(String query, int limit) {
        if (limit < 1 || limit > 500) {
            throw ShopLensException.invalid("limit must be from 1 to 500, got " + limit);
        }
        String needle = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        List<Product> matching = new ArrayList<>();
        catalog.forEach(p -> {
            if (needle.isEmpty() || p.id().value().toLowerCase(Locale.ROOT).contains(needle)
                    || (p.name() != null && p.name().toLowerCase(Locale.ROOT).contains(needle))) {
                matching.add(p);
            }
        });
        matching.sort(Comparator.comparing(p -> p.id().value()));
        return new ProductPage(List.copyOf(matching.subList(0, Math.min(limit, matching.size()))), matching.size());
    }

    /** Each image of a product with where it stands in ingest (INDEXED normally; a record may lag). */
    public Map<ImageKey, Optional<ImageRecord>> imageStatuses(Product product) {
        Map<ImageKey, Optional<ImageRecord>> statuses = new LinkedHashMap<>();
        product.images().forEach(key -> statuses.put(key, records.find(key)));
        return statuses;
    }
}
