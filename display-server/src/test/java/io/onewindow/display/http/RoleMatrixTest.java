package io.onewindow.display.http;

import static io.onewindow.display.TestServer.GUIDE;
import static io.onewindow.display.TestServer.KIOSK;
import static io.onewindow.display.TestServer.MANAGER;
import static io.onewindow.display.TestServer.OTHER_HALL_KIOSK;
import static io.onewindow.display.TestServer.PAD_1;
import static io.onewindow.display.TestServer.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.display.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each role against each route of "Tickets and windows", as API.md's table (and the README's) says: a role the
 * route allows is let through (whatever the hall then decides), any other is refused 403, no or an unknown token
 * 401. Public routes answer everyone.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RoleMatrixTest {

    private static final String H = "/api/v1/halls/demo";
    private static final String UNKNOWN = "no-such-token-0123456789";
    private static final String WINDOW_1 = window("1");
    private static final String WINDOW_2 = window("2");

    /** Every token a request may carry, by name; null for none. */
    private static final Map<String, String> WHO = new LinkedHashMap<>();

    static {
        WHO.put("none", null);
        WHO.put("unknown", UNKNOWN);
        WHO.put("kiosk", KIOSK);
        WHO.put("guide", GUIDE);
        WHO.put("manager", MANAGER);
        WHO.put("window1", WINDOW_1);
        WHO.put("window2", WINDOW_2);
        WHO.put("pad", PAD_1);
        WHO.put("otherHallKiosk", OTHER_HALL_KIOSK);
    }

    private record Route(HttpMethod method, String path, JsonObject body, Set<String> allowed) {
    }

    private static final Set<String> ANYONE = Set.of("*");

    private static List<Route> routes() {
        JsonObject staff = new JsonObject().put("staff", new JsonObject().put("id", "0571").put("name", "王营定"));
        List<Route> r = new ArrayList<>();
        r.add(new Route(HttpMethod.GET, "/api/v1/halls", null, ANYONE));
        r.add(new Route(HttpMethod.GET, H + "/queue", null, ANYONE));
        r.add(new Route(HttpMethod.GET, "/health/live", null, ANYONE));
        r.add(new Route(HttpMethod.GET, "/metrics", null, ANYONE));
        r.add(new Route(HttpMethod.POST, H + "/tickets", new JsonObject().put("category", "A"),
                Set.of("kiosk", "guide")));
        r.add(new Route(HttpMethod.GET, H + "/tickets/1", null, Set.of("kiosk", "guide", "manager")));
        r.add(new Route(HttpMethod.POST, H + "/tickets/1/pin", new JsonObject().put("reason", "孕妇优先"),
                Set.of("manager")));
        r.add(new Route(HttpMethod.POST, H + "/tickets/1/link", null, Set.of("guide")));
        r.add(new Route(HttpMethod.POST, H + "/tickets/2/reinstate", null, Set.of("guide")));
        r.add(new Route(HttpMethod.DELETE, H + "/tickets/3", null, Set.of("guide")));
        for (String op : List.of("open", "pause", "resume", "call-next", "recall", "start", "complete", "no-show",
                "transfer", "close")) {
            JsonObject body = op.equals("open") ? staff : op.equals("transfer")
                    ? new JsonObject().put("category", "B") : null;
            r.add(new Route(HttpMethod.POST, H + "/windows/1/" + op, body, Set.of("window1")));
        }
        r.add(new Route(HttpMethod.GET, H + "/metrics", null, Set.of("manager")));
        r.add(new Route(HttpMethod.POST, H + "/close-day", null, Set.of("manager")));
        return r;
    }

    @Test
    void shouldLetEachRoleDoExactlyWhatTheTableAllows(Vertx vertx, @TempDir Path dir) throws Exception {
        List<String> wrong = new ArrayList<>();
        try (TestServer s = TestServer.start(vertx, dir)) {
            for (int i = 0; i < 3; i++) {
                s.issue("A");
            }
            for (Route route : routes()) {
                for (var who : WHO.entrySet()) {
                    HttpRequest<Buffer> req = s.request(route.method(), route.path(), who.getValue());
                    int status = (route.body() == null ? req.send() : req.sendJsonObject(route.body())).await()
                            .statusCode();
                    boolean allowed = route.allowed().contains("*") || route.allowed().contains(who.getKey());
                    int expected = allowed ? -1 : (who.getValue() == null || who.getValue().equals(UNKNOWN))
                            ? 401 : 403;
                    boolean ok = allowed ? status != 401 && status != 403 && status < 500 : status == expected;
                    if (!ok) {
                        wrong.add(route.method() + " " + route.path() + " as " + who.getKey() + ": " + status
                                + (allowed ? " (allowed)" : " (expected " + expected + ")"));
                    }
                }
            }
        }
        assertThat(wrong).as("routes that answered a role other than the table says").isEmpty();
    }
}
