package dev.shoplens.core.service;

import dev.shoplens.core.domain.ErrorCode;
import dev.shoplens.core.domain.Product;
import dev.shoplens.core.domain.ProductEdit;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.domain.ShopLensException;
import dev.shoplens.core.port.CatalogStore;
import dev.shoplens.core.port.ImageRecords;
import dev.shoplens.core.port.VectorIndex;

import java.time.Clock;

/**
 * A merchant's edit of a product's name and attributes. The catalog changes first; then every vector of
 * the product takes the new attributes, so filters answer by them. When a step fails the edit can simply be
 * sent again: applying it twice is applying it once.
 */
public final class ProductEditService {
    private final CatalogStore catalog;
    private final VectorAttributeSync attributeSync;
    private final Clock clock;

    public ProductEditService(CatalogStore catalog, ImageRecords records, VectorIndex index, Clock clock) {
        this.catalog = catalog;
        this.attributeSync = new VectorAttributeSync(catalog, records, index);
        this.clock = clock;
    }

    /**
     * @return the product after the edit
     * @throws ShopLensException PRODUCT_NOT_FOUND when there is no such product; CONFLICT when others kept
     *                           changing it while its vectors were being updated
     */
    public Product edit(ProductId id, ProductEdit edit) {
        Product edited = catalog.edit(id, edit, clock.instant()).orElseThrow(() -> new ShopLensException(
                ErrorCode.PRODUCT_NOT_FOUND, "no product with id '" + id + "' in the catalog: a product is "
                + "created by adding its first image"));
        return attributeSync.sync(id).orElse(edited);
    }
}
