package dev.shoplens.core.domain;

import java.text.Normalizer;
import java.util.regex.Pattern;

/** A merchant's product identifier: short, URL- and path-safe, so it can name folders and S3 keys. */
public record ProductId(String value) implements Comparable<ProductId> {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public ProductId {
        if (value == null || value.isBlank()) {
            throw ShopLensException.invalid("product id is missing");
        }
        if (!VALID.matcher(value).matches()) {
            throw ShopLensException.invalid("product id '" + abbreviate(value)
                    + "' is not valid: use 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    public static ProductId of(String value) {
        return new ProductId(value);
    }

    /**
     * The product id a merchant's folder name most likely means: accents dropped, every run of other
     * characters made one '-' ({@code "Summer Dress (2)"} to {@code "Summer-Dress-2"}); empty when nothing
     * of the name is left.
     */
    public static String suggestedFor(String folder) {
        String plain = Normalizer.normalize(folder == null ? "" : folder, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        String slug = plain.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[^A-Za-z0-9]+", "").replaceAll("-+$", "");
        return slug.length() > 128 ? slug.substring(0, 128) : slug;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    @Override
    public int compareTo(ProductId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
