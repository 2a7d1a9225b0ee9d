package dev.shoplens.local.http;

import dev.shoplens.core.imaging.JpegEncoder;
import dev.shoplens.local.SampleCatalog;
import dev.shoplens.local.app.LocalApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.shoplens.core.imaging.JpegEncoder;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
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
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    static Path data;

    private static LocalApplication app;
    private static LocalServer server;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        if (!present) {
            System.err.println("\n*** WebPageBrowserTest SKIPPED: install Debian's chromium and chromium-driver "
                    + "(.ci/run does) to test the page in a real browser ***\n");
        }
        assumeTrue(present, "chromium and chromedriver are not installed");
        app = SampleCatalog.indexedApplication(data);
        server = new LocalServer(app, 20L * 1024 * 1024).start("127.0.0.1", 0);
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-quic", "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--window-size=1200,900",
                        "--user-data-dir=" + data.resolve("chromium-profile"));
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build(), options);
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

    @Test
    void searchingWithACatalogPhotoShowsThatProductFirst() throws Exception {
        browser.get("http://127.0.0.1:" + server.port() + "/");
        assertThat(browser.getTitle()).contains("ShopLens");
        File photo = SampleCatalog.FOLDER.resolve("teddy-bear/studio.jpg").toAbsolutePath().toFile();
        browser.findElement(By.id("photo")).sendKeys(photo.getPath());
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
        List<String> ids = all.stream().map(c -> c.getAttribute("href")).toList();
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
        browser.get("http://127.0.0.1:" + server.port() + "/");
        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", false, "latency", 40,
                "downloadThroughput", bitsPerSecond / 8, "uploadThroughput", bitsPerSecond / 8));
        try {
            browser.findElement(By.id("photo")).sendKeys(phonePhoto.toString());
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
            assertThat(sent).isLessThan(original / 4);
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
        browser.get("http://127.0.0.1:" + server.port() + "/");
        Path notImage = data.resolve("notes.jpg");
        Files.writeString(notImage, "this is text");
        browser.findElement(By.id("photo")).sendKeys(notImage.toString());
        browser.findElement(By.id("go")).click();
        WebElement status = browser.findElement(By.id("status"));
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> status.getAttribute("class").contains("error"));
        assertThat(status.getText()).contains("not a JPEG, PNG, WebP or GIF");
        assertThat(browser.findElements(By.cssSelector("#results .card"))).isEmpty();
    }
}
