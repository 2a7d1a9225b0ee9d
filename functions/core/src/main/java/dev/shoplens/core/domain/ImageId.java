package dev.shoplens.core.domain;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * One catalog image. Derived from the image's bytes and its product, so adding the same image twice is
 * the same operation (idempotent), not a second vector.
 */
public record ImageId(String value) {
    private static final Pattern VALID = Pattern.compile("[a-f0-9]{24}");

    public ImageId {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new ShopLensException(ErrorCode.IMAGE_NOT_FOUND, "image id '" + value + "' is not valid");
        }
    }

    public static ImageId of(ProductId product, byte[] imageBytes) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(product.value().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(imageBytes);
            return new ImageId(HexFormat.of().formatHex(sha.digest(), 0, 12));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
