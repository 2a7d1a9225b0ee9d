package dev.shoplens.core.api;

import dev.shoplens.core.domain.ShopLensException;

/**
 * What an API route answers, before any transport shapes it: a status and a body that serialises to JSON.
 * Every refusal has the same body, {@code {"error": "<code>", "message": "<what to do>"}}.
 */
public record ApiResponse(int status, Object body) {

    public static ApiResponse ok(Object body) {
        return new ApiResponse(200, body);
    }

    /** The error contract for a refusal, with the status its code has on every entry point. */
    public static ApiResponse error(ShopLensException e) {
        return new ApiResponse(ApiResponses.status(e.code()), new ApiResponses.ErrorBody(e.code().wireName(),
                e.getMessage()));
    }

    public static ApiResponse notFound(String route) {
        return new ApiResponse(404, new ApiResponses.ErrorBody("not_found", "no route " + route));
    }

    /** A failure of the server's own: nothing the client sent was applied, and it may try again. */
    public static ApiResponse internalError() {
        return new ApiResponse(500, new ApiResponses.ErrorBody("internal_error",
                "the server failed to answer; nothing was changed, try again"));
    }
}
