package io.onewindow.display.pages;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.onewindow.display.TestServer;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;

/** The kiosk in a real browser: asks its token once, issues a ticket and shows a QR code of the phone link. */
class KioskPageTest extends BrowserTest {

    /**
     * Decodes the QR code in a picture of the screen, as a phone's scanner does: it looks again, harder, when a
     * first look finds nothing (ZXing's quick look misses about one sharp code in a hundred).
     */
    static String decodeQr(byte[] png) throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        int[] pixels = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
        var bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(img.getWidth(), img.getHeight(),
                pixels)));
        ReaderException last = null;
        for (Map<DecodeHintType, ?> hints : List.of(Map.<DecodeHintType, Object>of(),
                Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE), Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE))) {
            try {
                return new QRCodeReader().decode(bitmap, hints).getText();
            } catch (ReaderException e) {
                last = e;
            }
        }
        throw last;
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void shouldIssueATicketAndShowTheQrCodeOfItsPhoneLink() throws Exception {
        viewport(1080, 1920, 1, false);
        forgetTokens();
        open("/kiosk/demo");
        waitForVisible(By.cssSelector("[data-testid=token-dialog] input")).sendKeys(TestServer.KIOSK + "\n");
        waitForVisible(By.cssSelector("[data-category='A']"));
        int waitingBefore = server.queue().getJsonObject("categories").getJsonObject("A").getInteger("waiting");

        browser.findElement(By.cssSelector("[data-category='A']")).click();

        waitForVisible(By.id("issued"));
        String number = browser.findElement(By.id("issued-number")).getText();
        waitForVisible(By.cssSelector("#qr svg"));
        String link = decodeQr(browser.findElement(By.id("qr")).getScreenshotAs(OutputType.BYTES));
        JsonObject line = server.queue();
        assertThat(line.getJsonObject("categories").getJsonObject("A").getInteger("waiting"))
                .isEqualTo(waitingBefore + 1);
        assertThat(line.getJsonObject("categories").getJsonObject("A").getJsonArray("next").getList())
                .contains(number);
        assertThat(link).matches("http://127\\.0\\.0\\.1:" + server.port() + "/t/[A-Za-z0-9_-]{16,}");
        assertThat(browser.findElement(By.id("issued-ahead")).getText()).isEqualTo(String.valueOf(waitingBefore));
        assertThat(browser.findElement(By.id("issued-eta")).getText()).isNotBlank();
        assertThat(browser.getCurrentUrl()).doesNotContain(TestServer.KIOSK);
        screenshot("kiosk-ticket");

        browser.get(link);
        waitForText(By.id("number"), number);

        open("/kiosk/demo");
        waitForVisible(By.cssSelector("[data-category='B']"));
        assertThat(browser.findElements(By.cssSelector("[data-testid=token-dialog]"))).as("asked only once").isEmpty();
        screenshot("kiosk");
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void shouldGiveTheGreenChannelToACitizenOfSixtyAndRefuseASecondTicket() throws Exception {
        viewport(1080, 1920, 1, false);
        browser.get(url("/kiosk/demo"));
        browser.executeScript("localStorage.setItem('onewindow.token.kiosk', arguments[0]);", TestServer.KIOSK);
        open("/kiosk/demo");
        // the kiosk has started once it shows its matters: its keypad is built by then. Before, the toggle already
        // opened an empty keypad, and [data-key] found the check-in's hidden keypad ("element not interactable")
        waitForVisible(By.cssSelector("[data-category='C']"));
        waitForVisible(By.id("id-toggle")).click();
        for (char c : "110101195001011239".toCharArray()) {
            waitForVisible(By.cssSelector("#keypad [data-key='" + c + "']")).click();
        }

        browser.findElement(By.cssSelector("[data-category='C']")).click();

        waitForVisible(By.id("issued-green"));
        browser.findElement(By.id("done")).click();
        waitForVisible(By.id("id-toggle")).click();
        for (char c : "110101195001011239".toCharArray()) {
            waitForVisible(By.cssSelector("#keypad [data-key='" + c + "']")).click();
        }
        browser.findElement(By.cssSelector("[data-category='C']")).click();
        waitForText(By.id("error"), "您已有一张该事项的等候号");
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void shouldListTheHallsAndWhatAStaffTokenOpens() throws Exception {
        forgetTokens();
        open("/");
        waitForText(By.cssSelector("[data-hall='demo'] h2"), "市行政服务中心公安窗口");

        browser.findElement(By.id("token-input")).sendKeys(TestServer.MANAGER + "\n");

        waitForText(By.id("token-result"), "管理员");
        assertThat(browser.findElement(By.cssSelector("#token-result a")).getAttribute("href"))
                .endsWith("/dashboard/demo");
        assertThat(browser.findElements(By.cssSelector("[data-hall='demo'] .start-windows a"))).hasSize(5);
        assertThat(browser.executeScript("return localStorage.getItem('onewindow.token.manager');"))
                .isEqualTo(TestServer.MANAGER);
        assertThat(browser.getCurrentUrl()).doesNotContain(TestServer.MANAGER);
        assertThat(browser.findElement(By.id("token-input")).getAttribute("value")).isEmpty();
        screenshot("start");
        assertThat(consoleErrors()).isEmpty();
    }
}
