package io.onewindow.display.pages;

import static io.onewindow.display.TestServer.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.onewindow.display.TestServer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;

/**
 * The manager's dashboard in a real browser, over a hall whose morning is in its journal (HallMorning): the
 * charts, the max-wait alert, the windows and the live line.
 */
class DashboardPageTest extends BrowserTest {

    /** The morning needs room after the hall's midnight: its line must have waited past 30 minutes. */
    private static final int MORNING_MINUTES = 150;
    private long morning;

    @Override
    protected void prepareData(Path dataDir) throws Exception {
        morning = Math.min(MORNING_MINUTES, HallMorning.minutesSinceLocalMidnight() - 2);
        if (morning >= 70) {
            HallMorning.write(dataDir, (int) morning);
        }
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void shouldShowTheChartsAndTheAlertOfAWaitPastTheHallsLimit() throws Exception {
        assumeTrue(morning >= 70, "within 70 minutes of the hall's midnight no morning fits in today");
        forgetTokens();
        open("/dashboard/demo");
        waitForVisible(By.cssSelector("[data-testid=token-dialog] input")).sendKeys(TestServer.MANAGER + "\n");

        waitForVisible(By.id("alert"));
        waitForVisible(By.cssSelector("#chart-wait canvas"));
        waitForVisible(By.cssSelector("#chart-hours canvas"));
        var line = server.queue().getJsonObject("categories");

        assertThat(browser.findElement(By.id("alert")).getText()).contains("超过 30 分钟上限");
        assertThat(textOf(By.cssSelector("#chart-wait .u-legend"))).contains("今日 P50", "今日 P90", "近15分钟 P90");
        assertThat(textOf(By.cssSelector("#chart-hours .u-legend"))).contains("取号", "办结");
        waitForText(By.cssSelector("#matters [data-category='A'] td:nth-child(2)"),
                String.valueOf(line.getJsonObject("A").getInteger("waiting")));
        waitForText(By.cssSelector("#windows [data-window='2'] td:nth-child(2)"), "暂停");
        waitForText(By.cssSelector("#windows [data-window='1'] td:nth-child(3)"), "王*定");
        assertThat(consoleErrors()).isEmpty();
        Thread.sleep(300);
        screenshot("dashboard");

        server.issue("C");
        server.post("/api/v1/halls/demo/windows/3/open", window("3"), new io.vertx.core.json.JsonObject()
                .put("staff", new io.vertx.core.json.JsonObject().put("id", "0590").put("name", "赵敏")));
        String called = server.post("/api/v1/halls/demo/windows/3/call-next", window("3")).bodyAsJsonObject()
                .getString("number");

        waitForText(By.cssSelector("#windows [data-window='3'] td:nth-child(4)"), called);
        waitForText(By.cssSelector("#windows [data-window='3'] td:nth-child(3)"), "赵*");
    }
}
