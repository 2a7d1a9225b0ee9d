package dev.shoplens.functions.uploads;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoplens.aws.ApiContract;
import dev.shoplens.aws.AwsClients;
import dev.shoplens.aws.LocalAws;
import dev.shoplens.aws.LocalServices;
import dev.shoplens.aws.lambda.LocalLambdaContext;
import dev.shoplens.aws.lambda.MerchantPolicy;
import dev.shoplens.aws.s3.S3UploadSigner;
import dev.shoplens.core.service.PresignedUploadService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The uploads sample events fed to the handler, with URLs signed for moto_server's S3. moto does not check
 * signatures, so what a URL binds is checked by reading the signed request itself.
 */
class UploadsHandlerTest {
    private static final String BUCKET = "shoplens-uploads-test";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = LocalAws.repositoryRoot();
    private static S3Client s3;
    private static UploadsHandler handler;

    @AfterAll
    static void theUploadsRouteWasCheckedAgainstTheDocument() {
        assertThat(ApiContract.exercised()).contains("POST /uploads");
    }

    @BeforeAll
    static void start() {
        LocalServices.start();
        AwsClients clients = LocalServices.clients();
        s3 = clients.s3();
        try {
            s3.createBucket(b -> b.bucket(BUCKET));
        } catch (software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException e) {
            // an earlier run of this class
        }
        handler = new UploadsHandler(new PresignedUploadService(new S3UploadSigner(clients.presigner(), BUCKET), 20L << 20),
                new MerchantPolicy("shoplens-merchant", "merchants"));
    }

