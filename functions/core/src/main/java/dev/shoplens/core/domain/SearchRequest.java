package dev.shoplens.core.domain;

/**
 * A photo search.
 *
 * @param box      the part of the photo to search with, or null for all of it
 * @param autoCrop also search with each item the object finder sees in the photo, keep each product's
 *                 best score of all the searches, and answer each item alone too
 */
public record SearchRequest(byte[] photo, Box box, boolean autoCrop, SearchOptions options) {
    public static final int DEFAULT_K = SearchOptions.DEFAULT_K;
    public static final int MAX_K = SearchOptions.MAX_K;

    public SearchRequest {
        if (photo == null || photo.length == 0) {
            throw new ShopLensException(ErrorCode.EMPTY_IMAGE, "the photo is empty: send the image bytes");
        }
        options = options == null ? SearchOptions.defaults() : options;
        if (autoCrop && box != null) {
            throw ShopLensException.invalid("send a box or ask for the automatic crop (\"box\": \"auto\"), not both");
        }
    }

    public SearchRequest(byte[] photo, Box box, SearchOptions options) {
        this(photo, box, false, options);
    }

    public SearchRequest(byte[] photo, int k, AttributeFilter filter, Box box, double minScore) {
        this(photo, box, new SearchOptions(k, filter, minScore, null));
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
