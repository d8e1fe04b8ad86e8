package io.onewindow.evaluator;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;

/**
 * The gateway as the launcher runs it, on port 0: a store, the tokens file, the hall followed in process, its own
 * HTTP verticle. Tokens: {@link #PAD_1}, {@link #PAD_2}, {@link #MANAGER}, {@link #WINDOW_1}.
 */
public final class TestGateway implements AutoCloseable {

    public static final String PAD_1 = "pad-token-of-window-1-xyz";
    public static final String PAD_2 = "pad-token-of-window-2-xyz";
    public static final String MANAGER = "manager-token-of-demo-xyz";
    public static final String WINDOW_1 = "window-token-of-window-1";
    public static final String OTHER_HALL_MANAGER = "manager-of-another-hall-x";

    public final Vertx vertx;
    public final EvaluatorGateway gateway;
    public final int port;

    private TestGateway(Vertx vertx, EvaluatorGateway gateway, int port) {
        this.vertx = vertx;
        this.gateway = gateway;
        this.port = port;
    }

    public static Path tokensFile(Path dir) throws IOException {
        Path f = dir.resolve("tokens.json");
        Files.writeString(f, """
                {"tokens":[
                 {"token":"%s","role":"pad","window":"1","hall":"demo"},
                 {"token":"%s","role":"pad","window":"2","hall":"demo"},
                 {"token":"%s","role":"manager","hall":"demo"},
                 {"token":"%s","role":"window","window":"1","hall":"demo"},
                 {"token":"%s","role":"manager","hall":"elsewhere"}]}
                """.formatted(PAD_1, PAD_2, MANAGER, WINDOW_1, OTHER_HALL_MANAGER));
        return f;
    }

    public static HallSettings settings(TestHall hall) {
        return new HallSettings(hall.id(), hall.hall.name(), ZoneId.of("Asia/Shanghai"),
                WorkingCalendar.WEEKDAYS, "330102", HallSettings.DEFAULT_PAD_TIMEOUT_MILLIS,
                HallSettings.DEFAULT_PERIOD_DAYS);
    }

    public static TestGateway start(Vertx vertx, TestHall hall, EvaluationStore store, Path dir) throws Exception {
        return start(vertx, hall, settings(hall), store, dir);
    }

    /**
     * The gateway with these settings of the hall. A hall not yet recovered ({@link TestHall#unrecovered}) is
     * recovered here as the launcher does it: after the gateway started, its events read by the gateway (the
     * catch-up).
     */
    public static TestGateway start(Vertx vertx, TestHall hall, HallSettings settings, EvaluationStore store,
                                    Path dir) throws Exception {
        return start(vertx, hall, settings, store, dir, EvaluatorGateway.DEFAULT_MAX_RATINGS_IN_FLIGHT);
    }

    /** The gateway taking at most {@code maxRatingsInFlight} ratings at once. */
    public static TestGateway start(Vertx vertx, TestHall hall, HallSettings settings, EvaluationStore store,
                                    Path dir, int maxRatingsInFlight) throws Exception {
        EvaluatorGateway g = new EvaluatorGateway(vertx, List.of(settings), store,
                TokenFile.read(tokensFile(dir)), hall.clock, maxRatingsInFlight);
        g.start().toCompletionStage().toCompletableFuture().get();
        if (!hall.recovered()) {
            hall.recover(e -> g.hallEvent(hall.id(), e));
        }
        g.follow(hall.id(), hall.journal);
        EvaluatorVerticle v = new EvaluatorVerticle(g, "127.0.0.1", 0);
        vertx.deployVerticle(v).toCompletionStage().toCompletableFuture().get();
        return new TestGateway(vertx, g, v.actualPort());
    }

    @Override
    public void close() throws Exception {
        gateway.close().toCompletionStage().toCompletableFuture().get();
    }
}
