package dev.shoplens.localaws;

import com.sun.net.httpserver.HttpServer;
import dev.shoplens.aws.LocalAws;
import dev.shoplens.aws.LocalServices;
import dev.shoplens.core.imaging.DecodeLimits;
import dev.shoplens.core.testing.HeadlessChromium;
import dev.shoplens.local.cli.ApiAuth;
import dev.shoplens.local.cli.CatalogImporter;
import dev.shoplens.local.cli.DeployedStack;
import dev.shoplens.local.cli.PagesCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The shopper's page as `shoplens pages` writes it, served from an origin of its own, in headless Chromium,
 * calling the stack's API (the local AWS mode, whose gateway applies the template's CORS rules) with a
 * Cognito-style bearer token from sessionStorage.
 */
class StaticPageOnStackTest {
    private static final Path ROOT = LocalAws.repositoryRoot();
    private static final String TOKEN = "eyJ.test-token.sig";

    @TempDir
    static Path dir;
    private static HttpServer pages;
    private static LocalAwsMode mode;
    private static ChromeDriver browser;
    private static final List<String> authorizations = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(HeadlessChromium.installed(), "chromium and chromedriver are not installed (.ci/run installs them)");
        Path site = Files.createDirectories(dir.resolve("site"));
        pages = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        pages.createContext("/", exchange -> {
            try (exchange) {
                String name = exchange.getRequestURI().getPath().replaceFirst("^/", "");
                Path file = site.resolve(name.isEmpty() ? "index.html" : name).normalize();
                if (!file.startsWith(site) || !Files.isRegularFile(file)) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                String type = name.endsWith(".js") ? "text/javascript" : name.endsWith(".svg") ? "image/svg+xml"
                        : "text/html";
                exchange.getResponseHeaders().add("Content-Type", type + "; charset=utf-8");
                byte[] body = Files.readAllBytes(file);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        pages.start();
        String origin = "http://127.0.0.1:" + pages.getAddress().getPort();

        LocalServices.start();
        String run = UUID.randomUUID().toString().substring(0, 8);
        mode = LocalAwsMode.start(LocalAws.settings("pages-" + run), "ingest-" + run, 0,
                LocalAwsMode.VISIBILITY_SECONDS, LocalApiGateway.Cors.forPages(Set.of(origin)));
        mode.gateway().observeRequests(headers -> {
            String auth = headers.getFirst("Authorization");
            if (auth != null) {
                authorizations.add(auth);
            }
        });
        URI api = URI.create("http://127.0.0.1:" + mode.port());
        CatalogImporter importer = new CatalogImporter(new DeployedStack(api, ApiAuth.none(), Duration.ofSeconds(90)),
                DecodeLimits.DEFAULT.maxBytes());
        Path catalog = Files.createDirectories(dir.resolve("catalog"));
        StringBuilder csv = new StringBuilder("id,name,category\n");
        for (String product : List.of("teddy-bear", "mug-coffee", "guitar-acoustic", "laptop-13")) {
            Files.createDirectories(catalog.resolve(product));
            Files.copy(ROOT.resolve("local/sample-catalog/" + product + "/front.jpg"), catalog.resolve(product + "/front.jpg"));
            csv.append(product).append(",").append(product.equals("teddy-bear") ? "Teddy bear" : product).append(",x\n");
        }
        Files.writeString(catalog.resolve("products.csv"), csv);
        assertThat(importer.run(importer.plan(catalog), n -> { }).problems()).isEmpty();
        awaitSearchable(api);

        PagesCommand.write(api, "shoplens-token", site);

        browser = HeadlessChromium.start(dir.resolve("chromium-profile"));
    }

    /** OpenSearch shows new vectors after its refresh interval: wait until the teddy bear answers its photo. */
    private static void awaitSearchable(URI api) throws Exception {
        String photo = java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(
                ROOT.resolve("local/sample-queries/teddy-bear.jpg")));
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            String body = http.send(java.net.http.HttpRequest.newBuilder(api.resolve("/search"))
                    .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"image\": \"" + photo + "\", \"k\": 4}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            List<String> ids = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path("results")
                    .findValuesAsText("productId");
            if (ids.size() == 4 && ids.getFirst().equals("teddy-bear")) {
                return;
            }
            assertThat(System.nanoTime()).as("the catalog searchable: %s", body).isLessThan(deadline);
            Thread.sleep(300);
        }
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (mode != null) {
            mode.close();
        }
        if (pages != null) {
            pages.stop(0);
        }
    }

    private static List<WebElement> search(String pageOrigin) {
        browser.get(pageOrigin + "/index.html");
        browser.executeScript("sessionStorage.setItem('shoplens-token', arguments[0])", TOKEN);
        browser.findElement(By.id("photo")).sendKeys(ROOT.resolve("local/sample-queries/teddy-bear.jpg").toString());
        browser.findElement(By.id("go")).click();
        return new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> {
            List<WebElement> cards = d.findElements(By.cssSelector("#results .card"));
            boolean failed = d.findElement(By.id("status")).getAttribute("class").contains("error");
            return !cards.isEmpty() || failed ? cards : null;
        });
    }

