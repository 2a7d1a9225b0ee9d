package dev.shoplens.core.domain;

import java.util.Map;

/** One product in a search answer, with the catalog image that matched best and its cosine similarity. */
public record ProductMatch(ProductId productId, String name, Map<String, String> attributes, ImageKey bestImage,
                           float score) {
}
