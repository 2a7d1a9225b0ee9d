package dev.shoplens.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoplens.core.domain.CatalogImageUpload;
import dev.shoplens.core.domain.ErrorCode;
import dev.shoplens.core.domain.ImageKey;
import dev.shoplens.core.domain.ImageRecord;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.domain.ShopLensException;
import dev.shoplens.core.imaging.DecodeLimits;
import dev.shoplens.core.imaging.ImageDecoder;
import dev.shoplens.core.imaging.ImageFormat;
import dev.shoplens.core.service.CatalogUploadService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deployed stack as an import's target, through its API only, as any merchant's client would: each image
 * goes up through a presigned URL (POST /uploads with its SHA-256, so it is stored under the key its content
 * names), S3's notification has the ingest function index it, the import waits for GET /image-status to say
 * INDEXED or FAILED, and then sets each product's name and attributes with PATCH /products/{id} (an image
 * uploaded this way carries no details). Asking /image-status first is what makes a second run skip what is
 * already indexed.
 */
public final class DeployedStack implements CatalogTarget {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final int TRIES = 4;

    private final URI api;
    private final ApiAuth auth;
    private final Duration indexedWithin;
    private final ImageDecoder formats = new ImageDecoder(DecodeLimits.DEFAULT);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** Details of products whose images were all found indexed: saved once, at the end of the run. */
    private final Map<ProductId, ObjectNode> resumedDetails = new LinkedHashMap<>();

    /**
     * @param api           the API's base URL (the stack's ApiUrl output, or the local AWS mode's)
     * @param indexedWithin how long an image may take from its upload to INDEXED before it counts as failed
     *                      (a later run finds it indexed and skips it)
     */
    public DeployedStack(URI api, ApiAuth auth, Duration indexedWithin) {
        String base = api.toString();
        this.api = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.auth = auth;
        this.indexedWithin = indexedWithin;
    }

    @Override
    public ImageRecord.Status status(ProductId product, byte[] image) {
        JsonNode status = imageStatus(keyOf(product, image, formats.probe(image)));
        return status == null ? null : ImageRecord.Status.valueOf(status.path("status").asText());
    }

    /** The stack's record of one image, or null when it has none. */
    private JsonNode imageStatus(ImageKey key) {
        Reply reply = call("GET", "/image-status?key=" + URLEncoder.encode(key.value(), StandardCharsets.UTF_8), null);
        return reply.status() == 404 ? null : reply.ok("the image's status");
    }

    @Override
    public List<CatalogUploadService.Uploaded> addAll(List<CatalogImageUpload> images) {
        CatalogUploadService.Uploaded[] outcomes = new CatalogUploadService.Uploaded[images.size()];
        ImageKey[] keys = new ImageKey[images.size()];
        for (int i = 0; i < images.size(); i++) {
            try {
                keys[i] = upload(images.get(i));
            } catch (ShopLensException e) {
                outcomes[i] = new CatalogUploadService.Uploaded(null, e);
            }
        }
        awaitIngest(keys, outcomes);
        saveDetails(images, outcomes);
        return Arrays.asList(outcomes);
    }

    private static ImageKey keyOf(ProductId product, byte[] image, ImageFormat format) {
        return ImageKey.ofContent(product, CatalogUploadService.sha256(image), format.extension());
    }

