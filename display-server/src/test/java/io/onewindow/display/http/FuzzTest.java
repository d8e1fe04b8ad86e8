package io.onewindow.display.http;

import static io.onewindow.display.TestServer.GUIDE;
import static io.onewindow.display.TestServer.KIOSK;
import static io.onewindow.display.TestServer.MANAGER;
import static io.onewindow.display.TestServer.PAD_1;
import static io.onewindow.display.TestServer.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.core.IdNumbers;
import io.onewindow.display.RawWebSocket;
import io.onewindow.display.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random and mutated requests to every route and junk to every stream, from a fixed seed; commands replayed, out
 * of order and from several clients at once; every WebSocket sent frames it must not accept: never a 5xx, never a
 * changed hall after an error answer (neither its line nor its events), and the event loops keep answering.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FuzzTest {

    private static final String H = "/api/v1/halls/demo";
    private static final String[] TOKENS = {null, KIOSK, GUIDE, MANAGER, window("1"), window("2"), "junk"};
    private static final String[] PATHS = {
        "/api/v1/halls", H + "/tickets", H + "/tickets/%s", H + "/tickets/%s/reinstate", H + "/tickets/%s/pin",
        H + "/tickets/%s/link", H + "/windows/%s/call-next", H + "/windows/%s/recall", H + "/windows/%s/start",
        H + "/windows/%s/complete", H + "/windows/%s/no-show", H + "/windows/%s/transfer", H + "/windows/%s/open",
        H + "/windows/%s/pause", H + "/windows/%s/resume", H + "/windows/%s/close", H + "/close-day", H + "/queue",
        H + "/metrics", "/api/v1/halls/%s/queue", "/api/v1/halls/%s/tickets", "/health/ready", "/metrics"};
    private static final String[] IDS = {"1", "2", "0", "-1", "99999999999999999999", "abc", "1e3", "%00", "..",
        "%2e%2e", "1;drop", "中文", "9223372036854775807", "5", "3"};
    private static final HttpMethod[] METHODS = {HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE, HttpMethod.PUT,
        HttpMethod.PATCH};

    private static byte[] body(Random r) {
        String[] valid = {"{\"category\":\"A\"}", "{\"category\":\"B\",\"priority\":\"GREEN\"}",
            "{\"staff\":{\"id\":\"01\",\"name\":\"王营定\"}}", "{\"category\":\"C\"}", "{\"reason\":\"孕妇\"}",
            "{\"category\":\"A\",\"idNumber\":\"110101195001011234\"}"};
        switch (r.nextInt(10)) {
            case 0:
                return new byte[0];
            case 1: { // invalid UTF-8
                byte[] b = new byte[1 + r.nextInt(64)];
                r.nextBytes(b);
                return b;
            }
            case 2: // deeply nested
                return ("[".repeat(5000) + "]".repeat(5000)).getBytes(StandardCharsets.UTF_8);
            case 3: // huge
                return ("{\"category\":\"" + "A".repeat(200_000) + "\"}").getBytes(StandardCharsets.UTF_8);
            case 4: { // wrong types
                String[] wrong = {"{\"category\":1}", "{\"category\":null}", "{\"category\":[\"A\"]}", "[]", "7",
                    "\"A\"", "{\"category\":{\"x\":1}}", "{\"staff\":\"x\"}", "{\"priority\":true}"};
                return wrong[r.nextInt(wrong.length)].getBytes(StandardCharsets.UTF_8);
            }
            default: { // a valid body, mutated
                byte[] b = valid[r.nextInt(valid.length)].getBytes(StandardCharsets.UTF_8);
                int edits = r.nextInt(4);
                for (int i = 0; i < edits && b.length > 0; i++) {
                    b[r.nextInt(b.length)] = (byte) (32 + r.nextInt(95));
                }
                return b;
            }
        }
    }

    @Test
    void shouldNeverAnswer5xxNorChangeTheHallOnAnErrorWhateverItIsSent(Vertx vertx, @TempDir Path dir)
            throws Exception {
        Random r = new Random(20261201);
        List<String> wrong = new ArrayList<>();
        try (TestServer s = TestServer.start(vertx, dir)) {
            s.open("1");
            s.issue("A");
            s.issue("B");
            for (int i = 0; i < 1500; i++) {
                String path = String.format(PATHS[r.nextInt(PATHS.length)], IDS[r.nextInt(IDS.length)]);
                HttpMethod method = METHODS[r.nextInt(METHODS.length)];
                byte[] body = r.nextInt(4) == 0 ? null : body(r);
                long before = s.queue().getLong("seq");
                var req = s.request(method, path, TOKENS[r.nextInt(TOKENS.length)]);
                if (body != null) {
                    req.putHeader("Content-Type", "application/json");
                }
                HttpResponse<Buffer> res;
                try {
                    res = (body == null ? req.send() : req.sendBuffer(Buffer.buffer(body))).await();
                } catch (RuntimeException closedForTooLarge) {
                    continue; // the server may close a connection that sends too much: not an answer
                }
                long after = s.queue().getLong("seq");
                int status = res.statusCode();
                if (status >= 500 && status != 503) {
                    wrong.add(method + " " + path + " -> " + status + " " + res.bodyAsString());
                }
                if (status >= 400 && after != before) {
                    wrong.add(method + " " + path + " -> " + status + " but the hall moved " + before + "->" + after);
                }
            }
            WebSocketClient ws = vertx.createWebSocketClient();
            for (String stream : List.of("/ws/v1/halls/demo/display", "/ws/v1/halls/demo/display?since=-5",
                    "/ws/v1/halls/nope/display", "/ws/v1/track/nope", "/ws/v1/halls/demo/display?since=abc")) {
                try {
                    var socket = ws.connect(new WebSocketConnectOptions().setPort(s.port()).setHost("127.0.0.1")
                            .setURI(stream)).await();
                    for (int i = 0; i < 50; i++) {
                        byte[] junk = body(r);
                        if (junk.length < 4000) {
                            socket.writeBinaryMessage(Buffer.buffer(junk));
                            socket.writeTextMessage("{\"type\":\"" + i + "\",\"seq\":-1}");
                        }
                    }
                    socket.close();
                } catch (RuntimeException refusedBeforeUpgrade) {
                    // 400/404 before the upgrade is the right answer for a bad stream
                }
            }
            ws.close();
            assertThat(s.get("/health/live", null).statusCode()).as("the loops still answer").isEqualTo(200);
        }
        assertThat(wrong).isEmpty();
    }

    private static final String W1 = H + "/windows/1/";
    private static final JsonObject STAFF = new JsonObject().put("staff",
            new JsonObject().put("id", "0571").put("name", "王营定"));

    /** A display of the demo hall on a raw socket: every message it receives, in order. */
    private static BlockingQueue<JsonObject> display(NetClient net, int port, String uri) {
        BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
        RawWebSocket ws = RawWebSocket.open(net, port, uri, text -> messages.add(new JsonObject(text)));
        assertThat(ws.status().await()).isEqualTo(101);
        return messages;
    }

    /** The events a display received after its snapshot, until {@code seq}, checking they follow one another. */
    private static List<JsonObject> eventsUntil(BlockingQueue<JsonObject> display, long seq) throws Exception {
        List<JsonObject> events = new ArrayList<>();
        JsonObject first = display.poll(20, TimeUnit.SECONDS);
        assertThat(first).isNotNull();
        assertThat(first.getString("type")).isEqualTo("Snapshot");
        long last = first.getLong("seq");
        while (last < seq) {
            JsonObject e = display.poll(20, TimeUnit.SECONDS);
            assertThat(e).as("the event after " + last).isNotNull();
            assertThat(e.getLong("seq")).as("events follow one another").isEqualTo(last + 1);
            events.add(e);
            last = e.getLong("seq");
        }
        return events;
    }

    /**
     * Sends one command; an error must leave {@code /queue} exactly as it was. Returns the answer's body (or an
     * empty object), and adds the answer's status and code to {@code seen}.
     */
    private static JsonObject step(TestServer s, List<String> seen, HttpMethod method, String path, String token,
                                   JsonObject body) {
        JsonObject before = s.queue();
        var req = s.request(method, path, token);
        HttpResponse<Buffer> res = (body == null ? req.send() : req.sendJsonObject(body)).await();
        JsonObject after = s.queue();
        String answer = res.statusCode() + (res.statusCode() >= 400
                ? " " + res.bodyAsJsonObject().getJsonObject("error").getString("code") : "");
        seen.add(answer);
        if (res.statusCode() >= 300 || res.statusCode() == 204) {
            assertThat(after).as(method + " " + path + " answered " + answer + ": the line must not change")
                    .isEqualTo(before);
        }
        return res.statusCode() == 200 || res.statusCode() == 201 ? res.bodyAsJsonObject() : new JsonObject();
    }

    @Test
    void shouldRefuseReplayedAndOutOfOrderCommandsWithoutChangingTheLineOrItsEvents(Vertx vertx,
            @TempDir Path dir) throws Exception {
        List<String> seen = new ArrayList<>();
        NetClient net = vertx.createNetClient();
        try (TestServer s = TestServer.start(vertx, dir)) {
            BlockingQueue<JsonObject> screen = display(net, s.port(), "/ws/v1/halls/demo/display");
            String w1 = window("1");
            String person = IdNumbers.withCheck("11010119900101123") /* not old enough for priority */;

            step(s, seen, HttpMethod.POST, W1 + "call-next", w1, null);                  // window without staff
            step(s, seen, HttpMethod.POST, W1 + "start", w1, null);                      // start before a call
            step(s, seen, HttpMethod.POST, W1 + "complete", w1, null);
            step(s, seen, HttpMethod.POST, W1 + "pause", w1, null);
            step(s, seen, HttpMethod.POST, W1 + "resume", w1, null);
            step(s, seen, HttpMethod.POST, W1 + "close", w1, null);
            JsonObject a1 = step(s, seen, HttpMethod.POST, H + "/tickets", KIOSK,
                    new JsonObject().put("category", "A"));
            JsonObject a2 = step(s, seen, HttpMethod.POST, H + "/tickets", KIOSK,
                    new JsonObject().put("category", "A").put("idNumber", person));
            step(s, seen, HttpMethod.POST, H + "/tickets", KIOSK,                          // the same issue again
                    new JsonObject().put("category", "A").put("idNumber", person));
            step(s, seen, HttpMethod.POST, W1 + "open", w1, STAFF);
            step(s, seen, HttpMethod.POST, W1 + "open", w1, STAFF);                      // opened twice
            step(s, seen, HttpMethod.POST, W1 + "start", w1, null);                      // start before call
            step(s, seen, HttpMethod.POST, W1 + "complete", w1, null);                   // complete before call
            step(s, seen, HttpMethod.POST, W1 + "call-next", w1, null);
            step(s, seen, HttpMethod.POST, W1 + "call-next", w1, null);                  // called twice
            step(s, seen, HttpMethod.POST, W1 + "complete", w1, null);                   // complete before start
            step(s, seen, HttpMethod.POST, W1 + "close", w1, null);                      // close holding a ticket
            step(s, seen, HttpMethod.POST, W1 + "transfer", w1, new JsonObject().put("category", "A"));
            String t1 = H + "/tickets/" + a1.getLong("id");
            step(s, seen, HttpMethod.DELETE, t1, GUIDE, null);                         // cancel a called ticket
            step(s, seen, HttpMethod.POST, t1 + "/reinstate", GUIDE, null);            // reinstate, not a no-show
            step(s, seen, HttpMethod.POST, W1 + "start", w1, null);
            step(s, seen, HttpMethod.POST, W1 + "start", w1, null);                      // started twice
            step(s, seen, HttpMethod.POST, W1 + "no-show", w1, null);                    // no-show in service
            step(s, seen, HttpMethod.POST, W1 + "recall", w1, null);                     // recall in service
            step(s, seen, HttpMethod.POST, W1 + "complete", w1, null);
            step(s, seen, HttpMethod.POST, W1 + "complete", w1, null);                   // completed twice
            step(s, seen, HttpMethod.DELETE, t1, GUIDE, null);                         // cancel after serve
            step(s, seen, HttpMethod.DELETE, t1 + "?token=" + a1.getString("trackUrl").substring(3), null, null);
            step(s, seen, HttpMethod.POST, t1 + "/pin", MANAGER, new JsonObject().put("reason", "孕妇"));
            step(s, seen, HttpMethod.POST, t1 + "/link", GUIDE, null);
            String t2 = H + "/tickets/" + a2.getLong("id");
            step(s, seen, HttpMethod.POST, W1 + "call-next", w1, null);
            step(s, seen, HttpMethod.POST, W1 + "no-show", w1, null);
            step(s, seen, HttpMethod.POST, W1 + "no-show", w1, null);                    // no-show twice
            step(s, seen, HttpMethod.POST, t2 + "/reinstate", GUIDE, null);
            step(s, seen, HttpMethod.POST, t2 + "/reinstate", GUIDE, null);            // reinstated twice
            step(s, seen, HttpMethod.POST, t2 + "/pin", MANAGER, new JsonObject().put("reason", "孕妇"));
            step(s, seen, HttpMethod.POST, t2 + "/pin", MANAGER, new JsonObject().put("reason", "孕妇")); // twice
            String phone = "?token=" + a2.getString("trackUrl").substring(3);
            step(s, seen, HttpMethod.DELETE, t2 + phone, null, null);                  // the phone cancels
            step(s, seen, HttpMethod.DELETE, t2 + phone, null, null);                  // and again
            step(s, seen, HttpMethod.POST, t2 + "/reinstate", GUIDE, null);            // reinstate a cancelled one
            step(s, seen, HttpMethod.POST, W1 + "call-next", w1, null);                  // nobody waits: 204
            step(s, seen, HttpMethod.POST, W1 + "pause", w1, null);
            step(s, seen, HttpMethod.POST, W1 + "pause", w1, null);                      // paused twice
            step(s, seen, HttpMethod.POST, W1 + "call-next", w1, null);                  // call while paused
            step(s, seen, HttpMethod.POST, W1 + "resume", w1, null);
            step(s, seen, HttpMethod.POST, W1 + "resume", w1, null);                     // resumed twice
            step(s, seen, HttpMethod.POST, H + "/windows/1/call-next", window("2"), null); // another window's token
            step(s, seen, HttpMethod.POST, W1 + "close", w1, null);
            step(s, seen, HttpMethod.POST, W1 + "close", w1, null);                      // closed twice
            step(s, seen, HttpMethod.POST, W1 + "recall", w1, null);                     // recall after close
            step(s, seen, HttpMethod.POST, H + "/tickets/99999/reinstate", GUIDE, null);
            JsonObject b1 = step(s, seen, HttpMethod.POST, H + "/tickets", KIOSK,
                    new JsonObject().put("category", "B"));
            step(s, seen, HttpMethod.POST, H + "/close-day", MANAGER, null);
            step(s, seen, HttpMethod.DELETE, H + "/tickets/" + b1.getLong("id"), GUIDE, null); // after its day
            step(s, seen, HttpMethod.POST, H + "/tickets/" + b1.getLong("id") + "/pin", MANAGER,
                    new JsonObject().put("reason", "孕妇"));
            long seq = s.queue().getLong("seq");
            List<String> types = eventsUntil(screen, seq).stream().map(e -> e.getString("type")).toList();

            assertThat(seen).containsExactly(
                    "409 WINDOW_NOT_OPEN", "409 NO_CURRENT_TICKET", "409 NO_CURRENT_TICKET", "409 WRONG_STATE",
                    "409 WRONG_STATE", "409 WRONG_STATE", "201", "201", "409 DUPLICATE_TICKET", "200",
                    "409 WRONG_STATE", "409 NO_CURRENT_TICKET", "409 NO_CURRENT_TICKET", "200", "409 WINDOW_BUSY",
                    "409 WRONG_STATE", "409 WINDOW_BUSY", "400 SAME_CATEGORY", "409 WRONG_STATE",
                    "409 WRONG_STATE", "200", "409 WRONG_STATE", "409 WRONG_STATE", "409 WRONG_STATE", "200",
                    "409 NO_CURRENT_TICKET", "409 WRONG_STATE", "409 WRONG_STATE", "409 WRONG_STATE",
                    "409 WRONG_STATE", "200", "200", "409 NO_CURRENT_TICKET", "200", "409 WRONG_STATE", "200",
                    "409 WRONG_STATE", "200", "409 WRONG_STATE", "409 WRONG_STATE", "204", "200",
                    "409 WRONG_STATE", "409 WINDOW_NOT_OPEN", "200", "409 WRONG_STATE", "403 WRONG_WINDOW", "200",
                    "409 WRONG_STATE", "409 NO_CURRENT_TICKET", "404 UNKNOWN_TICKET", "201", "200",
                    "409 WRONG_STATE", "409 WRONG_STATE");
            assertThat(types).as("one event per accepted command, none for a refused one").containsExactly(
                    "TicketIssued", "TicketIssued", "WindowOpened", "TicketCalled", "ServiceStarted",
                    "ServiceCompleted", "TicketCalled", "TicketNoShow", "TicketReinstated", "TicketPinned",
                    "TicketCancelled", "WindowPaused", "WindowResumed", "WindowClosed", "TicketIssued",
                    "DayClosed");
        } finally {
            net.close();
        }
    }

    @Test
    void shouldApplyEveryAcceptedCommandFromSeveralClientsAtOnceAndNothingOfTheRefusedOnes(Vertx vertx,
            @TempDir Path dir) throws Exception {
        int clients = 8;
        int commandsEach = 150;
        NetClient net = vertx.createNetClient();
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        Set<String> numbers = ConcurrentHashMap.newKeySet();
        AtomicInteger issued = new AtomicInteger();
        try (TestServer s = TestServer.start(vertx, dir)) {
            BlockingQueue<JsonObject> screen = display(net, s.port(), "/ws/v1/halls/demo/display");
            long before = s.queue().getLong("seq");
            CountDownLatch go = new CountDownLatch(1);
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger healthAnswers = new AtomicInteger();
            Thread health = new Thread(() -> {
                while (running.get()) {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                    int status = s.get("/health/live", null).statusCode();
                    if (status == 200) {
                        healthAnswers.incrementAndGet();
                    } else {
                        wrong.add("/health/live -> " + status);
                    }
                }
            });
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                Random r = new Random(4_000 + c);
                threads.add(new Thread(() -> {
                    try {
                        go.await();
                        for (int i = 0; i < commandsEach; i++) {
                            Object[] cmd = command(r);
                            int times = r.nextInt(5) == 0 ? 2 : 1; // a replay: the same command sent twice
                            for (int k = 0; k < times; k++) {
                                var req = s.request((HttpMethod) cmd[0], (String) cmd[1], (String) cmd[2]);
                                HttpResponse<Buffer> res = (cmd[3] == null ? req.send()
                                        : req.sendJsonObject((JsonObject) cmd[3])).await();
                                int status = res.statusCode();
                                if (status >= 500) {
                                    wrong.add(cmd[0] + " " + cmd[1] + " -> " + status + " " + res.bodyAsString());
                                } else if (status == 200 || status == 201) {
                                    accepted.incrementAndGet();
                                    if (status == 201) {
                                        issued.incrementAndGet();
                                        numbers.add(res.bodyAsJsonObject().getString("number"));
                                    }
                                } else {
                                    refused.incrementAndGet();
                                }
                            }
                        }
                    } catch (Exception e) {
                        wrong.add(e.toString());
                    }
                }));
            }
            health.start();
            threads.forEach(Thread::start);
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
            running.set(false);
            health.join();
            long after = s.queue().getLong("seq");
            List<JsonObject> events = eventsUntil(screen, after);
            int healthDuring = healthAnswers.get();

            assertThat(wrong).isEmpty();
            assertThat(refused.get()).as("some commands came out of order").isPositive();
            assertThat(after - before).as("one event per accepted command, none for a refused one")
                    .isEqualTo(accepted.get());
            assertThat(events).hasSize(accepted.get());
            assertThat(numbers).as("no number given twice").hasSize(issued.get());
            assertThat(healthDuring).as("the loops answered while the commands came").isPositive();
            assertThat(s.get("/health/ready", null).statusCode()).isEqualTo(200);
        } finally {
            net.close();
        }
    }

    /** A window or ticket command of the demo hall, mostly with its right token: method, path, token, body. */
    private static Object[] command(Random r) {
        String w = Integer.toString(1 + r.nextInt(5));
        String token = r.nextInt(10) == 0 ? window(Integer.toString(1 + r.nextInt(5))) : window(w);
        String win = H + "/windows/" + w + "/";
        String ticket = H + "/tickets/" + (1 + r.nextInt(60));
        String[] cats = {"A", "B", "C"};
        switch (r.nextInt(16)) {
            case 0, 1, 2, 3:
                return new Object[] {HttpMethod.POST, H + "/tickets", r.nextBoolean() ? KIOSK : GUIDE,
                    new JsonObject().put("category", cats[r.nextInt(3)])};
            case 4, 5:
                return new Object[] {HttpMethod.POST, win + "call-next", token, null};
            case 6:
                return new Object[] {HttpMethod.POST, win + "start", token, null};
            case 7:
                return new Object[] {HttpMethod.POST, win + "complete", token, null};
            case 8:
                return new Object[] {HttpMethod.POST, win + (r.nextBoolean() ? "no-show" : "recall"), token, null};
            case 9:
                return new Object[] {HttpMethod.POST, win + "transfer", token,
                    new JsonObject().put("category", cats[r.nextInt(3)])};
            case 10:
                return new Object[] {HttpMethod.POST, win + "open", token, STAFF};
            case 11:
                String[] states = {"pause", "resume", "close"};
                return new Object[] {HttpMethod.POST, win + states[r.nextInt(3)], token, null};
            case 12:
                return new Object[] {HttpMethod.DELETE, ticket, GUIDE, null};
            case 13:
                return new Object[] {HttpMethod.POST, ticket + "/reinstate", GUIDE, null};
            case 14:
                return new Object[] {HttpMethod.POST, ticket + "/pin", MANAGER,
                    new JsonObject().put("reason", "孕妇")};
            default:
                return new Object[] {HttpMethod.POST, ticket + "/link", GUIDE, null};
        }
    }

    /** Frames no stream may accept, as raw bytes on the wire: (opcode, payload, fin). */
    private static List<Object[]> badFrames(Random r) {
        List<Object[]> frames = new ArrayList<>();
        byte[] notUtf8 = {(byte) 0xC3, (byte) 0x28, (byte) 0xA0, (byte) 0xA1, (byte) 0xF0, (byte) 0x28, (byte) 0x8C};
        frames.add(new Object[] {RawWebSocket.TEXT, notUtf8, true});                       // a text frame not UTF-8
        frames.add(new Object[] {RawWebSocket.TEXT, "x".repeat(60_000).getBytes(StandardCharsets.UTF_8), true}); // huge
        frames.add(new Object[] {RawWebSocket.TEXT, ("[".repeat(2000) + "]".repeat(2000))
                .getBytes(StandardCharsets.UTF_8), true});                                    // deeply nested
        frames.add(new Object[] {0x3, new byte[] {1, 2, 3}, true});                           // a reserved opcode
        frames.add(new Object[] {RawWebSocket.CONTINUATION, "tail".getBytes(StandardCharsets.UTF_8), true}); // orphan
        frames.add(new Object[] {RawWebSocket.PING, new byte[200], true});                    // a control frame > 125
        frames.add(new Object[] {RawWebSocket.TEXT, "{\"type\":\"Snap".getBytes(StandardCharsets.UTF_8), false});
        for (int i = 0; i < 20; i++) {
            byte[] b = body(r);
            frames.add(new Object[] {r.nextBoolean() ? RawWebSocket.BINARY : RawWebSocket.TEXT,
                b.length > 4000 ? java.util.Arrays.copyOf(b, 4000) : b, true});
        }
        return frames;
    }

    @Test
    void shouldSurviveBadFramesOnEveryStreamAndKeepTheOthersInOrder(Vertx vertx, @TempDir Path dir)
            throws Exception {
        Random r = new Random(7_001);
        NetClient net = vertx.createNetClient();
        try (TestServer s = TestServer.start(vertx, dir)) {
            BlockingQueue<JsonObject> bystander = display(net, s.port(), "/ws/v1/halls/demo/display");
            s.open("1");
            JsonObject ticket = s.issue("A");
            String track = "/ws/v1/track/" + ticket.getString("trackUrl").substring(3);
            int frames = 0;
            List<String> outcomes = new ArrayList<>();

            for (String uri : List.of("/ws/v1/halls/demo/display", "/ws/v1/halls/demo/display?since=0", track,
                    "/ws/v1/halls/demo/windows/1/pad?token=" + PAD_1)) {
                for (Object[] f : badFrames(r)) {
                    RawWebSocket ws = RawWebSocket.open(net, s.port(), uri, text -> { });
                    assertThat(ws.status().await()).as(uri).isEqualTo(101);
                    ws.send((int) f[0], (byte[]) f[1], (boolean) f[2]);
                    ws.send(RawWebSocket.TEXT, "{\"type\":\"Evaluation\",\"seq\":-1}".getBytes(StandardCharsets.UTF_8));
                    boolean open = ws.roundTrip().await(20, TimeUnit.SECONDS); // read, then answered or closed
                    if (frames < 7 || !open) {
                        outcomes.add(uri.replaceAll("\\?.*|/[^/]{20,}", "") + " " + f[0]
                                + (open ? " kept" : " closed"));
                    }
                    ws.close();
                    frames++;
                    assertThat(s.get("/health/live", null).statusCode()).isEqualTo(200);
                }
            }
            s.issue("B");
            long seq = s.queue().getLong("seq");

            System.out.println("bad frames: " + outcomes);
            assertThat(frames).isGreaterThan(100);
            assertThat(eventsUntil(bystander, seq)).extracting(e -> e.getString("type"))
                    .containsExactly("WindowOpened", "TicketIssued", "TicketIssued");
            assertThat(s.get("/health/ready", null).statusCode()).isEqualTo(200);
        } finally {
            net.close();
        }
    }

    @Test
    void shouldAnswerMutatedPadMessagesWithAnErrorAndKeepThePendingRatingUntouched(Vertx vertx,
            @TempDir Path dir) throws Exception {
        Random r = new Random(8_002);
        NetClient net = vertx.createNetClient();
        try (TestServer s = TestServer.start(vertx, dir)) {
            s.open("1");
            s.issue("A");
            s.post(W1 + "call-next", window("1"));
            s.post(W1 + "start", window("1"));
            s.post(W1 + "complete", window("1"));
            String uri = "/ws/v1/halls/demo/windows/1/pad?token=" + PAD_1;
            BlockingQueue<JsonObject> pad = new LinkedBlockingQueue<>();
            RawWebSocket ws = RawWebSocket.open(net, s.port(), uri, text -> pad.add(new JsonObject(text)));
            assertThat(ws.status().await()).isEqualTo(101);
            JsonObject request = pad.poll(20, TimeUnit.SECONDS);
            assertThat(request).isNotNull();
            assertThat(request.getString("type")).isEqualTo("EvaluationRequest");
            String service = request.getString("serviceId");
            JsonObject valid = new JsonObject().put("type", "Evaluation").put("serviceId", service).put("rating", 5)
                    .put("reasons", new JsonArray()).put("comment", "好");
            List<String> junk = new ArrayList<>();
            for (Object wrongValue : new Object[] {null, "5", 5.5, 0, 6, -1, true, new JsonArray().add(5),
                new JsonObject().put("x", 1), "中".repeat(2000)}) {
                junk.add(valid.copy().put("requestId", UUID.randomUUID().toString()).put("rating", wrongValue)
                        .encode());
                if (!(wrongValue instanceof String)) { // any string is a request id
                    junk.add(valid.copy().put("requestId", wrongValue).encode());
                }
                junk.add(valid.copy().put("requestId", UUID.randomUUID().toString()).put("serviceId", wrongValue)
                        .encode());
                if (wrongValue != null) { // no reasons is a rating without reasons
                    junk.add(valid.copy().put("requestId", UUID.randomUUID().toString()).put("reasons", wrongValue)
                            .encode());
                }
                junk.add(valid.copy().put("requestId", UUID.randomUUID().toString()).put("type", wrongValue)
                        .encode());
            }
            junk.add(valid.copy().put("requestId", UUID.randomUUID().toString()).put("reasons",
                    new JsonArray("[" + "[".repeat(500) + "]".repeat(500) + "]")).encode());
            junk.add("{".repeat(3000));
            junk.add("");
            junk.add("null");
            byte[] otherService = valid.copy().put("requestId", UUID.randomUUID().toString())
                    .put("serviceId", "demo.0").encode().getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 200; i++) {
                byte[] b = otherService.clone();
                for (int k = 1 + r.nextInt(4); k > 0; k--) {
                    b[r.nextInt(b.length)] = (byte) (32 + r.nextInt(95));
                }
                junk.add(new String(b, StandardCharsets.UTF_8));
            }
            int answered = 0;
            for (String m : junk) {
                if (m.getBytes(StandardCharsets.UTF_8).length > 4096) {
                    continue; // past the frame limit the pad is closed: tried with the other streams
                }
                ws.send(RawWebSocket.TEXT, m.getBytes(StandardCharsets.UTF_8));
                JsonObject answer = pad.poll(20, TimeUnit.SECONDS);
                assertThat(answer).as("an answer to " + m).isNotNull();
                assertThat(answer.getString("type")).as("the answer to " + m).isEqualTo("Error");
                answered++;
            }
            String requestId = UUID.randomUUID().toString();
            ws.send(RawWebSocket.TEXT, valid.copy().put("requestId", requestId).encode()
                    .getBytes(StandardCharsets.UTF_8));
            JsonObject ack = pad.poll(20, TimeUnit.SECONDS);
            ws.send(RawWebSocket.TEXT, valid.copy().put("requestId", UUID.randomUUID().toString()).encode()
                    .getBytes(StandardCharsets.UTF_8));
            JsonObject second = pad.poll(20, TimeUnit.SECONDS);

            assertThat(answered).isGreaterThan(200);
            assertThat(ack.getString("type")).as("the rating still pending after the junk").isEqualTo("Ack");
            assertThat(ack.getString("requestId")).isEqualTo(requestId);
            assertThat(second.getString("code")).isEqualTo("ALREADY_EVALUATED");
            ws.close();
        } finally {
            net.close();
        }
    }
}
