package io.onewindow.display.pages;

import static io.onewindow.display.TestServer.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;

/** The main screen (综合屏) in a real browser: calls appear as they are made, and none is missed over a drop. */
class DisplayPageTest extends BrowserTest {

    private static final By CALL_NUMBER = By.id("call-number");
    private static final By CALL_WINDOW = By.id("call-window");
    private static final By RECENT = By.id("recent");
    private static final By RECONNECTING = By.cssSelector("[data-testid=reconnecting]");

    /** Calls the next ticket at window w through the API; returns the number called. */
    private String call(String w) {
        var r = server.post("/api/v1/halls/demo/windows/" + w + "/call-next", window(w));
        assertThat(r.statusCode()).as("call-next at window " + w).isEqualTo(200);
        return r.bodyAsJsonObject().getString("number");
    }

    private void complete(String w) {
        server.post("/api/v1/halls/demo/windows/" + w + "/start", window(w));
        server.post("/api/v1/halls/demo/windows/" + w + "/complete", window(w));
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void shouldShowACallMadeThroughTheApiWithoutReload() throws Exception {
        freeWindow("1");
        server.issue("A");
        open("/display/demo");
        waitUntilLive();
        markPage();

        String number = call("1");

        waitForText(CALL_NUMBER, number);
        waitForText(CALL_WINDOW, "1号窗口");
        waitForText(By.cssSelector("[data-window='1'] .w-number"), number);
        waitForText(RECENT, number);
        assertThat(stillSamePage()).as("no reload").isTrue();
        assertThat(browser.findElement(By.id("current-call")).getAttribute("class")).contains("flash");
        assertThat(consoleErrors()).as("console errors (a CSP violation would show here)").isEmpty();
        complete("1");
    }

    /** A second stream opened in the page, as the page opens its own: what Chromium negotiated, what it read. */
    private static final String FOLLOW_STREAM = """
            const s = {extensions: null, messages: [], closed: null};
            window.__stream = s;
            const ws = new WebSocket(location.origin.replace(/^http/, 'ws') + '/ws/v1/halls/demo/display');
            ws.onopen = () => { s.extensions = ws.extensions; };
            ws.onmessage = e => s.messages.push(e.data);
            ws.onclose = e => { s.closed = e.code; };
            """;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    @SuppressWarnings("unchecked")
    void shouldReadEveryMessageCompressedOnceForTheHallAsChromiumNegotiatesPermessageDeflate() {
        freeWindow("5");
        server.issue("C");
        open("/display/demo");
        waitUntilLive();
        browser.executeScript(FOLLOW_STREAM);
        waiting().withMessage("the stream's Snapshot").until(d -> ((Number) browser.executeScript(
                "return window.__stream.messages.length;")).intValue() >= 1);

        String number = call("5");
        server.issue("C");

        waitForText(CALL_NUMBER, number);
        waiting().withMessage("TicketCalled and TicketIssued after the Snapshot").until(d -> ((Number) browser
                .executeScript("return window.__stream.messages.length;")).intValue() >= 3);
        Map<String, Object> stream = (Map<String, Object>) browser.executeScript("return window.__stream;");
        List<JsonObject> messages = ((List<String>) stream.get("messages")).stream()
                .map(JsonObject::new).toList();
        assertThat((String) stream.get("extensions")).as("what Chromium and the server agreed")
                .contains("permessage-deflate").contains("server_no_context_takeover");
        assertThat(stream.get("closed")).as("no protocol error: every compressed frame read").isNull();
        assertThat(messages.get(0).getString("type")).isEqualTo("Snapshot");
        assertThat(messages.subList(1, 3)).extracting(m -> m.getString("type"))
                .containsExactly("TicketCalled", "TicketIssued");
        assertThat(messages.get(1).getString("number")).isEqualTo(number);
        assertThat(messages).extracting(m -> m.getLong("seq") - messages.get(0).getLong("seq"))
                .startsWith(0L, 1L, 2L);
        assertThat(consoleErrors()).isEmpty();
        complete("5");
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void shouldShowReconnectingWhenTheConnectionDropsAndThenTheCallsItMissed() throws Exception {
        freeWindow("2");
        freeWindow("3");
        try (CuttableProxy proxy = new CuttableProxy(server.port())) {
            browser.get("http://127.0.0.1:" + proxy.port() + "/display/demo");
            waitUntilLive();
            markPage();

            proxy.cut();
            waitForVisible(RECONNECTING);
            String shown = browser.findElement(RECONNECTING).getText();
            screenshot("display-reconnecting");
            server.issue("B");
            server.issue("A");
            String first = call("2");
            String second = call("3");
            proxy.restore();

            waitUntilLive();
            waitForText(RECENT, first);
            waitForText(RECENT, second);
            assertThat(shown).contains("正在重新连接");
            assertThat(browser.findElement(RECONNECTING).isDisplayed()).isFalse();
            assertThat(stillSamePage()).as("caught up without a reload").isTrue();
            waitForText(By.cssSelector("[data-window='2'] .w-number"), first);
            waitForText(By.cssSelector("[data-window='3'] .w-number"), second);
        }
        complete("2");
        complete("3");
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void shouldShowTheWindowsTheWaitingCountsAndTheNotice() throws Exception {
        setScreen("今日办理户籍业务请携带户口簿原件，出入境业务请提前在网上填写申请表。", false);
        for (String w : new String[] {"1", "2", "3", "4", "5"}) {
            freeWindow(w);
        }
        for (String c : new String[] {"A", "A", "B", "C", "A", "B", "A", "C", "A", "B", "A", "C", "B", "A"}) {
            server.issue(c);
        }
        open("/display/demo");
        waitUntilLive();

        for (String w : new String[] {"1", "2", "3", "5"}) {
            call(w);
        }
        server.post("/api/v1/halls/demo/windows/1/start", window("1"));
        server.post("/api/v1/halls/demo/windows/2/start", window("2"));
        String called = call("4");
        var line = server.queue().getJsonObject("categories");

        for (String c : new String[] {"A", "B", "C"}) {
            waitForText(By.cssSelector("[data-category='" + c + "'] .wi-count"),
                    String.valueOf(line.getJsonObject(c).getInteger("waiting")));
        }
        waitForText(By.cssSelector("[data-window='4'] .w-number"), called);
        waitForText(By.cssSelector("[data-window='1'] .w-state"), "办理中");
        waitForText(By.cssSelector("[data-window='3'] .w-state"), "请前往");
        waitForText(CALL_NUMBER, called);
        waitForText(By.id("notice"), "户口簿原件");
        assertThat(browser.findElements(By.cssSelector("#recent li"))).hasSize(5);
        Thread.sleep(300);
        screenshot("display");
        for (String w : new String[] {"1", "2", "3", "4", "5"}) {
            complete(w);
        }
    }

    /** A stand-in for the browser's speech synthesis: records each utterance; each takes 400 ms to say. */
    private static final String FAKE_SPEECH = """
            (() => {
              const log = [];
              window.__spoken = log;
              const fake = {
                speaking: false,
                getVoices: () => [],
                cancel: () => log.push({text: 'CANCEL'}),
                speak(u) {
                  if (!u.text) { return; }
                  const entry = {text: u.text, lang: u.lang, start: performance.now(), overlapped: fake.speaking};
                  log.push(entry);
                  fake.speaking = true;
                  setTimeout(() => { entry.end = performance.now(); fake.speaking = false; if (u.onend) { u.onend(); } },
                      400);
                },
              };
              Object.defineProperty(window, 'speechSynthesis', {value: fake, configurable: true});
            })();
            """;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    @SuppressWarnings("unchecked")
    void shouldSpeakEachCallWholeAndOneAtATimeOnceAPersonTurnedSpeechOn() throws Exception {
        setScreen("", true);
        freeWindow("1");
        freeWindow("2");
        server.issue("A");
        server.issue("A");
        var script = browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                FAKE_SPEECH));
        try {
            open("/display/demo");
            waitUntilLive();
            waitForVisible(By.id("speech-enable")).click();
            waitForText(By.id("voice-state"), "语音叫号");

            String first = call("1");
            String second = call("2");

            waiting().until(d -> ((List<?>) browser.executeScript("return window.__spoken.filter(e => e.end);"))
                    .size() == 2);
            List<Map<String, Object>> spoken = (List<Map<String, Object>>) browser.executeScript(
                    "return window.__spoken;");
            assertThat(spoken).extracting(e -> e.get("text")).containsExactly(
                    "请 " + spokenDigits(first) + " 号，到 1号窗口 办理",
                    "请 " + spokenDigits(second) + " 号，到 2号窗口 办理");
            assertThat(spoken).extracting(e -> e.get("overlapped")).containsOnly(false);
            assertThat(spoken).extracting(e -> e.get("lang")).containsOnly("zh-CN");
            assertThat(((Number) spoken.get(1).get("start")).doubleValue())
                    .isGreaterThanOrEqualTo(((Number) spoken.get(0).get("end")).doubleValue());
        } finally {
            browser.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier",
                    script.get("identifier")));
            setScreen("", false);
            complete("1");
            complete("2");
        }
    }

    private static String spokenDigits(String number) {
        StringBuilder b = new StringBuilder();
        for (char c : number.toCharArray()) {
            b.append(Character.isDigit(c) ? "零一二三四五六七八九".charAt(c - '0') : c);
        }
        return b.toString();
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void shouldEmptyTheLineAtTheDayCloseWithoutAReload() {
        server.issue("A");
        server.issue("B");
        open("/display/demo");
        waitUntilLive();
        markPage();

        var closed = server.post("/api/v1/halls/demo/close-day", io.onewindow.display.TestServer.MANAGER);

        assertThat(closed.statusCode()).isEqualTo(200);
        for (String c : new String[] {"A", "B", "C"}) {
            waitForText(By.cssSelector("[data-category='" + c + "'] .wi-count"), "0");
        }
        assertThat(stillSamePage()).isTrue();
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void shouldFollowTheHallAsServerSentEventsWhereWebSocketsDoNotGetThrough() throws Exception {
        freeWindow("1");
        server.issue("C");
        server.issue("A");
        try (CuttableProxy proxy = new CuttableProxy(server.port())) {
            proxy.refuseWebSockets(true);
            browser.get("http://127.0.0.1:" + proxy.port() + "/display/demo");
            waitUntilLive();
            markPage();

            String number = call("1");

            waitForText(CALL_NUMBER, number);
            waitForText(By.cssSelector("[data-window='1'] .w-number"), number);
            assertThat(browser.findElement(By.tagName("body")).getAttribute("data-transport")).isEqualTo("sse");
            assertThat(stillSamePage()).isTrue();
        }
        complete("1");
    }
}
