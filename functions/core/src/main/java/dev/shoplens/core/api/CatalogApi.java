package dev.shoplens.core.api;

import dev.shoplens.core.domain.ErrorCode;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.domain.ShopLensException;
import dev.shoplens.core.service.CatalogService;
import dev.shoplens.core.service.ProductEditService;

import java.util.function.Function;

/**
 * The merchants' routes that both the local server and the catalog function serve: {@code GET /products}
 * (the list, each image with where it stands in ingest), {@code PATCH /products/{id}} and {@code DELETE
 * /images/{key}}. Who may call them is the transport's decision (the local server trusts its machine; in AWS,
 * the merchant role or group).
 */
public final class CatalogApi {
    /**
     * Deletes a stored catalog image and says what became of it: the local server applies the removal at
     * once (REMOVED, or SKIPPED when a newer event had already changed the image); in AWS the object is
     * deleted and its notification removes the vector moments later (DELETED).
     */
    @FunctionalInterface
    public interface ImageRemoval {
        String delete(ImageKey key);
    }

    private final ProductEditService edits;
    private final CatalogService catalog;
    private final ImageRemoval removal;
    private final Function<ImageKey, String> imageUrl;

    public CatalogApi(ProductEditService edits, CatalogService catalog, ImageRemoval removal,
                      Function<ImageKey, String> imageUrl) {
        this.edits = edits;
        this.catalog = catalog;
        this.removal = removal;
        this.imageUrl = imageUrl;
    }

    public ApiResponse handle(ApiRequest request) {
        try {
            return switch (request.route()) {
                case "GET /products" -> list(request.parameters());
                case "PATCH /products/{id}" -> ApiResponse.ok(ApiResponses.product(edits.edit(
                        ProductId.of(request.pathParameter("id")), ProductEditJson.read(request.json())), imageUrl));
                case "DELETE /images/{key}" -> {
                    ImageKey key = catalogKey(request.pathParameter("key"));
                    yield ApiResponse.ok(new ApiResponses.ImageRemoved(key.value(), removal.delete(key)));
                }
                default -> ApiResponse.notFound(request.route());
            };
        } catch (ShopLensException e) {
            return ApiResponse.error(e);
        }
    }

    /** A merchant's product list: {@code q} filters by id or name, {@code limit} (default 50) caps it. */
    private ApiResponse list(Parameters parameters) {
        String limitText = parameters.one("limit").orElse(null);
        int limit;
        try {
            limit = limitText == null ? 50 : Integer.parseInt(limitText.strip());
        } catch (NumberFormatException e) {
            throw ShopLensException.invalid("limit must be a whole number from 1 to 500, got '" + limitText + "'");
        }
        CatalogService.ProductPage page = catalog.products(parameters.one("q").orElse(null), limit);
        return ApiResponse.ok(new ApiResponses.ProductList(page.products().stream().map(p -> ApiResponses
                .merchantProduct(p, catalog.imageStatuses(p), imageUrl)).toList(), page.matching()));
    }

    /** A key that is no catalog image's is an image not found, as the image route says. */
    public static ImageKey catalogKey(String text) {
        try {
            return ImageKey.of(text);
        } catch (ShopLensException e) {
            throw new ShopLensException(ErrorCode.IMAGE_NOT_FOUND, "no catalog image under '" + text + "': "
                    + e.getMessage());
        }
    }
}
