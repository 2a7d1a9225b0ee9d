package dev.shoplens.functions.uploads;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoplens.aws.AwsClients;
import dev.shoplens.aws.AwsSettings;
import dev.shoplens.aws.s3.S3UploadSigner;
import dev.shoplens.core.api.ApiResponses;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.domain.ShopLensException;
import dev.shoplens.core.service.PresignedUploadService;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * POST /uploads: a presigned PUT for a query photo (anyone the API lets in) or a catalog image (merchants).
 * Body: {@code {"purpose": "query"|"catalog", "contentType": "image/jpeg", "contentLength": 123456,
 * "productId": "..."}}.
 */
public final class UploadsHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final class Holder {
        static final UploadsHandler INSTANCE = fromEnvironment();

        private static UploadsHandler fromEnvironment() {
            AwsSettings settings = AwsSettings.fromEnvironment();
            AwsClients clients = AwsClients.of(settings);
            return new UploadsHandler(new PresignedUploadService(new S3UploadSigner(clients.presigner(), settings.imageBucket()),
                    settings.limits().maxBytes()), MerchantPolicy.of(settings.merchants()));
        }
    }

    private final PresignedUploadService uploads;
    private final MerchantPolicy merchants;

    public UploadsHandler() {
        this(Holder.INSTANCE.uploads, Holder.INSTANCE.merchants);
    }

    public UploadsHandler(PresignedUploadService uploads, MerchantPolicy merchants) {
        this.uploads = uploads;
        this.merchants = merchants;
    }

    record UploadBody(String key, String uploadUrl, String method, Map<String, String> headers, String expiresAt) {
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        try {
            PresignedUploadService.Upload upload = uploads.prepare(request(event));
            return respond(201, new UploadBody(upload.key(), upload.signed().url().toString(), "PUT",
                    upload.signed().headers(), upload.signed().expiresAt().toString()));
        } catch (ShopLensException e) {
            return respond(ApiResponses.status(e.code()), new ApiResponses.ErrorBody(e.code().wireName(), e.getMessage()));
        }
    }

    private PresignedUploadService.UploadRequest request(APIGatewayV2HTTPEvent event) {
        String body = event.getBody();
        if (body != null && event.getIsBase64Encoded()) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        JsonNode json;
        try {
            json = body == null ? null : JSON.readTree(body);
        } catch (IOException e) {
            throw ShopLensException.invalid("the request body is not valid JSON");
        }
        if (json == null || !json.isObject()) {
            throw ShopLensException.invalid("send {\"purpose\": \"query\", \"contentType\": \"image/jpeg\", "
                    + "\"contentLength\": <bytes>}");
        }
        if (!json.path("contentLength").isIntegralNumber()) {
            throw ShopLensException.invalid("'contentLength' must be the image's size in bytes");
        }
        String product = json.path("productId").asText(null);
        return new PresignedUploadService.UploadRequest(PresignedUploadService.purpose(json.path("purpose").asText(null)),
                json.path("contentType").asText(null), json.path("contentLength").asLong(),
                product == null ? null : ProductId.of(product), merchants.isMerchant(event));
    }

    private static APIGatewayV2HTTPResponse respond(int status, Object body) {
        try {
            return APIGatewayV2HTTPResponse.builder().withStatusCode(status)
                    .withHeaders(Map.of("Content-Type", "application/json"))
                    .withBody(JSON.writeValueAsString(body)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a response always serialises", e);
        }
    }
}
