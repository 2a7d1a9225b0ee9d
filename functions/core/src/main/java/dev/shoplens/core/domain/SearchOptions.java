package dev.shoplens.core.domain;

/**
 * What every search asks besides its query: how many products per page, which products may match, how
 * similar they must be, and where the page starts.
 *
 * @param k        products per page, 1 to {@link #MAX_K}
 * @param minScore the lowest cosine similarity a result may have, from -1 (all) to 1
 * @param cursor   {@code nextCursor} of the previous page, or null for the first page
 */
public record SearchOptions(int k, AttributeFilter filter, double minScore, String cursor) {
    public static final int DEFAULT_K = 10;
    public static final int MAX_K = 100;
    private static final SearchOptions DEFAULTS = new SearchOptions(DEFAULT_K, null, -1, null);

    public SearchOptions {
        if (k < 1 || k > MAX_K) {
            throw ShopLensException.invalid("k must be between 1 and " + MAX_K + ", got " + k);
        }
        filter = filter == null ? AttributeFilter.none() : AttributeFilter.bounded(filter);
        if (Double.isNaN(minScore) || minScore < -1 || minScore > 1) {
            throw ShopLensException.invalid("minScore must be a similarity from -1 to 1, got " + minScore);
        }
        if (cursor != null && cursor.isBlank()) {
            cursor = null;
        }
        if (cursor != null && cursor.length() > 512) {
            throw ShopLensException.invalid("the cursor is longer than any this service gives out");
        }
    }

    public static SearchOptions defaults() {
        return DEFAULTS;
    }

    public static SearchOptions top(int k) {
        return new SearchOptions(k, null, -1, null);
    }

    public SearchOptions withFilter(AttributeFilter f) {
        return new SearchOptions(k, f, minScore, cursor);
    }
}
