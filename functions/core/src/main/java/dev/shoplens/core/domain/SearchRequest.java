package dev.shoplens.core.domain;

/**
 * A photo search. {@code k} products come back at most; it is bounded so one request cannot ask for all.
 *
 * @param box      the part of the photo to search with, or null for all of it
 * @param minScore the lowest cosine similarity a result may have, from -1 (all) to 1
 */
public record SearchRequest(byte[] photo, int k, AttributeFilter filter, Box box, double minScore) {
    public static final int DEFAULT_K = 10;
    public static final int MAX_K = 100;

    public SearchRequest {
        if (k < 1 || k > MAX_K) {
            throw ShopLensException.invalid("k must be between 1 and " + MAX_K + ", got " + k);
        }
        if (photo == null || photo.length == 0) {
            throw new ShopLensException(ErrorCode.EMPTY_IMAGE, "the photo is empty: send the image bytes");
        }
        filter = filter == null ? AttributeFilter.none() : filter;
        if (Double.isNaN(minScore) || minScore < -1 || minScore > 1) {
            throw ShopLensException.invalid("minScore must be a similarity from -1 to 1, got " + minScore);
        }
    }

    public SearchRequest(byte[] photo, int k, AttributeFilter filter, Box box) {
        this(photo, k, filter, box, -1);
    }

    public SearchRequest(byte[] photo, int k) {
        this(photo, k, AttributeFilter.none(), null);
    }

    public SearchRequest(byte[] photo, int k, AttributeFilter filter) {
        this(photo, k, filter, null);
    }
}
