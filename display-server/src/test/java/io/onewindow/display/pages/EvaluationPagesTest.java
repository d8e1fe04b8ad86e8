package io.onewindow.display.pages;

import static io.onewindow.display.TestServer.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.display.TestServer;
import io.onewindow.evaluator.EvaluationError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;

/**
 * 好差评 in the pages, in headless Chromium against the hall server with its evaluator gateway (one JVM, one
 * port): the phone page's evaluation form after a service, the figures and the follow-up cases on the manager's
 * dashboard, a manager's steps on a case. The tests run in order on one server: the figures they read add up.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EvaluationPagesTest extends BrowserTest {

    private static final By FORM = By.id("eval-form");
    private static final By SUBMIT = By.id("eval-submit");
    private static final By ERROR = By.id("eval-error");

    @Test
    @Order(1)
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void shouldRateACompletedServiceOnThePhoneAndCountItOnTheDashboard() throws Exception {
        viewport(390, 844, 2, true);
        JsonObject mine = serving("2", "A");
        open(mine.getString("trackUrl"));
        waitForText(By.id("state"), "正在办理");
        assertThat(browser.findElements(FORM)).isEmpty(); // no form before the service is done

        command("2", "complete");

        waitForVisible(FORM);
        waitForText(By.id("eval-service"), mine.getString("number") + " · 2号窗口");
        assertThat(textOf(By.id("after-service"))).doesNotContain("null", "undefined");
        assertThat(textOf(By.id("eval-service"))).contains("王*定").contains("052");
        assertThat(levelNames()).containsExactly("非常满意", "满意", "基本满意", "不满意", "非常不满意");
        level(5).click();
        assertThat(browser.findElement(By.id("eval-reasons")).isDisplayed()).isFalse(); // no reason for a 好评
        browser.findElement(By.id("eval-comment")).sendKeys("办事很快，态度很好");
        waitForText(By.id("eval-count"), "9/150");
        screenshot("phone-evaluation");
        browser.findElement(SUBMIT).click();

        waitForText(By.id("eval-thanks"), "感谢您的评价");
        waitForText(By.id("eval-rated"), "非常满意");
        assertThat(textOf(By.id("eval-rated"))).contains("办事很快，态度很好").contains("手机");
        waitForVisible(By.id("eval-addon"));
        screenshot("phone-evaluation-thanks");
        JsonObject stored = mineOf(mine);
        assertThat(stored.getJsonObject("rating").getInteger("rating")).isEqualTo(5);
        assertThat(stored.getJsonObject("rating").getString("comment")).isEqualTo("办事很快，态度很好");
        assertThat(consoleErrors()).isEmpty();

        openDashboard();

        waitForText(figure("goodRate"), "100%");
        assertThat(textOf(figure("badRate"))).contains("0%");
        assertThat(textOf(figure("unratedRate"))).contains("0%");
        assertThat(textOf(By.cssSelector("#evaluation-levels [data-level='5']"))).endsWith("1");
        assertThat(textOf(By.id("evaluation-counts"))).contains("办件 1").contains("已评 1");
        assertThat(textOf(By.cssSelector("#evaluation-windows tr[data-window='2']"))).contains("2号窗口");
        assertThat(textOf(By.id("cases"))).contains("暂无差评案件");
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    @Order(2)
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void shouldOpenACaseForABadRatingThatTheManagerMovesOn() throws Exception {
        viewport(390, 844, 2, true);
        JsonObject mine = serving("1", "B");
        open(mine.getString("trackUrl"));
        waitForText(By.id("state"), "正在办理");
        command("1", "complete");
        waitForVisible(FORM);

        level(1).click();
        waitForVisible(By.id("eval-reasons"));
        browser.findElement(SUBMIT).click();
        waitForText(ERROR, "请至少选择一项原因"); // a 差评 needs a reason: said at once, nothing sent
        assertThat(mineOf(mine).getBoolean("canRate")).isTrue();
        browser.findElement(By.cssSelector(".eval-tag[data-tag='等候时间长']")).click();
        browser.findElement(By.id("eval-comment")).sendKeys("排队太久");
        browser.findElement(SUBMIT).click();
        waitForText(By.id("eval-thanks"), "感谢您的评价");
        waitForText(By.id("eval-rated"), "非常不满意");
        assertThat(textOf(By.id("eval-rated"))).contains("等候时间长");

        openDashboard();

        By row = By.cssSelector("#cases tr[data-case][data-state]");
        waitForText(row, mine.getString("number"));
        String caseId = (String) browser.executeScript(
                "return document.querySelector(\"#cases tr[data-case][data-state]\").dataset.case;");
        assertThat(textOf(By.cssSelector("#cases tr[data-case='" + caseId + "']"))).contains("非常不满意").contains("等候时间长").contains("排队太久")
                .contains("待核实").contains("核实 ").contains("1号窗口");
        waitForText(figure("badRate"), "50%");
        assertThat(textOf(figure("goodRate"))).contains("50%");
        assertThat(textOf(By.id("cases-summary"))).contains("未结案 1");

        clickStep(caseId, "verify");
        browser.findElement(By.id("step-by")).sendKeys("李主任");
        browser.findElement(By.id("step-note")).sendKeys("已调阅记录，属实");
        browser.findElement(By.id("step-ok")).click();

        waitForText(By.cssSelector("#cases tr[data-case='" + caseId + "']"), "整改中");
        String dueBefore = textOf(By.cssSelector("#cases tr[data-case='" + caseId + "'] .dash-due"));
        assertThat(dueBefore).startsWith("整改 ");
        clickStep(caseId, "extend");
        assertThat(browser.findElement(By.id("step-by")).getAttribute("value")).isEqualTo("李主任"); // kept
        browser.findElement(By.id("step-ok")).click();
        waitForText(By.id("step-error"), "请写明延期原因"); // an extension needs its reason
        browser.findElement(By.id("step-note")).sendKeys("需协调出入境系统升级");
        browser.findElement(By.id("step-ok")).click();
        waiting().withMessage("the rectification deadline moves on").until(d -> !textOf(
                By.cssSelector("#cases tr[data-case='" + caseId + "'] .dash-due")).equals(dueBefore));
        browser.executeScript("document.getElementById('evaluations').scrollIntoView();");
        screenshot("dashboard-evaluations");

        JsonObject stored = server.get("/api/v1/halls/demo/cases", TestServer.MANAGER).bodyAsJsonObject()
                .getJsonArray("cases").stream().map(JsonObject.class::cast)
                .filter(c -> c.getString("id").equals(caseId)).findFirst().orElseThrow();
        assertThat(stored.getString("state")).isEqualTo("VERIFIED");
        JsonArray steps = stored.getJsonArray("steps");
        assertThat(steps).hasSize(2);
        assertThat(steps.getJsonObject(0).getString("action")).isEqualTo("verify");
        assertThat(steps.getJsonObject(0).getString("by")).isEqualTo("李主任");
        assertThat(steps.getJsonObject(1).getString("action")).isEqualTo("extend");
        assertThat(steps.getJsonObject(1).getInteger("days")).isEqualTo(5);
        assertThat(steps.getJsonObject(1).getString("note")).isEqualTo("需协调出入境系统升级");
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    @Order(3)
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void shouldShowARatingGivenElsewhereAndTakeOneAddOn() throws Exception {
        viewport(390, 844, 2, true);
        JsonObject mine = serving("2", "C");
        command("2", "complete");
        String link = link(mine);
        waiting().withMessage("the gateway hears of the service").until(d -> server.get("/api/v1/evaluations/mine",
                link).statusCode() == 200);
        assertThat(server.post("/api/v1/evaluations", link, new JsonObject()
                .put("requestId", UUID.randomUUID().toString()).put("rating", 4)).statusCode()).isEqualTo(201);

        open(mine.getString("trackUrl"));

        waitForText(By.id("eval-rated"), "满意");
        assertThat(textOf(By.cssSelector("#after-service h2"))).isEqualTo("您已评价本次服务");
        assertThat(browser.findElements(FORM)).isEmpty();
        waitForVisible(By.id("eval-addon")).click();
        waitForVisible(FORM);
        assertThat(textOf(By.cssSelector("#after-service h2"))).isEqualTo("追加评价");
        level(3).click();
        browser.findElement(SUBMIT).click();
        waitForText(By.id("eval-added"), "基本满意");
        assertThat(textOf(By.id("eval-rated"))).contains("满意");
        assertThat(browser.findElements(By.id("eval-addon"))).isEmpty(); // one add-on only
        JsonObject stored = mineOf(mine);
        assertThat(stored.getJsonObject("rating").getInteger("rating")).isEqualTo(4);
        assertThat(stored.getJsonObject("addOn").getInteger("rating")).isEqualTo(3);
        assertThat(stored.getBoolean("canAddOn")).isFalse();
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    @Order(4)
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void shouldStoreOneRatingWhenTheAnswerIsLostAndTheCitizenSubmitsAgain() throws Exception {
        viewport(390, 844, 2, true);
        JsonObject mine = serving("3", "A");
        int recordsBefore = exportedRecords();
        try (CuttableProxy proxy = new CuttableProxy(server.port())) {
            browser.get("http://127.0.0.1:" + proxy.port() + mine.getString("trackUrl"));
            waitForText(By.id("state"), "正在办理");
            command("3", "complete");
            waitForVisible(FORM);
            level(4).click();
            browser.findElement(By.id("eval-comment")).sendKeys("窗口很耐心");

            // the phone's network drops just after sending: the rating is stored, its answer never arrives
            proxy.loseAnswersTo("POST /api/v1/evaluations");
            browser.findElement(SUBMIT).click();
            waitForText(SUBMIT, "重新提交");
            assertThat(textOf(ERROR)).contains("网络连接失败");
            // Chromium itself sends a POST again when a kept-alive connection closes without an answer: every
            // copy reached the gateway with the same requestId
            assertThat(proxy.answersLost()).isPositive();
            assertThat(mineOf(mine).getJsonObject("rating").getString("comment")).isEqualTo("窗口很耐心");
            assertThat(browser.findElement(By.id("eval-comment")).getAttribute("value")).isEqualTo("窗口很耐心");
            screenshot("phone-evaluation-retry");

            proxy.loseAnswersTo(null);
            browser.findElement(SUBMIT).click();

            waitForText(By.id("eval-thanks"), "感谢您的评价");
            waitForText(By.id("eval-rated"), "满意");
            assertThat(textOf(By.id("eval-rated"))).contains("窗口很耐心");
        }
        assertThat(exportedRecords()).as("the same request sent twice is one record").isEqualTo(recordsBefore + 1);
        JsonObject stored = mineOf(mine);
        assertThat(stored.getJsonObject("rating").getInteger("rating")).isEqualTo(4);
        assertThat(stored.getValue("addOn")).isNull();
    }

    @Test
    void shouldHaveAChineseSentenceForEveryRatingErrorCode() throws Exception {
        String module;
        try (InputStream in = getClass().getResourceAsStream("/webroot/assets/js/ticket-evaluation.js")) {
            module = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (EvaluationError e : EvaluationError.values()) {
            if (e == EvaluationError.UNKNOWN_CASE || e == EvaluationError.WRONG_STATE
                    || e == EvaluationError.MISSING_FIELD) {
                continue; // a case step's, never a rating's
            }
            assertThat(module).as(e.code()).containsPattern("\\n    " + e.code() + ": '[^']*[\\u4e00-\\u9fff]");
        }
    }

    // ---------------------------------------------------------------- helpers

    private JsonObject command(String w, String command) {
        var r = server.post("/api/v1/halls/demo/windows/" + w + "/" + command, window(w));
        assertThat(r.statusCode()).as(command + " at window " + w + ": " + r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject();
    }

    /** A ticket issued now and in service at window w (its staff 05w, 王营定: 051 at window 1). */
    private JsonObject serving(String w, String category) {
        freeWindow(w);
        JsonObject t = server.issue(category);
        assertThat(command(w, "call-next").getString("number")).isEqualTo(t.getString("number"));
        command(w, "start");
        return t;
    }

    private static String link(JsonObject ticket) {
        return ticket.getString("trackUrl").substring("/t/".length());
    }

    private JsonObject mineOf(JsonObject ticket) {
        var r = server.get("/api/v1/evaluations/mine", link(ticket));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject();
    }

    /** The evaluation records of the demo hall in the manager's CSV export (its header line left out). */
    private int exportedRecords() {
        var r = server.get("/api/v1/halls/demo/evaluations/export.csv", TestServer.MANAGER);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        return (int) r.bodyAsString().lines().filter(l -> !l.isBlank()).count() - 1;
    }

    private WebElement level(int level) {
        return browser.findElement(By.cssSelector(".eval-level[data-level='" + level + "']"));
    }

    private java.util.List<String> levelNames() {
        return browser.findElements(By.cssSelector(".eval-level")).stream().map(WebElement::getText).toList();
    }

    private void openDashboard() {
        viewport(1920, 1080, 1, false);
        open("/dashboard/demo");
        browser.executeScript("localStorage.setItem('onewindow.token.manager', arguments[0]);", TestServer.MANAGER);
        open("/dashboard/demo");
        waitForVisible(By.id("evaluations"));
    }

    private static By figure(String key) {
        return By.cssSelector("#evaluation-figures [data-figure='" + key + "'] .dash-kpi-value");
    }

    /** Clicks a step of a case, found again if the dashboard redrew its cases meanwhile (it does every 15 s). */
    private void clickStep(String caseId, String action) {
        By button = By.cssSelector("#cases tr[data-case='" + caseId + "'] .dash-step[data-action='" + action + "']");
        waiting().ignoring(StaleElementReferenceException.class).until(d -> {
            waitForVisible(button).click();
            return true;
        });
        waitForVisible(By.id("step-by"));
    }
}
