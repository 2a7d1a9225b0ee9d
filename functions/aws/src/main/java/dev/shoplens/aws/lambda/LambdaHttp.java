package dev.shoplens.aws.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.shoplens.core.api.ApiJson;
import dev.shoplens.core.api.ApiRequest;
import dev.shoplens.core.api.ApiResponse;
import dev.shoplens.core.api.Parameters;
import dev.shoplens.core.domain.ShopLensException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * API Gateway's HTTP API (payload format 2.0) to and from the API routes' requests and answers: the one
 * place that decodes an event's body and query and shapes a response.
 */
public final class LambdaHttp {
    private LambdaHttp() {
    }

    /**
     * The request of an event. The query comes from {@code rawQueryString}, because API Gateway joins a
     * repeated parameter's values with commas in {@code queryStringParameters}. A body with an image content
     * type is a photo; any other body must be a JSON object.
     *
     * @param expected the JSON body the route wants, for the message when it is something else
     */
    public static ApiRequest request(APIGatewayV2HTTPEvent event, String expected) {
        Parameters query = event.getRawQueryString() != null ? Parameters.fromQueryString(event.getRawQueryString())
                : Parameters.ofSingle(event.getQueryStringParameters());
        byte[] body = body(event);
        String type = header(event, "content-type").toLowerCase(Locale.ROOT);
        boolean photo = type.startsWith("image/") || type.startsWith("application/octet-stream");
        JsonNode json = body.length == 0 || photo ? null : ApiJson.object(body, expected);
        // A greedy path parameter ({key+}) is one parameter to the routes: "DELETE /images/{key}"
        String route = event.getRouteKey() == null ? "" : event.getRouteKey().replace("+}", "}");
        return new ApiRequest(route, event.getPathParameters(),
                query, json, photo && body.length > 0 ? body : null);
    }

    public static APIGatewayV2HTTPResponse response(ApiResponse response) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(response.status())
                .withHeaders(Map.of("Content-Type", "application/json"))
                .withBody(ApiJson.write(response.body())).build();
    }

    private static byte[] body(APIGatewayV2HTTPEvent event) {
        String body = event.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (!event.getIsBase64Encoded()) {
            return body.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw ShopLensException.invalid("the request body is marked base64 but is not valid base64");
        }
    }

    private static String header(APIGatewayV2HTTPEvent event, String name) {
        if (event.getHeaders() == null) {
            return "";
        }
        return event.getHeaders().entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse("");
    }
}
