package dev.shoplens.local.http;

import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.Product;
import dev.shoplens.core.domain.ProductMatch;
import dev.shoplens.core.domain.SearchResult;

import java.util.List;
import java.util.Map;

/** The JSON shapes of the local HTTP API (the same shapes the search Lambda will answer with). */
final class ApiResponses {
    private ApiResponses() {
    }

    record ErrorBody(String error, String message) {
    }

    record Match(String productId, String name, Map<String, String> attributes, float score, String imageKey,
                 String imageUrl) {
    }

    record Timings(long embedMs, long searchMs) {
    }

    record Search(List<Match> results, String model, Timings timings) {
    }

    record ImageRef(String key, String url) {
    }

    record ProductBody(String id, String name, Map<String, String> attributes, List<ImageRef> images,
                       String createdAt, String updatedAt) {
    }

    record Ingested(String productId, String imageKey, String imageUrl, ProductBody product) {
    }

    record Health(String status, String model, long products, long images) {
    }

    static String imageUrl(ImageKey key) {
        return "/images/" + key.value();
    }

    static Search search(SearchResult result) {
        List<Match> matches = result.matches().stream().map(ApiResponses::match).toList();
        return new Search(matches, result.modelVersion(), new Timings(result.embedMillis(), result.searchMillis()));
    }

    private static Match match(ProductMatch m) {
        return new Match(m.productId().value(), m.name(), m.attributes(), m.score(), m.bestImage().value(),
                imageUrl(m.bestImage()));
    }

    static ProductBody product(Product p) {
        List<ImageRef> images = p.images().stream().map(k -> new ImageRef(k.value(), imageUrl(k))).toList();
        return new ProductBody(p.id().value(), p.name(), p.attributes(), images, p.createdAt().toString(),
                p.updatedAt().toString());
    }
}
