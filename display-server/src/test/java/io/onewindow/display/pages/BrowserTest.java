package io.onewindow.display.pages;

import io.onewindow.display.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The fixture of the page tests: one real hall server on port 0 over a temporary data folder ({@link TestServer},
 * the file journal, the test tokens), and one headless Chromium driven by Selenium, both shared by the tests of a
 * class (a browser starts in about a second; a page test takes a few). Subclasses open pages with {@link #open},
 * act through the API with {@link #server}, wait for what a person would see with {@link #waitForText}, and save
 * {@link #screenshot}s into {@code docs/screenshots/}.
 *
 * <p>The browser is Debian's {@code chromium} with its {@code chromium-driver} ({@code CHROME_BIN} and
 * {@code CHROMEDRIVER} name others), run {@code --headless=new} and {@code --no-sandbox} (CI runs as root).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BrowserTest {

    /** How long a test waits for what the page should show: generous, as a shared build machine can be slow. */
    protected static final Duration PATIENCE = Duration.ofSeconds(40);

    protected Path dataDir;
    protected Vertx vertx;
    protected TestServer server;
    protected ChromeDriver browser;

    @BeforeAll
    void startServerAndBrowser() throws Exception {
        dataDir = Files.createTempDirectory("onewindow-pages-");
        prepareData(dataDir);
        vertx = Vertx.vertx();
        server = TestServer.start(vertx, dataDir);
        browser = headlessChromium();
    }

    @AfterAll
    void stopServerAndBrowser() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
        if (vertx != null) {
            vertx.close().await();
        }
        deleteQuietly(dataDir);
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder: the system clears it
        }
    }

    @BeforeEach
    void desktopViewport() {
        viewport(1920, 1080, 1, false);
        clearConsole();
    }

    /** What a test class puts into the data folder before the server starts (a journal, hall files); none here. */
    protected void prepareData(Path dataDir) throws Exception {
    }

    /** A new headless Chromium, logging the browser console so tests can check a page ran clean. */
    public static ChromeDriver headlessChromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(env("CHROME_BIN", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1920,1080", "--lang=zh-CN", "--hide-scrollbars", "--force-color-profile=srgb",
                "--disable-extensions", "--no-first-run", "--mute-audio");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(env("CHROMEDRIVER", "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(15));
        return driver;
    }

    private static String env(String name, String otherwise) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? otherwise : v;
    }

    /** The address of a path on the test server. */
    protected String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    /** Loads a page of the test server. */
    protected void open(String path) {
        browser.get(url(path));
    }

    /** The size of the page's viewport, as a wall screen, a kiosk or a phone has it. */
    protected void viewport(int width, int height, double deviceScaleFactor, boolean mobile) {
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", deviceScaleFactor, "mobile", mobile));
    }

    protected WebDriverWait waiting() {
        // a page that re-renders replaces the element a condition was reading: the wait looks again
        WebDriverWait w = new WebDriverWait(browser, PATIENCE, Duration.ofMillis(50));
        w.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return w;
    }

    /** Waits until the element is displayed, and returns it. */
    protected WebElement waitForVisible(By by) {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Waits until the element's text contains the text. */
    protected void waitForText(By by, String text) {
        waiting().withMessage(() -> "text \"" + text + "\" in " + by + "; page shows: " + textOf(by))
                .until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    /** Waits until the page follows its stream (body[data-connection=live]). */
    protected void waitUntilLive() {
        waiting().withMessage("the page never went live")
                .until(d -> "live".equals(browser.findElement(By.tagName("body")).getAttribute("data-connection")));
    }

    /** The text of the first element found, found again when the page replaced it while it was read. */
    protected String textOf(By by) {
        for (int attempt = 0; ; attempt++) {
            try {
                List<WebElement> found = browser.findElements(by);
                return found.isEmpty() ? "(nothing)" : found.get(0).getText();
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    /** Puts a mark on the page's window object; {@link #stillSamePage} tells whether the page was reloaded. */
    protected void markPage() {
        browser.executeScript("window.__oneWindowMark = 'unchanged';");
    }

    protected boolean stillSamePage() {
        return "unchanged".equals(browser.executeScript("return window.__oneWindowMark || null;"));
    }

    /** Saves what the viewport shows as {@code docs/screenshots/<name>.png}; returns the file. */
    protected Path screenshot(String name) throws IOException {
        byte[] png = browser.getScreenshotAs(OutputType.BYTES);
        Path dir = screenshotFolder();
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".png");
        Files.write(file, png);
        return file;
    }

    /** docs/screenshots of the repository (the module's parent when tests run from display-server). */
    static Path screenshotFolder() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("docs")) && Files.exists(p.resolve("display-server"))) {
                return p.resolve("docs").resolve("screenshots");
            }
        }
        return here.resolve("target").resolve("screenshots");
    }

    /**
     * What the browser console reported at level SEVERE since the last call: CSP violations, script errors, 5xx
     * answers. An API's refusal (4xx, "Failed to load resource") is the page's business and is left out.
     */
    protected List<String> consoleErrors() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(m -> !m.matches("(?s).*Failed to load resource: the server responded with a status of 4.*"))
                .toList();
    }

    /** Clears the console log kept so far. */
    protected void clearConsole() {
        browser.manage().logs().get(LogType.BROWSER);
    }

    /**
     * Forgets the tokens this browser keeps, from a page without scripts: a page still starting could otherwise
     * keep its token again right after the clear.
     */
    protected void forgetTokens() {
        open("/display/no-such-hall");
        browser.executeScript("localStorage.clear();");
    }

    /** Opens a window of the demo hall with its staff signed in, or leaves it open if it is. */
    protected void openWindow(String w) {
        var r = server.post("/api/v1/halls/demo/windows/" + w + "/open", TestServer.window(w), new JsonObject()
                .put("staff", new JsonObject().put("id", "05" + w).put("name", "王营定")));
        if (r.statusCode() != 200 && r.statusCode() != 409) {
            throw new AssertionError("open " + w + ": " + r.statusCode() + " " + r.bodyAsString());
        }
    }

    /** Opens a window and lets it finish whatever it holds: open, idle and taking calls. */
    protected void freeWindow(String w) {
        openWindow(w);
        for (String command : new String[] {"resume", "start", "complete"}) {
            server.post("/api/v1/halls/demo/windows/" + w + "/" + command, TestServer.window(w));
        }
    }

    /** Sets the main screen's notice and spoken calls, as the manager does. */
    protected void setScreen(String notice, boolean spokenCalls) {
        var r = server.request(io.vertx.core.http.HttpMethod.PUT, "/api/v1/halls/demo/screen", TestServer.MANAGER)
                .sendJsonObject(new JsonObject().put("notice", notice).put("spokenCalls", spokenCalls)).await();
        if (r.statusCode() != 200) {
            throw new AssertionError("screen settings: " + r.statusCode() + " " + r.bodyAsString());
        }
    }
}
