package dev.shoplens.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.domain.ShopLensException;
import dev.shoplens.core.imaging.ImageDecoder;
import dev.shoplens.core.port.QueryPhotos;
import dev.shoplens.core.service.CatalogService;
import dev.shoplens.core.service.SearchService;

import java.util.function.Function;

/**
 * The search API's routing table, shared by the search function and the local server: {@code POST /search},
 * {@code GET /products/{id}}, {@code GET /products/{id}/similar} and {@code GET /image-status?key=...}. Each transport turns its request into
 * an {@link ApiRequest} and the {@link ApiResponse} into its answer; every refusal is a 4xx in the error
 * contract.
 */
public final class SearchApi {
    /** What a JSON search body holds, for the messages of every transport. */
    public static final String SEARCH_BODY = "{\"image\": \"<base64>\"} or {\"queryKey\": \"queries/...\"}";

    private final SearchService search;
    private final CatalogService catalog;
    private final QueryPhotos queryPhotos;
    private final Function<ImageKey, String> imageUrl;
    private final long maxImageBytes;

    /**
     * @param imageUrl where a client fetches a catalog image (a presigned S3 URL, or the local server's path)
     */
    public SearchApi(SearchService search, CatalogService catalog, QueryPhotos queryPhotos,
                     Function<ImageKey, String> imageUrl, long maxImageBytes) {
        this.search = search;
        this.catalog = catalog;
        this.queryPhotos = queryPhotos;
        this.imageUrl = imageUrl;
        this.maxImageBytes = maxImageBytes;
    }

    public ApiResponse handle(ApiRequest request) {
        try {
            return switch (request.route()) {
                case "POST /search" -> search(request);
                case "GET /products/{id}" -> ApiResponse.ok(ApiResponses.product(
                        catalog.product(ProductId.of(request.pathParameter("id"))), imageUrl));
                case "GET /products/{id}/similar" -> {
                    SearchJson.Options options = SearchJson.fromParameters(request.parameters());
                    yield ApiResponse.ok(ApiResponses.search(search.similar(ProductId.of(request.pathParameter("id")),
                            options.search()), imageUrl, options.fields()));
                }
                case "GET /image-status" -> ApiResponse.ok(ApiResponses.imageStatus(catalog.imageStatus(
                        ImageKey.of(request.parameters().one("key").orElseThrow(() -> ShopLensException.invalid(
                                "give the image's key: /image-status?key=catalog/<product-id>/<file>"))))));
                default -> ApiResponse.notFound(request.route());
            };
        } catch (ShopLensException e) {
            return ApiResponse.error(e);
        }
    }

    /** A JSON body names the photo (inline or uploaded) and the options; a photo body takes them as parameters. */
    private ApiResponse search(ApiRequest request) {
        byte[] photo;
        SearchJson.Options options;
        if (request.json() != null) {
            JsonNode json = request.json();
            boolean inline = json.hasNonNull("image");
            if (inline == json.hasNonNull("queryKey")) {
                throw ShopLensException.invalid("send exactly one of 'image' (base64) and 'queryKey'");
            }
            options = SearchJson.read(json);
            photo = inline ? SearchJson.inlineImage(json) : queryPhotos.read(queryKey(json), maxImageBytes);
        } else if (request.photo() != null) {
            options = SearchJson.fromParameters(request.parameters());
            photo = request.photo();
        } else {
            throw ShopLensException.invalid("the request body is empty: send " + SEARCH_BODY
                    + ", or the photo itself with an image/* content type");
        }
        if (photo.length > maxImageBytes) { // an inline photo is bounded as an uploaded one is
            throw ImageDecoder.tooManyBytes(photo.length, maxImageBytes);
        }
        return ApiResponse.ok(ApiResponses.search(search.search(options.request(photo)), imageUrl, options.fields()));
    }

    private static String queryKey(JsonNode json) {
        JsonNode key = json.get("queryKey");
        if (!key.isTextual()) {
            throw ShopLensException.invalid("'queryKey' must be the key string POST /uploads gave, e.g. \"queries/...\"");
        }
        return key.asText();
    }
}
