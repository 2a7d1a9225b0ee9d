package dev.shoplens.local.http;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import dev.shoplens.core.testing.TestImages;
import dev.shoplens.local.SampleCatalog;
import dev.shoplens.local.app.LocalApplication;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.parser.OpenAPIV3Parser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route that openapi.yaml says the local server serves answers as the document says: each request is
 * sent to a real server and checked, with its response, against the document the server itself serves
 * (status documented, body matching its schema, content type listed) by Atlassian's
 * swagger-request-validator. A documented route that no case here exercises fails the run.
 */
class OpenApiContractTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Set<String> EXERCISED = new ConcurrentSkipListSet<>();

    @TempDir
    static Path data;

    private static LocalApplication app;
    private static LocalServer server;
    private static String base;
    private static String document;
    private static OpenApiInteractionValidator validator;

    @BeforeAll
    static void start() throws Exception {
        app = SampleCatalog.indexedApplication(data);
        server = new LocalServer(app, 20L * 1024 * 1024).start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + server.port();
        HttpResponse<String> served = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/openapi.yaml")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/yaml"));
        document = served.body();
        assertThat(document).as("the served document is the repository's openapi.yaml")
                .isEqualTo(Files.readString(Path.of("../openapi.yaml")));
        validator = OpenApiInteractionValidator.createForInlineApiSpecification(document).build();
    }

    @AfterAll
    static void everyDocumentedLocalRouteWasExercised() {
        try {
            OpenAPI api = new OpenAPIV3Parser().readContents(document).getOpenAPI();
            Set<String> documented = new TreeSet<>();
            api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                if (servedBy(operation).contains("local")) {
                    documented.add(method + " " + path);
                }
            }));
            assertThat(documented).as("routes documented for the local server").isNotEmpty();
            assertThat(EXERCISED).as("documented local routes this test exercised").containsAll(documented);
        } finally {
            server.close();
            app.close();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> servedBy(Operation operation) {
        Object where = operation.getExtensions() == null ? null : operation.getExtensions().get("x-served-by");
        assertThat(where).as("x-served-by of %s", operation.getSummary()).isInstanceOf(List.class);
        return (List<String>) where;
    }

    /** Sends the request, checks the exchange against the document and returns the status. */
    private static int exchange(String operation, String method, String path, Map<String, String> query,
                                String contentType, byte[] body) throws IOException, InterruptedException {
        StringBuilder uri = new StringBuilder(base).append(path);
        SimpleRequest.Builder documented = new SimpleRequest.Builder(method, path);
        String separator = "?";
        for (Map.Entry<String, String> q : query.entrySet()) {
            uri.append(separator).append(q.getKey()).append('=').append(URLEncoder.encode(q.getValue(), StandardCharsets.UTF_8));
            separator = "&";
            documented.withQueryParam(q.getKey(), q.getValue());
        }
        HttpRequest.Builder sent = HttpRequest.newBuilder(URI.create(uri.toString()));
        if (body != null) {
            sent.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
            documented.withContentType(contentType).withBody(body);
        } else {
            sent.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<byte[]> response = HTTP.send(sent.build(), HttpResponse.BodyHandlers.ofByteArray());
        SimpleResponse.Builder answered = SimpleResponse.Builder.status(response.statusCode()).withBody(response.body());
        response.headers().map().forEach((name, values) -> answered.withHeader(name, values));
        ValidationReport report = validator.validate(documented.build(), answered.build());
        assertThat(problems(report)).as("%s %s answered %d: %s", method, path, response.statusCode(),
                new String(response.body(), StandardCharsets.UTF_8)).isEmpty();
        EXERCISED.add(operation);
        return response.statusCode();
    }

    /** What the validator finds wrong, and what it would let pass but notes (an undocumented parameter). */
    private static List<String> problems(ValidationReport report) {
        return report.getMessages().stream().map(ValidationReport.Message::toString).toList();
    }

    /** The stored key of a sample product's first image (the import names files itself). */
    private static String imageKeyOf(String product) throws IOException, InterruptedException {
        String body = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/products/" + product)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path("images").path(0).path("key").asText();
    }

    private static int exchange(String operation, String method, String path) throws IOException, InterruptedException {
        return exchange(operation, method, path, Map.of(), null, null);
    }

    private static byte[] photo() throws IOException {
        return Files.readAllBytes(Path.of("sample-queries/teddy-bear.jpg"));
    }

    private static byte[] multipart(String boundary, byte[] image, String type, String... textFields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i + 1 < textFields.length; i += 2) {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + textFields[i]
                    + "\"\r\n\r\n" + textFields[i + 1] + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"p\"\r\n"
                + "Content-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(image);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Test
    void searchAnswersAsDocumentedForEveryBodyItTakes() throws Exception {
        String json = "{\"image\": \"" + Base64.getEncoder().encodeToString(photo()) + "\", \"k\": 3, "
                + "\"fields\": [\"name\", \"score\"], \"box\": \"auto\"}";
        assertThat(exchange("POST /search", "POST", "/search", Map.of(), "application/json",
                json.getBytes(StandardCharsets.UTF_8))).isEqualTo(200);
        assertThat(exchange("POST /search", "POST", "/search", Map.of("k", "5"), "image/jpeg", photo())).isEqualTo(200);
        assertThat(exchange("POST /search", "POST", "/search", Map.of(), "multipart/form-data; boundary=b0",
                multipart("b0", photo(), "image/jpeg"))).isEqualTo(200);
        assertThat(exchange("POST /search", "POST", "/search", Map.of(), "application/json",
                "{\"k\": 3}".getBytes(StandardCharsets.UTF_8))).isEqualTo(400);
        assertThat(exchange("POST /search", "POST", "/search", Map.of(), "image/png",
                TestImages.pngHeaderOnly(50_000, 50_000))).isEqualTo(413);
    }

    @Test
    void productRoutesAnswerAsDocumented() throws Exception {
        assertThat(exchange("GET /products/{id}", "GET", "/products/teddy-bear")).isEqualTo(200);
        assertThat(exchange("GET /products/{id}", "GET", "/products/no-such-product")).isEqualTo(404);
        assertThat(exchange("GET /products/{id}/similar", "GET", "/products/teddy-bear/similar",
                Map.of("k", "4", "fields", "name,score"), null, null)).isEqualTo(200);
        assertThat(exchange("GET /products/{id}/similar", "GET", "/products/no-such-product/similar")).isEqualTo(404);
    }

    @Test
    void imageRoutesAnswerAsDocumented() throws Exception {
        String key = imageKeyOf("teddy-bear");
        assertThat(exchange("GET /image-status", "GET", "/image-status", Map.of("key", key), null, null)).isEqualTo(200);
        assertThat(exchange("GET /image-status", "GET", "/image-status", Map.of("key", "catalog/none/x.jpg"), null, null))
                .isEqualTo(404);
        byte[] png = TestImages.encode(TestImages.blocks(96, 96, 7), "png");
        assertThat(exchange("POST /products/{id}/images", "POST", "/products/contract-print/images", Map.of(),
                "multipart/form-data; boundary=c0", multipart("c0", png, "image/png", "name", "Contract print",
                        "attributes", "{\"category\":\"art\"}"))).isEqualTo(201);
        assertThat(exchange("POST /products/{id}/images", "POST", "/products/contract-print/images", Map.of(),
                "image/png", "not an image".getBytes(StandardCharsets.UTF_8))).isEqualTo(400);
    }

    /**
     * An image key holds slashes, which an OpenAPI path parameter cannot: the validator is pointed at the
     * operation with a one-segment stand-in for the key, and the response is checked in full.
     */
    @Test
    void catalogImagesAreServedAsDocumented() throws Exception {
        String stored = imageKeyOf("teddy-bear");
        for (String key : List.of(stored, "catalog/teddy-bear/none.jpg")) {
            HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/images/" + key)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            SimpleResponse.Builder answered = SimpleResponse.Builder.status(response.statusCode()).withBody(response.body());
            response.headers().map().forEach(answered::withHeader);
            ValidationReport report = validator.validateResponse("/images/stand-in", Request.Method.GET, answered.build());
            assertThat(problems(report)).as("GET /images/%s answered %d", key, response.statusCode()).isEmpty();
            assertThat(response.statusCode()).isEqualTo(key.equals(stored) ? 200 : 404);
        }
        EXERCISED.add("GET /images/{key}");
    }

    @Test
    void theMerchantRoutesAnswerAsDocumented() throws Exception {
        assertThat(exchange("GET /products", "GET", "/products", Map.of("q", "bear", "limit", "5"), null, null))
                .isEqualTo(200);
        assertThat(exchange("GET /products", "GET", "/products")).isEqualTo(200);
        byte[] png = TestImages.encode(TestImages.blocks(80, 80, 11), "png");
        assertThat(exchange("POST /products/{id}/images", "POST", "/products/contract-delete/images", Map.of(),
                "image/png", png)).isEqualTo(201);
        String key = imageKeyOf("contract-delete");
        for (String stored : List.of(key, "catalog/contract-delete/none.png")) {
            HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/images/" + stored))
                    .DELETE().build(), HttpResponse.BodyHandlers.ofByteArray());
            SimpleResponse.Builder answered = SimpleResponse.Builder.status(response.statusCode()).withBody(response.body());
            response.headers().map().forEach(answered::withHeader);
            ValidationReport report = validator.validateResponse("/images/stand-in", Request.Method.DELETE,
                    answered.build());
            assertThat(problems(report)).as("DELETE /images/%s answered %d", stored, response.statusCode()).isEmpty();
            assertThat(response.statusCode()).isEqualTo(stored.equals(key) ? 200 : 404);
        }
        EXERCISED.add("DELETE /images/{key}");
    }

    @Test
    void anEditAnswersAsDocumented() throws Exception {
        byte[] png = TestImages.encode(TestImages.blocks(80, 80, 12), "png");
        assertThat(exchange("POST /products/{id}/images", "POST", "/products/contract-edit/images", Map.of(),
                "image/png", png)).isEqualTo(201);
        byte[] edit = "{\"name\": \"Contract edit\", \"attributes\": {\"category\": \"art\", \"size\": null}}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(exchange("PATCH /products/{id}", "PATCH", "/products/contract-edit", Map.of(),
                "application/merge-patch+json", edit)).isEqualTo(200);
        assertThat(exchange("PATCH /products/{id}", "PATCH", "/products/contract-edit", Map.of(),
                "application/json", edit)).isEqualTo(200);
        assertThat(exchange("PATCH /products/{id}", "PATCH", "/products/no-such-product", Map.of(),
                "application/merge-patch+json", edit)).isEqualTo(404);
        assertThat(exchange("PATCH /products/{id}", "PATCH", "/products/contract-edit", Map.of(),
                "application/json", "{\"attributes\": {\"Colour\": \"red\"}}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(400);
    }

    @Test
    void healthAnswersAsDocumented() throws Exception {
        assertThat(exchange("GET /health", "GET", "/health")).isEqualTo(200);
    }

    @Test
    void theReadableViewLoadsTheServedDocument() throws Exception {
        String page = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/docs")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(page).contains("url: \"/openapi.yaml\"").doesNotContain("${");
        String script = page.replaceAll("(?s).*<script src=\"([^\"]+)\".*", "$1");
        HttpResponse<byte[]> bundle = HTTP.send(HttpRequest.newBuilder(URI.create(base + script)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(bundle.statusCode()).as(script).isEqualTo(200);
        assertThat(bundle.body().length).as("Swagger UI's bundle").isGreaterThan(100_000);
        HttpResponse<byte[]> icon = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/favicon.ico")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(icon.statusCode()).isEqualTo(200);
        assertThat(icon.headers().firstValue("Content-Type")).contains("image/svg+xml");
    }
}
