package io.onewindow.display;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluator gateway in the hall server's JVM, on its port: a service completed at a window is rated on that
 * window's pad, the 差评 opens a case for the manager, the phone adds to it, and the figures count it.
 */
@Timeout(60)
class EvaluationOnHallServerTest {

    @TempDir
    Path data;

    private Vertx vertx;
    private TestServer server;

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        server = TestServer.start(vertx, data);
    }

    @AfterEach
    void tearDown() throws Exception {
        server.close();
        vertx.close().await();
    }

    @Test
    void shouldRateAServiceCompletedAtTheWindowOnItsPadAndFollowTheBadRatingUp() throws Exception {
        String w1 = TestServer.window("1");
        assertThat(server.post("/api/v1/halls/demo/windows/1/open", w1,
                new JsonObject().put("staff", new JsonObject().put("id", "0571").put("name", "王营定")))
                .statusCode()).isEqualTo(200);
        JsonObject ticket = server.post("/api/v1/halls/demo/tickets", TestServer.KIOSK,
                new JsonObject().put("category", "A")).bodyAsJsonObject();
        String link = ticket.getString("trackUrl").substring("/t/".length());
        server.post("/api/v1/halls/demo/windows/1/call-next", w1);
        server.post("/api/v1/halls/demo/windows/1/start", w1);
        LinkedBlockingQueue<JsonObject> pad = new LinkedBlockingQueue<>();
        WebSocketClient wsClient = vertx.createWebSocketClient(); // held: an unreachable client is closed
        WebSocket ws = StandaloneEvaluatorTest.connect(wsClient, new WebSocketConnectOptions().setHost("127.0.0.1")
                .setPort(server.port()).setURI("/ws/v1/halls/demo/windows/1/pad?token=" + TestServer.PAD_1), pad);

        server.post("/api/v1/halls/demo/windows/1/complete", w1);
        JsonObject request = pad.poll(10, TimeUnit.SECONDS);

        assertThat(request).isNotNull();
        assertThat(request.getString("type")).isEqualTo("EvaluationRequest");
        assertThat(request.getString("number")).isEqualTo(ticket.getString("number"));
        assertThat(request.getJsonObject("staff").getString("name")).isEqualTo("王*定");

        String requestId = UUID.randomUUID().toString();
        ws.writeTextMessage(new JsonObject().put("type", "Evaluation").put("requestId", requestId)
                .put("serviceId", request.getString("serviceId")).put("rating", 2)
                .put("reasons", new JsonArray().add("等候时间长")).put("comment", "排队太久").encode());
        JsonObject ack = pad.poll(10, TimeUnit.SECONDS);
        assertThat(ack.getString("type")).isEqualTo("Ack");

        JsonObject cases = server.get("/api/v1/halls/demo/cases", TestServer.MANAGER).bodyAsJsonObject();
        assertThat(cases.getJsonArray("cases")).hasSize(1);
        JsonObject c = cases.getJsonArray("cases").getJsonObject(0);
        assertThat(c.getString("state")).isEqualTo("OPEN");
        assertThat(c.getString("evaluationId")).isEqualTo(ack.getString("evaluationId"));
        assertThat(server.get("/api/v1/halls/demo/cases", w1).statusCode()).isEqualTo(403);

        HttpResponse<Buffer> addOn = server.post("/api/v1/evaluations", link, new JsonObject()
                .put("requestId", UUID.randomUUID().toString()).put("rating", 4).put("comment", "后来解决了"));
        assertThat(addOn.statusCode()).isEqualTo(201);
        HttpResponse<Buffer> forged = server.post("/api/v1/evaluations", "forged-link-token-0000", new JsonObject()
                .put("requestId", UUID.randomUUID().toString()).put("rating", 5));
        assertThat(forged.statusCode()).isEqualTo(404);
        assertThat(forged.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("UNKNOWN_SERVICE");

        JsonObject summary = server.get("/api/v1/halls/demo/evaluations/summary?by=window", TestServer.MANAGER)
                .bodyAsJsonObject();
        JsonObject row = summary.getJsonArray("rows").getJsonObject(0);
        assertThat(row.getString("key")).isEqualTo("1");
        assertThat(row.getLong("served")).isEqualTo(1);
        assertThat(row.getLong("rated")).isEqualTo(1);
        assertThat(row.getDouble("badRate")).isEqualTo(1.0);
        String metrics = server.get("/metrics", null).bodyAsString();
        assertThat(metrics).contains("onewindow_tickets_issued_total")
                .contains("onewindow_evaluations_total{hall=\"demo\",window=\"1\",staff=\"0571\",category=\"A\","
                        + "level=\"2\",channel=\"pad\"} 1")
                .contains("onewindow_evaluation_cases{hall=\"demo\",state=\"OPEN\"} 1");
        ws.close();
    }

    @Test
    void shouldOpenAtStartTheEvaluationOfAServiceCompletedJustBeforeTheGatewayLostItAndOnlyOnce() throws Exception {
        String w1 = TestServer.window("1");
        server.open("1");
        JsonObject ticket = server.issue("A");
        server.post("/api/v1/halls/demo/windows/1/call-next", w1);
        server.post("/api/v1/halls/demo/windows/1/start", w1);
        assertThat(server.post("/api/v1/halls/demo/windows/1/complete", w1).statusCode()).isEqualTo(200);
        awaitServed(1);
        server.close();
        // the service is durable in the hall's journal; its evaluation is not in the gateway's store: as after a
        // crash between the two
        java.nio.file.Files.delete(data.resolve("evaluations").resolve("evaluations.log"));

        server = TestServer.start(vertx, data);
        LinkedBlockingQueue<JsonObject> pad = new LinkedBlockingQueue<>();
        WebSocketClient wsClient = vertx.createWebSocketClient();
        WebSocket ws = StandaloneEvaluatorTest.connect(wsClient, new WebSocketConnectOptions().setHost("127.0.0.1")
                .setPort(server.port()).setURI("/ws/v1/halls/demo/windows/1/pad?token=" + TestServer.PAD_1), pad);
        JsonObject request = pad.poll(10, TimeUnit.SECONDS);
        ws.close();
        server.close();
        server = TestServer.start(vertx, data); // nothing lost this time: nothing opened again

        server.issue("A");
        server.post("/api/v1/halls/demo/windows/1/call-next", w1);
        server.post("/api/v1/halls/demo/windows/1/start", w1);
        server.post("/api/v1/halls/demo/windows/1/complete", w1);
        awaitServed(2); // its Opened is durable: so is any the catch-up appended before it

        assertThat(request).isNotNull();
        assertThat(request.getString("type")).isEqualTo("EvaluationRequest");
        assertThat(request.getString("number")).isEqualTo(ticket.getString("number"));
        java.util.List<io.onewindow.evaluator.Entry> stored = new java.util.ArrayList<>();
        io.onewindow.evaluator.store.FileEvaluationStore.readAll(data, stored::add); // a second reader
        assertThat(stored).filteredOn(e -> e instanceof io.onewindow.evaluator.Entry.Opened)
                .extracting(e -> ((io.onewindow.evaluator.Entry.Opened) e).service().serviceId())
                .hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void shouldRefuseToStartWhenARecordInTheMiddleOfTheEvaluationStoreIsDamagedAndSayWhere() throws Exception {
        Path other = data.resolve("other");
        io.onewindow.evaluator.store.FileEvaluationStore store =
                io.onewindow.evaluator.store.FileEvaluationStore.open(other);
        store.replay(e -> { });
        for (long i = 1; i <= 3; i++) {
            store.append(new io.onewindow.evaluator.Entry.Opened(new io.onewindow.evaluator.ServiceRecord(
                    "demo." + i, "demo", i, i, "A00" + i, "A", "1", "0571", "王营定", 1_800_000_000_000L + i, null)))
                    .join();
        }
        store.close();
        Path log = other.resolve("evaluations").resolve("evaluations.log");
        byte[] bytes = java.nio.file.Files.readAllBytes(log);
        int second = 8 + java.nio.ByteBuffer.wrap(bytes).getInt(0); // the offset of the second record
        bytes[second + 8 + 4] ^= 0x21; // inside its entry: its checksum no longer matches
        java.nio.file.Files.write(log, bytes);

        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> TestServer.start(vertx, other));

        assertThat(refused).isNotNull().hasStackTraceContaining(log.toString())
                .hasStackTraceContaining("offset " + second);
        assertThat(java.nio.file.Files.readAllBytes(log)).isEqualTo(bytes);
    }

    private JsonObject summaryRow() {
        JsonArray rows = server.get("/api/v1/halls/demo/evaluations/summary", TestServer.MANAGER).bodyAsJsonObject()
                .getJsonArray("rows");
        return rows.isEmpty() ? new JsonObject().put("served", 0L) : rows.getJsonObject(0);
    }

    private void awaitServed(long n) throws InterruptedException {
        for (int i = 0; i < 200 && summaryRow().getLong("served") < n; i++) {
            Thread.sleep(50);
        }
        assertThat(summaryRow().getLong("served")).isEqualTo(n);
    }
}
