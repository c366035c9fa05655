package com.seqtag.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium for the web page tests: Debian's {@code chromium} and
 * {@code chromium-driver} packages, driven by Selenium. Nothing is ever downloaded: the binaries are
 * named explicitly and surefire sets {@code SE_OFFLINE=true}, so Selenium Manager stays idle.
 *
 * <p>Without Chromium the browser tests are skipped, unless the system property
 * {@code seqtag.require-browser} is true (CI sets it through {@code -Dseqtag.require-browser=true}):
 * then they fail, so a CI machine that lost its browser cannot pass by skipping them.
 */
public final class Browser implements AutoCloseable {

    /** Debian's chromium package; {@code -Dseqtag.chromium=...} names another binary. */
    public static final Path CHROMIUM = Path.of(System.getProperty("seqtag.chromium", "/usr/bin/chromium"));
    /** Debian's chromium-driver package; {@code -Dseqtag.chromedriver=...} names another. */
    public static final Path CHROMEDRIVER = Path.of(System.getProperty("seqtag.chromedriver", "/usr/bin/chromedriver"));
    /** Where the tests' screenshots go; docs/*.png are copies of some of them. */
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    /** A desktop window. */
    public static final Viewport DESKTOP = new Viewport(1280, 900, false);
    /** A narrow phone (an iPhone 12-14's CSS pixels), emulated as a mobile device. */
    public static final Viewport PHONE = new Viewport(390, 844, true);

    /** Window size in CSS pixels; a mobile viewport emulates a touch phone (meta viewport honoured). */
    public record Viewport(int width, int height, boolean mobile) {
    }

    private final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** Whether Debian's Chromium and its driver are installed. */
    public static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** Skips the calling test without a browser, or fails it when a browser is required. */
    public static void assumeAvailable() {
        if (available()) {
            return;
        }
        String why = CHROMIUM + " or " + CHROMEDRIVER + " is missing (apt-get install chromium chromium-driver)";
        if (Boolean.getBoolean("seqtag.require-browser")) {
            fail("browser tests are required (seqtag.require-browser=true) but " + why);
        }
        Assumptions.abort("browser tests skipped: " + why);
    }

    /** Starts a headless Chromium with this viewport; {@link #assumeAvailable()} first. */
    public static Browser start(Viewport viewport) {
        assumeAvailable();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-extensions", "--hide-scrollbars", "--lang=en-US",
                "--window-size=" + viewport.width() + "," + viewport.height());
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        if (viewport.mobile()) {
            options.setExperimentalOption("mobileEmulation", Map.of(
                    "deviceMetrics", Map.of("width", viewport.width(), "height", viewport.height(), "pixelRatio", 2.0,
                            "touch", true),
                    "userAgent", "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
                            + "Chrome/130.0 Mobile Safari/537.36"));
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return new Browser(driver);
    }

    public WebDriver driver() {
        return driver;
    }

    /** Opens a URL and waits until the page's module script has run ({@code <html data-ready>}). */
    public void open(String url) {
        driver.get(url);
        until(d -> "true".equals(script("return document.documentElement.dataset.ready || ''")));
    }

    /** Runs JavaScript in the page. */
    public Object script(String javascript, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(javascript, arguments);
    }

    /** Waits (up to 30 s) until the condition holds and returns its value. */
    public <T> T until(Function<WebDriver, T> condition) {
        return until(Duration.ofSeconds(30), condition);
    }

    /** Waits until the condition holds and returns its value. */
    public <T> T until(Duration timeout, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(100)).until(condition);
    }

    /**
     * Saves the whole page (not only the visible part) as {@code target/screenshots/<name>.png}
     * through the DevTools protocol, and returns the file.
     */
    public Path screenshot(String name) {
        @SuppressWarnings("unchecked")
        Map<String, Object> size = (Map<String, Object>) script(
                "return {w: document.documentElement.clientWidth,"
                        + " h: Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)}");
        Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", ((Number) size.get("w")).doubleValue(),
                "height", ((Number) size.get("h")).doubleValue(), "scale", 1);
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Messages the page logged at level SEVERE (uncaught errors, failed loads). */
    public List<String> severeConsoleMessages() {
        return driver.manage().logs().get("browser").getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(entry -> entry.getMessage())
                .toList();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
