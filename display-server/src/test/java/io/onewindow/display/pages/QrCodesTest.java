package io.onewindow.display.pages;

import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.display.access.PhoneLinks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The QR codes of phone links, read back as a phone's camera would read them. */
class QrCodesTest {

    @Test
    void shouldDrawCodesThatReadBackAsTheLinkForManyLinks() throws Exception {
        List<String> unread = new ArrayList<>();

        for (int i = 0; i < 100; i++) {
            String link = "http://10.0.0.5:8080" + PhoneLinks.create().url();
            String read;
            try {
                read = KioskPageTest.decodeQr(QrCodes.png(QrCodes.encode(link), 8));
            } catch (com.google.zxing.ReaderException e) {
                read = "(" + e.getClass().getSimpleName() + ")";
            }
            if (!link.equals(read)) {
                unread.add(link + " read as " + read);
            }
        }

        assertThat(unread).isEmpty();
    }
}
