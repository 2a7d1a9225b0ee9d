package dev.shoplens.local.http;

import dev.shoplens.core.api.ApiJson;
import dev.shoplens.core.api.ApiResponses;
import dev.shoplens.core.domain.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Jetty's own refusals (a request it cannot parse, a path it finds ambiguous such as an encoded '/') in the
 * API's error contract, instead of Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
                                              HttpServletResponse response, int code, String message) throws IOException {
        baseRequest.setHandled(true);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getOutputStream().write(body(code, message));
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status, reason));
    }

    private static byte[] body(int status, String reason) {
        String code = switch (status) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> ErrorCode.IMAGE_TOO_LARGE.wireName();
            default -> status >= 500 ? "internal_error" : ErrorCode.INVALID_ARGUMENT.wireName();
        };
        String message = "the server refused the request (" + status + (reason == null ? "" : ": " + reason)
                + ")" + (status == 400 ? "; check the path and its percent-encoding" : "");
        return ApiJson.write(new ApiResponses.ErrorBody(code, message)).getBytes(StandardCharsets.UTF_8);
    }
}
