package io.onewindow.display.pages;

import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.core.IdNumbers;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** Booking on a phone (/book/{hall}) and the holder's page (/a/{token}), in headless Chromium. */
@Timeout(120)
class BookingPageTest extends BrowserTest {

    @Test
    void shouldBookASlotOnAPhoneThenSeeAndCancelItThroughTheLink() throws Exception {
        viewport(390, 844, 2, true);
        String tomorrow = LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(1).toString();
        String idNumber = IdNumbers.withCheck("33010619850314077");

        open("/book/demo");
        waitForVisible(By.cssSelector("#matters [data-category=A]")).click();
        waitForVisible(By.cssSelector("#days [data-date='" + tomorrow + "']")).click();
        waitForVisible(By.cssSelector("#slots [data-start='10:00']")).click();
        waitForVisible(By.id("id-number")).sendKeys(idNumber);
        browser.findElement(By.id("phone")).sendKeys("13812345678");
        screenshot("book-form");
        browser.findElement(By.id("submit")).click();

        WebElement done = waitForVisible(By.id("done"));
        String code = browser.findElement(By.id("code")).getText();
        assertThat(code).matches("[0-9]{6}");
        assertThat(done.getText()).contains("户籍").contains("10:00-10:30").contains("签到码");
        assertThat(browser.getPageSource()).doesNotContain(idNumber);
        screenshot("book-done");
        String manage = browser.findElement(By.id("manage")).getAttribute("href");
        assertThat(manage).contains("/a/");

        browser.get(manage);
        waitForText(By.id("state"), "已预约");
        assertThat(textOf(By.id("code"))).isEqualTo(code);
        assertThat(textOf(By.id("phone"))).isEqualTo("138****5678");
        screenshot("appointment");
        browser.findElement(By.id("cancel")).click();
        browser.switchTo().alert().accept();
        waitForText(By.id("state"), "已取消");
        assertThat(browser.findElement(By.id("actions")).isDisplayed()).isFalse();
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    void shouldSayWhenTheSlotIsTakenAndLeaveTheFormAsItWas() {
        viewport(390, 844, 2, true);
        String day = LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(2).toString();
        String idNumber = IdNumbers.withCheck("33010619850314078");

        open("/book/demo");
        waitForVisible(By.cssSelector("#matters [data-category=B]")).click();
        waitForVisible(By.cssSelector("#days [data-date='" + day + "']")).click();
        waitForVisible(By.cssSelector("#slots [data-start='11:00']")).click();
        waitForVisible(By.id("id-number")).sendKeys(idNumber.substring(0, 17) + (idNumber.endsWith("1") ? "2" : "1"));
        browser.findElement(By.id("phone")).sendKeys("13812345678");
        browser.findElement(By.id("submit")).click();

        waitForText(By.id("error"), "身份证号码有误");
        assertThat(browser.findElement(By.id("done")).isDisplayed()).isFalse();
    }

    @Test
    void shouldAnswerAnUnknownAppointmentLinkWithTheNotFoundPage() {
        open("/a/2026112400001-AAAAAAAAAAAAAAAAAAAAAA");

        assertThat(browser.getPageSource()).doesNotContain("取消预约");
    }
}
