package dev.shoplens.core.service;

import dev.shoplens.core.domain.ErrorCode;
import dev.shoplens.core.domain.ImageRecord;
import dev.shoplens.core.domain.Product;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.domain.ShopLensException;
import dev.shoplens.core.domain.VectorId;
import dev.shoplens.core.port.CatalogStore;
import dev.shoplens.core.port.ImageRecords;
import dev.shoplens.core.port.VectorIndex;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Brings the attributes a product's vectors carry (what filters see) in line with the catalog's. Each pass
 * writes the attributes it read, then reads the catalog again: when an edit or an ingest changed them
 * meanwhile, it passes again, so whichever writer finishes last leaves the vectors as the catalog is.
 * The vectors are found through the image ledger, which knows each image's vector at once, where a search
 * of an eventually consistent index may not yet.
 */
final class VectorAttributeSync {
    private static final int MAX_PASSES = 5;

    private final CatalogStore catalog;
    private final ImageRecords records;
    private final VectorIndex index;

    VectorAttributeSync(CatalogStore catalog, ImageRecords records, VectorIndex index) {
        this.catalog = catalog;
        this.records = records;
        this.index = index;
    }

    /**
     * @return the product as its vectors now carry it; empty when it is not in the catalog
     * @throws ShopLensException CONFLICT when the product kept changing through every pass
     */
    Optional<Product> sync(ProductId id) {
        Optional<Product> product = catalog.find(id);
        for (int pass = 0; pass < MAX_PASSES && product.isPresent(); pass++) {
            Product written = product.get();
            List<VectorId> vectors = written.images().stream()
                    .map(records::find).flatMap(Optional::stream)
                    .map(ImageRecord::vectorId).filter(Objects::nonNull).toList();
            if (!vectors.isEmpty()) {
                index.setAttributes(vectors, written.attributes());
            }
            product = catalog.find(id);
            if (product.isEmpty() || product.get().attributes().equals(written.attributes())) {
                return product;
            }
        }
        if (product.isEmpty()) {
            return product;
        }
        throw new ShopLensException(ErrorCode.CONFLICT, "product '" + id + "' changed " + MAX_PASSES
                + " times while its vectors were being updated; send the change again");
    }
}
