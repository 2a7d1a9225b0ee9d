package dev.shoplens.core.domain;

import java.util.List;

/**
 * Products most like the photo, best first; equal scores are ordered by product id so answers repeat.
 *
 * @param nextCursor where the next page starts, or null when this page is the last
 * @param objects    with {@code "box": "auto"}, on the first page: each item found in the photo with the
 *                   products most like it alone; empty otherwise
 */
public record SearchResult(List<ProductMatch> matches, String modelVersion, long embedMillis, long searchMillis,
                           String nextCursor, List<ObjectMatches> objects) {
    public SearchResult {
        matches = List.copyOf(matches);
        objects = List.copyOf(objects);
    }

    public SearchResult(List<ProductMatch> matches, String modelVersion, long embedMillis, long searchMillis,
                        String nextCursor) {
        this(matches, modelVersion, embedMillis, searchMillis, nextCursor, List.of());
    }
}