    /** Asks for a presigned PUT named by the image's content and sends the image through it. */
    private ImageKey upload(CatalogImageUpload image) {
        ImageFormat format = formats.probe(image.image());
        ObjectNode request = JSON.createObjectNode().put("purpose", "catalog").put("contentType", format.mediaType())
                .put("contentLength", image.image().length).put("productId", image.productId().value())
                .put("sha256", CatalogUploadService.sha256(image.image()));
        JsonNode granted = call("POST", "/uploads", request).ok("an upload URL");
        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(granted.path("uploadUrl").asText()))
                .timeout(CALL_TIMEOUT).PUT(HttpRequest.BodyPublishers.ofByteArray(image.image()));
        granted.path("headers").fields().forEachRemaining(h -> {
            if (!h.getKey().equalsIgnoreCase("Content-Length")) { // the HTTP client sets it from the body
                put.header(h.getKey(), h.getValue().asText());
            }
        });
        HttpResponse<String> stored = send(put.build());
        if (stored.statusCode() != 200) {
            throw new ShopLensException(ErrorCode.INVALID_ARGUMENT, "the bucket refused the upload (HTTP "
                    + stored.statusCode() + "): " + stored.body().lines().findFirst().orElse(""));
        }
        return ImageKey.of(granted.path("key").asText());
    }

    /** Waits until each uploaded image is INDEXED or FAILED, or the time allowed has passed. */
    private void awaitIngest(ImageKey[] keys, CatalogUploadService.Uploaded[] outcomes) {
        long deadline = System.nanoTime() + indexedWithin.toNanos();
        boolean waiting = true;
        while (waiting) {
            waiting = false;
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] == null || outcomes[i] != null) {
                    continue;
                }
                JsonNode status = imageStatus(keys[i]);
                String state = status == null ? "" : status.path("status").asText();
                if (state.equals("INDEXED")) {
                    outcomes[i] = new CatalogUploadService.Uploaded(keys[i], null);
                } else if (state.equals("FAILED") || state.equals("REMOVED")) {
                    outcomes[i] = new CatalogUploadService.Uploaded(null, new ShopLensException(ErrorCode.CORRUPT_IMAGE,
                            state.equals("FAILED") ? status.path("reason").asText() : "removed while it was being imported"));
                } else if (System.nanoTime() > deadline) {
                    outcomes[i] = new CatalogUploadService.Uploaded(null, new ShopLensException(ErrorCode.INVALID_ARGUMENT,
                            "stored as " + keys[i] + " but not indexed within " + indexedWithin.toSeconds()
                                    + " s: the stack's ingest may be behind; run the import again to check it"));
                } else {
                    waiting = true;
                }
            }
            if (waiting) {
                pause(Duration.ofMillis(500));
            }
        }
    }

    @Override
    public void alreadyIndexed(CatalogImageUpload image) {
        addDetails(resumedDetails, image);
    }

    @Override
    public List<String> finish() {
        List<String> problems = new java.util.ArrayList<>();
        resumedDetails.forEach((product, patch) -> {
            Reply reply = patch(product, patch);
            if (reply.status() != 200) {
                problems.add(product + ": its images are indexed, but its name and attributes were not saved: "
                        + reply.message());
            }
        });
        resumedDetails.clear();
        return problems;
    }

    /** Sets the name and attributes of each product that has them and has an image indexed in this batch. */
    private void saveDetails(List<CatalogImageUpload> images, CatalogUploadService.Uploaded[] outcomes) {
        Map<ProductId, ObjectNode> details = new LinkedHashMap<>();
        for (int i = 0; i < images.size(); i++) {
            if (outcomes[i].ok()) {
                addDetails(details, images.get(i));
            }
        }
        details.forEach((product, patch) -> {
            resumedDetails.remove(product); // saved now, with what this batch says
            Reply reply = patch(product, patch);
            if (reply.status() != 200) {
                ShopLensException refused = new ShopLensException(ErrorCode.INVALID_ARGUMENT, "the image is indexed, "
                        + "but the product's name and attributes were not saved: " + reply.message());
                for (int i = 0; i < images.size(); i++) {
                    if (images.get(i).productId().equals(product) && outcomes[i].ok()) {
                        outcomes[i] = new CatalogUploadService.Uploaded(null, refused);
                    }
                }
            }
        });
    }

    /** Merges an image's product details into the merge patch for its product; nothing when it has none. */
    private static void addDetails(Map<ProductId, ObjectNode> details, CatalogImageUpload image) {
        if ((image.productName() == null || image.productName().isBlank()) && image.attributes().isEmpty()) {
            return;
        }
        ObjectNode patch = details.computeIfAbsent(image.productId(), id -> JSON.createObjectNode());
        if (image.productName() != null && !image.productName().isBlank()) {
            patch.put("name", image.productName());
        }
        ObjectNode attributes = patch.has("attributes") ? (ObjectNode) patch.get("attributes")
                : patch.putObject("attributes");
        image.attributes().forEach(attributes::put);
    }

    private Reply patch(ProductId product, ObjectNode patch) {
        return call("PATCH", "/products/" + URLEncoder.encode(product.value(), StandardCharsets.UTF_8), patch);
    }

    private record Reply(int status, JsonNode body) {
        /** The body of a 2xx answer; a refusal becomes an exception with the API's own words. */
        JsonNode ok(String what) {
            if (status / 100 == 2) {
                return body;
            }
            String code = body.path("error").asText("");
            ErrorCode known = Arrays.stream(ErrorCode.values()).filter(c -> c.wireName().equals(code)).findFirst()
                    .orElse(null);
            if (known != null && status / 100 == 4) {
                throw new ShopLensException(known, message());
            }
            throw new IllegalStateException("the API refused " + what + " with HTTP " + status + ": " + message());
        }

        String message() {
            return body.path("message").asText(body.toString());
        }
    }

    /** One API call, authorised, tried again after a 429 or 5xx (a throttle, a cold start) with backoff. */
    private Reply call(String method, String path, JsonNode json) {
        URI uri = URI.create(api + path);
        byte[] body = json == null ? null : json.toString().getBytes(StandardCharsets.UTF_8);
        String contentType = json == null ? null
                : method.equals("PATCH") ? "application/merge-patch+json" : "application/json";
        for (int attempt = 1; ; attempt++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(CALL_TIMEOUT)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            auth.authorise(request, method, uri, contentType, body);
            HttpResponse<String> response = send(request.build());
            boolean passing = response.statusCode() == 429 || response.statusCode() >= 500;
            if (!passing || attempt == TRIES) {
                return new Reply(response.statusCode(), parse(response));
            }
            pause(Duration.ofMillis(500L << attempt));
        }
    }

    private static JsonNode parse(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            return JSON.createObjectNode().put("message", "HTTP " + response.statusCode() + " without JSON: "
                    + response.body().lines().findFirst().orElse("").strip());
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach " + request.uri().getHost() + " (" + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling " + request.uri(), e);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return api.toString();
    }
}
