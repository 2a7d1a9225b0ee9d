package dev.shoplens.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.shoplens.core.api.ResultFields.Field;
import dev.shoplens.core.domain.Box;
import dev.shoplens.core.domain.ErrorCode;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.ImageRecord;
import dev.shoplens.core.domain.Product;
import dev.shoplens.core.domain.ProductMatch;
import dev.shoplens.core.domain.SearchResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The JSON shapes of the HTTP API, the same from the local server and from the search Lambda. Where a
 * thumbnail is served from differs, so each entry point says how to turn an image key into a URL.
 */
public final class ApiResponses {
    private ApiResponses() {
    }

    public record ErrorBody(String error, String message) {
    }

    /** The HTTP status of a refusal, the same on every entry point. */
    public static int status(ErrorCode code) {
        return switch (code.kind()) {
            case BAD_INPUT -> 400;
            case TOO_LARGE -> 413;
            case UNSUPPORTED_MEDIA -> 415;
            case NOT_FOUND -> 404;
            case FORBIDDEN -> 403;
            case CONFLICT -> 409;
            case UNAVAILABLE -> 503;
        };
    }

    /** Fields a client left out of {@code fields} are absent from the JSON. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Match(String productId, String name, Map<String, String> attributes, Float score, String imageKey,
                 String imageUrl) {
    }

    public record Timings(long embedMs, long searchMs) {
    }

    /**
     * {@code nextCursor} is null on the last page; {@code objects} only with {@code "box": "auto"} on the first
     * page, one per item found in the photo.
     */
    public record Search(List<Match> results, String nextCursor, String model, Timings timings,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FoundObject> objects) {
    }

    /** An item found in the photo: its box (left, top, right, bottom, from 0 to 1), how sure, its own matches. */
    public record FoundObject(List<Double> box, double score, List<Match> results) {
    }

    public record ImageRef(String key, String url) {
    }

    public record ProductBody(String id, String name, Map<String, String> attributes, List<ImageRef> images,
                       String createdAt, String updatedAt) {
    }

    public record Ingested(String productId, String imageKey, String imageUrl, ProductBody product) {
    }

    public record Health(String status, String model, long products, long images) {
    }

    /** An image's place in ingest; {@code reason} only when it FAILED. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ImageStatus(String key, String status, String reason, String model, String updatedAt) {
    }

    /** A merchant's view of a product: each image with where it stands in ingest. */
    public record MerchantProduct(String id, String name, Map<String, String> attributes,
                                  List<MerchantImage> images, String updatedAt) {
    }

    /** {@code status} is null while no image event has been recorded for the key. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MerchantImage(String key, String url, String status, String reason) {
    }

    public record ProductList(List<MerchantProduct> products, long matching) {
    }

    /** What deleting an image did: REMOVED, or SKIPPED when a newer event had already changed it. */
    public record ImageRemoved(String key, String result) {
    }

    public static MerchantProduct merchantProduct(Product p, Map<ImageKey, Optional<ImageRecord>> statuses,
                                                  Function<ImageKey, String> imageUrl) {
        List<MerchantImage> images = new ArrayList<>();
        statuses.forEach((key, record) -> images.add(new MerchantImage(key.value(), imageUrl.apply(key),
                record.map(r -> r.status().name()).orElse(null), record.map(ImageRecord::failure).orElse(null))));
        return new MerchantProduct(p.id().value(), p.name(), p.attributes(), images, p.updatedAt().toString());
    }

    public static ImageStatus imageStatus(ImageRecord record) {
        return new ImageStatus(record.key().value(), record.status().name(), record.failure(),
                record.status() == ImageRecord.Status.INDEXED ? record.modelVersion() : null,
                record.updatedAt() == null ? null : record.updatedAt().toString());
    }

    public static Search search(SearchResult result, Function<ImageKey, String> imageUrl) {
        return search(result, imageUrl, ResultFields.all());
    }

    public static Search search(SearchResult result, Function<ImageKey, String> imageUrl, ResultFields fields) {
        List<Match> matches = result.matches().stream().map(m -> match(m, imageUrl, fields)).toList();
        List<FoundObject> objects = result.objects().stream().map(o -> {
            Box b = o.object().box();
            return new FoundObject(List.of(round(b.left()), round(b.top()), round(b.right()), round(b.bottom())),
                    round(o.object().score()), o.matches().stream().map(m -> match(m, imageUrl, fields)).toList());
        }).toList();
        return new Search(matches, result.nextCursor(), result.modelVersion(),
                new Timings(result.embedMillis(), result.searchMillis()), objects);
    }

    /** Four decimals: a thousandth of a 4,000-pixel photo is enough for a box, and shorter to send. */
    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    private static Match match(ProductMatch m, Function<ImageKey, String> imageUrl, ResultFields fields) {
        // The URL is only signed or built when asked for: presigning costs a little on every match.
        return new Match(m.productId().value(),
                fields.has(Field.NAME) ? m.name() : null,
                fields.has(Field.ATTRIBUTES) ? m.attributes() : null,
                fields.has(Field.SCORE) ? m.score() : null,
                fields.has(Field.IMAGE_KEY) ? m.bestImage().value() : null,
                fields.has(Field.IMAGE_URL) ? imageUrl.apply(m.bestImage()) : null);
    }

    public static ProductBody product(Product p, Function<ImageKey, String> imageUrl) {
        List<ImageRef> images = p.images().stream().map(k -> new ImageRef(k.value(), imageUrl.apply(k))).toList();
        return new ProductBody(p.id().value(), p.name(), p.attributes(), images, p.createdAt().toString(),
                p.updatedAt().toString());
    }
}
