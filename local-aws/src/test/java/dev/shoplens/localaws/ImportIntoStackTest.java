package dev.shoplens.localaws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoplens.aws.LocalAws;
import dev.shoplens.aws.LocalServices;
import dev.shoplens.core.domain.CatalogImageUpload;
import dev.shoplens.core.domain.ImageRecord;
import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.imaging.DecodeLimits;
import dev.shoplens.core.service.CatalogUploadService;
import dev.shoplens.local.cli.ApiAuth;
import dev.shoplens.local.cli.CatalogImporter;
import dev.shoplens.local.cli.CatalogTarget;
import dev.shoplens.local.cli.DeployedStack;
import dev.shoplens.local.cli.ShopLensCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The import command aimed at a stack's API (here the local AWS mode: the same handlers behind a local API
 * Gateway, S3 and SQS on moto_server, OpenSearch): presigned uploads, ingest through the queue, details set
 * by PATCH, and a run killed half-way resumed without sending an indexed image twice.
 */
class ImportIntoStackTest {
    private static final Path ROOT = LocalAws.repositoryRoot();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<String> PRODUCTS = List.of("teddy-bear", "mug-coffee", "guitar-acoustic", "sneaker-running");

    @TempDir
    static Path catalog;
    private static LocalAwsMode mode;
    private static URI api;

    @BeforeAll
    static void start() throws Exception {
        LocalServices.start();
        String run = UUID.randomUUID().toString().substring(0, 8);
        mode = LocalAwsMode.start(LocalAws.settings("import-" + run), "ingest-" + run, 0);
        api = URI.create("http://127.0.0.1:" + mode.port());
        StringBuilder csv = new StringBuilder("id,name,category,colour\n");
        for (String product : PRODUCTS) {
            Files.createDirectories(catalog.resolve(product));
            Files.copy(ROOT.resolve("local/sample-catalog/" + product + "/front.jpg"), catalog.resolve(product + "/front.jpg"));
            csv.append(product).append(",Imported ").append(product).append(",")
                    .append(product.equals("teddy-bear") ? "plush" : "other").append(",brown\n");
        }
        Files.writeString(catalog.resolve("products.csv"), csv);
    }

    @AfterAll
    static void stop() {
        mode.close();
    }

    private static DeployedStack stack() {
        return new DeployedStack(api, ApiAuth.none(), Duration.ofSeconds(90));
    }

    private static JsonNode get(String path) throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(api.resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    @Test
    void anImportKilledHalfWayResumesWithoutSendingAnIndexedImageAgainAndSetsEveryProductsDetails() throws Exception {
        // The first run dies after the stack indexed two images, before it set any product's details.
        DeployedStack stack = stack();
        CatalogTarget dying = new CatalogTarget() {
            @Override
            public ImageRecord.Status status(ProductId product, byte[] image) {
                return stack.status(product, image);
            }

            @Override
            public List<CatalogUploadService.Uploaded> addAll(List<CatalogImageUpload> images) {
                stack.addAll(images.subList(0, 2).stream().map(i -> new CatalogImageUpload(i.productId(), i.image(),
                        null, Map.of())).toList());
                throw new IllegalStateException("killed");
            }
        };
        CatalogImporter first = new CatalogImporter(dying, DecodeLimits.DEFAULT.maxBytes());
        assertThatThrownBy(() -> first.run(first.plan(catalog), n -> { })).hasMessage("killed");
        // the plan goes by product id: the first two are indexed, under their ids alone
        List<String> sent = PRODUCTS.stream().sorted().limit(2).toList();
        for (String product : sent) {
            assertThat(get("/products/" + product).path("name").asText()).as("%s has no details yet", product)
                    .isEqualTo(product);
        }

        // the command a merchant runs again, as they would type it
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream console = System.out;
        int exit;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            exit = new CommandLine(new ShopLensCommand()).execute("import", "--api", api.toString(), catalog.toString());
        } finally {
            System.setOut(console);
        }
        String output = printed.toString(StandardCharsets.UTF_8);
        console.println(output);
        assertThat(exit).as(output).isZero();
        assertThat(output).contains("Importing").contains("images/s").contains("Imported 2 images of 4 products")
                .contains("2 already indexed (skipped), 0 failed");
        for (String product : PRODUCTS) {
            JsonNode stored = get("/products/" + product);
            assertThat(stored.path("name").asText()).as(product).isEqualTo("Imported " + product);
            assertThat(stored.path("attributes").path("colour").asText()).as(product).isEqualTo("brown");
            assertThat(stored.path("images")).as("%s: one image, however often it was sent", product).hasSize(1);
            String key = stored.path("images").get(0).path("key").asText();
            byte[] bytes = Files.readAllBytes(catalog.resolve(product + "/front.jpg"));
            assertThat(key).isEqualTo("catalog/" + product + "/" + CatalogUploadService.sha256(bytes).substring(0, 24)
                    + ".jpg");
        }

        // the attributes reached the vectors: a filtered search finds the teddy bear by its category
        // (OpenSearch shows the updated documents after its refresh interval)
        String photo = Base64.getEncoder().encodeToString(Files.readAllBytes(ROOT.resolve("local/sample-queries/teddy-bear.jpg")));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> plush;
        do {
            HttpResponse<String> found = HTTP.send(HttpRequest.newBuilder(api.resolve("/search"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"image\": \"" + photo + "\", \"k\": 3, \"filter\": {\"category\": \"plush\"}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
            plush = JSON.readTree(found.body()).path("results").findValuesAsText("productId");
            if (plush.isEmpty()) {
                Thread.sleep(300);
            }
        } while (plush.isEmpty() && System.nanoTime() < deadline);
        assertThat(plush).containsExactly("teddy-bear");

        // a third run sends nothing
        CatalogImporter.Summary again = new CatalogImporter(stack(), DecodeLimits.DEFAULT.maxBytes())
                .run(new CatalogImporter(stack(), DecodeLimits.DEFAULT.maxBytes()).plan(catalog), n -> { });
        assertThat(again.alreadyIndexed()).isEqualTo(4);
        assertThat(again.indexed()).isZero();
    }

    @Test
    void aFileThatIsNoImageIsReportedWithItsReasonAndTheOthersAreImported() throws Exception {
        Path folder = Files.createTempDirectory(catalog.getParent(), "broken");
        Files.createDirectories(folder.resolve("laptop-13"));
        Files.copy(ROOT.resolve("local/sample-catalog/laptop-13/front.jpg"), folder.resolve("laptop-13/front.jpg"));
        Files.writeString(folder.resolve("laptop-13/notes.jpg"), "not a picture");

        CatalogImporter importer = new CatalogImporter(stack(), DecodeLimits.DEFAULT.maxBytes());
        CatalogImporter.Summary summary = importer.run(importer.plan(folder), n -> { });

        assertThat(summary.indexed()).isEqualTo(1);
        assertThat(summary.failed()).isEqualTo(1);
        assertThat(summary.problems()).singleElement().asString().contains("notes.jpg");
        assertThat(get("/products/laptop-13").path("images")).hasSize(1);
    }
}
