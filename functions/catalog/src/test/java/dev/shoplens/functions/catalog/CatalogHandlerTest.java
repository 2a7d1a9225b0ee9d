package dev.shoplens.functions.catalog;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoplens.aws.ApiContract;
import dev.shoplens.aws.AwsApplication;
import dev.shoplens.aws.AwsSettings;
import dev.shoplens.aws.LocalAws;
import dev.shoplens.aws.LocalServices;
import dev.shoplens.aws.lambda.LocalLambdaContext;
import dev.shoplens.aws.lambda.MerchantPolicy;
import dev.shoplens.core.domain.AttributeFilter;
import dev.shoplens.core.domain.ImageEvent;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.IngestOutcome;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.domain.SearchOptions;
import dev.shoplens.core.domain.SearchRequest;
import dev.shoplens.core.domain.Sequencer;
import dev.shoplens.core.service.IndexStartupPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog function built as the Lambda builds it (no model loaded), on moto_server and a local
 * OpenSearch node, fed the sample event in events/ and variants of it.
 */
class CatalogHandlerTest {
    private static final String BUCKET = "shoplens-catalog-edits";
    private static final Path ROOT = LocalAws.repositoryRoot();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PRODUCTS = List.of("teddy-bear", "mug-coffee", "guitar-acoustic");
    private static AwsApplication app;
    private static CatalogHandler handler;

    @BeforeAll
    static void indexCatalog() {
        LocalServices.start();
        AwsSettings settings = LocalAws.settings(BUCKET);
        app = AwsApplication.start(settings, IndexStartupPolicy.Role.INGEST, true);
        try {
            app.s3().createBucket(b -> b.bucket(BUCKET));
        } catch (software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException e) {
            // an earlier run of this class
        }
        List<ImageEvent> events = new ArrayList<>();
        for (String product : PRODUCTS) {
            ImageKey key = ImageKey.of("catalog/" + product + "/front.jpg");
            app.catalogStore().addImage(ProductId.of(product), key, null, Map.of("category", "toys"), Instant.now());
            String eTag = app.s3().putObject(r -> r.bucket(BUCKET).key(key.value()).contentType("image/jpeg"),
                    RequestBody.fromFile(ROOT.resolve("local/sample-catalog/" + product + "/front.jpg"))).eTag();
            events.add(ImageEvent.stored(key, Sequencer.next(System.currentTimeMillis()), eTag, Instant.now()));
        }
        assertThat(app.ingest().handleAll(events)).extracting(IngestOutcome::result)
                .containsOnly(IngestOutcome.Result.INDEXED);
        // as the Lambda's start builds it: the manifest names the live index, no model is loaded
        handler = new CatalogHandler(AwsApplication.merchantApi(settings, app.clients()),
                MerchantPolicy.of(settings.merchants()));
    }

    @AfterAll
    static void stop() {
        app.close();
        assertThat(ApiContract.exercised()).contains("GET /products", "PATCH /products/{id}", "DELETE /images/{key}");
    }

    record Reply(int status, JsonNode body) {
    }

    private static APIGatewayV2HTTPEvent event() throws IOException {
        return event("http-patch-product.json");
    }

