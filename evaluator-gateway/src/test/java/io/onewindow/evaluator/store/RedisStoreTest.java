package io.onewindow.evaluator.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.core.HallDefinitions;
import io.onewindow.evaluator.Entry;
import io.onewindow.evaluator.EvaluatorGateway;
import io.onewindow.evaluator.EvaluationError;
import io.onewindow.evaluator.GatewayFixture;
import io.onewindow.evaluator.HallSettings;
import io.onewindow.evaluator.RatingRequest;
import io.onewindow.evaluator.ServiceRecord;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The gateway on a real Redis: ratings in a stream per hall, idempotency keys, and Redis stopped mid-way. */
@Timeout(90)
class RedisStoreTest {

    @TempDir
    Path dir;

    private Vertx vertx;
    private TestRedis redis;
    private GatewayFixture f;

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        java.nio.file.Files.createDirectories(dir.resolve("redis"));
        redis = TestRedis.start(dir.resolve("redis"));
        f = GatewayFixture.on(vertx, dir, store());
        f.hall().open("1", "0571", "王营定");
    }

    private RedisEvaluationStore store() {
        Redis client = Redis.createClient(vertx, new RedisOptions().setConnectionString(redis.url()));
        return new RedisEvaluationStore(client, List.of(HallSettings.of(HallDefinitions.demo())));
    }

    @AfterEach
    void tearDown() throws Exception {
        f.close();
        vertx.close().toCompletionStage().toCompletableFuture().get();
        redis.close();
    }

    private String served() throws Exception {
        String id = f.hall().serve("1").serviceId();
        for (int i = 0; i < 500 && f.gateway().on(b -> b.service(id)).toCompletionStage().toCompletableFuture()
                .get() == null; i++) {
            Thread.sleep(10);
        }
        return id;
    }

    private EvaluatorGateway.Answer rate(String requestId, String serviceId) throws Exception {
        return f.gateway().ratePad("demo", "1", new RatingRequest(requestId, serviceId, 5, List.of(), ""))
                .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    void shouldLoseNothingAcknowledgedAndStoreNothingTwiceWhenRedisStopsAndComesBack() throws Exception {
        List<String> services = new ArrayList<>();
        List<String> requests = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            services.add(served());
            requests.add(UUID.randomUUID().toString());
        }
        for (int i = 0; i < 3; i++) {
            assertThat(rate(requests.get(i), services.get(i))).isInstanceOf(EvaluatorGateway.Answer.Ack.class);
        }

        redis.stop();
        for (int i = 3; i < 6; i++) {
            assertThat(rate(requests.get(i), services.get(i)))
                    .isEqualTo(new EvaluatorGateway.Answer.Refused(requests.get(i), EvaluationError.STORE_UNAVAILABLE));
        }
        redis.startAgain();
        List<String> acked = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            EvaluatorGateway.Answer a = retried(requests.get(i), services.get(i));
            assertThat(a).isInstanceOf(EvaluatorGateway.Answer.Ack.class);
            acked.add(((EvaluatorGateway.Answer.Ack) a).evaluationId());
        }

        List<String> stored = ratingsInRedis();
        assertThat(stored).hasSize(6);
        assertThat(new HashSet<>(stored)).containsExactlyInAnyOrderElementsOf(acked);
        Set<String> replayed = new HashSet<>();
        RedisEvaluationStore fresh = store();
        fresh.replay(e -> {
            if (e instanceof Entry.Rated r) {
                replayed.add(r.evaluation().evaluationId());
            }
        });
        assertThat(replayed).containsExactlyInAnyOrderElementsOf(acked);
    }

    /** A pad's retry: the same request id until it is answered with something else than STORE_UNAVAILABLE. */
    private EvaluatorGateway.Answer retried(String requestId, String serviceId) throws Exception {
        for (int attempt = 0; ; attempt++) {
            EvaluatorGateway.Answer a = rate(requestId, serviceId);
            if (!(a instanceof EvaluatorGateway.Answer.Refused no && no.error() == EvaluationError.STORE_UNAVAILABLE)
                    || attempt > 50) {
                return a;
            }
            Thread.sleep(200);
        }
    }

    @Test
    void shouldRefuseASecondRatingThatAnotherGatewayStoredFirst() throws Exception {
        String service = served();
        String mine = UUID.randomUUID().toString();
        assertThat(rate(mine, service)).isInstanceOf(EvaluatorGateway.Answer.Ack.class);

        EvaluatorGateway.Answer again = rate(mine, service);

        assertThat(again).isInstanceOf(EvaluatorGateway.Answer.Ack.class);
        assertThat(((EvaluatorGateway.Answer.Ack) again).fresh()).isFalse();
        assertThat(ratingsInRedis()).hasSize(1);
    }

    @Test
    void shouldAnswerEachOfABurstOfRatingsWithItsOwnAnswerWhenTheyShareBatches() throws Exception {
        long now = f.hall().clock.millis();
        List<ServiceRecord> services = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            services.add(new ServiceRecord("demo." + (100_000 + i), "demo", 100_000 + i, i, "A" + i, "A", "1",
                    "0571", "王营定", now, null));
        }
        RedisEvaluationStore secondStore = store();
        EvaluatorGateway second = new EvaluatorGateway(vertx, List.of(HallSettings.of(HallDefinitions.demo())),
                secondStore, (hall, token) -> null, f.hall().clock);
        second.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        for (ServiceRecord s : services) {
            f.gateway().serviceCompleted(s);
            second.serviceCompleted(s); // both gateways share the Redis: each service is opened once there
        }
        awaitOpened(f.gateway(), services);
        awaitOpened(second, services);
        List<String> firstIds = new ArrayList<>();
        List<CompletableFuture<EvaluatorGateway.Answer>> firstAnswers = new ArrayList<>();
        for (int i = 0; i < 100; i++) { // the first gateway rates services 0..99
            firstIds.add(UUID.randomUUID().toString());
            firstAnswers.add(rateOn(f.gateway(), firstIds.get(i), services.get(i)));
        }
        List<String> firstEvaluations = new ArrayList<>();
        for (CompletableFuture<EvaluatorGateway.Answer> a : firstAnswers) {
            firstEvaluations.add(((EvaluatorGateway.Answer.Ack) a.get(20, TimeUnit.SECONDS)).evaluationId());
        }

        // the second gateway, which has not heard of those ratings, gets a burst in which the store decides:
        // retries of the first gateway's requests (even services), second ratings of the same services under new
        // request ids (odd services), and first ratings of services 100..199, interleaved
        List<CompletableFuture<EvaluatorGateway.Answer>> burst = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            burst.add(rateOn(second, i % 2 == 0 ? firstIds.get(i) : UUID.randomUUID().toString(), services.get(i)));
            burst.add(rateOn(second, UUID.randomUUID().toString(), services.get(100 + i)));
        }

        for (int i = 0; i < 100; i++) {
            EvaluatorGateway.Answer earlier = burst.get(2 * i).get(20, TimeUnit.SECONDS);
            EvaluatorGateway.Answer fresh = burst.get(2 * i + 1).get(20, TimeUnit.SECONDS);
            if (i % 2 == 0) {
                assertThat(earlier).as("retry %d", i).isInstanceOf(EvaluatorGateway.Answer.Ack.class);
                assertThat(((EvaluatorGateway.Answer.Ack) earlier).evaluationId()).isEqualTo(firstEvaluations.get(i));
                assertThat(((EvaluatorGateway.Answer.Ack) earlier).fresh()).isFalse();
            } else {
                assertThat(earlier).as("second rating %d", i).isInstanceOf(EvaluatorGateway.Answer.Refused.class);
                assertThat(((EvaluatorGateway.Answer.Refused) earlier).error())
                        .isEqualTo(EvaluationError.ALREADY_EVALUATED);
            }
            assertThat(fresh).as("fresh rating %d", i).isInstanceOf(EvaluatorGateway.Answer.Ack.class);
            assertThat(((EvaluatorGateway.Answer.Ack) fresh).fresh()).isTrue();
        }
        List<String> stored = ratingsInRedis();
        assertThat(stored).hasSize(200).doesNotHaveDuplicates();
        assertThat(secondStore.batches()).isPositive();
        second.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static CompletableFuture<EvaluatorGateway.Answer> rateOn(EvaluatorGateway g, String requestId,
                                                                     ServiceRecord s) {
        return g.ratePad("demo", "1", new RatingRequest(requestId, s.serviceId(), 4, List.of(), ""))
                .toCompletionStage().toCompletableFuture();
    }

    private static void awaitOpened(EvaluatorGateway g, List<ServiceRecord> services) throws Exception {
        String last = services.get(services.size() - 1).serviceId();
        for (int i = 0; i < 400; i++) {
            boolean all = g.on(b -> services.stream().allMatch(s -> b.service(s.serviceId()) != null))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            if (all) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("not every service was opened, up to " + last);
    }

    private List<String> ratingsInRedis() throws Exception {
        Redis client = Redis.createClient(vertx, new RedisOptions().setConnectionString(redis.url()));
        var page = client.send(Request.cmd(Command.XRANGE).arg(RedisEvaluationStore.streamKey("demo")).arg("-")
                .arg("+")).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        List<String> out = new ArrayList<>();
        for (var entry : page) {
            Entry e = EntryCodec.decode(entry.get(1).get(1).toString());
            if (e instanceof Entry.Rated r) {
                out.add(r.evaluation().evaluationId());
            }
        }
        client.close();
        return out;
    }
}
