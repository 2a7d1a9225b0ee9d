package dev.shoplens.core.service;

import dev.shoplens.core.domain.ErrorCode;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.Product;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.domain.ShopLensException;
import dev.shoplens.core.port.CatalogStore;
import dev.shoplens.core.port.ImageStore;

/** Reads the catalog: products and the images behind their thumbnails. */
public final class CatalogService {
    private final CatalogStore catalog;
    private final ImageStore images;
    private final long maxImageBytes;

    public CatalogService(CatalogStore catalog, ImageStore images, long maxImageBytes) {
        this.catalog = catalog;
        this.images = images;
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

    public long productCount() {
        return catalog.count();
    }
}
