package dev.shoplens.local.http;

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

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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
