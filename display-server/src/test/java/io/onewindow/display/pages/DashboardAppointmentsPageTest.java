package io.onewindow.display.pages;

import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.core.IdNumbers;
import io.onewindow.display.ServerConfig;
import io.onewindow.display.TestServer;
import io.onewindow.display.store.Journals;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;

/** Today's appointments on the manager's dashboard, per slot, in headless Chromium. */
@Timeout(120)
class DashboardAppointmentsPageTest extends BrowserTest {

    private ZoneOffset zone;

    @Override
    @BeforeAll
    void startServerAndBrowser() throws Exception {
        dataDir = Files.createTempDirectory("onewindow-pages-");
        int offset = LocalTime.of(12, 10).toSecondOfDay()
                - LocalTime.ofInstant(Instant.now(), ZoneOffset.UTC).toSecondOfDay();
        zone = ZoneOffset.ofTotalSeconds(Math.floorMod(offset + 12 * 3600, 24 * 3600) - 12 * 3600);
        Path hall = dataDir.resolve("hall.json");
        Files.writeString(hall, """
                {"id":"demo","name":"预约测试大厅","timezone":"%s","open":"06:00","close":"20:00",
                 "categories":[{"code":"A","name":"户籍","prefix":"A"}],
                 "windows":[{"id":"1","name":"1号窗口","primary":["*"]}],
                 "appointments":{"perSlot":{"A":4},"bookUntilMinutes":0,"checkInEarlyMinutes":120}}
                """.formatted(zone.getId()));
        vertx = Vertx.vertx();
        Path data = dataDir.resolve("data");
        server = TestServer.start(vertx, data, Journals.embedded(), ServerConfig.embedded(data)
                .withHalls(List.of(hall)));
        browser = headlessChromium();
    }

    @Test
    void shouldShowTodaysBookingsPerSlot() throws Exception {
        String today = LocalDateTime.ofInstant(Instant.now(), zone).toLocalDate().toString();
        for (int p = 1; p <= 3; p++) {
            assertThat(server.post("/api/v1/halls/demo/appointments", null, new JsonObject().put("category", "A")
                    .put("start", today + (p < 3 ? "T13:00" : "T14:00"))
                    .put("idNumber", IdNumbers.withCheck("3301061985031405" + p)).put("phone", "13812345678"))
                    .statusCode()).isEqualTo(201);
        }
        assertThat(server.post("/api/v1/halls/demo/appointments/check-in", TestServer.GUIDE,
                new JsonObject().put("idNumber", IdNumbers.withCheck("33010619850314051"))).statusCode())
                .isEqualTo(201);
        open("/dashboard/demo");
        browser.executeScript("localStorage.setItem('onewindow.token.manager', arguments[0]);", TestServer.MANAGER);

        open("/dashboard/demo");

        waitForText(By.id("appointments-summary"), "已签到 1");
        assertThat(textOf(By.id("appointments-summary"))).contains("待签到 2");
        assertThat(textOf(By.cssSelector("#appointments tr[data-slot='13:00 A']"))).contains("13:00").contains("4");
        assertThat(browser.findElements(By.cssSelector("#appointments tr[data-slot]"))).hasSize(2);
        assertThat(browser.getPageSource()).doesNotContain("13812345678");
        assertThat(consoleErrors()).isEmpty();
    }
}
