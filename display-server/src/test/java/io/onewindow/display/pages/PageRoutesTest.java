package io.onewindow.display.pages;

import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.display.ServerConfig;
import io.onewindow.display.TestServer;
import io.onewindow.display.store.Journals;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The pages as HTTP sees them: headers, caching, 404 pages, the token check and the screen settings. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PageRoutesTest {

    private TestServer server;
    private Path dir;

    @BeforeEach
    void start(Vertx vertx, @TempDir Path dir) throws Exception {
        this.dir = dir;
        server = TestServer.start(vertx, dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<Buffer> get(String path, String header, String value) {
        var r = server.request(HttpMethod.GET, path, null);
        if (header != null) {
            r.putHeader(header, value);
        }
        return r.send().await();
    }

    @Test
    void shouldServeEveryPageWithAPolicyThatAllowsOnlyTheServerItself() {
        for (String path : new String[] {"/", "/display/demo", "/display/demo/windows/5", "/kiosk/demo",
                "/dashboard/demo", "/pad/demo/windows/1", "/assets/ow.css", "/assets/js/stream.js",
                "/webjars/uplot/dist/uPlot.esm.js"}) {
            HttpResponse<Buffer> r = server.get(path, null);

            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.getHeader("Content-Security-Policy")).as(path)
                    .contains("default-src 'self'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline", "http:", "https:", "*");
            assertThat(r.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(r.getHeader("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(r.getHeader("ETag")).startsWith("\"");
        }
        assertThat(server.get("/display/demo", null).getHeader("Content-Type")).startsWith("text/html");
        assertThat(server.get("/assets/js/stream.js", null).getHeader("Content-Type")).startsWith("text/javascript");
    }

    @Test
    void shouldAnswerNotModifiedForTheFileTheBrowserHoldsAndGzipForOneThatTakesIt() {
        HttpResponse<Buffer> first = server.get("/assets/js/stream.js", null);

        HttpResponse<Buffer> again = get("/assets/js/stream.js", "If-None-Match", first.getHeader("ETag"));
        HttpResponse<Buffer> zipped = get("/assets/js/stream.js", "Accept-Encoding", "gzip");

        assertThat(first.getHeader("Cache-Control")).isEqualTo("no-cache");
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isNull();
        assertThat(zipped.getHeader("Content-Encoding")).isEqualTo("gzip");
        assertThat(zipped.getHeader("ETag")).isNotEqualTo(first.getHeader("ETag"));
    }

    @Test
    void shouldAnswerAPageSayingSoForAHallWindowOrTicketTheServerDoesNotHave() {
        for (String path : new String[] {"/display/nowhere", "/display/demo/windows/99", "/kiosk/nowhere",
                "/pad/demo/windows/99", "/pad/nowhere/windows/1", "/t/not-a-ticket-link-0123456789"}) {
            HttpResponse<Buffer> r = server.get(path, null);

            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.getHeader("Content-Type")).startsWith("text/html");
            assertThat(r.bodyAsString()).contains("页面不存在");
        }
        assertThat(server.get("/assets/../pom.xml", null).statusCode()).isEqualTo(404);
        assertThat(server.get("/assets/nothing.js", null).statusCode()).isEqualTo(404);
    }

    @Test
    void shouldServeThePhonePageOnlyForALinkATicketCarries() {
        String link = server.issue("A").getString("trackUrl");

        HttpResponse<Buffer> r = server.get(link, null);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.bodyAsString()).contains("/assets/js/ticket.js");
    }

    @Test
    void shouldTellAPageWhatItsTokenMayDo() {
        JsonObject kiosk = server.get("/api/v1/me", TestServer.KIOSK).bodyAsJsonObject();
        JsonObject window = server.get("/api/v1/me", TestServer.window("3")).bodyAsJsonObject();
        HttpResponse<Buffer> unknown = server.get("/api/v1/me", "no-such-token-0123456789");

        assertThat(kiosk.getString("role")).isEqualTo("kiosk");
        assertThat(kiosk.getString("hall")).isNull();
        assertThat(window.getString("role")).isEqualTo("window");
        assertThat(window.getString("hall")).isEqualTo("demo");
        assertThat(window.getString("window")).isEqualTo("3");
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("UNAUTHORIZED");
    }

    @Test
    void shouldKeepTheScreenSettingsAManagerSetsOnDisk() throws Exception {
        JsonObject body = new JsonObject().put("notice", "今日窗口正常办理").put("spokenCalls", true);

        HttpResponse<Buffer> asKiosk = server.request(HttpMethod.PUT, "/api/v1/halls/demo/screen", TestServer.KIOSK)
                .sendJsonObject(body).await();
        HttpResponse<Buffer> bad = server.request(HttpMethod.PUT, "/api/v1/halls/demo/screen", TestServer.MANAGER)
                .sendJsonObject(new JsonObject().put("notice", 7)).await();
        HttpResponse<Buffer> unknownField = server.request(HttpMethod.PUT, "/api/v1/halls/demo/screen",
                TestServer.MANAGER).sendJsonObject(new JsonObject().put("volume", 11)).await();
        JsonObject before = server.get("/api/v1/halls/demo/screen", null).bodyAsJsonObject();
        HttpResponse<Buffer> ok = server.request(HttpMethod.PUT, "/api/v1/halls/demo/screen", TestServer.MANAGER)
                .sendJsonObject(body).await();
        JsonObject after = server.get("/api/v1/halls/demo/screen", null).bodyAsJsonObject();

        assertThat(asKiosk.statusCode()).isEqualTo(403);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("BAD_FIELD");
        assertThat(unknownField.bodyAsJsonObject().getJsonObject("error").getString("code"))
                .isEqualTo("UNKNOWN_FIELD");
        assertThat(before).isEqualTo(new JsonObject().put("notice", "").put("spokenCalls", false));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(after).isEqualTo(body);
        assertThat(Files.readString(dir.resolve("demo").resolve("screen.json"))).contains("今日窗口正常办理");
    }

    @Test
    void shouldDrawTheQrCodeOfThePhoneLinkForItsHolderOnly() throws Exception {
        JsonObject ticket = server.issue("B");
        String link = ticket.getString("trackUrl");
        String path = "/api/v1/halls/demo/tickets/" + ticket.getLong("id") + "/qr.";

        HttpResponse<Buffer> png = server.get(path + "png", link.substring(3));
        HttpResponse<Buffer> svg = server.get(path + "svg", link.substring(3));
        HttpResponse<Buffer> asKiosk = server.get(path + "png", TestServer.KIOSK);
        HttpResponse<Buffer> none = server.get(path + "svg", null);

        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(png.getHeader("Content-Type")).isEqualTo("image/png");
        assertThat(KioskPageTest.decodeQr(png.body().getBytes()))
                .isEqualTo("http://127.0.0.1:" + server.port() + link);
        assertThat(svg.bodyAsString()).startsWith("<svg").contains("<path");
        assertThat(asKiosk.statusCode()).isEqualTo(401);
        assertThat(none.statusCode()).isEqualTo(401);
    }

    @Test
    void shouldPutTheHallsPublicAddressInTheQrCodeWhereOneIsSet(Vertx vertx, @TempDir Path other) throws Exception {
        TestServer behindProxy = TestServer.start(vertx, other, Journals.embedded(), ServerConfig.embedded(other)
                .withPublicUrl(URI.create("HTTPS://Hall.Example.gov.cn:8443/")));
        try {
            JsonObject ticket = behindProxy.issue("A");
            String link = ticket.getString("trackUrl");
            HttpResponse<Buffer> png = behindProxy.get("/api/v1/halls/demo/tickets/" + ticket.getLong("id")
                    + "/qr.png", link.substring(3));

            assertThat(png.statusCode()).isEqualTo(200);
            // what a phone outside the hall's network can open, whatever address the kiosk used
            assertThat(KioskPageTest.decodeQr(png.body().getBytes()))
                    .isEqualTo("https://Hall.Example.gov.cn:8443" + link);
        } finally {
            behindProxy.close();
        }
    }

    @Test
    void shouldLoadNothingFromOutsideTheServer() throws Exception {
        Path webroot = Path.of("src/main/resources/webroot");
        List<Path> files;
        try (var walk = Files.walk(webroot)) {
            files = walk.filter(Files::isRegularFile).toList();
        }

        assertThat(files).hasSizeGreaterThan(10);
        for (Path f : files) {
            String text = Files.readString(f).replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
            assertThat(text).as(f.toString()).doesNotContainPattern("(?i)(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}/")
                    .doesNotContain("<style", " style=\"", "onclick=\"", "<script>");
        }
    }
}
