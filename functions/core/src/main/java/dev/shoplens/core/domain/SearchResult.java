package dev.shoplens.core.domain;

import java.util.List;

/**
 * Products most like the photo, best first; equal scores are ordered by product id so answers repeat.
 *
 * @param nextCursor where the next page starts, or null when this page is the last
 */
public record SearchResult(List<ProductMatch> matches, String modelVersion, long embedMillis, long searchMillis,
                           String nextCursor) {
    public SearchResult {
        matches = List.copyOf(matches);
    }
}
