package io.onewindow.display.pages;

import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.core.IdNumbers;
import io.onewindow.display.ServerConfig;
import io.onewindow.display.TestServer;
import io.onewindow.display.store.Journals;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
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

/**
 * Appointment check-in on the kiosk page, in headless Chromium. The hall's zone is a fixed offset that puts
 * its local time at 12:10 when the test starts, so a slot at 12:30 is open for check-in with the real clock.
 */
@Timeout(120)
class KioskCheckInPageTest extends BrowserTest {

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
    void shouldCheckInByCodeOnTheKioskAndShowTheAppointmentTicket() throws Exception {
        String slot = LocalDateTime.ofInstant(Instant.now(), zone).toLocalDate() + "T13:00";
        HttpResponse<Buffer> booked = server.post("/api/v1/halls/demo/appointments", null, new JsonObject()
                .put("category", "A").put("start", slot).put("idNumber", IdNumbers.withCheck("33010619850314066"))
                .put("phone", "13812345678"));
        assertThat(booked.statusCode()).as(booked.bodyAsString()).isEqualTo(201);
        String code = booked.bodyAsJsonObject().getString("code");
        viewport(1080, 1920, 1, false);
        open("/kiosk/demo");
        browser.executeScript("localStorage.setItem('onewindow.token.kiosk', arguments[0]);", TestServer.KIOSK);
        open("/kiosk/demo");

        waitForVisible(By.id("checkin-toggle")).click();
        browser.findElement(By.cssSelector("#checkin-keypad [data-key='1']")).click();
        assertThat(browser.findElement(By.id("checkin-go")).isEnabled()).isFalse();
        browser.findElement(By.cssSelector("#checkin-keypad [data-key='清除']")).click();
        for (char c : code.toCharArray()) {
            browser.findElement(By.cssSelector("#checkin-keypad [data-key='" + c + "']")).click();
        }
        browser.findElement(By.id("checkin-go")).click();

        waitForText(By.id("checkin-number"), "A001");
        assertThat(textOf(By.id("checkin-kind"))).contains("预约号");
        screenshot("kiosk-check-in");
        waitForVisible(By.id("checkin-toggle")).click();
        for (char c : code.toCharArray()) {
            browser.findElement(By.cssSelector("#checkin-keypad [data-key='" + c + "']")).click();
        }
        browser.findElement(By.id("checkin-go")).click();
        waitForText(By.id("checkin-message"), "已签到");
        assertThat(consoleErrors()).isEmpty();
    }
}
