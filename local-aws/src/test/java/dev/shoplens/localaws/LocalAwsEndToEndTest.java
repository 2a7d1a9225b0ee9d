package dev.shoplens.localaws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoplens.aws.LocalAws;
import dev.shoplens.aws.LocalServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole deployed flow in the no-Docker local AWS mode: presigned catalog upload, HTTP PUT, S3
 * notification to SQS, the poller feeding the ingest handler, the product indexed; then a presigned query
 * upload and POST /search {queryKey}: the product comes first.
 */
class LocalAwsEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path ROOT = LocalAws.repositoryRoot();
    private static LocalAwsMode mode;
    private static String api;

    @BeforeAll
    static void start() {
        LocalServices.start();
        String run = UUID.randomUUID().toString().substring(0, 8);
        mode = LocalAwsMode.start(LocalAws.settings("e2e-" + run), "ingest-" + run, 0);
        api = "http://127.0.0.1:" + mode.port();
    }

    @AfterAll
    static void stop() {
        mode.close();
    }

    private static HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(api + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(api + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Asks for an upload URL and PUTs the file through it, as a client would; returns the key. */
    private static String upload(String purpose, String productId, Path file) throws IOException, InterruptedException {
        byte[] bytes = Files.readAllBytes(file);
        String request = JSON.writeValueAsString(productId == null
                ? Map.of("purpose", purpose, "contentType", "image/jpeg", "contentLength", bytes.length)
                : Map.of("purpose", purpose, "contentType", "image/jpeg", "contentLength", bytes.length,
                "productId", productId));
        HttpResponse<String> granted = post("/uploads", request);
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(granted.body());
        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(body.path("uploadUrl").asText()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
        for (Iterator<Map.Entry<String, JsonNode>> it = body.path("headers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> header = it.next();
            if (!header.getKey().equalsIgnoreCase("Content-Length")) { // the HTTP client sets it from the body
                put.header(header.getKey(), header.getValue().asText());
            }
        }
        assertThat(HTTP.send(put.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        return body.path("key").asText();
    }

    private static JsonNode awaitJson(String what, java.util.concurrent.Callable<HttpResponse<String>> call,
                                      java.util.function.Predicate<JsonNode> done) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            HttpResponse<String> response = call.call();
            JsonNode json = JSON.readTree(response.body());
            if (response.statusCode() == 200 && done.test(json)) {
                return json;
            }
            assertThat(Instant.now()).as("%s; last answer %s %s", what, response.statusCode(), response.body())
                    .isBefore(deadline);
            Thread.sleep(300);
        }
    }

    @Test
    void aCatalogImageUploadedThroughAPresignedUrlIsFoundFromAShoppersPhoto() throws Exception {
        String[] products = {"teddy-bear", "sneaker-running", "guitar-acoustic", "laptop-13"};
        for (String product : products) {
            String key = upload("catalog", product, ROOT.resolve("local/sample-catalog/" + product + "/front.jpg"));
            assertThat(key).startsWith("catalog/" + product + "/");
        }
        for (String product : products) {
            JsonNode indexed = awaitJson(product + " indexed through S3 -> SQS -> ingest",
                    () -> get("/products/" + product), json -> json.path("images").size() == 1);
            assertThat(indexed.path("images").get(0).path("key").asText()).startsWith("catalog/" + product + "/");
        }

        String queryKey = upload("query", null, ROOT.resolve("local/sample-queries/teddy-bear.jpg"));
        assertThat(queryKey).startsWith("queries/");
        JsonNode found = awaitJson("all four products searchable",
                () -> post("/search", "{\"queryKey\": \"" + queryKey + "\", \"k\": 4}"),
                json -> json.path("results").size() == 4);
        assertThat(found.path("results").get(0).path("productId").asText()).isEqualTo("teddy-bear");
    }

    @Test
    void everyRouteAnswersAsOpenApiDocumentsIt() throws Exception {
        OpenApiDocument openApi = new OpenApiDocument(ROOT.resolve("openapi.yaml"));
        // the document and the template name the same routes
        JsonNode template = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readTree(ROOT.resolve("template.yaml").toFile()).path("Resources");
        java.util.Set<String> deployed = new java.util.TreeSet<>();
        template.forEach(r -> r.path("Properties").path("Events").forEach(e -> {
            if (e.path("Type").asText().equals("HttpApi")) {
                deployed.add(e.path("Properties").path("Method").asText().toLowerCase() + " "
                        + e.path("Properties").path("Path").asText().replace("+}", "}")); // greedy {key+}: {key}
            }
        }));
        java.util.Set<String> documented = new java.util.TreeSet<>();
        openApi.paths().fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(m -> {
            boolean inAws = false;
            for (JsonNode where : m.getValue().path("x-served-by")) {
                inAws |= where.asText().equals("aws");
            }
            if (inAws) { // the document also lists the local server's own routes
                documented.add(m.getKey() + " " + p.getKey());
            }
        }));
        assertThat(documented).isEqualTo(deployed);

        String product = "mug-coffee";
        upload("catalog", product, ROOT.resolve("local/sample-catalog/" + product + "/front.jpg"));
        JsonNode productJson = awaitJson("mug indexed", () -> get("/products/" + product),
                json -> json.path("images").size() == 1);
        assertThat(openApi.problems(productJson, openApi.responseSchema("/products/{id}", "get", 200))).isEmpty();

        String queryKey = upload("query", null, ROOT.resolve("local/sample-queries/mug-coffee.jpg"));
        JsonNode search = awaitJson("mug searchable", () -> post("/search", "{\"queryKey\": \"" + queryKey + "\"}"),
                json -> json.path("results").size() > 0);
        assertThat(openApi.problems(search, openApi.responseSchema("/search", "post", 200))).isEmpty();

        HttpResponse<String> similar = get("/products/" + product + "/similar?k=3");
        assertThat(similar.statusCode()).isEqualTo(200);
        assertThat(openApi.problems(JSON.readTree(similar.body()),
                openApi.responseSchema("/products/{id}/similar", "get", 200))).isEmpty();

        HttpResponse<String> granted = post("/uploads", "{\"purpose\": \"query\", \"contentType\": \"image/png\", "
                + "\"contentLength\": 10}");
        assertThat(openApi.problems(JSON.readTree(granted.body()), openApi.responseSchema("/uploads", "post", 201))).isEmpty();

        HttpResponse<String> refused = post("/uploads", "{\"purpose\": \"query\", \"contentType\": \"text/plain\", "
                + "\"contentLength\": 10}");
        assertThat(refused.statusCode()).isEqualTo(415);
        assertThat(openApi.problems(JSON.readTree(refused.body()), openApi.responseSchema("/uploads", "post", 415))).isEmpty();
    }

    @Test
    void unknownRoutesAndBadRequestsAnswerWithErrors() throws Exception {
        assertThat(get("/nowhere").statusCode()).isEqualTo(404);
        HttpResponse<String> bad = post("/search", "{\"queryKey\": \"../../etc/passwd\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).path("error").asText()).isEqualTo("invalid_argument");
    }
}
