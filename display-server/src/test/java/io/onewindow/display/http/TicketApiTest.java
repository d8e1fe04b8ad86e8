package io.onewindow.display.http;

import static io.onewindow.display.TestServer.GUIDE;
import static io.onewindow.display.TestServer.KIOSK;
import static io.onewindow.display.TestServer.MANAGER;
import static io.onewindow.display.TestServer.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.core.IdNumbers;
import io.onewindow.display.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class TicketApiTest {

    private static final String HALL = "/api/v1/halls/demo";

    private TestServer server;

    @BeforeEach
    void start(Vertx vertx, @TempDir Path dir) throws Exception {
        server = TestServer.start(vertx, dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldIssueTicketWithNumberPlaceAndPhoneLink() {
        HttpResponse<Buffer> r = server.post(HALL + "/tickets", KIOSK, new JsonObject().put("category", "A"));

        assertThat(r.statusCode()).isEqualTo(201);
        JsonObject t = r.bodyAsJsonObject();
        assertThat(t.fieldNames()).containsExactlyInAnyOrder("id", "number", "category", "priority", "state",
                "position", "estimatedWaitSeconds", "estimatedWaitLowSeconds", "estimatedWaitHighSeconds", "issuedAt",
                "window", "trackUrl");
        assertThat(t.getString("number")).isEqualTo("A001");
        assertThat(t.getString("category")).isEqualTo("A");
        assertThat(t.getString("priority")).isEqualTo("NORMAL");
        assertThat(t.getString("state")).isEqualTo("WAITING");
        assertThat(t.getInteger("position")).isEqualTo(1);
        assertThat(t.getString("issuedAt")).endsWith("+08:00");
        assertThat(t.getString("window")).isNull();
        assertThat(t.getString("trackUrl")).matches("/t/[A-Za-z0-9_-]{22}");
        assertThat(r.getHeader("Location")).isEqualTo(HALL + "/tickets/" + t.getLong("id"));
    }

    @Test
    void shouldNumberEachCategoryOnItsOwnAndShowTheLine() {
        server.issue("A");
        server.issue("A");
        JsonObject b = server.issue("B");

        JsonObject q = server.queue();

        assertThat(b.getString("number")).isEqualTo("B001");
        assertThat(q.getString("hall")).isEqualTo("demo");
        assertThat(q.getLong("seq")).isEqualTo(3L);
        assertThat(q.getJsonObject("categories").getJsonObject("A"))
                .isEqualTo(new JsonObject().put("waiting", 2).put("next", new JsonArray().add("A001").add("A002")));
        assertThat(q.getJsonObject("categories").getJsonObject("C").getInteger("waiting")).isZero();
        assertThat(q.getJsonObject("windows").getJsonObject("1"))
                .isEqualTo(new JsonObject().put("name", "1号窗口").put("state", "CLOSED").putNull("number")
                        .putNull("ticketState").putNull("staff"));
    }

    @Test
    void shouldCallTheOldestTicketToAnOpenWindowAndShowItOnTheLine() {
        JsonObject first = server.issue("A");
        server.issue("A");
        server.open("1");

        HttpResponse<Buffer> r = server.post(HALL + "/windows/1/call-next", window("1"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.bodyAsJsonObject().getString("number")).isEqualTo("A001");
        assertThat(r.bodyAsJsonObject().getString("state")).isEqualTo("CALLED");
        assertThat(r.bodyAsJsonObject().getString("window")).isEqualTo("1");
        JsonObject w1 = server.queue().getJsonObject("windows").getJsonObject("1");
        assertThat(w1.getString("state")).isEqualTo("OPEN");
        assertThat(w1.getString("number")).isEqualTo("A001");
        assertThat(w1.getString("ticketState")).isEqualTo("CALLED");
        assertThat(server.get(HALL + "/tickets/" + first.getLong("id"), KIOSK).bodyAsJsonObject()
                .getString("state")).isEqualTo("CALLED");
    }

    @Test
    void shouldAnswerNoContentWhenNobodyWaitsForTheWindow() {
        server.open("5");
        server.issue("A"); // window 5 serves C only

        HttpResponse<Buffer> r = server.post(HALL + "/windows/5/call-next", window("5"));

        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.body()).isNull();
    }

    @Test
    void shouldRefuseCallNextWhileTheWindowHoldsATicket() {
        server.issue("A");
        server.issue("A");
        server.open("1");
        server.post(HALL + "/windows/1/call-next", window("1"));

        HttpResponse<Buffer> r = server.post(HALL + "/windows/1/call-next", window("1"));

        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("WINDOW_BUSY");
        assertThat(server.queue().getJsonObject("categories").getJsonObject("A").getInteger("waiting"))
                .isEqualTo(1);
    }

    @Test
    void shouldServeATicketFromCallToCompletion() {
        server.issue("B");
        server.open("4");

        server.post(HALL + "/windows/4/call-next", window("4"));
        HttpResponse<Buffer> recalled = server.post(HALL + "/windows/4/recall", window("4"));
        HttpResponse<Buffer> started = server.post(HALL + "/windows/4/start", window("4"));
        HttpResponse<Buffer> done = server.post(HALL + "/windows/4/complete", window("4"));
        HttpResponse<Buffer> again = server.post(HALL + "/windows/4/complete", window("4"));

        assertThat(recalled.bodyAsJsonObject().getString("state")).isEqualTo("CALLED");
        assertThat(started.bodyAsJsonObject().getString("state")).isEqualTo("SERVING");
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.bodyAsJsonObject().getString("state")).isEqualTo("COMPLETED");
        assertThat(done.bodyAsJsonObject().getString("number")).isEqualTo("B001");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("NO_CURRENT_TICKET");
        assertThat(server.queue().getJsonObject("windows").getJsonObject("4").getString("number")).isNull();
    }

    @Test
    void shouldLetAGuideReinstateANoShowAfterTheNextWaitingTickets() {
        JsonObject a1 = server.issue("A");
        server.issue("A");
        server.open("1");
        server.post(HALL + "/windows/1/call-next", window("1"));

        HttpResponse<Buffer> noShow = server.post(HALL + "/windows/1/no-show", window("1"));
        HttpResponse<Buffer> byKiosk = server.post(HALL + "/tickets/" + a1.getLong("id") + "/reinstate", KIOSK);
        HttpResponse<Buffer> back = server.post(HALL + "/tickets/" + a1.getLong("id") + "/reinstate", GUIDE);

        assertThat(noShow.bodyAsJsonObject().getString("state")).isEqualTo("NO_SHOW");
        assertThat(byKiosk.statusCode()).isEqualTo(403);
        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(back.bodyAsJsonObject().getString("state")).isEqualTo("WAITING");
        assertThat(server.queue().getJsonObject("categories").getJsonObject("A").getJsonArray("next"))
                .containsExactly("A002", "A001");
    }

    @Test
    void shouldTransferTheCurrentTicketToAnotherCategory() {
        server.issue("A");
        server.open("1");
        server.post(HALL + "/windows/1/call-next", window("1"));

        HttpResponse<Buffer> r = server.post(HALL + "/windows/1/transfer", window("1"),
                new JsonObject().put("category", "B"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.bodyAsJsonObject().getString("state")).isEqualTo("WAITING");
        assertThat(r.bodyAsJsonObject().getString("category")).isEqualTo("B");
        assertThat(server.queue().getJsonObject("categories").getJsonObject("B").getJsonArray("next"))
                .containsExactly("A001");
    }

    @Test
    void shouldLetAManagerPinAWaitingTicketToTheTop() {
        server.issue("A");
        JsonObject second = server.issue("A");

        HttpResponse<Buffer> byGuide = server.post(HALL + "/tickets/" + second.getLong("id") + "/pin", GUIDE,
                new JsonObject().put("reason", "孕妇"));
        HttpResponse<Buffer> noReason = server.post(HALL + "/tickets/" + second.getLong("id") + "/pin", MANAGER,
                new JsonObject());
        HttpResponse<Buffer> pinned = server.post(HALL + "/tickets/" + second.getLong("id") + "/pin", MANAGER,
                new JsonObject().put("reason", "孕妇"));

        assertThat(byGuide.statusCode()).isEqualTo(403);
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(pinned.statusCode()).isEqualTo(200);
        assertThat(pinned.bodyAsJsonObject().getInteger("position")).isEqualTo(1);
        assertThat(server.queue().getJsonObject("categories").getJsonObject("A").getJsonArray("next"))
                .containsExactly("A002", "A001");
    }

    @Test
    void shouldLetThePhoneLinkCancelItsOwnTicketOnly() {
        JsonObject mine = server.issue("C");
        JsonObject other = server.issue("C");
        String myToken = mine.getString("trackUrl").substring(3);

        HttpResponse<Buffer> wrong = server.delete(HALL + "/tickets/" + other.getLong("id") + "?token=" + myToken,
                null);
        HttpResponse<Buffer> none = server.delete(HALL + "/tickets/" + other.getLong("id"), null);
        HttpResponse<Buffer> byKiosk = server.delete(HALL + "/tickets/" + other.getLong("id"), KIOSK);
        HttpResponse<Buffer> cancelled = server.delete(HALL + "/tickets/" + mine.getLong("id") + "?token=" + myToken,
                null);
        HttpResponse<Buffer> twice = server.delete(HALL + "/tickets/" + mine.getLong("id"), GUIDE);

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(byKiosk.statusCode()).isEqualTo(403);
        assertThat(cancelled.statusCode()).isEqualTo(200);
        assertThat(cancelled.bodyAsJsonObject().getString("state")).isEqualTo("CANCELLED");
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(server.queue().getJsonObject("categories").getJsonObject("C").getJsonArray("next"))
                .containsExactly("C002");
    }

    @Test
    void shouldLetAGuideCancelByBearerAndThePhoneReadItsTicket() {
        JsonObject t = server.issue("A");
        String token = t.getString("trackUrl").substring(3);

        HttpResponse<Buffer> read = server.get(HALL + "/tickets/" + t.getLong("id"), token);
        HttpResponse<Buffer> cancelled = server.delete(HALL + "/tickets/" + t.getLong("id"), GUIDE);

        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.bodyAsJsonObject().getString("number")).isEqualTo("A001");
        assertThat(cancelled.statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRefuseASecondWaitingTicketOfTheSamePersonInTheSameCategory() {
        String id = IdNumbers.withCheck("11010519900307123");
        JsonObject body = new JsonObject().put("category", "A").put("idNumber", id);

        HttpResponse<Buffer> first = server.post(HALL + "/tickets", KIOSK, body);
        HttpResponse<Buffer> second = server.post(HALL + "/tickets", KIOSK, body);
        HttpResponse<Buffer> otherCategory = server.post(HALL + "/tickets", KIOSK, body.copy().put("category", "B"));

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(first.bodyAsString()).doesNotContain(id);
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(second.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("DUPLICATE_TICKET");
        assertThat(second.bodyAsString()).doesNotContain(id);
        assertThat(otherCategory.statusCode()).isEqualTo(201);
        assertThat(server.queue().getJsonObject("categories").getJsonObject("A").getInteger("waiting")).isEqualTo(1);
    }

    @Test
    void shouldGiveTheGreenChannelToACitizenOfSixtyOrMoreAndRefuseABadIdNumber() {
        String elder = IdNumbers.withCheck("11010519400307123");

        HttpResponse<Buffer> green = server.post(HALL + "/tickets", KIOSK,
                new JsonObject().put("category", "A").put("idNumber", elder));
        HttpResponse<Buffer> bad = server.post(HALL + "/tickets", KIOSK,
                new JsonObject().put("category", "A").put("idNumber", "110105194003071230"));
        HttpResponse<Buffer> askedByKiosk = server.post(HALL + "/tickets", KIOSK,
                new JsonObject().put("category", "A").put("priority", "GREEN"));
        HttpResponse<Buffer> byGuide = server.post(HALL + "/tickets", GUIDE,
                new JsonObject().put("category", "A").put("priority", "GREEN"));

        assertThat(green.bodyAsJsonObject().getString("priority")).isEqualTo("GREEN");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("BAD_ID_NUMBER");
        assertThat(askedByKiosk.statusCode()).isEqualTo(403);
        assertThat(byGuide.statusCode()).isEqualTo(201);
        assertThat(byGuide.bodyAsJsonObject().getString("priority")).isEqualTo("GREEN");
    }

    @Test
    void shouldExpireTheWaitingLineWhenAManagerClosesTheDayAndKeepNumbering() {
        server.issue("A");
        server.issue("A");

        HttpResponse<Buffer> byKiosk = server.post(HALL + "/close-day", KIOSK);
        HttpResponse<Buffer> closed = server.post(HALL + "/close-day", MANAGER);
        JsonObject next = server.issue("A");

        assertThat(byKiosk.statusCode()).isEqualTo(403);
        assertThat(closed.statusCode()).isEqualTo(200);
        assertThat(closed.bodyAsJsonObject().getInteger("expired")).isEqualTo(2);
        assertThat(next.getString("number")).isEqualTo("A003");
        assertThat(server.queue().getJsonObject("categories").getJsonObject("A").getJsonArray("next"))
                .containsExactly("A003");
    }

    @Test
    void shouldListTheHallsWithTheirCategories() {
        HttpResponse<Buffer> r = server.get("/api/v1/halls", null);

        JsonObject demo = r.bodyAsJsonArray().getJsonObject(0);
        assertThat(demo.getString("id")).isEqualTo("demo");
        assertThat(demo.getJsonArray("categories").getJsonObject(1))
                .isEqualTo(new JsonObject().put("code", "B").put("name", "出入境"));
    }
}
