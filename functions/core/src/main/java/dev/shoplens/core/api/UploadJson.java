package dev.shoplens.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.domain.ShopLensException;
import dev.shoplens.core.service.PresignedUploadService.Upload;
import dev.shoplens.core.service.PresignedUploadService.UploadRequest;
import dev.shoplens.core.service.PresignedUploadService;

import java.util.Map;

/** The JSON of {@code POST /uploads}: what a client asks for, and the presigned PUT it gets. */
public final class UploadJson {
    public static final String EXPECTED = "{\"purpose\": \"query\"|\"catalog\", \"contentType\": \"image/jpeg\", "
            + "\"contentLength\": <bytes>, \"productId\": \"<for catalog images>\", \"sha256\": \"<optional>\"}";

    private UploadJson() {
    }

    /** The answer: where to PUT the image, with which headers, until when. */
    public record Granted(String key, String uploadUrl, String method, Map<String, String> headers, String expiresAt) {
        public static Granted of(Upload upload) {
            return new Granted(upload.key(), upload.signed().url().toString(), "PUT", upload.signed().headers(),
                    upload.signed().expiresAt().toString());
        }
    }

    /** @param callerIsMerchant what the transport knows of the caller (an IAM role, a Cognito group) */
    public static UploadRequest read(JsonNode json, boolean callerIsMerchant) {
        if (!json.path("contentLength").isIntegralNumber() || !json.path("contentLength").canConvertToLong()) {
            throw ShopLensException.invalid("'contentLength' must be the image's size in bytes: send " + EXPECTED);
        }
        JsonNode product = json.get("productId");
        if (product != null && !product.isNull() && !product.isTextual()) {
            throw ShopLensException.invalid("'productId' must be a string");
        }
        return new UploadRequest(PresignedUploadService.purpose(text(json, "purpose")), text(json, "contentType"),
                json.get("contentLength").asLong(), product == null || product.isNull() ? null : ProductId.of(product.asText()),
                callerIsMerchant, text(json, "sha256"));
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value != null && !value.isNull() && !value.isTextual()) {
            throw ShopLensException.invalid("'" + field + "' must be a string: send " + EXPECTED);
        }
        return value == null || value.isNull() ? null : value.asText();
    }
}
