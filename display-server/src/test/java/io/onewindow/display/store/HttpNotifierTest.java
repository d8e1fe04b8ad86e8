package io.onewindow.display.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onewindow.core.notice.Notice;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The SMS gateway adapter against a real local HTTP endpoint: retries, and never a message twice. */
@ExtendWith(VertxExtension.class)
@Timeout(120)
class HttpNotifierTest {

    private static final Notice CODE = new Notice("demo/b2026112400001/code", "demo", Notice.Kind.BOOKED,
            "13812345678", "【大厅】预约成功：签到码 042917");

    /** What the gateway received: the Idempotency-Key and the body of each request. */
    private final List<String> keys = new CopyOnWriteArrayList<>();
    private final List<JsonObject> bodies = new CopyOnWriteArrayList<>();
    /** Answers to give, first to last; 200 once they run out. */
    private final List<Integer> answers = new CopyOnWriteArrayList<>();
    private final AtomicInteger answered = new AtomicInteger();
    private HttpServer gateway;
    private Vertx vertx;

    @BeforeEach
    void startGateway(Vertx vertx) {
        this.vertx = vertx;
        gateway = vertx.createHttpServer().requestHandler(req -> req.body().onComplete(ar -> {
            if (ar.failed()) {
                req.response().setStatusCode(500).end();
                return;
            }
            keys.add(req.getHeader("Idempotency-Key"));
            bodies.add(ar.result().toJsonObject());
            int i = answered.getAndIncrement();
            req.response().setStatusCode(i < answers.size() ? answers.get(i) : 200).end();
        })).listen(0).await();
    }

    @AfterEach
    void stopGateway() {
        gateway.close().await();
    }

    private HttpNotifier notifier(Path sentLog) throws Exception {
        return new HttpNotifier(vertx, URI.create("http://127.0.0.1:" + gateway.actualPort() + "/sms?hall=demo"),
                sentLog, 4, 20);
    }

    @Test
    void shouldRetryAfterAServerErrorAndDeliverOnce(@TempDir Path dir) throws Exception {
        answers.addAll(List.of(503, 502));
        HttpNotifier n = notifier(dir.resolve("sent.log"));

        boolean delivered = n.send(CODE).get(60, TimeUnit.SECONDS);
        boolean again = n.send(CODE).get(60, TimeUnit.SECONDS);

        assertThat(delivered).isTrue();
        assertThat(again).isFalse();
        assertThat(keys).hasSize(3).containsOnly(CODE.id());
        assertThat(bodies.get(2)).isEqualTo(new JsonObject().put("id", CODE.id()).put("hall", "demo")
                .put("kind", "BOOKED").put("phone", "13812345678").put("text", CODE.text()));
        n.close();
    }

    @Test
    void shouldDeliverOnceWhenTheSameNoticeIsSentTwiceAtOnce(@TempDir Path dir) throws Exception {
        answers.add(503);
        HttpNotifier n = notifier(dir.resolve("sent.log"));

        CompletableFuture<Boolean> a = n.send(CODE);
        CompletableFuture<Boolean> b = n.send(CODE);

        assertThat(List.of(a.get(60, TimeUnit.SECONDS), b.get(60, TimeUnit.SECONDS))).containsExactlyInAnyOrder(true,
                false);
        assertThat(answered.get()).as("one failed attempt and one delivery, not two deliveries").isEqualTo(2);
        n.close();
    }

    @Test
    void shouldNotSendAgainAfterARestart(@TempDir Path dir) throws Exception {
        HttpNotifier first = notifier(dir.resolve("sent.log"));
        assertThat(first.send(CODE).get(60, TimeUnit.SECONDS)).isTrue();
        first.close();

        HttpNotifier second = notifier(dir.resolve("sent.log"));
        boolean resent = second.send(CODE).get(60, TimeUnit.SECONDS);

        assertThat(resent).isFalse();
        assertThat(answered.get()).isEqualTo(1);
        second.close();
    }

    @Test
    void shouldGiveUpOnARefusalWithoutRetryingAndAfterTheLastAttempt(@TempDir Path dir) throws Exception {
        answers.addAll(List.of(400, 503, 503, 503, 503));
        HttpNotifier n = notifier(dir.resolve("sent.log"));

        assertThatThrownBy(() -> n.send(CODE).get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("400");
        assertThat(answered.get()).isEqualTo(1);
        Notice other = new Notice("demo/b2026112400002/code", "demo", Notice.Kind.BOOKED, "13912345678", "x");
        assertThatThrownBy(() -> n.send(other).get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("503");
        assertThat(answered.get()).as("four attempts").isEqualTo(5);
        n.close();
    }
}
