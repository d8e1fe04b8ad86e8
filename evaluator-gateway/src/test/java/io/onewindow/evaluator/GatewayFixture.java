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

    /**
     * The gateway on the embedded file store under {@code dir}, with these settings, over the hall under
     * {@code dir} as it was left (recovered after the gateway started, as the launcher does it).
     */
    public static GatewayFixture file(Vertx vertx, Path dir, java.util.function.UnaryOperator<HallSettings> settings)
            throws Exception {
        TestHall hall = TestHall.unrecovered(dir.resolve("hall"));
        Path storeDir = dir.resolve("gateway");
        Files.createDirectories(storeDir);
        return new GatewayFixture(vertx, hall, TestGateway.start(vertx, hall,
                settings.apply(TestGateway.settings(hall)), FileEvaluationStore.open(storeDir), dir), storeDir);
    }

    /**
     * The gateway on the embedded file store under {@code dir}, over the hall under {@code dir} as it was left, both
     * started {@code laterMillis} after the hall's first start (a restart days later): the hall is recovered after
     * the gateway started, its events read by the gateway, as the launcher does it.
     */
    public static GatewayFixture fileLater(Vertx vertx, Path dir, long laterMillis) throws Exception {
        TestHall hall = TestHall.unrecovered(dir.resolve("hall"));
        hall.clock.advanceMillis(laterMillis);
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

    /** The gateway on the given store, taking at most {@code maxRatingsInFlight} ratings at once. */
    public static GatewayFixture on(Vertx vertx, Path dir, EvaluationStore store, int maxRatingsInFlight)
            throws Exception {
        TestHall hall = new TestHall(dir.resolve("hall"));
        return new GatewayFixture(vertx, hall, TestGateway.start(vertx, hall, TestGateway.settings(hall), store, dir,
                maxRatingsInFlight), null);
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

    /** The entries of the store's file, read by a second reader. */
    public List<Entry> storedEntries() throws IOException {
        List<Entry> entries = new ArrayList<>();
        FileEvaluationStore.readAll(storeDir, entries::add);
        return entries;
    }

    /** The service once its evaluation is open (waits up to 10 s for it to become durable), or null. */
    public ServiceRecord awaitOpened(String serviceId) throws Exception {
        for (int i = 0; i < 200; i++) {
            ServiceRecord s = gateway.gateway.on(b -> b.service(serviceId)).toCompletionStage()
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            if (s != null) {
                return s;
            }
            Thread.sleep(50);
        }
        return null;
    }

    /** Waits (up to 10 s) until the gateway knows that {@code staffId} (null: nobody) is signed in at the window. */
    public void awaitStaffAt(String window, String staffId) throws Exception {
        for (int i = 0; i < 200; i++) {
            if (java.util.Objects.equals(read(b -> b.staffAt(hall.id(), window)), staffId)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the gateway did not learn that " + staffId + " is at window " + window);
    }

    public <T> T read(java.util.function.Function<EvaluationBook, T> f) throws Exception {
        return gateway.gateway.on(f).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
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
