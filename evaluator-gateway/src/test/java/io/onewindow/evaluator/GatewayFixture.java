package io.onewindow.evaluator;

import io.onewindow.evaluator.store.FileEvaluationStore;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real hall and a gateway following it, with the pads and the checks the tests need. */
public final class GatewayFixture implements AutoCloseable {

    public static final String PAD_1 = TestGateway.PAD_1;
    public static final String PAD_2 = TestGateway.PAD_2;
    public static final String MANAGER = TestGateway.MANAGER;
    public static final String WINDOW_1 = TestGateway.WINDOW_1;
    public static final String OTHER_HALL_MANAGER = TestGateway.OTHER_HALL_MANAGER;

    private final Vertx vertx;
    private final TestHall hall;
    private final TestGateway gateway;
    private final Path storeDir;

    private GatewayFixture(Vertx vertx, TestHall hall, TestGateway gateway, Path storeDir) {
        this.vertx = vertx;
        this.hall = hall;
        this.gateway = gateway;
        this.storeDir = storeDir;
    }

    /** The gateway on the embedded file store under {@code dir}. */
    public static GatewayFixture file(Vertx vertx, Path dir) throws Exception {
        TestHall hall = new TestHall(dir.resolve("hall"));
        Path storeDir = dir.resolve("gateway");
        Files.createDirectories(storeDir);
        return new GatewayFixture(vertx, hall, TestGateway.start(vertx, hall, FileEvaluationStore.open(storeDir),
                dir), storeDir);
    }

    /** The gateway on the given store. */
    public static GatewayFixture on(Vertx vertx, Path dir, EvaluationStore store) throws Exception {
        TestHall hall = new TestHall(dir.resolve("hall"));
        return new GatewayFixture(vertx, hall, TestGateway.start(vertx, hall, store, dir), null);
    }

    public TestHall hall() {
        return hall;
    }

    public EvaluatorGateway gateway() {
        return gateway.gateway;
    }

    public int port() {
        return gateway.port;
    }

    public PadClient pad(String window, String token) throws Exception {
        return PadClient.connect(vertx, gateway.port, window, token);
    }

    public int upgradeStatus(String path) throws Exception {
        return PadClient.statusOf(vertx, gateway.port, path);
    }

    public Evaluation ratingOf(String serviceId) throws Exception {
        return gateway.gateway.on(b -> b.ratingOf(serviceId)).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    public int evaluationCount() throws Exception {
        return gateway.gateway.on(b -> b.evaluations(hall.id()).size()).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    /** Whether the store's file, read by a second reader, holds the evaluation (it is durable, not just held). */
    public boolean reopenedStoreHolds(String evaluationId) throws IOException {
        List<Entry> entries = new ArrayList<>();
        FileEvaluationStore.readAll(storeDir, entries::add);
        return entries.stream().anyMatch(e -> e instanceof Entry.Rated r
                && r.evaluation().evaluationId().equals(evaluationId));
    }

    @Override
    public void close() throws Exception {
        gateway.close();
        hall.close();
    }
}
