package dev.shoplens.core.domain;

import java.util.List;

/** Products most like the photo, best first; equal scores are ordered by product id so answers repeat. */
public record SearchResult(List<ProductMatch> matches, String modelVersion, long embedMillis, long searchMillis) {
    public SearchResult {
        matches = List.copyOf(matches);
    }
}
