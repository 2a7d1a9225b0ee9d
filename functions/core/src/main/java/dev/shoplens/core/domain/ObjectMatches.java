package dev.shoplens.core.domain;

import java.util.List;

/** One item found in a search photo and the products most like it alone, best first. */
public record ObjectMatches(DetectedObject object, List<ProductMatch> matches) {
    public ObjectMatches {
        matches = List.copyOf(matches);
    }
}
