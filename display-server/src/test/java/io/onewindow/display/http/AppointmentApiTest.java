package io.onewindow.display.http;

import static io.onewindow.display.TestServer.GUIDE;
import static io.onewindow.display.TestServer.KIOSK;
import static io.onewindow.display.TestServer.MANAGER;
import static io.onewindow.display.TestServer.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.core.IdNumbers;
import io.onewindow.display.ServerConfig;
import io.onewindow.display.TestServer;
import io.onewindow.display.store.Journals;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Appointments over HTTP on the real server and journal. The hall's zone is a fixed offset chosen so that the
 * hall's local time, at the start of each test, is a known time of day: slots near "now" can then be booked and
 * checked in with the server's real clock.
 */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class AppointmentApiTest {

    private static final String HALL = "/api/v1/halls/demo";
    private static final String PHONE = "13912345678";

    private TestServer server;
    private ZoneOffset zone;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** A demo-like hall whose local time now is {@code localNow}; slots of 30 minutes from 06:00 to 20:00. */
    private void start(Vertx vertx, Path dir, LocalTime localNow) throws Exception {
        Instant now = Instant.now();
        LocalTime utc = LocalTime.ofInstant(now, ZoneOffset.UTC);
        int offset = localNow.toSecondOfDay() - utc.toSecondOfDay();
        offset = Math.floorMod(offset + 12 * 3600, 24 * 3600) - 12 * 3600;
        zone = ZoneOffset.ofTotalSeconds(offset);
        Path hall = dir.resolve("hall.json");
        Files.writeString(hall, """
                {"id":"demo","name":"预约测试大厅","timezone":"%s","open":"06:00","close":"20:00",
                 "categories":[{"code":"A","name":"户籍","prefix":"A"},{"code":"B","name":"出入境","prefix":"B"}],
                 "windows":[{"id":"1","name":"1号窗口","primary":["*"]},{"id":"2","name":"2号窗口","primary":["B"]}],
                 "appointments":{"perSlot":{"A":4},"bookUntilMinutes":0,"checkInEarlyMinutes":120,
                                 "cancelUntilMinutes":0,"daysAhead":3}}
                """.formatted(zone.getId()));
        Path data = dir.resolve("data");
        server = TestServer.start(vertx, data, Journals.embedded(), ServerConfig.embedded(data)
                .withHalls(List.of(hall)));
    }

    private LocalDateTime localNow() {
        return LocalDateTime.ofInstant(Instant.now(), zone);
    }

    /** The start of the next slot of the hall (on the half hour), as the API takes it. */
    private String nextSlot() {
        LocalDateTime now = localNow();
        LocalDateTime next = now.withMinute(now.getMinute() < 30 ? 30 : 0).withSecond(0).withNano(0);
        if (!next.isAfter(now)) {
            next = next.plusHours(1);
        }
        return next.toString();
    }

    private static String person(int n) {
        return IdNumbers.withCheck("33010619850314%03d".formatted(n));
    }

    private HttpResponse<Buffer> book(String start, int person) {
        return server.post(HALL + "/appointments", null, new JsonObject().put("category", "A").put("start", start)
                .put("idNumber", person(person)).put("phone", PHONE));
    }

    private JsonObject booked(String start, int person) {
        HttpResponse<Buffer> r = book(start, person);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
        return r.bodyAsJsonObject();
    }

    private static String code(HttpResponse<Buffer> r) {
        return r.bodyAsJsonObject().getJsonObject("error").getString("code");
    }

    @Test
    void shouldListTheSlotsOfADayWithWhatIsLeft(Vertx vertx, @TempDir Path dir) throws Exception {
        start(vertx, dir, LocalTime.of(12, 10));
        String date = localNow().toLocalDate().toString();

        HttpResponse<Buffer> r = server.get(HALL + "/appointments/slots?category=A&date=" + date, null);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonArray slots = r.bodyAsJsonArray();
        assertThat(slots).hasSize(28);
        JsonObject first = slots.getJsonObject(0);
        assertThat(first.getString("start")).isEqualTo(date + "T06:00:00" + zone.getId());
        assertThat(first.getInteger("capacity")).isEqualTo(4);
        assertThat(first.getBoolean("bookable")).as("06:00 has passed").isFalse();
        assertThat(first.getInteger("left")).isZero();
        JsonObject afternoon = slots.getJsonObject(27);
        assertThat(afternoon.getBoolean("bookable")).isTrue();
        assertThat(afternoon.getInteger("left")).isEqualTo(4);
        assertThat(server.get(HALL + "/appointments/slots?category=B&date=" + date, null).bodyAsJsonArray())
                .as("B takes no appointments").isEmpty();
        assertThat(server.get(HALL + "/appointments/slots?category=A&date=tomorrow", null).statusCode())
                .isEqualTo(400);
        assertThat(server.get(HALL + "/appointments/slots?category=Q&date=" + date, null).statusCode())
                .isEqualTo(404);
        JsonArray days = server.get(HALL + "/appointments/days?category=A", null).bodyAsJsonArray();
        assertThat(days).hasSize(4);
        assertThat(days.getJsonObject(1).getInteger("left")).isEqualTo(28 * 4);
    }

    @Test
    void shouldBookSeeAndCancelThroughTheHoldersLinkOnly(Vertx vertx, @TempDir Path dir) throws Exception {
        start(vertx, dir, LocalTime.of(12, 10));
        String tomorrow = localNow().toLocalDate().plusDays(1) + "T10:00";

        HttpResponse<Buffer> r = book(tomorrow, 1);

        assertThat(r.statusCode()).isEqualTo(201);
        JsonObject b = r.bodyAsJsonObject();
        assertThat(r.bodyAsString()).doesNotContain(person(1)).doesNotContain(PHONE);
        assertThat(b.getString("state")).isEqualTo("BOOKED");
        assertThat(b.getString("code")).matches("[0-9]{6}");
        assertThat(b.getString("phone")).isEqualTo("139****5678");
        assertThat(b.getString("start")).isEqualTo(tomorrow + ":00" + zone.getId());
        assertThat(b.getString("checkInFrom")).isEqualTo(localNow().toLocalDate().plusDays(1) + "T08:00:00"
                + zone.getId());
        String manage = b.getString("manageUrl");
        assertThat(manage).matches("/a/[0-9]+-[A-Za-z0-9_-]{22}");
        String token = manage.substring(3);

        JsonObject seen = server.get("/api/v1/appointments/" + token, null).bodyAsJsonObject();
        assertThat(seen.getLong("id")).isEqualTo(b.getLong("id"));
        assertThat(seen.containsKey("manageUrl")).isFalse();
        String forged = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
        assertThat(server.get("/api/v1/appointments/" + forged, null).statusCode()).isEqualTo(404);
        assertThat(server.delete("/api/v1/appointments/" + forged, null).statusCode()).isEqualTo(404);
        assertThat(server.get("/api/v1/appointments/" + b.getLong("id"), null).statusCode()).isEqualTo(404);

        HttpResponse<Buffer> cancelled = server.delete("/api/v1/appointments/" + token, null);
        assertThat(cancelled.statusCode()).isEqualTo(200);
        assertThat(cancelled.bodyAsJsonObject().getString("state")).isEqualTo("CANCELLED");
        assertThat(code(server.delete("/api/v1/appointments/" + token, null))).isEqualTo("WRONG_STATE");
    }

    @Test
    void shouldWriteTheBookingsCodeToTheOutboxWithoutTheIdNumber(Vertx vertx, @TempDir Path dir) throws Exception {
        start(vertx, dir, LocalTime.of(12, 10));

        JsonObject b = booked(localNow().toLocalDate().plusDays(1) + "T10:00", 1);

        Path outbox = dir.resolve("data").resolve("outbox.jsonl");
        long until = System.currentTimeMillis() + 5_000;
        while ((!Files.exists(outbox) || Files.readString(outbox).isEmpty()) && System.currentTimeMillis() < until) {
            Thread.sleep(20);
        }
        String text = Files.readString(outbox);
        assertThat(text).contains("\"kind\":\"BOOKED\"").contains(b.getString("code")).contains(PHONE)
                .doesNotContain(person(1)).doesNotContain(person(1).substring(6, 14));
    }

    @Test
    void shouldAnswerTheRefusalsOfBookingWithTheirCodes(Vertx vertx, @TempDir Path dir) throws Exception {
        start(vertx, dir, LocalTime.of(12, 10));
        String tomorrow = localNow().toLocalDate().plusDays(1) + "T10:00";
        booked(tomorrow, 1);

        assertThat(code(book(tomorrow, 1))).isEqualTo("ALREADY_BOOKED");
        assertThat(book(tomorrow, 1).statusCode()).isEqualTo(409);
        assertThat(code(book(localNow().toLocalDate().plusDays(1) + "T10:10", 2))).isEqualTo("BAD_SLOT");
        assertThat(code(book(localNow().toLocalDate().plusDays(9) + "T10:00", 2))).isEqualTo("BAD_SLOT");
        HttpResponse<Buffer> badId = server.post(HALL + "/appointments", null, new JsonObject().put("category", "A")
                .put("start", tomorrow).put("idNumber", "330106198503140001").put("phone", PHONE));
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(code(badId)).isEqualTo("BAD_ID_NUMBER");
        assertThat(badId.bodyAsString()).doesNotContain("330106198503140001");
        assertThat(code(server.post(HALL + "/appointments", null, new JsonObject().put("category", "A")
                .put("start", tomorrow).put("idNumber", person(3)).put("phone", "110")))).isEqualTo("BAD_PHONE");
        assertThat(code(server.post(HALL + "/appointments", null, new JsonObject().put("category", "A")
                .put("start", "soon").put("idNumber", person(3)).put("phone", PHONE)))).isEqualTo("BAD_FIELD");
        assertThat(code(server.post(HALL + "/appointments", null, new JsonObject().put("category", "A")
                .put("start", tomorrow).put("idNumber", person(3)).put("phone", PHONE).put("x", 1))))
                .isEqualTo("UNKNOWN_FIELD");
    }

    @Test
    void shouldSellExactlyTheFourPlacesOfASlotToThirtyConcurrentRequests(Vertx vertx, @TempDir Path dir)
            throws Exception {
        start(vertx, dir, LocalTime.of(12, 10));
        String slot = localNow().toLocalDate().plusDays(1) + "T15:00";
        List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();

        for (int p = 0; p < 30; p++) {
            sent.add(server.request(HttpMethod.POST, HALL + "/appointments", null).sendJsonObject(new JsonObject()
                    .put("category", "A").put("start", slot).put("idNumber", person(100 + p)).put("phone", PHONE)));
        }
        Future.all(sent).await();

        long created = sent.stream().filter(f -> f.result().statusCode() == 201).count();
        long full = sent.stream().filter(f -> f.result().statusCode() == 409 && code(f.result()).equals("SLOT_FULL"))
                .count();
        assertThat(created).isEqualTo(4);
        assertThat(full).isEqualTo(26);
        JsonArray slots = server.get(HALL + "/appointments/slots?category=A&date=" + slot.substring(0, 10), null)
                .bodyAsJsonArray();
        assertThat(slots.getJsonObject(18).getString("start")).startsWith(slot);
        assertThat(slots.getJsonObject(18).getInteger("left")).isZero();
    }

    @Test
    void shouldTurnAwayTheSixtyFirstBookingRequestOfAMinuteFromOneAddress(Vertx vertx, @TempDir Path dir)
            throws Exception {
        start(vertx, dir, LocalTime.of(12, 10));
        String slot = localNow().toLocalDate().plusDays(2) + "T09:00";
        while (System.currentTimeMillis() % 60_000 > 50_000) {
            Thread.sleep(200); // the count is per minute: start early in one, so the 61 requests fall in it
        }
        long minute = System.currentTimeMillis() / 60_000;
        List<Integer> statuses = new ArrayList<>();

        for (int i = 0; i < 61; i++) {
            statuses.add(book(slot, 200 + i).statusCode());
        }

        assertThat(System.currentTimeMillis() / 60_000).as("the requests took under ten seconds").isEqualTo(minute);
        assertThat(statuses.subList(0, 60)).doesNotContain(429);
        assertThat(statuses.get(60)).isEqualTo(429);
        HttpResponse<Buffer> r = book(slot, 999);
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(code(r)).isEqualTo("TOO_MANY_REQUESTS");
        assertThat(r.getHeader("Retry-After")).isEqualTo("60");
    }

    @Test
    void shouldCheckInAtTheKioskAndCallTheAppointmentBeforeTheWalkInsOnceItsSlotStarts(Vertx vertx,
            @TempDir Path dir) throws Exception {
        start(vertx, dir, LocalTime.of(12, 29, 57));
        String slot = localNow().toLocalDate() + "T12:30";
        JsonObject b = booked(slot, 1);
        JsonObject walkIn = server.issue("A");

        HttpResponse<Buffer> r = server.post(HALL + "/appointments/check-in", KIOSK,
                new JsonObject().put("code", b.getString("code")));

        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
        JsonObject ticket = r.bodyAsJsonObject();
        assertThat(ticket.getString("priority")).isEqualTo("APPOINTMENT");
        assertThat(ticket.getString("number")).isEqualTo("A002");
        assertThat(ticket.getString("trackUrl")).startsWith("/t/");
        assertThat(code(server.post(HALL + "/appointments/check-in", KIOSK,
                new JsonObject().put("code", b.getString("code"))))).isEqualTo("WRONG_STATE");
        assertThat(code(server.post(HALL + "/appointments/check-in", GUIDE,
                new JsonObject().put("idNumber", person(2))))).isEqualTo("NOT_BOOKED");
        assertThat(server.post(HALL + "/appointments/check-in", null,
                new JsonObject().put("code", b.getString("code"))).statusCode()).isEqualTo(401);
        assertThat(code(server.post(HALL + "/appointments/check-in", KIOSK, new JsonObject()))).isEqualTo(
                "MISSING_FIELD");
        JsonObject seen = server.get("/api/v1/appointments/" + b.getString("manageUrl").substring(3), null)
                .bodyAsJsonObject();
        assertThat(seen.getString("state")).isEqualTo("CHECKED_IN");
        assertThat(seen.getJsonObject("ticket").getString("number")).isEqualTo("A002");

        while (localNow().toLocalTime().isBefore(LocalTime.of(12, 30, 0, 200_000_000))) {
            Thread.sleep(100);
        }
        server.open("1");
        JsonObject first = server.post(HALL + "/windows/1/call-next", window("1")).bodyAsJsonObject();
        assertThat(first.getString("number")).as("the appointment, its slot started, before the walk-in")
                .isEqualTo("A002");
        assertThat(walkIn.getString("number")).isEqualTo("A001");
    }

    @Test
    void shouldListTheDaysBookingsForGuidesAndManagersWithPhonesMasked(Vertx vertx, @TempDir Path dir)
            throws Exception {
        start(vertx, dir, LocalTime.of(12, 10));
        String today = localNow().toLocalDate().toString();
        JsonObject b1 = booked(today + "T14:00", 1);
        booked(today + "T14:00", 2);
        booked(today + "T15:00", 3);
        server.post(HALL + "/appointments/check-in", GUIDE, new JsonObject().put("idNumber", person(1)));

        HttpResponse<Buffer> r = server.get(HALL + "/appointments?date=" + today, GUIDE);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject day = r.bodyAsJsonObject();
        assertThat(day.getJsonArray("bookings")).hasSize(3);
        assertThat(r.bodyAsString()).doesNotContain(PHONE).doesNotContain(person(1)).doesNotContain("manageUrl");
        assertThat(day.getJsonArray("bookings").getJsonObject(0).getString("state")).isEqualTo("CHECKED_IN");
        assertThat(day.getJsonArray("bookings").getJsonObject(0).getLong("id")).isEqualTo(b1.getLong("id"));
        JsonObject two = day.getJsonArray("slots").getJsonObject(0);
        assertThat(two.getInteger("checkedIn")).isEqualTo(1);
        assertThat(two.getInteger("booked")).isEqualTo(1);
        assertThat(two.getInteger("capacity")).isEqualTo(4);
        assertThat(server.get(HALL + "/appointments?date=" + today, MANAGER).statusCode()).isEqualTo(200);
        assertThat(server.get(HALL + "/appointments?date=" + today, KIOSK).statusCode()).isEqualTo(403);
        assertThat(server.get(HALL + "/appointments?date=" + today, null).statusCode()).isEqualTo(401);
    }
}
