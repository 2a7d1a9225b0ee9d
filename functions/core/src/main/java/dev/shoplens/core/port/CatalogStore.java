package dev.shoplens.core.port;

import dev.shoplens.core.domain.ImageId;
import dev.shoplens.core.domain.Product;
import dev.shoplens.core.domain.ProductId;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** Where products and their details live. */
public interface CatalogStore {

    Optional<Product> find(ProductId id);

    /** The products among {@code ids} that exist, in one call (search answers name many products). */
    Map<ProductId, Product> findAll(Collection<ProductId> ids);

    /**
     * Adds an image to a product in one atomic step, creating the product when it is new and merging the
     * given name and attributes over the stored ones. Concurrent calls for one product lose no image.
     *
     * @return the product as stored after the change
     */
    Product addImage(ProductId id, ImageId image, String name, Map<String, String> attributes, Instant now);

    long count();
}