    @Test
    void thePageHostedApartSearchesTheStacksApiWithTheTokenAndShowsItsPresignedThumbnails() throws Exception {
        authorizations.clear();
        List<WebElement> cards = search("http://127.0.0.1:" + pages.getAddress().getPort());

        assertThat(cards).isNotEmpty();
        WebElement first = cards.getFirst();
        assertThat(first.findElement(By.className("name")).getText()).isEqualTo("Teddy bear");
        String thumbnail = first.findElement(By.tagName("img")).getAttribute("src");
        assertThat(thumbnail).as("a presigned S3 URL").contains("X-Amz-Signature=");
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> ((Number) browser.executeScript(
                "return arguments[0].naturalWidth", first.findElement(By.tagName("img")))).intValue() > 0);
        assertThat(authorizations).as("every API call carried the token").isNotEmpty()
                .allSatisfy(a -> assertThat(a).isEqualTo("Bearer " + TOKEN));
        assertThat(browser.findElement(By.cssSelector("header nav")).isDisplayed())
                .as("no link to the local server's merchant page").isFalse();
        Files.createDirectories(Path.of("target", "screenshots"));
        Files.write(Path.of("target", "screenshots", "static-page-on-stack.png"), browser.getScreenshotAs(OutputType.BYTES));

        // the product page too, through the API
        first.findElement(By.tagName("a")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> d.findElement(By.id("detail-title")).getText()
                .equals("Teddy bear"));
    }

    @Test
    void anOriginTheStackDoesNotAllowGetsAReadableErrorInsteadOfResults() {
        // the same files, reached under another origin name: the API's CORS rules do not name it
        List<WebElement> cards = search("http://localhost:" + pages.getAddress().getPort());

        assertThat(cards).isEmpty();
        WebElement status = browser.findElement(By.id("status"));
        assertThat(status.getAttribute("class")).contains("error");
        assertThat(status.getText()).isNotBlank();
    }

    /** A picture no sample product resembles: an orange field with blue rings. */
    private static Path lampPicture() throws Exception {
        java.awt.image.BufferedImage picture = new java.awt.image.BufferedImage(300, 300,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = picture.createGraphics();
        g.setColor(new java.awt.Color(240, 150, 40));
        g.fillRect(0, 0, 300, 300);
        for (int r = 130, ring = 0; r > 0; r -= 30, ring++) {
            g.setColor(ring % 2 == 0 ? new java.awt.Color(30, 60, 200) : new java.awt.Color(240, 150, 40));
            g.fillOval(150 - r, 150 - r, 2 * r, 2 * r);
        }
        g.dispose();
        Path file = dir.resolve("lamp.png");
        javax.imageio.ImageIO.write(picture, "png", file.toFile());
        return file;
    }

    @Test
    void theMerchantPageHostedApartAddsAProductThroughTheBucketEditsItAndDeletesItsImage() throws Exception {
        String origin = "http://127.0.0.1:" + pages.getAddress().getPort();
        browser.get(origin + "/merchant.html");
        browser.executeScript("sessionStorage.setItem('shoplens-token', arguments[0])", TOKEN);
        browser.navigate().refresh();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> !d.findElements(
                By.cssSelector("#products .product")).isEmpty());

        String id = "blue-ring-lamp";
        browser.findElement(By.id("product-id")).sendKeys(id);
        browser.findElement(By.id("product-name")).sendKeys("Blue ring lamp");
        browser.findElement(By.id("product-attributes")).sendKeys("category = lighting");
        browser.findElement(By.id("product-images")).sendKeys(lampPicture().toString());
        browser.findElement(By.id("add")).click();
        new WebDriverWait(browser, Duration.ofSeconds(90)).until(d -> d.findElement(By.id("status")).getText()
                .contains("added to " + id) || d.findElement(By.id("status")).getAttribute("class").contains("error"));
        assertThat(browser.findElement(By.id("status")).getText()).contains("1 image added to " + id);
        WebElement product = new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.findElements(
                By.cssSelector(".product[data-id='" + id + "']")).stream().findFirst().orElse(null));
        assertThat(product.getText()).contains("Blue ring lamp").contains("category: lighting").contains("Searchable");
        String thumbnail = product.findElement(By.tagName("img")).getAttribute("src");
        assertThat(thumbnail).contains("X-Amz-Signature=");
        Files.createDirectories(Path.of("target", "screenshots"));
        Files.write(Path.of("target", "screenshots", "merchant-page-on-stack.png"), browser.getScreenshotAs(OutputType.BYTES));

        product.findElement(By.xpath(".//button[text()='Edit details']")).click();
        WebElement details = product.findElement(By.cssSelector(".edit-form textarea"));
        details.clear();
        details.sendKeys("category = lamps");
        product.findElement(By.cssSelector(".edit-form button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.findElement(By.id("status")).getText()
                .contains("Saved " + id));

        browser.findElement(By.cssSelector(".product[data-id='" + id + "'] button.danger")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.findElement(By.id("status")).getText()
                .contains("leaves the searches in a moment"));
        // the bucket's notification reaches ingest, which takes the image off the product
        URI api = URI.create("http://127.0.0.1:" + mode.port());
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            String body = http.send(java.net.http.HttpRequest.newBuilder(api.resolve("/products/" + id)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
            if (json.path("images").isEmpty()) {
                assertThat(json.path("attributes").path("category").asText()).isEqualTo("lamps");
                break;
            }
            assertThat(System.nanoTime()).as("the image left the product: %s", body).isLessThan(deadline);
            Thread.sleep(300);
        }
    }
}
