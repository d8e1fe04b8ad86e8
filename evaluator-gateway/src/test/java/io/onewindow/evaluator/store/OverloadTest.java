package io.onewindow.evaluator.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.core.HallDefinitions;
import io.onewindow.evaluator.Entry;
import io.onewindow.evaluator.GatewayFixture;
import io.onewindow.evaluator.HallSettings;
import io.onewindow.evaluator.PadClient;
import io.onewindow.evaluator.TestHall;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * More ratings at once than the gateway takes, while Redis does not answer (paused): the ratings beyond the bound
 * are refused at once with TOO_MANY_REQUESTS (the pad's Error, the phone's 429 with Retry-After), nothing of them
 * is kept, the ones taken are acknowledged once Redis answers, and the refused ones, sent again with the same
 * request ids, are acknowledged then: every acknowledged rating is in Redis, once.
 */
@Timeout(60)
class OverloadTest {

    private static final int BOUND = 4;
    private static final int RATINGS = 10;

    @TempDir
    Path dir;

    private Vertx vertx;
    private TestRedis redis;
    private GatewayFixture f;
    private Redis admin;

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        java.nio.file.Files.createDirectories(dir.resolve("redis"));
        redis = TestRedis.start(dir.resolve("redis"));
        Redis client = Redis.createClient(vertx, new RedisOptions().setConnectionString(redis.url()));
        f = GatewayFixture.on(vertx, dir, new RedisEvaluationStore(client,
                List.of(HallSettings.of(HallDefinitions.demo()))), BOUND);
        f.hall().open("1", "0571", "王营定");
        admin = Redis.createClient(vertx, new RedisOptions().setConnectionString(redis.url()));
    }

    @AfterEach
    void tearDown() throws Exception {
        admin.close();
        f.close();
        vertx.close().toCompletionStage().toCompletableFuture().get();
        redis.close();
    }

    @Test
    void shouldRefuseRatingsBeyondTheBoundWithARetryableErrorAndKeepEveryAcknowledgedOne() throws Exception {
        List<TestHall.Served> services = new ArrayList<>();
        for (int i = 0; i < RATINGS + 1; i++) {
            TestHall.Served s = f.hall().serve("1");
            assertThat(f.awaitOpened(s.serviceId())).isNotNull();
            services.add(s);
        }
        PadClient pad = f.pad("1", GatewayFixture.PAD_1);
        Map<String, String> serviceOf = new LinkedHashMap<>();
        for (int i = 0; i < RATINGS; i++) {
            serviceOf.put(UUID.randomUUID().toString(), services.get(i).serviceId());
        }

        // Redis takes no command for a while: the first BOUND ratings wait for it, the others are over the bound
        send(Request.cmd(Command.CLIENT).arg("PAUSE").arg(4000));
        serviceOf.forEach((requestId, serviceId) -> pad.send(PadClient.rating(requestId, serviceId, 1, "等候时间长")));
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < RATINGS - BOUND; i++) {
            JsonObject m = answer(pad);
            assertThat(m.getString("type")).as("answer %d while Redis is paused: %s", i, m).isEqualTo("Error");
            assertThat(m.getString("code")).isEqualTo("TOO_MANY_REQUESTS");
            refused.add(m.getString("requestId"));
        }
        HttpResponse<Buffer> phone = WebClient.create(vertx).post(f.port(), "127.0.0.1", "/api/v1/evaluations")
                .bearerTokenAuthentication(services.get(RATINGS).link())
                .sendJsonObject(new JsonObject().put("requestId", UUID.randomUUID().toString()).put("rating", 5)
                        .put("reasons", new io.vertx.core.json.JsonArray()).put("comment", ""))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(phone.statusCode()).isEqualTo(429);
        assertThat(phone.getHeader("Retry-After")).isEqualTo("1");
        assertThat(phone.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("TOO_MANY_REQUESTS");

        Map<String, String> acked = new HashMap<>();
        for (int i = 0; i < BOUND; i++) {
            JsonObject m = answer(pad);
            assertThat(m.getString("type")).as("%s", m).isEqualTo("Ack");
            acked.put(m.getString("requestId"), m.getString("evaluationId"));
        }
        assertThat(acked.keySet()).doesNotContainAnyElementsOf(refused);
        for (String requestId : refused) { // the pad's retry: the same request, once the gateway has room
            pad.send(PadClient.rating(requestId, serviceOf.get(requestId), 1, "等候时间长"));
            JsonObject m = answer(pad);
            assertThat(m.getString("type")).as("%s", m).isEqualTo("Ack");
            assertThat(m.getString("requestId")).isEqualTo(requestId);
            acked.put(requestId, m.getString("evaluationId"));
        }

        assertThat(acked).hasSize(RATINGS);
        assertThat(ratingsInRedis()).containsExactlyInAnyOrderElementsOf(acked.values());
        pad.close();
    }

    /** The next Ack or Error (EvaluationRequests for the services opened come too). */
    private static JsonObject answer(PadClient pad) throws InterruptedException {
        while (true) {
            JsonObject m = pad.next();
            if (!"EvaluationRequest".equals(m.getString("type"))) {
                return m;
            }
        }
    }

    private io.vertx.redis.client.Response send(Request r) throws Exception {
        return admin.send(r).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private List<String> ratingsInRedis() throws Exception {
        List<String> out = new ArrayList<>();
        for (var entry : send(Request.cmd(Command.XRANGE).arg(RedisEvaluationStore.streamKey("demo")).arg("-")
                .arg("+"))) {
            if (EntryCodec.decode(entry.get(1).get(1).toString()) instanceof Entry.Rated r) {
                out.add(r.evaluation().evaluationId());
            }
        }
        return out;
    }
}
