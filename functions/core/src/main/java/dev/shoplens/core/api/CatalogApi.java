package dev.shoplens.core.api;

import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.domain.ShopLensException;
import dev.shoplens.core.service.ProductEditService;

import java.util.function.Function;

/**
 * The merchants' routes that both the local server and the search function serve: {@code PATCH
 * /products/{id}}. Who may call them is the transport's decision (the local server trusts its machine; in
 * AWS, the merchant role or group).
 */
public final class CatalogApi {
    private final ProductEditService edits;
    private final Function<ImageKey, String> imageUrl;

    public CatalogApi(ProductEditService edits, Function<ImageKey, String> imageUrl) {
        this.edits = edits;
        this.imageUrl = imageUrl;
    }

    /** Whether {@code route} ("PATCH /products/{id}") is one of these. */
    public static boolean serves(String route) {
        return route.equals("PATCH /products/{id}");
    }

    public ApiResponse handle(ApiRequest request) {
        try {
            if (!serves(request.route())) {
                return ApiResponse.notFound(request.route());
            }
            return ApiResponse.ok(ApiResponses.product(edits.edit(ProductId.of(request.pathParameter("id")),
                    ProductEditJson.read(request.json())), imageUrl));
        } catch (ShopLensException e) {
            return ApiResponse.error(e);
        }
    }
}