    private static APIGatewayV2HTTPEvent event(String file) throws IOException {
        try (InputStream in = Files.newInputStream(ROOT.resolve("events").resolve(file))) {
            return LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class,
                    CatalogHandlerTest.class.getClassLoader()).fromJson(in);
        }
    }

    private static Reply call(APIGatewayV2HTTPEvent event) throws IOException {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, new LocalLambdaContext("catalog"));
        ApiContract.check(event, response);
        return new Reply(response.getStatusCode(), JSON.readTree(response.getBody()));
    }

    private static Reply edit(String product, String body) throws IOException {
        APIGatewayV2HTTPEvent event = event();
        event.setPathParameters(Map.of("id", product));
        event.setRawPath("/products/" + product);
        event.setBody(body);
        return call(event);
    }

    /** The products a filtered search of the teddy-bear photo finds (OpenSearch shows writes after a refresh). */
    private static List<String> found(AttributeFilter filter, String expectedFirst) throws IOException {
        byte[] photo = Files.readAllBytes(ROOT.resolve("local/sample-queries/teddy-bear.jpg"));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (true) {
            List<String> ids = app.search().search(new SearchRequest(photo, null, new SearchOptions(5, filter, -1,
                    null))).matches().stream().map(m -> m.productId().value()).toList();
            if (expectedFirst == null ? ids.isEmpty() : !ids.isEmpty() && ids.getFirst().equals(expectedFirst)
                    || Instant.now().isAfter(deadline)) {
                return ids;
            }
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aMerchantsEditRenamesTheProductAndFiltersFindItByItsNewAttributes() throws IOException {
        Reply reply = call(event());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().path("name").asText()).isEqualTo("Teddy bear, brown");
        assertThat(reply.body().path("attributes")).isEqualTo(JSON.readTree(
                "{\"category\": \"plush\", \"material\": \"wool\"}"));
        assertThat(reply.body().path("images").get(0).path("url").asText()).contains("X-Amz-Signature=");
        assertThat(found(new AttributeFilter.Term("material", "wool"), "teddy-bear")).containsExactly("teddy-bear");
        assertThat(found(new AttributeFilter.Term("category", "plush"), "teddy-bear")).containsExactly("teddy-bear");
        assertThat(found(new AttributeFilter.Term("category", "toys"), "mug-coffee"))
                .containsExactlyInAnyOrder("mug-coffee", "guitar-acoustic");

        // null removes an attribute; the vectors lose it too
        Reply removed = edit("teddy-bear", "{\"attributes\": {\"material\": null}}");
        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.body().path("attributes").has("material")).isFalse();
        assertThat(found(new AttributeFilter.Term("material", "wool"), null)).isEmpty();
    }

    @Test
    void theMerchantListFindsProductsWithEachImagesStatus() throws IOException {
        Reply list = call(event("http-get-products.json"));

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body().path("matching").asLong()).isEqualTo(1);
        JsonNode bear = list.body().path("products").get(0);
        assertThat(bear.path("id").asText()).isEqualTo("teddy-bear");
        assertThat(bear.path("images").get(0).path("status").asText()).isEqualTo("INDEXED");
        assertThat(bear.path("images").get(0).path("url").asText()).contains("X-Amz-Signature=");
    }

    @Test
    void deletingAnImageDeletesItsObjectAndItsNotificationTakesItOutOfTheSearches() throws IOException {
        Reply deleted = call(event("http-delete-image.json"));

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body().path("result").asText()).isEqualTo("DELETED");
        ImageKey key = ImageKey.of("catalog/mug-coffee/front.jpg");
        assertThat(app.s3().listObjectsV2(r -> r.bucket(BUCKET).prefix(key.value())).contents()).isEmpty();
        // what the bucket's notification delivers to ingest in AWS
        assertThat(app.ingest().handle(ImageEvent.removed(key, Sequencer.next(System.currentTimeMillis()),
                Instant.now())).result()).isEqualTo(IngestOutcome.Result.REMOVED);
        assertThat(app.catalogService().product(ProductId.of("mug-coffee")).images()).isEmpty();

        Reply again = call(event("http-delete-image.json"));
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.body().path("error").asText()).isEqualTo("image_not_found");
    }

    @Test
    void aCallerWhoIsNoMerchantIsRefusedAndTheProductStaysAsItWas() throws IOException {
        APIGatewayV2HTTPEvent shopper = event();
        shopper.getRequestContext().getAuthorizer().getIam()
                .setUserArn("arn:aws:sts::123456789012:assumed-role/shoplens-shopper/bob");
        shopper.setPathParameters(Map.of("id", "mug-coffee"));
        shopper.setBody("{\"name\": \"Stolen mug\"}");

        Reply reply = call(shopper);

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.body().path("error").asText()).isEqualTo("forbidden");
        assertThat(reply.body().path("message").asText()).contains("only merchants may");
        assertThat(app.catalogService().product(ProductId.of("mug-coffee")).name()).isEqualTo("mug-coffee");
    }

    @Test
    void badEditsAreRefusedWithWhatToChange() throws IOException {
        Reply unknown = edit("no-such-product", "{\"name\": \"x\"}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().path("message").asText()).contains("no product with id 'no-such-product'");

        Reply images = edit("guitar-acoustic", "{\"images\": []}");
        assertThat(images.status()).isEqualTo(400);
        assertThat(images.body().path("message").asText()).contains("'images' cannot be edited");

        Reply nested = edit("guitar-acoustic", "{\"attributes\": {\"colour\": {\"r\": 1}}}");
        assertThat(nested.status()).isEqualTo(400);
        assertThat(nested.body().path("message").asText()).contains("attribute 'colour' must be a string");

        Reply badName = edit("guitar-acoustic", "{\"attributes\": {\"Colour\": \"red\"}}");
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.body().path("message").asText()).contains("use lower-case letters");

        Reply nothing = edit("guitar-acoustic", "{}");
        assertThat(nothing.status()).isEqualTo(400);
        assertThat(nothing.body().path("message").asText()).contains("the edit changes nothing");

        assertThat(app.catalogService().product(ProductId.of("guitar-acoustic")).attributes())
                .isEqualTo(Map.of("category", "toys"));
    }
}
