package io.onewindow.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway that stopped between a ServiceCompleted becoming durable in the hall's journal and its evaluation
 * being stored opens that evaluation at its next start, from the events the hall recovers, and opens none twice.
 */
@Timeout(60)
class CatchUpTest {

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

    private GatewayFixture start() throws Exception {
        return GatewayFixture.file(vertx, dir, UnaryOperator.identity());
    }

    private static long openedEntries(GatewayFixture f, String serviceId) throws Exception {
        return f.storedEntries().stream().filter(e -> e instanceof Entry.Opened o
                && o.service().serviceId().equals(serviceId)).count();
    }

    @Test
    void shouldOpenAtStartTheEvaluationThatACrashKeptFromBeingStoredAndOnlyOnce() throws Exception {
        TestHall.Served served;
        TestHall.Served second;
        try (GatewayFixture f = start()) {
            f.hall().open("1", "0571", "王营定");
            served = f.hall().serve("1");
            second = f.hall().serve("1");
            assertThat(f.awaitOpened(second.serviceId())).isNotNull();
        }
        // the gateway's store lost what it held: as if it stopped before the services' evaluations were stored
        Files.delete(dir.resolve("gateway").resolve("evaluations").resolve("evaluations.log"));

        try (GatewayFixture f = start()) {
            ServiceRecord s = f.awaitOpened(served.serviceId());
            assertThat(f.awaitOpened(second.serviceId())).isNotNull();

            assertThat(s.number()).isEqualTo(served.number());
            assertThat(s.staffId()).isEqualTo("0571");
            assertThat(openedEntries(f, served.serviceId())).isEqualTo(1);
            try (var pad = f.pad("1", GatewayFixture.PAD_1)) {
                JsonObject request = pad.next(); // the latest service of the window is pending at its pad again
                assertThat(request.getString("serviceId")).isEqualTo(second.serviceId());
                pad.send(PadClient.rating("catch-up-rating-1", second.serviceId(), 5));
                assertThat(pad.next().getString("type")).isEqualTo("Ack");
            }
        }

        try (GatewayFixture f = start()) { // a start with nothing lost opens nothing again
            TestHall.Served third = f.hall().serve("1");
            assertThat(f.awaitOpened(third.serviceId())).isNotNull();

            assertThat(openedEntries(f, served.serviceId())).isEqualTo(1);
            assertThat(openedEntries(f, second.serviceId())).isEqualTo(1);
            int services = f.read(b -> b.services("demo").size());
            assertThat(services).isEqualTo(3);
            assertThat(f.ratingOf(second.serviceId()).level()).isEqualTo(Level.VERY_SATISFIED);
            List<Entry> all = f.storedEntries();
            assertThat(all.stream().filter(e -> e instanceof Entry.Opened).count()).isEqualTo(3);
        }
    }
}