    private static APIGatewayV2HTTPEvent event(String file) throws IOException {
        try (InputStream in = Files.newInputStream(ROOT.resolve("events").resolve(file))) {
            return LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class,
                    UploadsHandlerTest.class.getClassLoader()).fromJson(in);
        }
    }

    record Reply(int status, JsonNode body) {
    }

    private static Reply call(APIGatewayV2HTTPEvent event) throws IOException {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, new LocalLambdaContext("uploads"));
        ApiContract.check(event, response);
        return new Reply(response.getStatusCode(), JSON.readTree(response.getBody()));
    }

    private static Reply withBody(String file, String body) throws IOException {
        APIGatewayV2HTTPEvent event = event(file);
        event.setBody(body);
        return call(event);
    }

    @Test
    void aQueryUploadIsSignedForItsTypeAndSizeAndWorks() throws Exception {
        byte[] photo = Files.readAllBytes(ROOT.resolve("local/sample-queries/teddy-bear.jpg"));
        Reply reply = withBody("http-post-upload-query.json", "{\"purpose\": \"query\", \"contentType\": \"image/jpeg\", "
                + "\"contentLength\": " + photo.length + "}");
        assertThat(reply.status()).isEqualTo(201);
        String key = reply.body().path("key").asText();
        assertThat(key).matches("queries/[0-9a-f-]{36}\\.jpg");
        String url = reply.body().path("uploadUrl").asText();
        assertThat(url).contains("X-Amz-Expires=300").contains("X-Amz-Signature=");
        String signedHeaders = java.net.URLDecoder.decode(url.replaceAll(".*X-Amz-SignedHeaders=([^&]*).*", "$1"),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(signedHeaders.split(";")).contains("content-length", "content-type", "host");
        assertThat(reply.body().path("headers").path("Content-Type").asText()).isEqualTo("image/jpeg");
        assertThat(reply.body().path("headers").path("Content-Length").asText()).isEqualTo(Integer.toString(photo.length));

        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofByteArray(photo));
        put.header("Content-Type", "image/jpeg");
        HttpResponse<String> stored = HttpClient.newHttpClient().send(put.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stored.statusCode()).isEqualTo(200);
        assertThat(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asByteArray()).isEqualTo(photo);
    }

    @Test
    void aMerchantGetsACatalogKeyUnderTheProduct() throws IOException {
        Reply reply = call(event("http-post-upload-catalog.json"));
        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.body().path("key").asText()).matches("catalog/sneaker-running/[0-9a-f-]{36}\\.png");
    }

    @Test
    void aCatalogUploadWithItsSha256IsNamedByItsContentAndStoresOnlyThoseBytes() throws Exception {
        byte[] image = Files.readAllBytes(ROOT.resolve("local/sample-catalog/teddy-bear/front.jpg"));
        String sha256 = dev.shoplens.core.service.CatalogUploadService.sha256(image);
        String body = "{\"purpose\": \"catalog\", \"contentType\": \"image/jpeg\", \"contentLength\": "
                + image.length + ", \"productId\": \"teddy-bear\", \"sha256\": \"" + sha256 + "\"}";
        Reply reply = withBody("http-post-upload-catalog.json", body);
        assertThat(reply.status()).isEqualTo(201);
        String key = reply.body().path("key").asText();
        // the name the local import gives the same bytes
        assertThat(key).isEqualTo("catalog/teddy-bear/" + sha256.substring(0, 24) + ".jpg");
        assertThat(reply.body().path("headers").path("X-Amz-Checksum-Sha256").asText())
                .isEqualTo(java.util.Base64.getEncoder().encodeToString(java.util.HexFormat.of().parseHex(sha256)));
        assertThat(withBody("http-post-upload-catalog.json", body).body().path("key").asText())
                .as("the same picture asked for twice is one key").isEqualTo(key);

        // The checksum header is part of the signature, so a client cannot leave it out or change it; S3 then
        // refuses bytes whose SHA-256 differs (BadDigest). moto_server checks neither, so this checks the
        // signature's header list, and that the granted headers store the image.
        URI url = URI.create(reply.body().path("uploadUrl").asText());
        String signedHeaders = java.net.URLDecoder.decode(url.toString().replaceAll(".*X-Amz-SignedHeaders=([^&]*).*",
                "$1"), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(signedHeaders.split(";")).contains("x-amz-checksum-sha256", "content-length", "content-type");
        assertThat(put(url, reply.body().path("headers"), image).statusCode()).isEqualTo(200);
        assertThat(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asByteArray()).isEqualTo(image);

        assertThat(withBody("http-post-upload-catalog.json", body.replace(sha256, "abc")).status()).isEqualTo(400);
    }

    private static HttpResponse<String> put(URI url, JsonNode headers, byte[] bytes) throws Exception {
        HttpRequest.Builder put = HttpRequest.newBuilder(url).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
        headers.fields().forEachRemaining(h -> {
            if (!h.getKey().equalsIgnoreCase("Content-Length")) { // the client sets it from the body
                put.header(h.getKey(), h.getValue().asText());
            }
        });
        return HttpClient.newHttpClient().send(put.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void onTheCognitoEndpointMerchantsAreTheMerchantGroupsMembers() throws IOException {
        APIGatewayV2HTTPEvent merchant = event("http-post-upload-catalog-cognito.json");
        assertThat(call(merchant).status()).isEqualTo(201);
        APIGatewayV2HTTPEvent shopper = event("http-post-upload-catalog-cognito.json");
        shopper.getRequestContext().getAuthorizer().getJwt().getClaims().put("cognito:groups", "[shoppers]");
        Reply refused = call(shopper);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().path("message").asText()).contains("only merchants");
    }

    @Test
    void aCatalogUploadWithoutTheMerchantRoleIsForbidden() throws IOException {
        Reply reply = withBody("http-post-upload-query.json", "{\"purpose\": \"catalog\", \"contentType\": \"image/png\", "
                + "\"contentLength\": 1000, \"productId\": \"sneaker-running\"}");
        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.body().path("message").asText()).contains("only merchants");
    }

    @Test
    void badRequestsAreRefusedWithTheReason() throws IOException {
        Reply big = withBody("http-post-upload-query.json", "{\"purpose\": \"query\", \"contentType\": \"image/jpeg\", "
                + "\"contentLength\": 31457280}");
        assertThat(big.status()).isEqualTo(413);
        // an unshrunk 5 MB camera file is too large for a query (the client shrinks it first), not for the catalog
        Reply unshrunk = withBody("http-post-upload-query.json", "{\"purpose\": \"query\", \"contentType\": "
                + "\"image/jpeg\", \"contentLength\": 5242880}");
        assertThat(unshrunk.status()).isEqualTo(413);
        assertThat(unshrunk.body().path("message").asText()).contains("1,280 px");
        APIGatewayV2HTTPEvent catalogPhoto = event("http-post-upload-catalog.json");
        catalogPhoto.setBody("{\"purpose\": \"catalog\", \"contentType\": \"image/jpeg\", \"contentLength\": 5242880, "
                + "\"productId\": \"sneaker-running\"}");
        assertThat(call(catalogPhoto).status()).isEqualTo(201);
        Reply type = withBody("http-post-upload-query.json", "{\"purpose\": \"query\", \"contentType\": \"image/tiff\", "
                + "\"contentLength\": 100}");
        assertThat(type.status()).isEqualTo(415);
        assertThat(type.body().path("message").asText()).contains("image/tiff");
        Reply noProduct = call(withProduct(null));
        assertThat(noProduct.status()).isEqualTo(400);
        assertThat(noProduct.body().path("message").asText()).contains("productId");
        Reply purpose = withBody("http-post-upload-query.json", "{\"purpose\": \"avatar\", \"contentType\": \"image/jpeg\", "
                + "\"contentLength\": 100}");
        assertThat(purpose.status()).isEqualTo(400);
        Reply malformed = withBody("http-post-upload-query.json", "not json");
        assertThat(malformed.status()).isEqualTo(400);
        Reply noLength = withBody("http-post-upload-query.json", "{\"purpose\": \"query\", \"contentType\": \"image/jpeg\"}");
        assertThat(noLength.status()).isEqualTo(400);
        assertThat(noLength.body().path("message").asText()).contains("contentLength");
    }

    private static APIGatewayV2HTTPEvent withProduct(String product) throws IOException {
        APIGatewayV2HTTPEvent event = event("http-post-upload-catalog.json");
        event.setBody("{\"purpose\": \"catalog\", \"contentType\": \"image/png\", \"contentLength\": 1000"
                + (product == null ? "" : ", \"productId\": \"" + product + "\"") + "}");
        return event;
    }
}
