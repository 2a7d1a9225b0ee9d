package dev.shoplens.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoplens.core.domain.ShopLensException;

import java.util.Map;

/**
 * A request as the API routes see it, whatever carried it (API Gateway's event, the local server's HTTP):
 * the route ({@code "POST /search"}), the path's parameters, the query's (and a form's) parameters, and a
 * body that is a JSON object, a photo's bytes, or nothing.
 */
public record ApiRequest(String route, Map<String, String> pathParameters, Parameters parameters, JsonNode json,
                         byte[] photo) {

    public ApiRequest {
        pathParameters = pathParameters == null ? Map.of() : Map.copyOf(pathParameters);
        parameters = parameters == null ? Parameters.none() : parameters;
    }

    /** A path parameter the route requires. */
    public String pathParameter(String name) {
        String value = pathParameters.get(name);
        if (value == null) {
            throw ShopLensException.invalid("the path has no '" + name + "'");
        }
        return value;
    }
}
