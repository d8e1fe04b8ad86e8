package io.onewindow.display.pages;

import static io.onewindow.display.TestServer.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.display.TestServer;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;

/**
 * The evaluator pad of a window (评价器) in headless Chromium, on the hall server with its gateway: the token asked
 * once and kept on the device, the staff card, a service's request, the five levels, the reason a 差评 needs, the
 * thanks; 正在重新连接 while the connection is lost, and the request again once it is back. The pad's WebSocket
 * carries its token as a subprotocol: that the hall server selects "onewindow.pad" is what lets the browser open it.
 */
class PadPageTest extends BrowserTest {

    private JsonObject command(String w, String command) {
        var r = server.post("/api/v1/halls/demo/windows/" + w + "/" + command, window(w));
        assertThat(r.statusCode()).as(command + " at window " + w + ": " + r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject();
    }

    /** A ticket issued now and served at window w; returns its number once the service completed. */
    private String serve(String w, String category) {
        freeWindow(w);
        String number = server.issue(category).getString("number");
        assertThat(command(w, "call-next").getString("number")).isEqualTo(number);
        command(w, "start");
        command(w, "complete");
        return number;
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void shouldAskItsTokenOnceAndRateABadServiceWithAReason() throws Exception {
        viewport(1280, 800, 1, false);
        forgetTokens();
        openWindow("1");
        open("/pad/demo/windows/1");
        By dialog = By.cssSelector("[data-testid='token-dialog'] input");
        waitForVisible(dialog).sendKeys(window("1") + "\n"); // a window's token is not a pad's
        waitForText(By.cssSelector("[data-testid='token-dialog'] .ow-error"), "此令牌无权打开本页面");
        browser.findElement(dialog).sendKeys(TestServer.PAD_1 + "\n");

        waitForVisible(By.id("idle"));
        waitUntilLive();
        waitForText(By.id("staff-name"), "王*定"); // who is signed in at the window, before any service
        assertThat(textOf(By.id("staff-id"))).isEqualTo("051");
        assertThat(browser.getCurrentUrl()).doesNotContain(TestServer.PAD_1);
        assertThat((String) browser.executeScript("return localStorage.getItem('onewindow.token.pad');"))
                .isEqualTo(TestServer.PAD_1);

        String number = serve("1", "A");

        waitForVisible(By.id("rate"));
        waitForText(By.id("number"), number);
        assertThat(textOf(By.id("window-name"))).isEqualTo("1号窗口");
        assertThat(browser.findElements(By.cssSelector(".pad-level")).stream().map(e -> e.getText()).toList())
                .containsExactly("非常满意", "满意", "基本满意", "不满意", "非常不满意");
        screenshot("pad-request");
        browser.findElement(By.cssSelector(".pad-level[data-level='2']")).click();
        assertThat(browser.findElement(By.id("submit")).isEnabled()).isFalse(); // a 差评 needs a reason
        browser.findElement(By.cssSelector(".pad-tag[data-tag='等候时间长']")).click();
        browser.findElement(By.id("comment")).sendKeys("等了很久");
        browser.findElement(By.id("submit")).click();

        waitForVisible(By.id("thanks"));
        screenshot("pad-thanks");
        JsonObject theCase = server.get("/api/v1/halls/demo/cases", TestServer.MANAGER).bodyAsJsonObject()
                .getJsonArray("cases").stream().map(JsonObject.class::cast)
                .filter(c -> c.getString("number").equals(number)).findFirst().orElseThrow();
        assertThat(theCase.getInteger("rating")).isEqualTo(2);
        assertThat(theCase.getJsonArray("reasons").getList()).containsExactly("等候时间长");
        assertThat(theCase.getString("comment")).isEqualTo("等了很久");
        waitForVisible(By.id("idle")); // back to idle by itself
        assertThat(consoleErrors()).isEmpty();

        open("/pad/demo/windows/1"); // the token is kept: not asked again
        waitUntilLive();
        assertThat(browser.findElements(By.cssSelector("[data-testid='token-dialog']"))).isEmpty();
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void shouldCoverTheRequestWhileReconnectingAndShowItAgainOnceBack() throws Exception {
        viewport(800, 1280, 1, false);
        try (CuttableProxy proxy = new CuttableProxy(server.port())) {
            String pad = "http://127.0.0.1:" + proxy.port() + "/pad/demo/windows/1";
            browser.get("http://127.0.0.1:" + proxy.port() + "/display/no-such-hall");
            browser.executeScript("localStorage.setItem('onewindow.token.pad', arguments[0]);", TestServer.PAD_1);
            browser.get(pad);
            waitUntilLive();
            String number = serve("1", "B");
            waitForText(By.id("number"), number);

            proxy.cut();

            waitForVisible(By.cssSelector("[data-testid='reconnecting']"));
            waitForText(By.cssSelector("[data-testid='reconnecting']"), "正在重新连接");
            assertThat(browser.findElement(By.id("rate")).isDisplayed()).isFalse(); // nothing it could not send
            screenshot("pad-reconnecting");
            proxy.restore();
            waitUntilLive();
            waitForVisible(By.id("rate"));
            waitForText(By.id("number"), number); // the pending request, sent again to the pad that came back
            browser.findElement(By.cssSelector(".pad-level[data-level='5']")).click();
            waitForVisible(By.id("thanks"));
        }
    }
}
