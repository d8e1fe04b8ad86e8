package io.onewindow.display;

import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.display.store.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The hall server with {@code --redis}: the hall's line lives in Redis and a restarted server finds it there. */
@ExtendWith(VertxExtension.class)
class RedisHallServerTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldKeepTheLineInRedisAcrossARestart(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestRedis redis = TestRedis.startDurable()) {
            String url = redis.url();
            String hallId = "h" + UUID.randomUUID().toString().substring(0, 8);
            Path hall = dir.resolve("hall.json");
            Files.writeString(hall, """
                    {"id":"%s","name":"大厅","categories":[{"code":"A","name":"户籍","prefix":"A"}],
                     "windows":[{"id":"1","name":"1号窗口","primary":["*"]}]}
                    """.formatted(hallId));
            ServerConfig config = new ServerConfig("127.0.0.1", 0, dir.resolve("data"), List.of(hall), url, null, 1);
            String base = "/api/v1/halls/" + hallId;

            TestServer first = TestServer.start(vertx, config.dataDir(), HallServer.journals(config, vertx), config);
            first.post(base + "/tickets", TestServer.KIOSK, new JsonObject().put("category", "A"));
            first.post(base + "/tickets", TestServer.KIOSK, new JsonObject().put("category", "A"));
            JsonObject before = first.get(base + "/queue", null).bodyAsJsonObject();
            first.close();
            TestServer second = TestServer.start(vertx, config.dataDir(), HallServer.journals(config, vertx), config);
            JsonObject after = second.get(base + "/queue", null).bodyAsJsonObject();
            JsonObject third = second.post(base + "/tickets", TestServer.KIOSK, new JsonObject().put("category", "A"))
                    .bodyAsJsonObject();
            second.close();

            assertThat(before.getJsonObject("categories").getJsonObject("A").getJsonArray("next"))
                    .containsExactly("A001", "A002");
            assertThat(after).isEqualTo(before);
            assertThat(third.getString("number")).isEqualTo("A003");
        }
    }
}
