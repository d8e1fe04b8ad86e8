package io.onewindow.evaluator.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.core.HallDefinitions;
import io.onewindow.evaluator.Entry;
import io.onewindow.evaluator.EvaluationBook;
import io.onewindow.evaluator.EvaluationError;
import io.onewindow.evaluator.EvaluationStore;
import io.onewindow.evaluator.EvaluatorGateway;
import io.onewindow.evaluator.Figures;
import io.onewindow.evaluator.GatewayFixture;
import io.onewindow.evaluator.HallSettings;
import io.onewindow.evaluator.RatingRequest;
import io.onewindow.evaluator.ServiceRecord;
import io.onewindow.evaluator.TestHall;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway folds the services done a day past their evaluation period, and a manager still sees the whole
 * history: the export of a range across the fold horizon (read from the file store or from Redis for the folded
 * days) is the one made before the fold, byte for byte, and so are the figures and /metrics; a folded service fed
 * to the gateway again (at once, or by the hall's catch-up at a restart days later) is not opened again.
 */
@Timeout(90)
class FoldedHistoryTest {

    static final long DAY = 86_400_000L;
    static final LocalDate FROM = LocalDate.of(2027, 3, 1);
    static final LocalDate TO = LocalDate.of(2027, 3, 10);

    @TempDir
    Path dir;

    private Vertx vertx;
    private TestRedis redis;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
        if (redis != null) {
            redis.close();
        }
    }

    private static <T> T get(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    /** What a manager sees of the hall: the export, the figures by each grouping, the metrics. */
    private record Seen(String csv, String figures, String metrics) {
    }

    private static Seen seen(GatewayFixture f) throws Exception {
        EvaluatorGateway g = f.gateway();
        LocalDate today = g.today("demo");
        StringBuilder figures = new StringBuilder();
        for (Figures.By by : Figures.By.values()) {
            for (Figures.Row r : f.read(b -> Figures.summary(b, "demo", FROM, TO, by, today))) {
                figures.append(by).append(' ').append(r.key()).append(' ').append(r.served()).append(' ')
                        .append(r.rated()).append(' ').append(r.activeRated()).append(' ')
                        .append(Arrays.toString(r.levels())).append(' ').append(r.cases()).append(' ')
                        .append(r.overdue()).append('\n');
            }
        }
        return new Seen(get(g.export("demo", FROM, TO)), figures.toString(), get(g.prometheus()));
    }

    private static EvaluatorGateway.Answer ratePad(GatewayFixture f, String id, String serviceId, int level)
            throws Exception {
        return get(f.gateway().ratePad("demo", "1", new RatingRequest(id, serviceId, level,
                level <= 2 ? List.of("态度不好") : List.of(), level == 4 ? "=很好,谢谢" : "")));
    }

    private static long opened(EvaluationStore store, String serviceId) throws Exception {
        List<Entry> all = new ArrayList<>();
        store.readAll("demo", all::add);
        return all.stream().filter(e -> e instanceof Entry.Opened o && o.service().serviceId().equals(serviceId))
                .count();
    }

    /**
     * Day 1 (March 2): five services through the hall, four rated at the pad (two 差评); one more rated by phone on
     * day 7. Day 6: three services rated at the pad. Day 11: the horizon passes day 1: its services fold.
     */
    private List<TestHall.Served> history(GatewayFixture f) throws Exception {
        f.hall().open("1", "0571", "王营定");
        List<TestHall.Served> day1 = new ArrayList<>();
        int[] levels = {5, 4, 2, 1, 0};
        for (int i = 0; i < levels.length; i++) {
            TestHall.Served s = f.hall().serve("1");
            assertThat(f.awaitOpened(s.serviceId())).isNotNull();
            if (levels[i] > 0) {
                assertThat(ratePad(f, "day1-rating-" + i, s.serviceId(), levels[i]))
                        .isInstanceOf(EvaluatorGateway.Answer.Ack.class);
            }
            day1.add(s);
        }
        f.hall().clock.advanceMillis(4 * DAY);
        for (int i = 0; i < 3; i++) {
            ServiceRecord s = new ServiceRecord(ServiceRecord.serviceId("demo", 1000 + i), "demo", 1000 + i,
                    1000 + i, "B00" + i, "B", "1", "0571", "王营定", f.hall().clock.millis(), null);
            f.gateway().serviceCompleted(s);
            assertThat(f.awaitOpened(s.serviceId())).isNotNull();
            f.hall().clock.advanceMillis(1000);
            assertThat(ratePad(f, "day6-rating-" + i, s.serviceId(), 3 + i))
                    .isInstanceOf(EvaluatorGateway.Answer.Ack.class);
        }
        f.hall().clock.advanceMillis(DAY);
        assertThat(get(f.gateway().ratePhone(day1.get(4).link(), new RatingRequest("day7-phone-rating", null, 3,
                List.of(), "来晚了")))).isInstanceOf(EvaluatorGateway.Answer.Ack.class);
        f.hall().clock.advanceMillis(4 * DAY);
        return day1;
    }

    private void foldAcrossTheHorizon(GatewayFixture f, EvaluationStore store) throws Exception {
        List<TestHall.Served> day1 = history(f);
        Seen before = seen(f);
        ServiceRecord first = f.read(b -> b.service(day1.get(0).serviceId()));

        int folded = get(f.gateway().fold());
        Seen after = seen(f);

        assertThat(folded).isEqualTo(5);
        assertThat(after).isEqualTo(before);
        assertThat(before.csv().split("\r\n")).hasSize(1 + 4 + 3 + 1);
        assertThat(f.<ServiceRecord>read(b -> b.service(day1.get(0).serviceId()))).isNull();
        assertThat(f.<Integer>read(b -> b.services("demo").size())).isEqualTo(3);
        assertThat(f.<Integer>read(b -> b.cases("demo", null).size())).isEqualTo(2); // the cases stay whole
        // the phone link of a folded service: its period is over, the book no longer knows it
        assertThat(get(f.gateway().ratePhone(day1.get(1).link(), new RatingRequest("after-the-fold-1", null, 5,
                List.of(), "")))).isEqualTo(new EvaluatorGateway.Answer.Refused("after-the-fold-1",
                EvaluationError.UNKNOWN_SERVICE));

        f.gateway().serviceCompleted(first); // fed again, as a restart's catch-up would
        TestHall.Served later = f.hall().serve("1"); // a service after it: once it is open, the first was handled
        assertThat(f.awaitOpened(later.serviceId())).isNotNull();
        assertThat(f.<ServiceRecord>read(b -> b.service(first.serviceId()))).isNull();
        assertThat(opened(store, first.serviceId())).isEqualTo(1);
        assertThat(seen(f).figures()).isEqualTo(before.figures()); // the new service is on March 11: out of range
    }

    @Test
    void shouldExportAndCountTheFoldedDaysFromTheFileStoreAsBeforeTheFold() throws Exception {
        Path storeDir = dir.resolve("gateway");
        Files.createDirectories(storeDir);
        FileEvaluationStore store = FileEvaluationStore.open(storeDir);
        try (GatewayFixture f = GatewayFixture.on(vertx, dir, store)) {
            foldAcrossTheHorizon(f, store);
        }
    }

    @Test
    void shouldExportAndCountTheFoldedDaysFromRedisAsBeforeTheFold() throws Exception {
        Files.createDirectories(dir.resolve("redis"));
        redis = TestRedis.start(dir.resolve("redis"));
        Redis client = Redis.createClient(vertx, new RedisOptions().setConnectionString(redis.url()));
        RedisEvaluationStore store = new RedisEvaluationStore(client, List.of(HallSettings.of(HallDefinitions.demo())));
        try (GatewayFixture f = GatewayFixture.on(vertx, dir, store)) {
            foldAcrossTheHorizon(f, store);
        }
    }

    @Test
    void shouldNotOpenAgainTheFoldedServicesThatTheHallRecoversAtARestartDaysLater() throws Exception {
        Seen before;
        List<TestHall.Served> day1;
        try (GatewayFixture f = GatewayFixture.file(vertx, dir)) {
            day1 = history(f);
            before = seen(f);
        }
        // ten days after the first start: the hall recovers every event of its journal, day 1's too
        try (GatewayFixture f = GatewayFixture.fileLater(vertx, dir, 10 * DAY)) {
            TestHall.Served later = f.hall().serve("1");
            assertThat(f.awaitOpened(later.serviceId())).isNotNull();

            for (TestHall.Served s : day1) {
                assertThat(f.<ServiceRecord>read(b -> b.service(s.serviceId()))).isNull();
                assertThat(f.storedEntries().stream().filter(e -> e instanceof Entry.Opened o
                        && o.service().serviceId().equals(s.serviceId())).count()).isEqualTo(1);
            }
            Seen after = seen(f);
            assertThat(after.csv()).isEqualTo(before.csv());
            assertThat(after.figures()).isEqualTo(before.figures());
            assertThat(f.<Long>read(b -> b.lastOpenedSeq("demo"))).isEqualTo(1002);
        }
    }
}
