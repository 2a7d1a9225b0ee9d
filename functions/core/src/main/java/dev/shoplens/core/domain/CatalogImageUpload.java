package dev.shoplens.core.domain;

import java.util.Map;

/** A catalog image to add to a product, with optional product details to set or update at the same time. */
public record CatalogImageUpload(ProductId productId, byte[] image, String productName,
                                 Map<String, String> attributes) {
    public CatalogImageUpload {
        if (productId == null) {
            throw ShopLensException.invalid("product id is missing");
        }
        if (image == null || image.length == 0) {
            throw new ShopLensException(ErrorCode.EMPTY_IMAGE, "the image for product '" + productId
                    + "' is empty");
        }
        attributes = Attributes.validated(attributes);
        if (productName != null && productName.length() > 512) {
            throw ShopLensException.invalid("product name is longer than 512 characters");
        }
    }

    public static CatalogImageUpload of(ProductId productId, byte[] image) {
        return new CatalogImageUpload(productId, image, null, Map.of());
    }
}
