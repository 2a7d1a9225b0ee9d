package dev.shoplens.core.port;

import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.Product;
import dev.shoplens.core.domain.ProductEdit;
import dev.shoplens.core.domain.ProductId;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Where products and their details live. */
public interface CatalogStore {

    Optional<Product> find(ProductId id);

    /** The products among {@code ids} that exist, in one call (search answers name many products). */
    Map<ProductId, Product> findAll(Collection<ProductId> ids);

    /**
     * Adds an image to a product in one atomic step, creating the product when it is new and merging the
     * given name and attributes (either may be null or empty) over the stored ones. Concurrent calls for
     * one product lose no image; adding an image twice is the same as once.
     */
    void addImage(ProductId id, ImageKey image, String name, Map<String, String> attributes, Instant now);

    /** Removes an image from its product in one atomic step; nothing happens when it is not listed. */
    void removeImage(ProductId id, ImageKey image, Instant now);

    /**
     * Applies a merchant's edit of the name and attributes in one atomic step, leaving the images alone;
     * the product as it is after the edit, or empty when there is no such product.
     */
    Optional<Product> edit(ProductId id, ProductEdit edit, Instant now);

    long count();

    /** Every product, one at a time (a re-index walks the whole catalog). */
    void forEach(Consumer<Product> action);
}
