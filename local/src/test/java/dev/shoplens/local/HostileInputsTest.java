package dev.shoplens.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoplens.core.imaging.DecodeLimits;
import dev.shoplens.core.testing.HostileInputs;
import dev.shoplens.local.app.LocalApplication;
import dev.shoplens.local.cli.CatalogImporter;
import dev.shoplens.local.http.LocalServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile corpus ({@link HostileInputs}) through every entry point of the local mode: photo search as
 * a raw body, a multipart form and base64 JSON; adding a catalog image; and the import command. Then
 * hostile requests. Run in a JVM of its own with a small heap (the {@code hostile-inputs} execution), it
 * prints the peak heap it needed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputsTest {
    private static final long MAX_BYTES = 2L * 1024 * 1024;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path data;
    @TempDir
    static Path folder;

    private LocalApplication app;
    private LocalServer server;
    private String base;
    private int requests;
    private long sampledPeak;

    @BeforeAll
    void start() {
        app = SampleCatalog.indexedApplication(data);
        server = new LocalServer(app, MAX_BYTES).start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    void stop() {
        server.close();
        app.close();
        // The heap's true peak lies between the highest use seen before a request and the sum of each pool's
        // own peak (the pools peak at different times).
        long poolPeaks = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                poolPeaks += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("hostile inputs: %d corpus files, %d requests to the local server, the import command; "
                        + "peak heap %.0f to %.0f MB with -Xmx %.0f MB, no failure%n", corpus().size(), requests,
                sampledPeak / 1048576.0, poolPeaks / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0);
    }

    List<HostileInputs.Case> corpus() {
        return HostileInputs.corpus(MAX_BYTES);
    }

    record Reply(int status, JsonNode json, String raw) {
    }

    private Reply post(String path, String contentType, byte[] body) throws IOException, InterruptedException {
        requests++;
        sampledPeak = Math.max(sampledPeak, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        // "Expect: 100-continue", as an uploading client should send: Jetty refuses a path it cannot parse
        // (an encoded '/', a NUL) before reading the body and closes the connection, and a client still
        // sending its photo then may lose the refusal to the reset (22 of 300 such uploads here without it).
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .expectContinue(true).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        boolean json = r.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
        return new Reply(r.statusCode(), json ? JSON.readTree(r.body()) : null, r.body());
    }

    private static byte[] multipart(HostileInputs.Case c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--Xb0und\r\nContent-Disposition: form-data; name=\"image\"; filename=\"" + c.name() + "."
                + c.extension() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(c.bytes());
        out.writeBytes("\r\n--Xb0und--\r\n".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static void check(HostileInputs.Case c, String how, Reply reply, int okStatus) {
        if (c.accepted()) {
            assertThat(reply.status()).as("%s %s: %s", c.name(), how, reply.raw()).isEqualTo(okStatus);
        } else {
            assertThat(reply.status()).as("%s %s: %s", c.name(), how, reply.raw()).isBetween(400, 499);
            assertThat(reply.json()).as("%s %s answers the error contract", c.name(), how).isNotNull();
            assertThat(c.refusals()).as("%s %s: %s", c.name(), how, reply.raw())
                    .contains(reply.json().path("error").asText());
            assertThat(reply.json().path("message").asText()).isNotBlank();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void everySearchEntryPointAnswersEachFile(HostileInputs.Case c) throws Exception {
        check(c, "as the body", post("/search", "application/octet-stream", c.bytes()), 200);
        check(c, "as a form", post("/search", "multipart/form-data; boundary=Xb0und", multipart(c)), 200);
        byte[] json = JSON.writeValueAsBytes(Map.of("image", Base64.getEncoder().encodeToString(c.bytes())));
        check(c, "as base64 JSON", post("/search", "application/json", json), 200);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void addingACatalogImageAnswersEachFile(HostileInputs.Case c) throws Exception {
        check(c, "as a catalog image", post("/products/corpus-" + c.name() + "/images",
                "multipart/form-data; boundary=Xb0und", multipart(c)), 201);
    }

    @Test
    void theImporterOfTheIndexCommandIndexesThePicturesAndReportsEveryOtherFile() throws Exception {
        long importLimit = DecodeLimits.DEFAULT.maxBytes(); // the import command's limit
        List<HostileInputs.Case> cases = HostileInputs.corpus(importLimit);
        for (HostileInputs.Case c : cases) {
            Path product = Files.createDirectories(folder.resolve("import-" + c.name()));
            Files.write(product.resolve("picture." + c.extension()), c.bytes());
        }
        CatalogImporter importer = CatalogImporter.of(app);
        CatalogImporter.Summary summary = importer.run(importer.plan(folder), done -> { });
        long accepted = cases.stream().filter(HostileInputs.Case::accepted).count();
        assertThat(summary.indexed()).as(String.join("\n", summary.problems())).isEqualTo(accepted);
        assertThat(summary.failed() + summary.skipped()).isEqualTo(cases.size() - accepted);
        for (HostileInputs.Case c : cases) {
            if (!c.accepted()) {
                assertThat(String.join("\n", summary.problems()))
                        .as("%s is reported by name", c.name()).contains("import-" + c.name());
            }
        }
    }

    @Test
    void hostileRequestsAreRefusedByName() throws Exception {
        String deep = "{\"image\":\"AAAA\",\"filter\":" + "{\"and\":[".repeat(200) + "]}".repeat(200) + "}";
        Reply nested = post("/search", "application/json", deep.getBytes(StandardCharsets.UTF_8));
        assertThat(nested.status()).isEqualTo(400);
        assertThat(nested.json().path("message").asText()).containsIgnoringCase("nesting");
        Reply wrongType = post("/search", "application/json", "{\"image\": [1, 2]}".getBytes(StandardCharsets.UTF_8));
        assertThat(wrongType.json().path("message").asText()).contains("'image' must be the photo as a base64 string");
        Reply queryKey = post("/search", "application/json",
                "{\"queryKey\": \"catalog/teddy-bear/front.jpg\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(queryKey.status()).isEqualTo(400);
        assertThat(queryKey.json().path("message").asText()).contains("queryKey");
        byte[] photo = Files.readAllBytes(SampleCatalog.QUERIES.resolve("teddy-bear.jpg"));
        for (String id : new String[]{"caf%C3%A9-mug", "..%2F..%2Fetc", "%E2%80%AEevil", "a%00b"}) {
            Reply reply = post("/products/" + id + "/images", "image/jpeg", photo);
            assertThat(reply.status()).as(id).isBetween(400, 404);
            assertThat(reply.json()).as("%s answers JSON: %s", id, reply.raw()).isNotNull();
        }
    }
}
