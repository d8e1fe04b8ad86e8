package io.onewindow.evaluator.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.evaluator.Evaluation;
import io.onewindow.evaluator.GatewayFixture;
import io.onewindow.evaluator.PadClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class PadConversationTest {

    @TempDir
    Path dir;

    private Vertx vertx;
    private GatewayFixture f;

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        f = GatewayFixture.file(vertx, dir);
        f.hall().open("1", "0571", "王营定");
        f.hall().open("2", "0572", "李四");
    }

    @AfterEach
    void tearDown() throws Exception {
        f.close();
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    private static String uuid() {
        return UUID.randomUUID().toString();
    }

    @Test
    void shouldRateAServiceCompletedAtTheWindowOnItsPadAndAckOnlyOnceDurable() throws Exception {
        try (var pad = f.pad("1", GatewayFixture.PAD_1)) {
            var served = f.hall().serve("1");

            JsonObject request = pad.next();
            assertThat(request.getString("type")).isEqualTo("EvaluationRequest");
            assertThat(request.getString("serviceId")).isEqualTo(served.serviceId());
            assertThat(request.getString("number")).isEqualTo(served.number());
            assertThat(request.getJsonObject("staff")).isEqualTo(new JsonObject().put("id", "0571")
                    .put("name", "王*定"));
            assertThat(request.getString("expiresAt")).isEqualTo("2027-03-02T01:01:05Z");

            String requestId = uuid();
            pad.send(PadClient.rating(requestId, served.serviceId(), 5));
            JsonObject ack = pad.next();

            assertThat(ack.getString("type")).isEqualTo("Ack");
            assertThat(ack.getString("requestId")).isEqualTo(requestId);
            Evaluation stored = f.ratingOf(served.serviceId());
            assertThat(stored.evaluationId()).isEqualTo(ack.getString("evaluationId"));
            assertThat(stored.level().value()).isEqualTo(5);
            assertThat(stored.service().staffId()).isEqualTo("0571");
            assertThat(f.reopenedStoreHolds(ack.getString("evaluationId"))).isTrue();
        }
    }

    @Test
    void shouldAnswerARetryWithTheSameRequestIdAsTheFirstAndRefuseASecondRating() throws Exception {
        try (var pad = f.pad("1", GatewayFixture.PAD_1)) {
            var served = f.hall().serve("1");
            pad.next();
            String requestId = uuid();
            pad.send(PadClient.rating(requestId, served.serviceId(), 4));
            JsonObject first = pad.next();

            pad.send(PadClient.rating(requestId, served.serviceId(), 4));
            JsonObject again = pad.next();
            pad.send(PadClient.rating(uuid(), served.serviceId(), 1, "态度不好"));
            JsonObject second = pad.next();

            assertThat(again).isEqualTo(first);
            assertThat(second.getString("type")).isEqualTo("Error");
            assertThat(second.getString("code")).isEqualTo("ALREADY_EVALUATED");
            assertThat(f.evaluationCount()).isEqualTo(1);
        }
    }

    @Test
    void shouldAnswerEachErrorCodeAndKeepNothing() throws Exception {
        try (var pad1 = f.pad("1", GatewayFixture.PAD_1); var pad2 = f.pad("2", GatewayFixture.PAD_2)) {
            var served = f.hall().serve("1");
            pad1.next();

            assertThat(errorOf(pad1, "not json")).isEqualTo("BAD_MESSAGE");
            assertThat(errorOf(pad1, new JsonObject().put("type", "Evaluation").put("requestId", uuid()).encode()))
                    .isEqualTo("BAD_MESSAGE");
            assertThat(errorOf(pad1, PadClient.rating(uuid(), served.serviceId(), 5).put("extra", 1)
                    .encode())).isEqualTo("BAD_MESSAGE");
            assertThat(errorOf(pad1, PadClient.rating(uuid(), served.serviceId(), 6).encode()))
                    .isEqualTo("BAD_RATING");
            assertThat(errorOf(pad1, PadClient.rating(uuid(), served.serviceId(), 2).encode()))
                    .isEqualTo("REASON_REQUIRED");
            assertThat(errorOf(pad1, PadClient.rating(uuid(), served.serviceId(), 5)
                    .put("comment", "长".repeat(151)).encode())).isEqualTo("COMMENT_TOO_LONG");
            assertThat(errorOf(pad1, PadClient.rating(uuid(), "demo.9999", 5).encode()))
                    .isEqualTo("UNKNOWN_SERVICE");
            assertThat(errorOf(pad2, PadClient.rating(uuid(), served.serviceId(), 5).encode()))
                    .isEqualTo("WRONG_WINDOW");
            f.hall().clock.advanceMillis(61_000);
            assertThat(errorOf(pad1, PadClient.rating(uuid(), served.serviceId(), 5).encode()))
                    .isEqualTo("EXPIRED");

            assertThat(f.evaluationCount()).isZero();
        }
    }

    @Test
    void shouldEndThePadRequestWhenTheStaffWhoServedSignsOutAndKeepNothing() throws Exception {
        try (var pad = f.pad("1", GatewayFixture.PAD_1)) {
            var served = f.hall().serve("1");
            assertThat(pad.next().getString("serviceId")).isEqualTo(served.serviceId());

            f.hall().closeWindow("1"); // 王营定 signs out before the citizen rated
            f.awaitStaffAt("1", null);
            pad.send(PadClient.rating(uuid(), served.serviceId(), 5));
            JsonObject answer = pad.next();

            assertThat(answer.getString("type")).isEqualTo("Error");
            assertThat(answer.getString("code")).isEqualTo("EXPIRED");
            assertThat(f.evaluationCount()).isZero();
        }
        try (var again = f.pad("1", GatewayFixture.PAD_1)) {
            assertThat(again.poll(300)).isNull(); // nothing pending on a window nobody is signed in at
        }
    }

    @Test
    void shouldRefuseThePadRatingOfAServiceWhenAnotherStaffMemberSignedInAtTheWindow() throws Exception {
        try (var pad = f.pad("1", GatewayFixture.PAD_1)) {
            var served = f.hall().serve("1");
            pad.next();

            f.hall().closeWindow("1");
            f.hall().open("1", "0573", "赵六");
            f.awaitStaffAt("1", "0573");
            pad.send(PadClient.rating(uuid(), served.serviceId(), 5));
            JsonObject answer = pad.next();

            assertThat(answer.getString("code")).isEqualTo("EXPIRED");
            assertThat(f.evaluationCount()).isZero();
        }
    }

    @Test
    void shouldSendThePendingRequestAgainToAPadThatReconnects() throws Exception {
        var served = f.hall().serve("1");
        try (var pad = f.pad("1", GatewayFixture.PAD_1)) {
            assertThat(pad.next().getString("serviceId")).isEqualTo(served.serviceId());
        }
        try (var again = f.pad("1", GatewayFixture.PAD_1)) {
            assertThat(again.next().getString("serviceId")).isEqualTo(served.serviceId());
        }
        f.hall().clock.advanceMillis(61_000);
        try (var late = f.pad("1", GatewayFixture.PAD_1)) {
            assertThat(late.poll(300)).isNull(); // expired: the service stays unrated
        }
    }

    @Test
    void shouldRefuseAForgedTokenThePadOfAnotherWindowAndOtherRoles() throws Exception {
        String path = "/ws/v1/halls/demo/windows/1/pad?token=";

        assertThat(f.upgradeStatus(path + "forged-token-of-nobody-x")).isEqualTo(401);
        assertThat(f.upgradeStatus("/ws/v1/halls/demo/windows/1/pad")).isEqualTo(401);
        assertThat(f.upgradeStatus(path + GatewayFixture.PAD_2)).isEqualTo(403);
        assertThat(f.upgradeStatus(path + GatewayFixture.MANAGER)).isEqualTo(403);
        assertThat(f.upgradeStatus(path + GatewayFixture.WINDOW_1)).isEqualTo(403);
        assertThat(f.upgradeStatus("/ws/v1/halls/nowhere/windows/1/pad?token=" + GatewayFixture.PAD_1))
                .isEqualTo(404);
        assertThat(f.upgradeStatus(path + GatewayFixture.PAD_1)).isEqualTo(101);
    }

    private static String errorOf(PadClient pad, Object message)
            throws InterruptedException {
        pad.sendText(message instanceof JsonObject o ? o.encode() : message.toString());
        JsonObject m = pad.next();
        assertThat(m.getString("type")).isEqualTo("Error");
        return m.getString("code");
    }
}
