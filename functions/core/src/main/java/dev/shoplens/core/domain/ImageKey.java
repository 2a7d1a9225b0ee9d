package dev.shoplens.core.domain;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Where a catalog image is stored: {@code catalog/<product-id>/<file name>}, the same key in S3 and in the
 * local image folder. The key names the product, so an upload needs nothing else to be indexed, and it is
 * the image's identity: a new object under the same key is a new version of the same image.
 * <p>
 * A key whose folder is no valid product id (what {@code aws s3 sync} of a merchant's folders makes:
 * {@code catalog/summer dress/photo (1).jpg}) is still a key, so that its object gets an image record that
 * says why it is not indexed, and which name to use instead ({@link #productFolderProblem()}). The file's
 * extension is not checked either: what the bytes are decides, and a file that is no accepted picture gets
 * a FAILED record naming the accepted formats.
 */
public record ImageKey(String value) implements Comparable<ImageKey> {
    public static final String CATALOG_PREFIX = "catalog/";
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
        if (parts[1].isBlank() || parts[1].equals(".") || parts[1].equals("..")) {
            throw ShopLensException.invalid("image key '" + value + "' must be " + CATALOG_PREFIX
                    + "<product-id>/<file name>");
        }
    }

    public static ImageKey of(String value) {
        return new ImageKey(value);
    }

    /**
     * The key of a catalog image named by its content: the first 12 bytes of its SHA-256 (24 hex digits),
     * so the same picture stored twice under a product is one image, and an import can tell what it stored.
     */
    public static ImageKey ofContent(ProductId product, String sha256Hex, String extension) {
        if (sha256Hex == null || !sha256Hex.matches("[0-9a-f]{64}")) {
            throw ShopLensException.invalid("a SHA-256 is 64 lower-case hex digits, got '" + sha256Hex + "'");
        }
        return of(product, sha256Hex.substring(0, 24) + "." + extension);
    }

    public static ImageKey of(ProductId product, String fileName) {
        return new ImageKey(CATALOG_PREFIX + product.value() + "/" + fileName);
    }

    /** @throws ShopLensException when the folder is no valid product id ({@link #productFolderProblem()}) */
    public ProductId productId() {
        return ProductId.of(folder());
    }

    /** The product folder of the key, as the merchant named it. */
    public String folder() {
        return value.split("/", 3)[1];
    }

    /**
     * Why the folder cannot name a product, with the id to use instead; empty when it is a valid product id.
     */
    public Optional<String> productFolderProblem() {
        try {
            ProductId.of(folder());
            return Optional.empty();
        } catch (ShopLensException e) {
            String suggestion = ProductId.suggestedFor(folder());
            return Optional.of("the folder '" + folder() + "' is not a product id (1 to 128 letters, digits, '.', "
                    + "'_' or '-', starting with a letter or digit)" + (suggestion.isEmpty() ? ""
                    : ": store the image under " + CATALOG_PREFIX + suggestion + "/" + fileName() + " instead"));
        }
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
