package io.onewindow.display.pages;

import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.display.TestServer;
import io.onewindow.evaluator.Entry;
import io.onewindow.evaluator.Evaluation;
import io.onewindow.evaluator.EvaluationChannel;
import io.onewindow.evaluator.Level;
import io.onewindow.evaluator.EvaluationBook;
import io.onewindow.evaluator.ServiceRecord;
import io.onewindow.evaluator.store.FileEvaluationStore;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;

/**
 * The phone page of a ticket the hall no longer holds (it keeps finished tickets for a while only) whose service
 * the evaluator gateway still knows: within the evaluation period the citizen still rates it there; after it, the
 * page says so; a link neither knows is a 404 page, and so is the link of a service the gateway folded (a day past
 * its period: it keeps its counts, not its link); a case of an earlier day past its deadline is marked on the
 * dashboard. The gateway's store is written before the server starts, as a server that ran on earlier days left
 * it.
 */
class PhoneEvaluationLaterTest extends BrowserTest {

    private static final String THREE_DAYS_AGO = "Lr3dAysAgoL1nkT0kenAbC"; // 22 characters, as a hall makes them
    private static final String PAST_PERIOD = "L8dAysAgoL1nkT0kenAbCd"; // seven and a half days ago
    private static final String FOLDED = "L10dAysAgoL1nkT0kenAbC"; // ten days ago: folded at the gateway's start

    @Override
    protected void prepareData(Path dataDir) throws Exception {
        long now = System.currentTimeMillis();
        FileEvaluationStore store = FileEvaluationStore.open(dataDir);
        try {
            store.replay(e -> { }); // a new store: nothing to read back
            store.append(new Entry.Opened(service(1, "A017", now - Duration.ofDays(3).toMillis(), THREE_DAYS_AGO)))
                    .get(10, TimeUnit.SECONDS);
            store.append(new Entry.Opened(service(2, "B005", now - Duration.ofHours(7 * 24 + 12).toMillis(),
                    PAST_PERIOD))).get(10, TimeUnit.SECONDS);
            store.append(new Entry.Opened(service(4, "B001", now - Duration.ofDays(10).toMillis(), FOLDED)))
                    .get(10, TimeUnit.SECONDS);
            // a 差评 five days ago that nobody verified: its case is past its 1-working-day deadline
            ServiceRecord bad = service(3, "C009", now - Duration.ofDays(5).toMillis(), "L5dAysAgoBadRat1ngAbCd");
            store.append(new Entry.Opened(bad)).get(10, TimeUnit.SECONDS);
            store.append(new Entry.Rated(new Evaluation("E5DAYSAGO1", UUID.randomUUID().toString(), bad,
                    Level.VERY_DISSATISFIED, List.of("办事效率低"), "跑了三次", EvaluationChannel.PAD,
                    bad.completedAtMillis() + 30_000, null))).get(10, TimeUnit.SECONDS);
        } finally {
            store.close();
        }
    }

    private static ServiceRecord service(long seq, String number, long completedAt, String link) {
        return new ServiceRecord("demo.earlier-" + UUID.randomUUID(), "demo", seq, 1000 + seq, number,
                number.substring(0, 1), "2", "0572", "李晓明", completedAt, EvaluationBook.linkKey(link));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldRateAServiceOfAnEarlierDayOnThePhone() throws Exception {
        viewport(390, 844, 2, true);
        assertThat(server.get("/t/" + THREE_DAYS_AGO, null).statusCode()).isEqualTo(200);
        assertThat(server.get("/t/NoTicketNoServiceAbCdE", null).statusCode()).isEqualTo(404);

        open("/t/" + THREE_DAYS_AGO);

        waitForVisible(By.id("eval-form"));
        waitForText(By.id("number"), "A017");
        waitForText(By.id("state"), "已办结");
        waitForText(By.id("status-title"), "办理完成");
        waitForText(By.id("matter"), "户籍");
        assertThat(textOf(By.id("eval-service"))).contains("A017 · 2号窗口").contains("李*明");
        browser.findElement(By.cssSelector(".eval-level[data-level='4']")).click();
        browser.findElement(By.id("eval-submit")).click();
        waitForText(By.id("eval-rated"), "满意");
        var stored = server.get("/api/v1/evaluations/mine", THREE_DAYS_AGO).bodyAsJsonObject();
        assertThat(stored.getJsonObject("rating").getInteger("rating")).isEqualTo(4);
        assertThat(stored.getJsonObject("rating").getString("channel")).isEqualTo("MOBILE");
        // the hall's phone stream refuses the link it no longer holds (404 before the upgrade): the browser says
        // so in its console, as it does for any refused request; nothing else may be there
        assertThat(consoleErrors()).allMatch(m -> m.contains("Unexpected response code: 404"));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldMarkACaseOverdueOnTheDashboard() {
        open("/dashboard/demo");
        browser.executeScript("localStorage.setItem('onewindow.token.manager', arguments[0]);", TestServer.MANAGER);

        open("/dashboard/demo");

        By row = By.cssSelector("#cases tr[data-case='CE5DAYSAGO1']");
        waitForText(row, "已超期");
        assertThat((String) browser.executeScript("return document.querySelector(arguments[0]).className;",
                "#cases tr[data-case='CE5DAYSAGO1']")).contains("is-alert");
        assertThat(textOf(row)).contains("C009").contains("待核实").contains("办事效率低：跑了三次");
        assertThat(textOf(By.id("cases-summary"))).contains("超期 1");
        assertThat(textOf(By.cssSelector("#evaluation-figures [data-figure='overdueCases'] .dash-kpi-value")))
                .isEqualTo("0"); // today's services: the case's service completed five days ago
        browser.findElement(By.cssSelector(".dash-period[data-days='7']")).click();
        waitForText(By.cssSelector("#evaluation-figures [data-figure='overdueCases'] .dash-kpi-value"), "1");
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldSayTheEvaluationPeriodIsOver() {
        viewport(390, 844, 2, true);

        open("/t/" + PAST_PERIOD);

        waitForText(By.id("eval-expired"), "评价期已过");
        assertThat(textOf(By.id("eval-expired"))).contains("7日");
        assertThat(browser.findElements(By.id("eval-form"))).isEmpty();
        assertThat(server.post("/api/v1/evaluations", PAST_PERIOD, new JsonObject()
                .put("requestId", UUID.randomUUID().toString()).put("rating", 5)).bodyAsJsonObject()
                .getJsonObject("error").getString("code")).isEqualTo("EXPIRED");
        // folded: the gateway counts the service, no longer knows its link
        assertThat(server.get("/t/" + FOLDED, null).statusCode()).isEqualTo(404);
        var late = server.post("/api/v1/evaluations", FOLDED, new JsonObject()
                .put("requestId", UUID.randomUUID().toString()).put("rating", 5));
        assertThat(late.statusCode()).isEqualTo(404);
        assertThat(late.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("UNKNOWN_SERVICE");
    }
}
