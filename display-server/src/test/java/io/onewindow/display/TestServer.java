package io.onewindow.display;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.onewindow.display.access.Tokens;
import io.onewindow.display.store.JournalFactory;
import io.onewindow.display.store.Journals;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A hall server on port 0 over a temporary data folder (with the real file journal), with known tokens, and a
 * client that speaks to it as a kiosk, a window, a guide or a manager would. For tests; blocking calls from the
 * test thread.
 */
public final class TestServer implements AutoCloseable {

    public static final String KIOSK = "kiosk-token-0123456789";
    public static final String GUIDE = "guide-token-0123456789";
    public static final String MANAGER = "manager-token-0123456789";
    public static final String PAD_1 = "pad1-token-0123456789";
    public static final String OTHER_HALL_KIOSK = "kiosk-of-other-hall-0123456789";

    /** The window token of window {@code w} of the demo hall. */
    public static String window(String w) {
        return "window" + w + "-token-0123456789";
    }

    static final String TOKENS = """
            {"tokens":[
              {"token":"kiosk-token-0123456789","role":"kiosk"},
              {"token":"guide-token-0123456789","role":"guide"},
              {"sha256":"%s","role":"manager"},
              {"token":"pad1-token-0123456789","role":"pad","window":"1"},
              {"token":"kiosk-of-other-hall-0123456789","role":"kiosk","hall":"other"},
              {"token":"window1-token-0123456789","role":"window","window":"1","hall":"demo"},
              {"token":"window2-token-0123456789","role":"window","window":"2","hall":"demo"},
              {"token":"window3-token-0123456789","role":"window","window":"3","hall":"demo"},
              {"token":"window4-token-0123456789","role":"window","window":"4","hall":"demo"},
              {"token":"window5-token-0123456789","role":"window","window":"5","hall":"demo"}
            ]}
            """.formatted(java.util.HexFormat.of().formatHex(Tokens.sha256(MANAGER)));

    private final Vertx vertx;
    private final HallServer server;
    private final WebClient client;

    private TestServer(Vertx vertx, HallServer server) {
        this.vertx = vertx;
        this.server = server;
        this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(server.port()));
    }

    public static TestServer start(Vertx vertx, Path dataDir) throws IOException {
        return start(vertx, dataDir, Journals.embedded(), ServerConfig.embedded(dataDir));
    }

    /** Starts a server with the test tokens written under the data folder. */
    public static TestServer start(Vertx vertx, Path dataDir, JournalFactory journals, ServerConfig config)
            throws IOException {
        return start(vertx, dataDir, journals, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /** Starts a server with its figures in this registry (the one {@code vertx} reports to, if any). */
    public static TestServer start(Vertx vertx, Path dataDir, JournalFactory journals, ServerConfig config,
                                   PrometheusMeterRegistry registry) throws IOException {
        Files.createDirectories(dataDir);
        Path tokens = dataDir.resolve("test-tokens.json");
        Files.writeString(tokens, TOKENS);
        HallServer server = HallServer.start(vertx, config.withTokens(tokens), journals, registry).await();
        return new TestServer(vertx, server);
    }

    public HallServer server() {
        return server;
    }

    public int port() {
        return server.port();
    }

    public WebClient client() {
        return client;
    }

    /** A request with a Bearer token (or none when token is null). */
    public HttpRequest<Buffer> request(HttpMethod method, String path, String token) {
        HttpRequest<Buffer> r = client.request(method, path);
        if (token != null) {
            r.bearerTokenAuthentication(token);
        }
        return r;
    }

    public HttpResponse<Buffer> post(String path, String token, JsonObject body) {
        HttpRequest<Buffer> r = request(HttpMethod.POST, path, token);
        return (body == null ? r.send() : r.sendJsonObject(body)).await();
    }

    public HttpResponse<Buffer> post(String path, String token) {
        return post(path, token, null);
    }

    public HttpResponse<Buffer> get(String path, String token) {
        return request(HttpMethod.GET, path, token).send().await();
    }

    public HttpResponse<Buffer> delete(String path, String token) {
        return request(HttpMethod.DELETE, path, token).send().await();
    }

    /** Issues a kiosk ticket of the demo hall and returns it. */
    public JsonObject issue(String category) {
        HttpResponse<Buffer> r = post("/api/v1/halls/demo/tickets", KIOSK, new JsonObject().put("category", category));
        if (r.statusCode() != 201) {
            throw new AssertionError("issue " + category + ": " + r.statusCode() + " " + r.bodyAsString());
        }
        return r.bodyAsJsonObject();
    }

    /** Opens a window of the demo hall with a staff member signed in. */
    public void open(String w) {
        HttpResponse<Buffer> r = post("/api/v1/halls/demo/windows/" + w + "/open", window(w),
                new JsonObject().put("staff", new JsonObject().put("id", "05" + w).put("name", "王营定")));
        if (r.statusCode() != 200) {
            throw new AssertionError("open " + w + ": " + r.statusCode() + " " + r.bodyAsString());
        }
    }

    public JsonObject queue() {
        return get("/api/v1/halls/demo/queue", null).bodyAsJsonObject();
    }

    @Override
    public void close() {
        client.close();
        Future.await(server.close());
    }
}
