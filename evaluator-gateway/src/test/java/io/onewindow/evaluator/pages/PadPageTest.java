package io.onewindow.evaluator.pages;

import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.evaluator.Evaluation;
import io.onewindow.evaluator.GatewayFixture;
import io.onewindow.evaluator.TestHall;
import io.vertx.core.Vertx;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The pad's page in headless Chromium: idle, the request, five levels, the reason for a 差评, the thanks. */
@Timeout(90)
class PadPageTest {

    @TempDir
    Path dir;

    private Vertx vertx;
    private GatewayFixture f;
    private ChromeDriver browser;

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        f = GatewayFixture.file(vertx, dir);
        f.hall().open("1", "0571", "王营定");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(env("CHROME_BIN", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1024,768", "--lang=zh-CN");
        browser = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(env("CHROMEDRIVER", "/usr/bin/chromedriver"))).usingAnyFreePort()
                .build(), options);
    }

    @AfterEach
    void tearDown() throws Exception {
        browser.quit();
        f.close();
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    private static String env(String name, String otherwise) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? otherwise : v;
    }

    @Test
    void shouldRateABadServiceOnThePadWithAReasonAndThankTheCitizen() throws Exception {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15), Duration.ofMillis(50));
        browser.get("http://127.0.0.1:" + f.port() + "/pad/demo/windows/1?token=" + GatewayFixture.PAD_1);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("idle")));
        assertThat(browser.getCurrentUrl()).doesNotContain("token="); // kept on the device, not in the address

        TestHall.Served served = f.hall().serve("1");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("rate")));
        assertThat(browser.findElement(By.id("number")).getText()).isEqualTo(served.number());
        assertThat(browser.findElement(By.id("staff-name")).getText()).isEqualTo("王*定");
        assertThat(browser.findElement(By.id("staff-id")).getText()).isEqualTo("0571");
        screenshot("pad-request.png");

        browser.findElement(By.cssSelector(".level[data-level='2']")).click();
        assertThat(browser.findElement(By.id("submit")).isEnabled()).isFalse(); // a 差评 needs a reason
        browser.findElement(By.cssSelector(".tag[data-tag='等候时间长']")).click();
        browser.findElement(By.id("submit")).click();

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("thanks")));
        Evaluation e = f.ratingOf(served.serviceId());
        assertThat(e.level().value()).isEqualTo(2);
        assertThat(e.reasons()).containsExactly("等候时间长");
        screenshot("pad-thanks.png");
    }

    private void screenshot(String name) throws Exception {
        Path out = Path.of(System.getProperty("user.dir")).resolveSibling("docs").resolve("screenshots");
        if (Files.isDirectory(out.getParent())) {
            Files.createDirectories(out);
            Files.write(out.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
        }
    }
}
