package dev.shoplens.functions.search;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoplens.aws.ApiContract;
import dev.shoplens.aws.AwsApplication;
import dev.shoplens.aws.LocalAws;
import dev.shoplens.core.testing.ShelfPhoto;
import dev.shoplens.core.testing.ShelfPhotoAnswers;
import dev.shoplens.aws.lambda.LocalLambdaContext;
import dev.shoplens.core.domain.ImageEvent;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.IngestOutcome;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.domain.Sequencer;
import dev.shoplens.core.imaging.DecodeLimits;
import dev.shoplens.core.testing.HostileInputs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.sync.RequestBody;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Every search sample event in events/ fed to the handler, on moto_server and a local OpenSearch. */
class SearchHandlerTest {
    private static final String BUCKET = "shoplens-catalog-example";
    private static final Path ROOT = LocalAws.repositoryRoot();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PRODUCTS = List.of("sneaker-running", "heels-red", "boot-hiking", "teddy-bear",
            "guitar-acoustic", "laptop-13", "mug-coffee", "backpack-school", "sandal-strappy", "shoe-oxford");
    private static AwsApplication app;
    private static SearchHandler handler;

    @BeforeAll
    static void indexCatalog() throws IOException {
        app = LocalAws.start(BUCKET);
        handler = new SearchHandler(AwsSearchApi.of(app));
        List<ImageEvent> events = new ArrayList<>();
        for (String product : PRODUCTS) {
            ImageKey key = ImageKey.of("catalog/" + product + "/front.jpg");
            String category = Files.readAllLines(ROOT.resolve("local/sample-catalog/products.csv")).stream()
                    .filter(l -> l.startsWith(product + ",")).findFirst().orElseThrow().split(",")[2];
            app.catalogStore().addImage(ProductId.of(product), key, null, Map.of("category", category), Instant.now());
            String eTag = app.s3().putObject(r -> r.bucket(BUCKET).key(key.value()).contentType("image/jpeg"),
                    RequestBody.fromFile(ROOT.resolve("local/sample-catalog/" + product + "/front.jpg"))).eTag();
            events.add(ImageEvent.stored(key, Sequencer.next(System.currentTimeMillis()), eTag, Instant.now()));
        }
        assertThat(app.ingest().handleAll(events)).extracting(IngestOutcome::result)
                .containsOnly(IngestOutcome.Result.INDEXED);
        app.s3().putObject(r -> r.bucket(BUCKET).key("queries/3f2b8c1e-6a4d-4e8b-9c7a-1d2e3f4a5b6c.jpg"),
                RequestBody.fromFile(ROOT.resolve("local/sample-queries/sneaker-running.jpg")));
        awaitSearchable();
    }

    /** OpenSearch shows new vectors after its refresh interval. */
    private static void awaitSearchable() throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (call("http-get-similar.json").body().path("results").size() < 5) {
            assertThat(Instant.now()).as("vectors searchable").isBefore(deadline);
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @AfterAll
    static void stop() {
        app.close();
        // every route of the search function (all the document gives AWS but the uploads and catalog functions') was checked
        java.util.Set<String> routes = new java.util.TreeSet<>(ApiContract.documented("aws"));
        routes.remove("POST /uploads");
        routes.removeAll(java.util.Set.of("GET /products", "PATCH /products/{id}", "DELETE /images/{key}")); // the catalog function's
        assertThat(ApiContract.exercised()).containsAll(routes);
    }

    record Reply(int status, JsonNode body) {
    }

    private static APIGatewayV2HTTPEvent event(String file) throws IOException {
        try (InputStream in = Files.newInputStream(ROOT.resolve("events").resolve(file))) {
            return LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class,
                    SearchHandlerTest.class.getClassLoader()).fromJson(in);
        }
    }

