package dev.shoplens.functions.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoplens.aws.AwsApplication;
import dev.shoplens.aws.s3.S3QueryPhotos;
import dev.shoplens.core.api.ApiResponses;
import dev.shoplens.core.api.SearchJson;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.domain.SearchResult;
import dev.shoplens.core.domain.ShopLensException;
import dev.shoplens.core.service.CatalogService;
import dev.shoplens.core.service.SearchService;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * The search API's routes, free of Lambda types: a route key, parameters and a body in, a status and a
 * JSON body out. Every refusal is a 4xx with {@code {"error", "message"}}.
 */
public final class SearchRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SearchService search;
    private final CatalogService catalog;
    private final S3QueryPhotos queryPhotos;
    private final Function<ImageKey, String> imageUrl;
    private final long maxImageBytes;

    public SearchRoutes(SearchService search, CatalogService catalog, S3QueryPhotos queryPhotos,
                        Function<ImageKey, String> imageUrl, long maxImageBytes) {
        this.search = search;
        this.catalog = catalog;
        this.queryPhotos = queryPhotos;
        this.imageUrl = imageUrl;
        this.maxImageBytes = maxImageBytes;
    }

    public static SearchRoutes of(AwsApplication app) {
        S3Presigner presigner = app.presigner();
        String bucket = app.settings().imageBucket();
        // Thumbnails come straight from S3 through short-lived presigned GETs.
        Function<ImageKey, String> thumbnails = key -> presigner.presignGetObject(p -> p
                .signatureDuration(Duration.ofMinutes(15))
                .getObjectRequest(g -> g.bucket(bucket).key(key.value()))).url().toString();
        return new SearchRoutes(app.search(), app.catalogService(), new S3QueryPhotos(app.s3(), bucket), thumbnails,
                app.settings().limits().maxBytes());
    }

    public record Response(int status, Object body) {
    }

    public Response handle(String routeKey, Map<String, String> pathParameters, Map<String, String> query,
                           String body) {
        try {
            return switch (routeKey == null ? "" : routeKey) {
                case "POST /search" -> search(body);
                case "GET /products/{id}" -> new Response(200,
                        ApiResponses.product(catalog.product(productId(pathParameters)), imageUrl));
                case "GET /products/{id}/similar" -> {
                    SearchJson.Options options = SearchJson.fromParameters(query);
                    yield new Response(200, ApiResponses.search(search.similar(productId(pathParameters),
                            options.search()), imageUrl, options.fields()));
                }
                default -> new Response(404, new ApiResponses.ErrorBody("not_found", "no route " + routeKey));
            };
        } catch (ShopLensException e) {
            return new Response(ApiResponses.status(e.code()), new ApiResponses.ErrorBody(e.code().wireName(),
                    e.getMessage()));
        }
    }

    private Response search(String body) {
        if (body == null || body.isBlank()) {
            throw ShopLensException.invalid("the request body is empty: send {\"image\": \"<base64>\"} or "
                    + "{\"queryKey\": \"queries/...\"}");
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            throw ShopLensException.invalid("the request body is not valid JSON: send "
                    + "{\"image\": \"<base64>\"} or {\"queryKey\": \"queries/...\"}");
        }
        if (json == null || !json.isObject()) {
            throw ShopLensException.invalid("the request body must be a JSON object");
        }
        boolean inline = json.hasNonNull("image");
        boolean uploaded = json.hasNonNull("queryKey");
        if (inline == uploaded) {
            throw ShopLensException.invalid("send exactly one of 'image' (base64) and 'queryKey'");
        }
        SearchJson.Options options = SearchJson.read(json);
        byte[] photo = inline ? SearchJson.inlineImage(json)
                : queryPhotos.read(json.get("queryKey").asText(), maxImageBytes);
        SearchResult result = search.search(options.request(photo));
        return new Response(200, ApiResponses.search(result, imageUrl, options.fields()));
    }

    private static ProductId productId(Map<String, String> pathParameters) {
        return ProductId.of(pathParameters == null ? null : pathParameters.get("id"));
    }
}
