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
}