    private static Reply call(APIGatewayV2HTTPEvent event) throws IOException {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, new LocalLambdaContext("search"));
        ApiContract.check(event, response);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json");
        return new Reply(response.getStatusCode(), JSON.readTree(response.getBody()));
    }

    private static Reply call(String file) throws IOException {
        return call(event(file));
    }

    /**
     * What operators see: the answer's log line as JSON with API Gateway's request id as correlation_id, and
     * its metrics as an Embedded Metric Format line (latency, model and index time by route).
     */
    @Test
    void aSearchLogsJsonWithItsCorrelationIdAndEmitsItsMetrics() throws IOException {
        java.io.PrintStream original = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertThat(call("http-search-inline-image.json").status()).isEqualTo(200);
        } finally {
            System.setOut(original);
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : captured.toString(java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("{")) {
                lines.add(JSON.readTree(line));
            }
        }
        JsonNode log = lines.stream().filter(l -> l.path("message").asText().startsWith("POST /search answered 200"))
                .findFirst().orElseThrow(() -> new AssertionError("no answer log line in:\n" + captured));
        assertThat(log.path("correlation_id").asText()).isEqualTo("example-request");
        assertThat(log.path("level").asText()).isEqualTo("INFO");
        assertThat(log.path("function_name").asText()).isEqualTo("search");
        JsonNode emf = lines.stream().filter(l -> l.has("_aws") && l.path("Route").asText().equals("POST:/search"))
                .findFirst().orElseThrow(() -> new AssertionError("no metrics line in:\n" + captured));
        List<String> names = new ArrayList<>();
        emf.path("_aws").path("CloudWatchMetrics").get(0).path("Metrics").forEach(m -> names.add(m.path("Name").asText()));
        assertThat(names).contains("Requests", "Latency", "ModelTime", "IndexTime", "ClientErrors", "ServerErrors");
        assertThat(emf.path("_aws").path("CloudWatchMetrics").get(0).path("Namespace").asText()).isEqualTo("ShopLens");
        assertThat(emf.path("Latency").asDouble()).isGreaterThanOrEqualTo(emf.path("ModelTime").asDouble());
        assertThat(emf.path("Requests").asInt()).isEqualTo(1);
    }

    @Test
    void anInlinePhotoFindsItsProductFirst() throws IOException {
        Reply reply = call("http-search-inline-image.json");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().path("results")).hasSize(5);
        JsonNode first = reply.body().path("results").get(0);
        assertThat(first.path("productId").asText()).isEqualTo("sneaker-running");
        assertThat(first.path("imageUrl").asText()).contains("catalog/sneaker-running/front.jpg")
                .contains("X-Amz-Signature=");
    }

    @Test
    void anUploadedQueryPhotoIsSearchedWithItsFilter() throws IOException {
        Reply reply = call("http-search-query-key.json");
        assertThat(reply.status()).isEqualTo(200);
        List<String> ids = reply.body().path("results").findValuesAsText("productId");
        assertThat(ids).isNotEmpty().contains("sneaker-running");
        assertThat(reply.body().path("results").findValuesAsText("category")).containsOnly("footwear");
    }

    @Test
    void aFilterTreePagesByCursorAndReturnsTheFieldsAskedFor() throws IOException {
        APIGatewayV2HTTPEvent event = event("http-search-filtered-page.json");
        Reply first = call(event);
        assertThat(first.status()).isEqualTo(200);
        JsonNode results = first.body().path("results");
        assertThat(results).hasSize(2);
        assertThat(results.get(0).has("imageUrl")).isFalse();
        assertThat(results.get(0).has("imageKey")).isFalse();
        assertThat(results.findValuesAsText("category")).isSubsetOf("footwear", "toys", "bags");
        JsonNode body = JSON.readTree(event.getBody());
        ((com.fasterxml.jackson.databind.node.ObjectNode) body).put("cursor", first.body().path("nextCursor").asText());
        event.setBody(JSON.writeValueAsString(body));
        Reply second = call(event);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body().path("results")).hasSize(2);
        assertThat(second.body().path("results").findValuesAsText("productId"))
                .doesNotContainAnyElementsOf(results.findValuesAsText("productId"));
        assertThat(second.body().path("results").findValuesAsText("category")).isSubsetOf("footwear", "toys", "bags");
        ((com.fasterxml.jackson.databind.node.ObjectNode) body).put("cursor", "x" + first.body().path("nextCursor").asText());
        event.setBody(JSON.writeValueAsString(body));
        Reply tampered = call(event);
        assertThat(tampered.status()).isEqualTo(400);
        assertThat(tampered.body().path("message").asText()).contains("not one this service gave out");
    }

    @Test
    void aProductIsReturnedWithItsImages() throws IOException {
        Reply reply = call("http-get-product.json");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().path("id").asText()).isEqualTo("sneaker-running");
        assertThat(reply.body().path("attributes").path("category").asText()).isEqualTo("footwear");
        assertThat(reply.body().path("images").get(0).path("key").asText()).isEqualTo("catalog/sneaker-running/front.jpg");
    }

    @Test
    void similarProductsLeaveTheProductOut() throws IOException {
        Reply reply = call("http-get-similar.json");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().path("results")).hasSize(5);
        assertThat(reply.body().path("results").findValuesAsText("productId")).doesNotContain("sneaker-running");
    }

    @Test
    void aMalformedBodyIsRefusedWithAReason() throws IOException {
        Reply reply = call("http-search-malformed.json");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().path("error").asText()).isEqualTo("invalid_argument");
        assertThat(reply.body().path("message").asText()).contains("not valid JSON");
    }

    private static Reply search(String body) throws IOException {
        APIGatewayV2HTTPEvent event = event("http-search-query-key.json");
        event.setBody(body);
        return call(event);
    }

    @Test
    void badRequestsAreRefusedAndNameTheProblem() throws IOException {
        Reply foreign = search("{\"queryKey\": \"catalog/sneaker-running/front.jpg\"}");
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.body().path("message").asText()).contains("not a query photo key");
        Reply expired = search("{\"queryKey\": \"queries/00000000-0000-4000-8000-000000000000.jpg\"}");
        assertThat(expired.status()).isEqualTo(404);
        assertThat(expired.body().path("message").asText()).contains("expired");
        Reply both = search("{\"queryKey\": \"queries/x.jpg\", \"image\": \"AAAA\"}");
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.body().path("message").asText()).contains("exactly one");
        Reply notImage = search("{\"image\": \"aGVsbG8gd29ybGQ=\"}");
        assertThat(notImage.status()).isEqualTo(400);
        assertThat(notImage.body().path("error").asText()).isEqualTo("unsupported_format");
        Reply bigK = search("{\"image\": \"aGVsbG8=\", \"k\": 1000}");
        assertThat(bigK.status()).isEqualTo(400);
        assertThat(bigK.body().path("message").asText()).contains("k must be between 1 and 100");
        Reply badBox = search("{\"image\": \"aGVsbG8=\", \"box\": [0.5, 0.5, 0.4, 0.9]}");
        assertThat(badBox.status()).isEqualTo(400);
        assertThat(badBox.body().path("message").asText()).contains("box is empty");
        Reply badFilter = search("{\"image\": \"aGVsbG8=\", \"filter\": {\"Category\": \"x\"}}");
        assertThat(badFilter.status()).isEqualTo(400);
        assertThat(badFilter.body().path("message").asText()).contains("attribute name 'Category'");
        APIGatewayV2HTTPEvent unknown = event("http-get-product.json");
        unknown.setPathParameters(Map.of("id", "no-such-product"));
        assertThat(call(unknown).status()).isEqualTo(404);
    }

    @Test
    void repeatedQueryParametersReachTheFunctionAsSeveralValues() throws IOException {
        // API Gateway joins a repeated parameter's values with commas in queryStringParameters; the raw
        // query string keeps them apart.
        APIGatewayV2HTTPEvent event = event("http-get-similar.json");
        event.setRawQueryString("k=20&fields=attributes&filter.category=footwear&filter.category=toys");
        event.setQueryStringParameters(Map.of("k", "20", "fields", "attributes", "filter.category", "footwear,toys"));
        Reply either = call(event);
        assertThat(either.status()).as(either.body().toString()).isEqualTo(200);
        assertThat(either.body().path("results").findValuesAsText("category")).contains("footwear", "toys")
                .containsOnly("footwear", "toys");
        event.setRawQueryString("k=2&k=3");
        Reply twice = call(event);
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.body().path("message").asText()).contains("'k' was given 2 times");
    }

    /** "box": "auto" in the search function: the built-in object finder's items, each with its own product first. */
    @Test
    void aPhotoOfSeveralItemsAnswersEachItemWithItsOwnProductFirst() throws IOException {
        List<String> items = List.of("teddy-bear", "guitar-acoustic", "mug-coffee");
        ShelfPhoto shelf = ShelfPhoto.ofSampleProducts(items.toArray(String[]::new));
        APIGatewayV2HTTPEvent event = event("http-search-inline-image.json");
        event.setHeaders(Map.of("content-type", "image/jpeg"));
        event.setRawQueryString("k=5&box=auto");
        event.setBody(Base64.getEncoder().encodeToString(shelf.jpeg()));
        event.setIsBase64Encoded(true);
        Reply reply = call(event);
        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
        for (JsonNode item : ShelfPhotoAnswers.assertEachItemFoundAndAnsweredFirst(reply.body(), shelf, items)) {
            assertThat(item.path("results").get(0).path("imageUrl").asText()).contains("X-Amz-Signature=");
        }
    }

    @Test
    void aPhotoBodyIsSearchedWithItsOptionsAsParameters() throws IOException {
        APIGatewayV2HTTPEvent event = event("http-search-inline-image.json");
        event.setHeaders(Map.of("content-type", "image/jpeg"));
        event.setRawQueryString("k=3");
        event.setBody(Base64.getEncoder().encodeToString(Files.readAllBytes(ROOT.resolve("local/sample-queries/sneaker-running.jpg"))));
        event.setIsBase64Encoded(true);
        Reply reply = call(event);
        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
        assertThat(reply.body().path("results")).hasSize(3);
        assertThat(reply.body().path("results").get(0).path("productId").asText()).isEqualTo("sneaker-running");
    }

    @Test
    void theImageStatusRouteTellsWhereAnImageStands() throws IOException {
        Reply indexed = call("http-get-image-status.json"); // teddy-bear/front.jpg, ingested above
        assertThat(indexed.status()).as(indexed.body().toString()).isEqualTo(200);
        assertThat(indexed.body().path("status").asText()).isEqualTo("INDEXED");
        assertThat(indexed.body().path("model").asText()).isEqualTo(app.embedder().model().versionTag());
        APIGatewayV2HTTPEvent unknown = event("http-get-image-status.json");
        unknown.setRawQueryString("key=catalog%2Fnobody%2Fnothing.jpg");
        Reply missing = call(unknown);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().path("error").asText()).isEqualTo("image_not_found");
        unknown.setRawQueryString("");
        assertThat(call(unknown).body().path("message").asText()).contains("/image-status?key=");
    }

    static List<HostileInputs.Case> corpus() {
        return HostileInputs.corpus(DecodeLimits.DEFAULT.maxBytes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void everyCorpusFileInlineAndUploadedGetsAnAnswerOrARefusalByName(HostileInputs.Case c) throws IOException {
        assertThat(app.settings().limits().maxBytes()).isEqualTo(DecodeLimits.DEFAULT.maxBytes());
        APIGatewayV2HTTPEvent inline = event("http-search-inline-image.json");
        inline.setBody(JSON.writeValueAsString(Map.of("image", Base64.getEncoder().encodeToString(c.bytes()), "k", 3)));
        inline.setIsBase64Encoded(false);
        check(c, "inline", call(inline));
        String key = "queries/" + UUID.randomUUID() + ".jpg";
        app.s3().putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromBytes(c.bytes()));
        APIGatewayV2HTTPEvent uploaded = event("http-search-query-key.json");
        uploaded.setBody(JSON.writeValueAsString(Map.of("queryKey", key, "k", 3)));
        uploaded.setIsBase64Encoded(false);
        check(c, "uploaded", call(uploaded));
    }

    private static void check(HostileInputs.Case c, String how, Reply reply) {
        if (c.accepted()) {
            assertThat(reply.status()).as("%s %s: %s", c.name(), how, reply.body()).isEqualTo(200);
        } else {
            assertThat(reply.status()).as("%s %s: %s", c.name(), how, reply.body()).isBetween(400, 499);
            assertThat(c.refusals()).as("%s %s: %s", c.name(), how, reply.body())
                    .contains(reply.body().path("error").asText());
        }
    }
}
