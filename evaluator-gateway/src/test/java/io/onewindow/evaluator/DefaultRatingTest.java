package io.onewindow.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hall's default rating after the evaluation period: a service left unrated gets it once, flagged as the
 * system's, exported with channel 7 and counted on its own, never as an active rating; a pad request that
 * expired leaves the service unrated; a hall without a default leaves it unrated for good.
 */
@Timeout(60)
class DefaultRatingTest {

    private static final long DAY_MILLIS = 86_400_000L;

    @TempDir
    Path dir;

    private Vertx vertx;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    private static final UnaryOperator<HallSettings> FIVE_BY_DEFAULT = h -> h.withDefaultLevel(Level.VERY_SATISFIED);

    private JsonObject summary(GatewayFixture f) throws Exception {
        return WebClient.create(vertx).get(f.port(), "127.0.0.1",
                        "/api/v1/halls/demo/evaluations/summary?from=2027-03-01&to=2027-03-31")
                .bearerTokenAuthentication(GatewayFixture.MANAGER).send().toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS).bodyAsJsonObject().getJsonArray("rows").getJsonObject(0);
    }

    private String export(GatewayFixture f) throws Exception {
        return WebClient.create(vertx).get(f.port(), "127.0.0.1",
                        "/api/v1/halls/demo/evaluations/export.csv?from=2027-03-01&to=2027-03-31")
                .bearerTokenAuthentication(GatewayFixture.MANAGER).send().toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS).bodyAsString();
    }

    private static int defaults(GatewayFixture f) throws Exception {
        return f.gateway().applyDefaults().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldGiveAServiceLeftUnratedPastThePeriodTheHallsDefaultOnceFlaggedAndNeverActive() throws Exception {
        TestHall.Served rated;
        TestHall.Served left;
        try (GatewayFixture f = GatewayFixture.file(vertx, dir, FIVE_BY_DEFAULT)) {
            f.hall().open("1", "0571", "王营定");
            try (var pad = f.pad("1", GatewayFixture.PAD_1)) {
                rated = f.hall().serve("1");
                pad.next();
                pad.send(PadClient.rating(UUID.randomUUID().toString(), rated.serviceId(), 2, "态度不好"));
                assertThat(pad.next().getString("type")).isEqualTo("Ack");
                left = f.hall().serve("1");
                assertThat(pad.next().getString("serviceId")).isEqualTo(left.serviceId());
            }
            f.hall().clock.advanceMillis(61_000); // the pad request expires

            JsonObject afterExpiry = summary(f);
            int early = defaults(f);
            f.hall().clock.advanceMillis(7 * DAY_MILLIS); // the period ends
            int made = defaults(f);
            int again = defaults(f);
            JsonObject afterPeriod = summary(f);
            String csv = export(f);

            assertThat(afterExpiry.getLong("served")).isEqualTo(2);
            assertThat(afterExpiry.getLong("rated")).isEqualTo(1);
            assertThat(afterExpiry.getLong("unrated")).isEqualTo(1); // never counted as satisfied
            assertThat(afterExpiry.getDouble("goodRate")).isEqualTo(0.0);
            assertThat(early).isZero();
            assertThat(made).isEqualTo(1);
            assertThat(again).isZero();
            Evaluation d = f.ratingOf(left.serviceId());
            assertThat(d.channel()).isEqualTo(EvaluationChannel.SYSTEM_DEFAULT);
            assertThat(d.level()).isEqualTo(Level.VERY_SATISFIED);
            assertThat(afterPeriod.getLong("rated")).isEqualTo(2);
            assertThat(afterPeriod.getLong("activeRated")).isEqualTo(1);
            assertThat(afterPeriod.getLong("systemDefault")).isEqualTo(1);
            assertThat(afterPeriod.getLong("unrated")).isZero();
            assertThat(afterPeriod.getDouble("activeGoodRate")).isEqualTo(0.0); // the default is not in it
            assertThat(afterPeriod.getDouble("goodRate")).isEqualTo(0.5);
            assertThat(csv).contains("\r\n" + left.serviceId() + ",7," + left.number() + ",")
                    .contains("\r\n" + rated.serviceId() + ",4," + rated.number() + ",");
        }

        try (GatewayFixture f = GatewayFixture.file(vertx, dir, FIVE_BY_DEFAULT)) { // recovered, not made again
            f.hall().clock.advanceMillis(8 * DAY_MILLIS);

            assertThat(defaults(f)).isZero();
            assertThat(f.ratingOf(left.serviceId()).channel()).isEqualTo(EvaluationChannel.SYSTEM_DEFAULT);
            assertThat(f.storedEntries().stream().filter(e -> e instanceof Entry.Rated r
                    && r.evaluation().service().serviceId().equals(left.serviceId())).count()).isEqualTo(1);
        }
    }

    @Test
    void shouldLeaveAServiceUnratedForGoodInAHallWithoutADefault() throws Exception {
        try (GatewayFixture f = GatewayFixture.file(vertx, dir, UnaryOperator.identity())) {
            f.hall().open("1", "0571", "王营定");
            TestHall.Served left = f.hall().serve("1");
            assertThat(f.awaitOpened(left.serviceId())).isNotNull();
            f.hall().clock.advanceMillis(30 * DAY_MILLIS);

            int made = defaults(f);

            assertThat(made).isZero();
            assertThat(f.ratingOf(left.serviceId())).isNull();
            assertThat(summary(f).getLong("unrated")).isEqualTo(1);
        }
    }
}
