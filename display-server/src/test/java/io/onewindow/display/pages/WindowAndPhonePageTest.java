package io.onewindow.display.pages;

import static io.onewindow.display.TestServer.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;

/** The window screen (窗口屏) and the phone page of a ticket, in a real browser, following the hall live. */
class WindowAndPhonePageTest extends BrowserTest {

    private static final By NUMBER = By.id("ticket-number");
    private static final By STATE = By.id("ticket-state");

    private JsonObject command(String w, String command) {
        var r = server.post("/api/v1/halls/demo/windows/" + w + "/" + command, window(w));
        assertThat(r.statusCode()).as(command + " at window " + w + ": " + r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject();
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void shouldShowTheCallTheServiceTheStaffAndThePauseOnTheWindowScreen() throws Exception {
        server.open("3");
        server.issue("A");
        open("/display/demo/windows/3");
        waitUntilLive();
        markPage();
        waitForText(By.id("staff-name"), "王*定");
        waitForText(By.id("staff-no"), "工号 053");
        waitForText(STATE, "等待叫号");

        String number = command("3", "call-next").getString("number");

        waitForText(NUMBER, number);
        waitForText(STATE, "请");
        command("3", "start");
        waitForText(STATE, "正在办理");
        screenshot("window");
        command("3", "complete");
        command("3", "pause");
        waitForText(NUMBER, "暂停服务");
        command("3", "resume");
        waitForText(STATE, "等待叫号");
        command("3", "close");
        waitForText(NUMBER, "暂停办理");
        waitForText(By.id("staff-name"), "暂无工作人员");
        assertThat(stillSamePage()).isTrue();
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void shouldShowThePositionOnThePhoneThenTheCallNotice() throws Exception {
        viewport(390, 844, 2, true);
        server.open("4");
        String before = server.issue("B").getString("number");
        server.issue("B");
        JsonObject mine = server.issue("B");
        for (int i = 0; i < 3; i++) {
            server.issue("B");
        }
        open(mine.getString("trackUrl"));
        waitForText(By.id("number"), mine.getString("number"));
        int ahead = mine.getInteger("position") - 1;
        waitForText(By.id("ahead"), String.valueOf(ahead));
        waitForText(By.id("eta"), "预计等候");
        waitForText(By.id("matter"), "出入境");
        screenshot("phone-waiting");

        String first = command("4", "call-next").getString("number");
        command("4", "no-show");

        waitForText(By.id("ahead"), String.valueOf(ahead - 1));
        waitForVisible(By.id("almost"));
        assertThat(first).isEqualTo(before);

        command("4", "call-next");
        command("4", "no-show");
        String called = command("4", "call-next").getString("number");

        assertThat(called).isEqualTo(mine.getString("number"));
        waitForVisible(By.id("called"));
        waitForText(By.id("called-number"), called);
        waitForText(By.id("called-window"), "4号窗口");
        screenshot("phone-called");
        browser.findElement(By.id("called-ok")).click();
        command("4", "start");
        waitForText(By.id("status-title"), "正在 4号窗口 办理");
        command("4", "complete");
        waitForText(By.id("state"), "已办结");
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void shouldCancelFromThePhone() {
        viewport(390, 844, 2, true);
        JsonObject mine = server.issue("C");
        open(mine.getString("trackUrl"));
        waitForText(By.id("state"), "排队中");

        browser.findElement(By.id("cancel")).click();
        waitForVisible(By.id("confirm-yes")).click();

        waitForText(By.id("state"), "已取消");
        assertThat(server.get("/api/v1/halls/demo/tickets/" + mine.getLong("id"), io.onewindow.display.TestServer.GUIDE)
                .bodyAsJsonObject().getString("state")).isEqualTo("CANCELLED");
        assertThat(browser.findElement(By.id("cancel")).isDisplayed()).isFalse();
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void shouldWriteTheWaitAsARangeWhenTheServerGivesOne() {
        open("/");

        Object range = browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "import('/assets/js/format.js').then((f) => done([f.waitEstimate({estimatedWaitSeconds: 580,"
                + " estimatedWaitLowSeconds: 360, estimatedWaitHighSeconds: 840}),"
                + " f.waitEstimate({estimatedWaitSeconds: 580}), f.waitEstimate({estimatedWaitSeconds: 20}),"
                + " f.waitEstimate({estimatedWaitSeconds: null})]));");

        assertThat(range).isEqualTo(java.util.Arrays.asList("6–14分钟", "约10分钟", "不到1分钟", null));
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void shouldSayTheTicketExpiredWhenTheDayClosesWhileItWaits() {
        viewport(390, 844, 2, true);
        JsonObject mine = server.issue("A");
        open(mine.getString("trackUrl"));
        waitForText(By.id("state"), "排队中");

        var closed = server.post("/api/v1/halls/demo/close-day", io.onewindow.display.TestServer.MANAGER);

        assertThat(closed.statusCode()).isEqualTo(200);
        waitForText(By.id("state"), "已过期");
        waitForText(By.id("status-title"), "号票已过期");
        assertThat(browser.findElement(By.id("cancel")).isDisplayed()).isFalse();
    }
}
