package dev.shoplens.local.http;

import dev.shoplens.core.domain.Box;
import dev.shoplens.core.imaging.JpegEncoder;
import dev.shoplens.core.testing.ShelfPhoto;
import dev.shoplens.core.testing.HeadlessChromium;
import dev.shoplens.local.SampleCatalog;
import dev.shoplens.local.app.LocalApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The web page in a real headless Chromium (Debian's chromium and chromium-driver, which .ci/run installs):
 * pick a photo, press Search, see the product grid.
 */
class WebPageBrowserTest {

    @TempDir
    static Path data;

    private static LocalApplication app;
    private static LocalServer server;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() {
        boolean present = HeadlessChromium.installed();
        if (!present) {
            System.err.println("\n*** WebPageBrowserTest SKIPPED: install Debian's chromium and chromium-driver "
                    + "(.ci/run does) to test the page in a real browser ***\n");
        }
        assumeTrue(present, "chromium and chromedriver are not installed");
        app = SampleCatalog.indexedApplication(data);
        server = new LocalServer(app, 20L * 1024 * 1024).start("127.0.0.1", 0);
        browser = HeadlessChromium.start(data.resolve("chromium-profile"));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
            app.close();
        }
    }

    private static void openPage() {
        browser.get("http://127.0.0.1:" + server.port() + "/");
    }

    /** Picks a photo in the page's file input, as a user would. */
    private static void choosePhoto(Path path) {
        browser.findElement(By.id("photo")).sendKeys(path.toAbsolutePath().toString());
    }

    @Test
    void searchingWithACatalogPhotoShowsThatProductFirst() throws Exception {
        openPage();
        assertThat(browser.getTitle()).contains("ShopLens");
        Path photo = SampleCatalog.FOLDER.resolve("teddy-bear/studio.jpg");
        choosePhoto(photo);
        browser.findElement(By.id("go")).click();
        List<WebElement> cards = new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(d -> {
                    List<WebElement> found = d.findElements(By.cssSelector("#results .card"));
                    return found.isEmpty() ? null : found;
                });
        assertThat(cards).hasSize(12);
        assertThat(cards.getFirst().findElement(By.className("name")).getText()).isEqualTo("Teddy bear");
        assertThat(cards.getFirst().findElement(By.tagName("img")).getAttribute("src")).contains("/images/");
        // the thumbnail really loaded
        Object width = browser.executeScript("return arguments[0].naturalWidth", cards.getFirst()
                .findElement(By.tagName("img")));
        assertThat(((Number) width).intValue()).isGreaterThan(0);
        assertThat(browser.findElement(By.id("status")).getText()).contains("12 products");
        Files.write(Path.of("target", "web-page.png"), browser.getScreenshotAs(OutputType.BYTES));

        // "Show more" fetches the next page with the cursor and adds it below, without repeats.
        WebElement more = browser.findElement(By.id("more"));
        assertThat(more.isDisplayed()).isTrue();
        more.click();
        List<WebElement> all = new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector("#results .card"));
            return found.size() == 24 ? found : null;
        });
        List<String> ids = all.stream().map(c -> c.getAttribute("data-product-id")).toList();
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(all.getFirst().findElement(By.className("name")).getText()).isEqualTo("Teddy bear");
        assertThat(browser.findElement(By.id("status")).getText()).contains("24 products");
    }

    /**
     * A 12 MP phone photo on a 0.75 Mbit/s link: the page shrinks it before sending, so the search finishes
     * in less time than the original file alone would need to cross that link, and still finds the item.
     */
    @Test
    void aPhonePhotoIsShrunkBeforeUploadSoASlowLinkStaysUsable() throws Exception {
        Path phonePhoto = data.resolve("phone-photo.jpg");
        Files.write(phonePhoto, phonePhotoOf(SampleCatalog.FOLDER.resolve("teddy-bear/studio.jpg")));
        long original = Files.size(phonePhoto);
        int bitsPerSecond = 750_000;
        openPage();
        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", false, "latency", 40,
                "downloadThroughput", bitsPerSecond / 8, "uploadThroughput", bitsPerSecond / 8));
        try {
            choosePhoto(phonePhoto);
            browser.findElement(By.id("go")).click();
            List<WebElement> cards = new WebDriverWait(browser, Duration.ofSeconds(90)).until(d -> {
                List<WebElement> found = d.findElements(By.cssSelector("#results .card"));
                return found.isEmpty() ? null : found;
            });
            assertThat(cards.getFirst().findElement(By.className("name")).getText()).isEqualTo("Teddy bear");
            Map<?, ?> search = (Map<?, ?>) browser.executeScript("return window.lastSearch");
            long sent = ((Number) search.get("sentBytes")).longValue();
            double seconds = ((Number) search.get("totalMs")).doubleValue() / 1000;
            double fullFileSeconds = original * 8.0 / bitsPerSecond;
            System.out.printf(Locale.ROOT, "12 MP photo on a 0.75 Mbit/s link: %d KB sent of %d KB, search done in "
                    + "%.1f s; the whole file alone would need %.1f s%n", sent / 1024, original / 1024, seconds,
                    fullFileSeconds);
            assertThat(((Number) search.get("originalBytes")).longValue()).isEqualTo(original);
            assertThat(sent).isLessThan(original / 4).isLessThan(400 * 1024);
            assertThat(seconds).isLessThan(fullFileSeconds);
            assertThat(browser.findElement(By.id("status")).getText()).contains("shrunk from").contains("the server took");
        } finally {
            browser.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", false, "latency", 0,
                    "downloadThroughput", -1, "uploadThroughput", -1));
        }
    }

    /** The item large in a 4000 x 3000 frame with sensor-like noise, saved as a camera would (quality 92). */
    private static byte[] phonePhotoOf(Path item) throws IOException {
        BufferedImage picture = ImageIO.read(item.toFile());
        BufferedImage frame = new BufferedImage(4000, 3000, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = frame.createGraphics();
        g.setColor(new Color(236, 233, 228));
        g.fillRect(0, 0, 4000, 3000);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        int side = 2600;
        g.drawImage(picture, (4000 - side) / 2, (3000 - side) / 2, side, side, null);
        g.dispose();
        Random random = new Random(3);
        int[] row = new int[4000];
        for (int y = 0; y < 3000; y++) {
            frame.getRGB(0, y, 4000, 1, row, 0, 4000);
            for (int x = 0; x < 4000; x++) {
                int n = random.nextInt(13) - 6;
                int p = row[x];
                row[x] = (Math.clamp(((p >> 16) & 0xFF) + n, 0, 255) << 16)
                        | (Math.clamp(((p >> 8) & 0xFF) + n, 0, 255) << 8) | Math.clamp((p & 0xFF) + n, 0, 255);
            }
            frame.setRGB(0, y, 4000, 1, row, 0, 4000);
        }
        return JpegEncoder.encode(frame, 0.92f);
    }

    @Test
    void aFileThatIsNotAnImageShowsTheServersMessage() throws Exception {
        openPage();
        Path notImage = data.resolve("notes.jpg");
        Files.writeString(notImage, "this is text");
        choosePhoto(notImage);
        browser.findElement(By.id("go")).click();
        WebElement status = browser.findElement(By.id("status"));
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> status.getAttribute("class").contains("error"));
        assertThat(status.getText()).contains("not a JPEG, PNG, WebP or GIF");
        assertThat(browser.findElements(By.cssSelector("#results .card"))).isEmpty();
    }

    // ---- the shopper's page as a camera search app, at a phone's and a desktop's size ----

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static void viewport(String kind) {
        if (kind.equals("phone")) {
            browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 390, "height", 844,
                    "deviceScaleFactor", 3, "mobile", true));
            browser.executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", true, "maxTouchPoints", 5));
        } else {
            browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
            browser.executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", false));
            browser.manage().window().setSize(new Dimension(1200, 900));
        }
    }

    private static void screenshot(String viewport, String step) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(viewport + "-" + step + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    private static long searches() {
        Object n = browser.executeScript("return window.searchCount || 0");
        return ((Number) n).longValue();
    }

    /** Runs the action, then waits until the page has finished one more search. */
    private static List<WebElement> afterSearch(Runnable action) {
        long before = searches();
        action.run();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> searches() > before);
        return browser.findElements(By.cssSelector("#results .card"));
    }

    private static String productOf(WebElement card) {
        return card.getAttribute("data-product-id");
    }

    /** The teddy bear small on the left of a wide photo, a guitar large on the right. */
    private static Path twoItemPhoto() throws IOException {
        BufferedImage frame = new BufferedImage(1600, 1000, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = frame.createGraphics();
        g.setColor(new Color(226, 222, 215));
        g.fillRect(0, 0, 1600, 1000);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(ImageIO.read(SampleCatalog.FOLDER.resolve("teddy-bear/studio.jpg").toFile()), 60, 480, 380, 380, null);
        g.drawImage(ImageIO.read(SampleCatalog.FOLDER.resolve("guitar-acoustic/front.jpg").toFile()), 560, 40, 960, 920, null);
        g.dispose();
        Path photo = data.resolve("two-items.jpg");
        Files.write(photo, JpegEncoder.encode(frame, 0.9f));
        return photo;
    }

    /** Drags a box on the shown photo, from and to points given as fractions of its width and height. */
    private static void drawBox(double left, double top, double right, double bottom) {
        WebElement preview = browser.findElement(By.id("preview"));
        Rectangle r = preview.getRect();
        // Selenium's offsets count from the element's centre
        new Actions(browser)
                .moveToElement(preview, (int) (r.width * (left - 0.5)), (int) (r.height * (top - 0.5)))
                .clickAndHold()
                .moveToElement(preview, (int) (r.width * (right - 0.5)), (int) (r.height * (bottom - 0.5)))
                .release().perform();
    }

    @ParameterizedTest
    @ValueSource(strings = {"phone", "desktop"})
    void aShopperMarksTheItemNarrowsTheResultsAndBrowsesProductsWithBack(String viewport) throws Exception {
        viewport(viewport);
        openPage();
        WebElement camera = browser.findElement(By.id("camera"));
        assertThat(camera.getAttribute("capture")).isEqualTo("environment");
        assertThat(camera.getAttribute("accept")).isEqualTo("image/*");
        assertThat(browser.findElements(By.cssSelector("label[for=camera], label[for=photo], label[for=k]"))).hasSize(3);
        assertThat(browser.findElements(By.tagName("main"))).hasSize(1);
        screenshot(viewport, "1-start");

        // the whole photo: the big guitar wins
        Path twoItems = twoItemPhoto();
        List<WebElement> cards = afterSearch(() -> {
            choosePhoto(twoItems);
            browser.findElement(By.id("go")).click();
        });
        assertThat(cards).isNotEmpty();
        String wholePhotoFirst = productOf(cards.getFirst());
        assertThat(wholePhotoFirst).isNotEqualTo("teddy-bear");
        screenshot(viewport, "2-whole-photo");

        // a box drawn around the teddy bear searches with that part only, and brings it to the top
        cards = afterSearch(() -> drawBox(0.02, 0.46, 0.29, 0.88));
        Object sentBox = browser.executeScript("return window.lastSearch.box");
        assertThat(sentBox).as("the box the page sent").isInstanceOf(List.class);
        assertThat(productOf(cards.getFirst())).isEqualTo("teddy-bear");
        System.out.printf("%s: whole photo -> %s first; box around the bear -> teddy-bear first%n", viewport, wholePhotoFirst);
        screenshot(viewport, "3-box");

        // two or more result columns, on the phone too
        List<Integer> tops = cards.stream().filter(WebElement::isDisplayed).limit(2).map(c -> c.getRect().y).toList();
        assertThat(tops).hasSize(2);
        assertThat(tops.get(0)).as("the first two results share a row").isEqualTo(tops.get(1));

        // a filter from the results' attributes narrows them
        List<WebElement> chips = browser.findElements(By.cssSelector("#filters button"));
        WebElement chip = chips.stream().filter(c -> c.getText().equals("toys")).findFirst()
                .orElseThrow(() -> new AssertionError("no 'toys' filter among " + chips.stream().map(WebElement::getText).toList()));
        cards = afterSearch(chip::click);
        assertThat(cards).isNotEmpty().allSatisfy(c -> assertThat(c.findElement(By.className("meta")).getAttribute("textContent")).contains("toys"));
        assertThat(browser.findElement(By.cssSelector("#filters button[aria-pressed=true]")).getText()).isEqualTo("toys");
        screenshot(viewport, "4-filter");
        int shown = cards.size();

        // "more like this" is a view of its own; Back returns to the same results
        cards.getFirst().findElement(By.className("like")).click();
        WebElement title = browser.findElement(By.id("detail-title"));
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> title.getText().startsWith("More like")
                && !d.findElements(By.cssSelector("#detail-similar .card")).isEmpty());
        assertThat(title.getText()).isEqualTo("More like Teddy bear");
        assertThat(browser.findElements(By.cssSelector("#detail-similar .card"))).noneMatch(c -> productOf(c).equals("teddy-bear"));
        screenshot(viewport, "5-more-like-this");
        browser.navigate().back();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.findElement(By.id("search-view")).isDisplayed());
        assertThat(browser.findElements(By.cssSelector("#results .card"))).hasSize(shown);

        // the product page: its images, its attributes, similar products; Back again
        browser.findElement(By.cssSelector("#results .card a")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> title.getText().equals("Teddy bear")
                && !d.findElements(By.cssSelector("#detail-similar .card")).isEmpty());
        WebElement image = browser.findElement(By.cssSelector("#detail-body .gallery img"));
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> ((Number) browser.executeScript(
                "return arguments[0].naturalWidth", image)).intValue() > 0);
        assertThat(browser.findElement(By.cssSelector("#detail-body table.attributes")).getText()).contains("category").contains("toys");
        assertThat(browser.getCurrentUrl()).endsWith("#/product/teddy-bear");
        screenshot(viewport, "6-product");
        browser.navigate().back();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.findElement(By.id("search-view")).isDisplayed());
        assertThat(browser.findElements(By.cssSelector("#results .card"))).hasSize(shown);
        viewport("desktop");
    }

    /** The server's object finder marks each item of a shelf photo; tapping one searches for that item alone. */
    @ParameterizedTest
    @ValueSource(strings = {"phone", "desktop"})
    void theItemsFoundInAPhotoAreMarksThatSearchForOneItemWhenTapped(String viewport) throws Exception {
        viewport(viewport);
        openPage();
        List<String> items = List.of("teddy-bear", "guitar-acoustic", "mug-coffee");
        ShelfPhoto shelf = ShelfPhoto.ofSampleProducts(items.toArray(String[]::new));
        Path photo = data.resolve("shelf.jpg");
        Files.write(photo, shelf.jpeg());
        choosePhoto(photo);
        browser.findElement(By.id("auto")).click();
        afterSearch(() -> browser.findElement(By.id("go")).click());
        List<WebElement> marks = browser.findElements(By.cssSelector("#marks .mark"));
        assertThat(marks).as("a mark for each item").hasSizeBetween(items.size(), 4);
        assertThat(marks).allSatisfy(m -> assertThat(m.getAttribute("aria-label")).contains("search for it alone"));
        assertThat(browser.findElement(By.id("marks-help")).isDisplayed()).isTrue();
        screenshot(viewport, "marks-1-found");

        // tap the mark over the mug: the mug comes first, searched with its box
        Box mug = shelf.boxes().get(2);
        WebElement overMug = marks.stream().max(java.util.Comparator.comparingDouble(m -> boxOf(m).iou(mug))).orElseThrow();
        assertThat(boxOf(overMug).iou(mug)).isGreaterThanOrEqualTo(0.5);
        List<WebElement> cards = afterSearch(overMug::click);
        assertThat(productOf(cards.getFirst())).isEqualTo("mug-coffee");
        assertThat(browser.executeScript("return window.lastSearch.box")).as("the box sent").isInstanceOf(List.class);
        assertThat(browser.findElements(By.cssSelector("#marks .mark"))).as("the other items stay tappable")
                .hasSize(marks.size());
        screenshot(viewport, "marks-2-tapped");
    }

    /** A mark's box, read back from its position on the photo (percentages of its size). */
    private static Box boxOf(WebElement mark) {
        double left = percent(mark, "left");
        double top = percent(mark, "top");
        return new Box(left, top, Math.min(1, left + percent(mark, "width")), Math.min(1, top + percent(mark, "height")));
    }

    private static double percent(WebElement mark, String property) {
        String value = (String) browser.executeScript("return arguments[0].style[arguments[1]]", mark, property);
        return Double.parseDouble(value.replace("%", "")) / 100;
    }

    @Test
    void aNewPhotoStartsANewSearchWithoutTheOldCursor() throws Exception {
        openPage();
        afterSearch(() -> {
            choosePhoto(SampleCatalog.FOLDER.resolve("teddy-bear/studio.jpg"));
            browser.findElement(By.id("go")).click();
        });
        List<WebElement> cards = afterSearch(() -> browser.findElement(By.id("more")).click());
        assertThat(cards).hasSize(24);
        choosePhoto(SampleCatalog.FOLDER.resolve("guitar-acoustic/studio.jpg"));
        assertThat(browser.findElement(By.id("more")).isDisplayed()).as("a new photo hides the old photo's next page").isFalse();
        cards = afterSearch(() -> browser.findElement(By.id("go")).click());
        assertThat(browser.findElement(By.id("status")).getAttribute("class")).doesNotContain("error");
        assertThat(cards).hasSize(12);
        assertThat(productOf(cards.getFirst())).isEqualTo("guitar-acoustic");
    }

    @Test
    void aFileOfAnotherKindIsRefusedBesideItsInputWithoutAnUpload() throws Exception {
        openPage();
        Path text = data.resolve("notes.txt");
        Files.writeString(text, "not a photo");
        choosePhoto(text);
        WebElement error = browser.findElement(By.id("photo-error"));
        assertThat(error.isDisplayed()).isTrue();
        assertThat(error.getText()).contains("notes.txt").contains("choose a JPEG, PNG, WebP or GIF photo");
        assertThat(browser.findElement(By.id("photo")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.findElement(By.id("photo")).getAttribute("aria-describedby")).contains("photo-error");
        assertThat(searches()).isZero();
        screenshot("desktop", "bad-file");
    }

    /** A gateway in front of the server answers an HTML error page: the shopper reads a sentence, not a parse error. */
    @Test
    void anHtmlErrorFromAProxyShowsAReadableMessage() throws Exception {
        Map<String, String> served = new java.util.HashMap<>();
        for (String path : List.of("/", "/pages.js")) {
            served.put(path, HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + server.port() + path)).build(), HttpResponse.BodyHandlers.ofString()).body());
        }
        com.sun.net.httpserver.HttpServer proxy = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        proxy.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            boolean search = path.equals("/search");
            byte[] body = (search ? "<html><body><h1>502 Bad Gateway</h1></body></html>" : served.getOrDefault(path, ""))
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", path.endsWith(".js") ? "text/javascript" : "text/html");
            exchange.sendResponseHeaders(search ? 502 : served.containsKey(path) ? 200 : 404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        proxy.start();
        try {
            browser.get("http://127.0.0.1:" + proxy.getAddress().getPort() + "/");
            afterSearch(() -> {
                choosePhoto(SampleCatalog.FOLDER.resolve("teddy-bear/studio.jpg"));
                browser.findElement(By.id("go")).click();
            });
            WebElement status = browser.findElement(By.id("status"));
            assertThat(status.getAttribute("class")).contains("error");
            assertThat(status.getText()).contains("HTTP 502").contains("without a readable message").doesNotContain("Unexpected token");
            screenshot("desktop", "proxy-error");
        } finally {
            proxy.stop(0);
        }
    }

    // ---- the merchant's page ----

    private static long listLoads() {
        return ((Number) browser.executeScript("return window.listCount || 0")).longValue();
    }

    /** Runs the action, then waits until the merchant page has read its product list once more. */
    private static void afterListLoad(Runnable action) {
        long before = listLoads();
        action.run();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> listLoads() > before);
    }

    /** A picture no sample product resembles: an orange field with blue rings. */
    private static Path lampPicture() throws IOException {
        BufferedImage picture = new BufferedImage(300, 300, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = picture.createGraphics();
        g.setColor(new Color(240, 150, 40));
        g.fillRect(0, 0, 300, 300);
        for (int r = 130, ring = 0; r > 0; r -= 30, ring++) {
            g.setColor(ring % 2 == 0 ? new Color(30, 60, 200) : new Color(240, 150, 40));
            g.fillOval(150 - r, 150 - r, 2 * r, 2 * r);
        }
        g.dispose();
        Path file = data.resolve("lamp.png");
        ImageIO.write(picture, "png", file.toFile());
        return file;
    }

    /** The products the search API answers for a photo, best first. */
    private static List<String> searchApiFor(Path photo) throws Exception {
        return searchApiFor(photo, "");
    }

    /** The same, with more query parameters ("&filter.category=lamps"). */
    private static List<String> searchApiFor(Path photo, String parameters) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + server.port() + "/search?k=5" + parameters)).header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofFile(photo)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> ids = new java.util.ArrayList<>();
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).path("results")
                .forEach(m -> ids.add(m.path("productId").asText()));
        return ids;
    }

    @ParameterizedTest
    @ValueSource(strings = {"phone", "desktop"})
    void aMerchantFindsProductsAddsOneSeesItSearchableAndDeletesItsImage(String viewport) throws Exception {
        viewport(viewport);
        browser.get("http://127.0.0.1:" + server.port() + "/merchant");
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> listLoads() > 0); // a new page counts afresh
        assertThat(browser.findElements(By.cssSelector("#products .product"))).hasSizeGreaterThan(10);
        assertThat(browser.findElements(By.cssSelector("#products .badge.INDEXED"))).isNotEmpty();

        afterListLoad(() -> {
            browser.findElement(By.id("find")).sendKeys("bear");
            browser.findElement(By.cssSelector("#find-form button")).click();
        });
        List<WebElement> found = browser.findElements(By.cssSelector("#products .product"));
        assertThat(found).isNotEmpty().allSatisfy(p -> assertThat(p.getText().toLowerCase(Locale.ROOT)).contains("bear"));
        screenshot(viewport, "merchant-find");

        // a line that is no "name = value" is refused beside its field, before anything is sent
        String id = "blue-ring-lamp-" + viewport;
        browser.findElement(By.id("product-id")).sendKeys(id);
        browser.findElement(By.id("product-name")).sendKeys("Blue ring lamp");
        browser.findElement(By.id("product-attributes")).sendKeys("category = lighting\ncolour blue");
        Path picture = lampPicture();
        browser.findElement(By.id("product-images")).sendKeys(picture.toAbsolutePath().toString());
        browser.findElement(By.id("add")).click();
        WebElement attributesError = browser.findElement(By.id("attributes-error"));
        assertThat(attributesError.isDisplayed()).isTrue();
        assertThat(attributesError.getText()).contains("colour blue").contains("name = value");
        assertThat(searchApiFor(picture)).doesNotContain(id);

        WebElement attributes = browser.findElement(By.id("product-attributes"));
        attributes.clear();
        attributes.sendKeys("category = lighting\ncolour = blue");
        afterListLoad(() -> browser.findElement(By.id("add")).click());
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> !d.findElements(
                By.cssSelector(".product[data-id='" + id + "'] .badge.INDEXED")).isEmpty());
        WebElement product = browser.findElement(By.cssSelector(".product[data-id='" + id + "']"));
        assertThat(product.getText()).contains("Blue ring lamp").contains("category: lighting").contains("colour: blue")
                .contains("Searchable");
        assertThat(browser.findElement(By.id("status")).getText()).contains("added to " + id);
        assertThat(browser.findElement(By.id("attributes-error")).isDisplayed()).isFalse();
        assertThat(searchApiFor(picture).getFirst()).as("the new product answers its own picture").isEqualTo(id);
        screenshot(viewport, "merchant-added");

        // edit the details: a name the server refuses is shown beside the field, then a good edit is saved,
        // and filters answer by the new attributes (the old one no longer finds it)
        product.findElement(By.xpath(".//button[text()='Edit details']")).click();
        WebElement name = product.findElement(By.cssSelector(".edit-form input"));
        WebElement details = product.findElement(By.cssSelector(".edit-form textarea"));
        assertThat(details.getAttribute("value")).contains("category = lighting").contains("colour = blue");
        details.clear();
        details.sendKeys("category = lamps\nShade Size = 40");
        product.findElement(By.cssSelector(".edit-form button[type=submit]")).click();
        WebElement editError = product.findElement(By.cssSelector(".edit-form .field-error"));
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> editError.isDisplayed());
        assertThat(editError.getText()).contains("'Shade Size' is not valid").contains("lower-case letters");
        name.clear();
        name.sendKeys("Blue ring lamp, large");
        details.clear();
        details.sendKeys("category = lamps\nshade_size = 40");
        screenshot(viewport, "merchant-editing");
        afterListLoad(() -> product.findElement(By.cssSelector(".edit-form button[type=submit]")).click());
        WebElement edited = browser.findElement(By.cssSelector(".product[data-id='" + id + "']"));
        assertThat(edited.getText()).contains("Blue ring lamp, large").contains("category: lamps")
                .contains("shade_size: 40").doesNotContain("colour").doesNotContain("lighting");
        assertThat(browser.findElement(By.id("status")).getText()).contains("Saved " + id);
        assertThat(searchApiFor(picture, "&filter.category=lamps").getFirst()).isEqualTo(id);
        assertThat(searchApiFor(picture, "&filter.category=lighting")).doesNotContain(id);
        screenshot(viewport, "merchant-edited");

        WebElement afterEdit = edited;
        afterListLoad(() -> afterEdit.findElement(By.cssSelector("button.danger")).click());
        assertThat(browser.findElement(By.id("status")).getText()).contains("Deleted").contains("no longer appears");
        assertThat(browser.findElements(By.cssSelector(".product[data-id='" + id + "'] .images li"))).isEmpty();
        assertThat(browser.findElement(By.cssSelector(".product[data-id='" + id + "']")).getText())
                .contains("No images");
        assertThat(searchApiFor(picture)).as("its vector left the index").doesNotContain(id);
        screenshot(viewport, "merchant-deleted");
    }
}
