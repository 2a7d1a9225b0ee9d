package dev.shoplens.core.domain;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Where a catalog image is stored: {@code catalog/<product-id>/<file name>}, the same key in S3 and in the
 * local image folder. The key names the product, so an upload needs nothing else to be indexed, and it is
 * the image's identity: a new object under the same key is a new version of the same image.
 */
public record ImageKey(String value) implements Comparable<ImageKey> {
    public static final String CATALOG_PREFIX = "catalog/";
    private static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "webp", "gif");
    private static final int MAX_BYTES = 1024; // S3's limit on key length

    public ImageKey {
        if (value == null || value.isBlank()) {
            throw ShopLensException.invalid("the image key is missing");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw ShopLensException.invalid("the image key is longer than " + MAX_BYTES + " bytes");
        }
        if (!value.startsWith(CATALOG_PREFIX)) {
            throw ShopLensException.invalid("image key '" + value + "' is outside the catalog: catalog images live "
                    + "under " + CATALOG_PREFIX + "<product-id>/<file>");
        }
        String[] parts = value.split("/", -1);
        if (parts.length != 3 || parts[2].isBlank() || value.contains("\\") || parts[2].startsWith(".")
                || value.chars().anyMatch(c -> c < 0x20)) {
            throw ShopLensException.invalid("image key '" + value + "' must be " + CATALOG_PREFIX
                    + "<product-id>/<file name>");
        }
        ProductId.of(parts[1]);
        int dot = parts[2].lastIndexOf('.');
        String ext = dot < 0 ? "" : parts[2].substring(dot + 1).toLowerCase(Locale.ROOT);
        if (!EXTENSIONS.contains(ext)) {
            throw new ShopLensException(ErrorCode.UNSUPPORTED_FORMAT, "image key '" + value
                    + "' does not end in .jpg, .jpeg, .png, .webp or .gif");
        }
    }

    public static ImageKey of(String value) {
        return new ImageKey(value);
    }

    public static ImageKey of(ProductId product, String fileName) {
        return new ImageKey(CATALOG_PREFIX + product.value() + "/" + fileName);
    }

    public ProductId productId() {
        return ProductId.of(value.split("/", 3)[1]);
    }

    public String fileName() {
        return value.substring(value.lastIndexOf('/') + 1);
    }

    @Override
    public int compareTo(ImageKey other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
