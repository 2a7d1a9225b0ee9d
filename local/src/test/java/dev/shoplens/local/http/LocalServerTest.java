package dev.shoplens.local.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoplens.core.api.Admission;
import dev.shoplens.core.testing.ShelfPhoto;
import dev.shoplens.core.testing.ShelfPhotoAnswers;
import dev.shoplens.core.testing.TestImages;
import dev.shoplens.local.SampleCatalog;
import dev.shoplens.local.app.LocalApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The local HTTP API end to end: a real server on a free port, the built-in model, the sample catalog. */
class LocalServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path data;

    private static LocalApplication app;
    private static LocalServer server;
    private static String base;

    @BeforeAll
    static void start() {
        app = SampleCatalog.indexedApplication(data);
        server = new LocalServer(app, 20L * 1024 * 1024).start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
        app.close();
    }

    record Reply(int status, JsonNode json, HttpResponse<byte[]> raw) {
    }

    private static Reply send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        String type = response.headers().firstValue("Content-Type").orElse("");
        JsonNode json = type.startsWith("application/json") ? JSON.readTree(response.body()) : null;
        return new Reply(response.statusCode(), json, response);
    }

    private static Reply post(String path, String contentType, byte[] body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private static Reply get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
    }

    /** A multipart/form-data body with one file field and optional text fields. */
    private static byte[] multipart(String boundary, String field, byte[] file, String fileType, String... textFields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i + 1 < textFields.length; i += 2) {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + textFields[i]
                    + "\"\r\n\r\n" + textFields[i + 1] + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field
                + "\"; filename=\"photo\"\r\nContent-Type: " + fileType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(file);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static void assertError(Reply reply, int status, String code, String messagePart) {
        assertThat(reply.status()).as("status of %s", reply.json()).isEqualTo(status);
        assertThat(reply.json()).as("a JSON error body").isNotNull();
        assertThat(reply.json().path("error").asText()).isEqualTo(code);
        assertThat(reply.json().path("message").asText()).containsIgnoringCase(messagePart);
    }

    @Test
    void aReencodedCatalogPhotoFindsItsProductFirst() throws Exception {
        BufferedImage original = javax.imageio.ImageIO.read(
                SampleCatalog.FOLDER.resolve("sneaker-running/front.jpg").toFile());
        byte[] reencoded = TestImages.jpeg(original, 0.6f);
        Reply reply = post("/search?k=5", "image/jpeg", reencoded);
        assertThat(reply.status()).isEqualTo(200);
        JsonNode results = reply.json().path("results");
        assertThat(results).hasSize(5);
        assertThat(results.get(0).path("productId").asText()).isEqualTo("sneaker-running");
        assertThat(results.get(0).path("name").asText()).isEqualTo("Running sneaker");
        assertThat(results.get(0).path("attributes").path("category").asText()).isEqualTo("footwear");
        assertThat(results.get(0).path("imageUrl").asText()).startsWith("/images/");
        assertThat(reply.json().path("model").asText()).startsWith("builtin-shopper-cnn@");
    }

    /** The items of a shelf photo found by the built-in object finder, each answering with its own product. */
    @Test
    void aPhotoOfSeveralItemsAnswersEachItemWithItsOwnProductFirst() throws Exception {
        List<String> items = List.of("teddy-bear", "guitar-acoustic", "mug-coffee");
        ShelfPhoto shelf = ShelfPhoto.ofSampleProducts(items.toArray(String[]::new));
        Reply reply = post("/search?k=5&box=auto", "image/jpeg", shelf.jpeg());
        assertThat(reply.status()).as("%s", reply.json()).isEqualTo(200);
        ShelfPhotoAnswers.assertEachItemFoundAndAnsweredFirst(reply.json(), shelf, items);
        // the whole photo and its main item rank the products: one of the items comes first
        assertThat(reply.json().path("results").get(0).path("productId").asText()).isIn(items);
    }

    @Test
    void searchAcceptsAMultipartForm() throws Exception {
        byte[] photo = Files.readAllBytes(SampleCatalog.FOLDER.resolve("teddy-bear/studio.jpg"));
        Reply reply = post("/search", "multipart/form-data; boundary=XyZ", multipart("XyZ", "image", photo, "image/jpeg"));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("results").get(0).path("productId").asText()).isEqualTo("teddy-bear");
        assertThat(reply.json().path("results")).hasSize(10);
    }

    @Test
    void aJsonSearchTakesTheSameOptionsAsTheSearchFunction() throws Exception {
        byte[] photo = Files.readAllBytes(SampleCatalog.QUERIES.resolve("teddy-bear.jpg"));
        String image = java.util.Base64.getEncoder().encodeToString(photo);
        Reply first = post("/search", "application/json", ("{\"image\": \"" + image + "\", \"k\": 3,"
                + " \"fields\": [\"name\", \"score\"]}").getBytes());
        assertThat(first.status()).isEqualTo(200);
        JsonNode results = first.json().path("results");
        assertThat(results).hasSize(3);
        assertThat(results.get(0).has("imageUrl")).isFalse();
        assertThat(results.get(0).has("score")).isTrue();
        String cursor = first.json().path("nextCursor").asText();
        Reply second = post("/search", "application/json", ("{\"image\": \"" + image + "\", \"k\": 3, \"cursor\": \""
                + cursor + "\"}").getBytes());
        assertThat(second.json().path("results")).hasSize(3);
        assertThat(second.json().path("results").findValuesAsText("productId"))
                .doesNotContainAnyElementsOf(results.findValuesAsText("productId"));
        assertError(post("/search", "application/json", ("{\"image\": \"" + image + "\", \"filter\": "
                + "{\"range\": {\"category\": {\"gte\": 1}}}}").getBytes()), 400, "invalid_argument", "holds no numbers");
        assertError(post("/search", "application/json", "{\"image\": \"%%%\"}".getBytes()), 400, "invalid_argument",
                "not valid base64");
    }

    @Test
    void filtersAndSimilarTakeQueryParameters() throws Exception {
        byte[] photo = Files.readAllBytes(SampleCatalog.QUERIES.resolve("teddy-bear.jpg"));
        String category = get("/products/teddy-bear").json().path("attributes").path("category").asText();
        String filter = java.net.URLEncoder.encode("{\"terms\": {\"category\": [\"" + category + "\"]}}",
                java.nio.charset.StandardCharsets.UTF_8);
        Reply filtered = post("/search?k=5&filter=" + filter, "image/jpeg", photo);
        assertThat(filtered.status()).isEqualTo(200);
        assertThat(filtered.json().path("results").findValuesAsText("category")).isNotEmpty().containsOnly(category);
        Reply similar = get("/products/teddy-bear/similar?k=4&fields=score");
        assertThat(similar.status()).isEqualTo(200);
        assertThat(similar.json().path("results")).hasSize(4);
        assertThat(similar.json().path("results").findValuesAsText("productId")).doesNotContain("teddy-bear");
        assertError(get("/products/teddy-bear/similar?filter=%7Bbad"), 400, "invalid_argument", "not valid JSON");
        assertError(get("/products/teddy-bear/similar?cursor=abc"), 400, "invalid_argument", "not one this service gave out");
        assertError(get("/products/nobody/similar"), 404, "product_not_found", "nobody");
    }

    @Test
    void aShopperPhotoFindsItsProductAmongTheFirstTen() throws Exception {
        byte[] photo = Files.readAllBytes(SampleCatalog.QUERIES.resolve("teddy-bear.jpg"));
        Reply reply = post("/search?k=10", "image/jpeg", photo);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("results").findValuesAsText("productId")).contains("teddy-bear");
    }

    @Test
    void addsACatalogImageThenServesTheProductAndTheImage() throws Exception {
        byte[] png = TestImages.encode(TestImages.blocks(120, 120, 99), "png");
        Reply added = post("/products/block-print-42/images", "multipart/form-data; boundary=b0und",
                multipart("b0und", "image", png, "image/png", "name", "Block print", "attributes",
                        "{\"category\":\"art\"}"));
        assertThat(added.status()).isEqualTo(201);
        String imageKey = added.json().path("imageKey").asText();
        assertThat(imageKey).startsWith("catalog/block-print-42/").endsWith(".png");

        Reply product = get("/products/block-print-42");
        assertThat(product.status()).isEqualTo(200);
        assertThat(product.json().path("name").asText()).isEqualTo("Block print");
        assertThat(product.json().path("attributes").path("category").asText()).isEqualTo("art");
        assertThat(product.json().path("images").get(0).path("key").asText()).isEqualTo(imageKey);

        Reply image = get("/images/" + imageKey);
        assertThat(image.status()).isEqualTo(200);
        assertThat(image.raw().headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(image.raw().body()).isEqualTo(png);

        Reply found = post("/search?k=1", "image/png", png);
        assertThat(found.json().path("results").get(0).path("productId").asText()).isEqualTo("block-print-42");
    }

    @Test
    void theMerchantListFindsProductsByIdOrNameWithEachImagesStatus() throws Exception {
        byte[] png = TestImages.encode(TestImages.blocks(90, 90, 57), "png");
        assertThat(post("/products/zz-lamp-7/images", "multipart/form-data; boundary=m1",
                multipart("m1", "image", png, "image/png", "name", "Brass Reading LAMP")).status()).isEqualTo(201);
        JsonNode byName = get("/products?q=reading%20lamp").json();
        assertThat(byName.path("matching").asLong()).isEqualTo(1);
        JsonNode lamp = byName.path("products").get(0);
        assertThat(lamp.path("id").asText()).isEqualTo("zz-lamp-7");
        assertThat(lamp.path("images").get(0).path("status").asText()).isEqualTo("INDEXED");
        assertThat(lamp.path("images").get(0).path("url").asText()).startsWith("/images/catalog/zz-lamp-7/");
        assertThat(get("/products?q=ZZ-LAMP").json().path("products").findValuesAsText("id")).containsExactly("zz-lamp-7");

        JsonNode page = get("/products?limit=3").json();
        assertThat(page.path("products")).hasSize(3);
        assertThat(page.path("matching").asLong()).isGreaterThanOrEqualTo(57);
        List<String> ids = page.path("products").findValuesAsText("id");
        assertThat(ids).isSorted();
        assertError(get("/products?limit=many"), 400, "invalid_argument", "limit");
        assertError(get("/products?limit=501"), 400, "invalid_argument", "1 to 500");
    }

    private static Reply patch(String path, String contentType, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void anEditRenamesTheProductAndFiltersFindItByItsNewAttributesOnly() throws Exception {
        byte[] png = TestImages.encode(TestImages.blocks(100, 100, 61), "png");
        assertThat(post("/products/zz-vase-9/images", "multipart/form-data; boundary=e1", multipart("e1", "image",
                png, "image/png", "name", "Vase", "attributes", "{\"category\":\"art\",\"size\":\"12\"}")).status())
                .isEqualTo(201);

        Reply edited = patch("/products/zz-vase-9", "application/merge-patch+json",
                "{\"name\": \"Tall blue vase\", \"attributes\": {\"category\": \"home\", \"size\": null}}");

        assertThat(edited.status()).as("%s", edited.json()).isEqualTo(200);
        assertThat(edited.json().path("name").asText()).isEqualTo("Tall blue vase");
        assertThat(edited.json().path("attributes")).isEqualTo(JSON.readTree("{\"category\": \"home\"}"));
        assertThat(get("/products/zz-vase-9").json().path("name").asText()).isEqualTo("Tall blue vase");
        JsonNode home = post("/search?k=3&filter.category=home", "image/png", png).json().path("results");
        assertThat(home.get(0).path("productId").asText()).isEqualTo("zz-vase-9");
        assertThat(home.get(0).path("name").asText()).isEqualTo("Tall blue vase");
        assertThat(post("/search?k=10&filter.category=art", "image/png", png).json().path("results")
                .findValuesAsText("productId")).doesNotContain("zz-vase-9");
        Reply sized = post("/search?k=10&filter=" + java.net.URLEncoder.encode("{\"range\": {\"size\": {\"gte\": 0}}}",
                StandardCharsets.UTF_8), "image/png", png);
        // no vector carries 'size' any more: the index may have forgotten the field, or keep it and match nothing
        if (sized.status() == 400) {
            assertError(sized, 400, "invalid_argument", "unknown filter field 'size'");
        } else {
            assertThat(sized.json().path("results").findValuesAsText("productId")).doesNotContain("zz-vase-9");
        }

        assertError(patch("/products/zz-vase-9", "text/plain", "name=x"), 415, "unsupported_media_type",
                "application/merge-patch+json");
        assertError(patch("/products/zz-vase-9", "application/json", "{\"price\": 3}"), 400, "invalid_argument",
                "'price' cannot be edited");
        assertError(patch("/products/zz-vase-9", "application/json", "{\"attributes\": {\"a\": \"1\"}, "
                + "\"name\": \"\"}"), 400, "invalid_argument", "1 to 512 characters");
        assertError(patch("/products/zz-nothing", "application/json", "{\"name\": \"x\"}"), 404,
                "product_not_found", "zz-nothing");
        assertThat(get("/products/zz-vase-9").json().path("attributes")).isEqualTo(JSON.readTree(
                "{\"category\": \"home\"}"));
    }

    @Test
    void deletingAnImageTakesItOutOfTheSearchesAndASecondDeleteFindsNothing() throws Exception {
        byte[] png = TestImages.encode(TestImages.blocks(110, 110, 73), "png");
        String key = post("/products/zz-gone-3/images", "image/png", png).json().path("imageKey").asText();
        assertThat(post("/search?k=1", "image/png", png).json().path("results").get(0).path("productId").asText())
                .isEqualTo("zz-gone-3");
        Reply deleted = send(HttpRequest.newBuilder(URI.create(base + "/images/" + key)).DELETE().build());
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().path("result").asText()).isEqualTo("REMOVED");
        assertThat(post("/search?k=10", "image/png", png).json().path("results").findValuesAsText("productId"))
                .doesNotContain("zz-gone-3");
        assertThat(get("/images/" + key).status()).isEqualTo(404);
        assertThat(get("/image-status?key=" + key).json().path("status").asText()).isEqualTo("REMOVED");
        assertError(send(HttpRequest.newBuilder(URI.create(base + "/images/" + key)).DELETE().build()), 404,
                "image_not_found", key);
    }

    @Test
    void servesTheWebPage() throws Exception {
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<form id=\"search-form\"").contains("'/search?k='").contains("id=\"more\"");
        assertThat(get("/health").json().path("products").asLong()).isGreaterThanOrEqualTo(56);
    }

    @Test
    void aFilterAndABoxNarrowTheSearch() throws Exception {
        byte[] photo = Files.readAllBytes(SampleCatalog.QUERIES.resolve("sneaker-running.jpg"));
        Reply filtered = post("/search?k=5&filter.category=footwear&box=0.05,0.05,0.95,0.95", "image/jpeg", photo);
        assertThat(filtered.status()).isEqualTo(200);
        assertThat(filtered.json().path("results")).hasSize(5);
        assertThat(filtered.json().path("results").findValuesAsText("category")).containsOnly("footwear");
        assertError(post("/search?box=0,0,2,1", "image/jpeg", photo), 400, "invalid_argument", "within the photo");
        assertError(post("/search?box=0.2,0.2", "image/jpeg", photo), 400, "invalid_argument", "four numbers");
        assertError(post("/search?filter.Colour=red", "image/jpeg", photo), 400, "invalid_argument", "attribute name");
        assertError(post("/search?minScore=high", "image/jpeg", photo), 400, "invalid_argument", "must be a number");
        Reply strict = post("/search?k=5&minScore=0.99", "image/jpeg", photo);
        assertThat(strict.status()).isEqualTo(200);
        assertThat(strict.json().path("results").size()).isLessThan(5);
    }

    @Test
    void emptyBodyIsRefused() throws Exception {
        assertError(post("/search", "image/jpeg", new byte[0]), 400, "empty_image", "empty");
    }

    @Test
    void somethingThatIsNotAnImageIsRefused() throws Exception {
        assertError(post("/search", "image/png", "<html>hello</html>".getBytes()), 400, "unsupported_format",
                "not a JPEG, PNG, WebP or GIF");
    }

    @Test
    void truncatedJpegIsRefused() throws Exception {
        byte[] jpeg = Files.readAllBytes(SampleCatalog.FOLDER.resolve("teddy-bear/front.jpg"));
        assertError(post("/search", "image/jpeg", Arrays.copyOf(jpeg, jpeg.length / 2)), 400, "corrupt_image",
                "truncated");
    }

    @Test
    void aDecompressionBombHeaderIsRefused() throws Exception {
        assertError(post("/search", "image/png", TestImages.pngHeaderOnly(50_000, 50_000)), 413, "image_too_large",
                "megapixels");
    }

    @Test
    void aThirtyMegabyteBodyIsRefused() throws Exception {
        byte[] huge = new byte[30 * 1024 * 1024];
        huge[0] = (byte) 0xFF;
        huge[1] = (byte) 0xD8;
        huge[2] = (byte) 0xFF;
        Reply reply = post("/search", "image/jpeg", huge);
        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.json().path("error").asText()).isEqualTo("image_too_large");
    }

    @Test
    void unknownProductIsNotFound() throws Exception {
        assertError(get("/products/no-such-product"), 404, "product_not_found", "no-such-product");
    }

    @Test
    void kOutOfRangeIsRefused() throws Exception {
        byte[] photo = Files.readAllBytes(SampleCatalog.FOLDER.resolve("teddy-bear/front.jpg"));
        assertError(post("/search?k=0", "image/jpeg", photo), 400, "invalid_argument", "k must be between 1 and 100");
        assertError(post("/search?k=10000", "image/jpeg", photo), 400, "invalid_argument", "got 10000");
        assertError(post("/search?k=ten", "image/jpeg", photo), 400, "invalid_argument", "whole number");
    }

    @Test
    void wrongContentTypeIsRefused() throws Exception {
        assertError(post("/search", "text/plain", "hello".getBytes()), 415, "unsupported_media_type",
                "multipart/form-data");
        assertError(post("/search", "application/json", "{\"image\":1}".getBytes()), 400, "invalid_argument",
                "'image' must be the photo as a base64 string");
        assertError(post("/search", "image/tiff", new byte[]{1, 2, 3}), 415, "unsupported_media_type", "image/tiff");
    }

    @Test
    void badInputToTheCatalogChangesNothing() throws Exception {
        long products = get("/health").json().path("products").asLong();
        long images = get("/health").json().path("images").asLong();
        assertError(post("/products/new-thing/images", "image/jpeg", "garbage".getBytes()), 400,
                "unsupported_format", "not a JPEG");
        assertError(post("/products/bad%20id/images", "image/png", TestImages.encode(TestImages.blocks(20, 20, 1), "png")),
                400, "invalid_argument", "product id");
        assertError(get("/products/new-thing"), 404, "product_not_found", "new-thing");
        assertThat(get("/health").json().path("products").asLong()).isEqualTo(products);
        assertThat(get("/health").json().path("images").asLong()).isEqualTo(images);
    }

    @Test
    void unknownRoutesAnswerJson() throws Exception {
        assertError(get("/nowhere"), 404, "not_found", "no route");
        assertError(get("/images/zzz"), 404, "image_not_found", "zzz");
        assertError(get("/images/catalog/teddy-bear/nothing.jpg"), 404, "image_not_found", "nothing.jpg");
        assertError(get("/images/catalog/teddy-bear/..%2F..%2Fsecret.jpg"), 404, "image_not_found", "secret");
    }

    @Test
    void aMultipartImageOverTheByteLimitIsTooLargeNotAServerFailure() throws Exception {
        try (LocalServer small = new LocalServer(app, 64 * 1024).start("127.0.0.1", 0)) {
            String at = "http://127.0.0.1:" + small.port();
            byte[] big = new byte[200 * 1024];
            big[0] = (byte) 0xFF;
            big[1] = (byte) 0xD8;
            for (String path : new String[]{"/search", "/products/teddy-bear/images"}) {
                Reply reply = send(HttpRequest.newBuilder(URI.create(at + path))
                        .header("Content-Type", "multipart/form-data; boundary=B1g")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(multipart("B1g", "image", big, "image/jpeg"))).build());
                assertError(reply, 413, "image_too_large", "limit");
            }
        }
    }

    @Test
    void requestsJettyRefusesItselfAnswerTheErrorContract() throws Exception {
        for (String path : new String[]{"/images/..%2F..%2Fetc%2Fpasswd", "/products/%00"}) {
            Reply reply = get(path);
            assertThat(reply.status()).as(path).isBetween(400, 404);
            assertThat(reply.json()).as("%s answers JSON, not %s", path,
                    new String(reply.raw().body(), StandardCharsets.UTF_8)).isNotNull();
            assertThat(reply.json().path("error").asText()).as(path).isNotBlank();
            assertThat(reply.json().path("message").asText()).as(path).isNotBlank();
        }
    }

    @Test
    void aRepeatedFilterAttributeMatchesAnyOfItsValues() throws Exception {
        byte[] photo = Files.readAllBytes(SampleCatalog.QUERIES.resolve("teddy-bear.jpg"));
        String bear = get("/products/teddy-bear").json().path("attributes").path("category").asText();
        Reply one = post("/search?k=100&fields=attributes&filter.category=" + bear, "image/jpeg", photo);
        String other = null;
        Reply all = post("/search?k=100&fields=attributes", "image/jpeg", photo);
        for (String category : all.json().path("results").findValuesAsText("category")) {
            if (!category.equals(bear)) {
                other = category;
                break;
            }
        }
        assertThat(other).as("the sample catalog has a second category").isNotNull();
        Reply either = post("/search?k=100&fields=attributes&filter.category=" + bear + "&filter.category="
                + java.net.URLEncoder.encode(other, StandardCharsets.UTF_8), "image/jpeg", photo);
        assertThat(either.status()).isEqualTo(200);
        assertThat(either.json().path("results").findValuesAsText("category")).contains(bear, other)
                .containsOnly(bear, other);
        assertThat(either.json().path("results").size()).isGreaterThan(one.json().path("results").size());
        assertError(post("/search?k=3&k=4", "image/jpeg", photo), 400, "invalid_argument", "'k' was given 2 times");
        assertError(post("/search", "application/json",
                "{\"image\": \"AAAA\", \"k\": 1000000000000}".getBytes(StandardCharsets.UTF_8)), 400,
                "invalid_argument", "got 1000000000000");
    }

    @Test
    void pastItsCapacityTheServerShedsWith503AndRetryAfterInsteadOfQueueing() throws Exception {
        Admission oneAtATime = new Admission(1, java.time.Duration.ZERO);
        byte[] photo = Files.readAllBytes(SampleCatalog.QUERIES.resolve("teddy-bear.jpg"));
        try (LocalServer busy = new LocalServer(app, 20L * 1024 * 1024, oneAtATime).start("127.0.0.1", 0)) {
            String at = "http://127.0.0.1:" + busy.port();
            HttpRequest search = HttpRequest.newBuilder(URI.create(at + "/search")).header("Content-Type", "image/jpeg")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(photo)).build();
            // The test holds the only place, as a long search would: the server's search must be shed.
            Reply shed = oneAtATime.run(() -> {
                try {
                    return send(search);
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertError(shed, 503, "overloaded", "try again in 1 s");
            assertThat(shed.raw().headers().firstValue("Retry-After")).contains("1");
            assertThat(send(search).status()).as("once the place is free, the same search is answered").isEqualTo(200);
        }
    }
}
