package io.onewindow.display.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onewindow.core.notice.Notice;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
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
    void shouldNotSendAgainAfterARestartWhenTheLogHadAnIdCutByACrash(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("sent.log");
        Files.writeString(log, "demo/b2026112400007/code\ndemo/b20261124", StandardCharsets.UTF_8);
        HttpNotifier first = notifier(log);
        assertThat(first.send(CODE).get(60, TimeUnit.SECONDS)).isTrue();
        first.close();

        HttpNotifier second = notifier(log);
        boolean resent = second.send(CODE).get(60, TimeUnit.SECONDS);
        boolean earlier = second.send(new Notice("demo/b2026112400007/code", "demo", Notice.Kind.BOOKED,
                "13812345678", "x")).get(60, TimeUnit.SECONDS);

        assertThat(resent).as("the id appended after the cut one reads back").isFalse();
        assertThat(earlier).isFalse();
        assertThat(answered.get()).isEqualTo(1);
        assertThat(Files.readAllLines(log)).containsExactly("demo/b2026112400007/code", CODE.id());
        if (log.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log))).isEqualTo("rw-------");
        }
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

    /**
     * {@code send} is thread-safe: a caller off the event loops (this test's thread; a command's) may lose the CPU
     * while it chains the steps of a request, and the event loop meanwhile runs the request to its answer. The
     * notice must still be delivered and reported. The client is the real one, with that descheduling made
     * certain: each step its caller chains onto a request is chained 300 ms late.
     */
    @Test
    void shouldReportTheDeliveryWhenTheCallerIsDescheduledWhileTheGatewayAnswers(@TempDir Path dir) throws Exception {
        HttpNotifier n = new HttpNotifier(descheduledCaller(vertx),
                URI.create("http://127.0.0.1:" + gateway.actualPort() + "/sms?hall=demo"), dir.resolve("sent.log"),
                4, 20);

        boolean delivered = n.send(CODE).get(20, TimeUnit.SECONDS);

        assertThat(delivered).isTrue();
        assertThat(keys).containsExactly(CODE.id());
        n.close();
    }

    /** The same Vert.x, whose HTTP clients' requests take each chained step from their caller 300 ms late. */
    private static Vertx descheduledCaller(Vertx real) {
        return proxy(Vertx.class, real, (method, result) -> method.getName().equals("createHttpClient")
                ? proxy(method.getReturnType(), result, (m, r) -> r instanceof Future<?> f ? late(f) : r)
                : result);
    }

    /** A future whose every chained step is attached 300 ms after its caller asked, as by a descheduled thread. */
    private static Future<?> late(Future<?> f) {
        return proxy(Future.class, f, (m, r) -> r instanceof Future<?> next ? late(next) : r, () -> sleep(300));
    }

    private static <T> T proxy(Class<T> type, Object target, BiFunction<Method, Object, Object> after) {
        return proxy(type, target, after, () -> { });
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Object target, BiFunction<Method, Object, Object> after,
                               Runnable before) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
            if (m.getReturnType() == Future.class) {
                before.run();
            }
            try {
                return after.apply(m, m.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
