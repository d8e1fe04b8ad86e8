package io.onewindow.display.ws;

import static io.onewindow.display.ws.StreamClients.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.display.DataFolder;
import io.onewindow.display.HallServer;
import io.onewindow.display.ServerConfig;
import io.onewindow.display.store.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A replica whose follower stops says so: its health and its hall's routes answer 503 instead of freezing. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ReplicaFreezeTest {

    private static TestRedis redis;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = TestRedis.startDurable();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @Test
    void shouldSayItStoppedFollowingWhenTheOwnersStreamCannotBeRead(Vertx vertx) throws Exception {
        String hallId = "z" + UUID.randomUUID().toString().substring(0, 8);
        Path hallFile = Files.writeString(dir.resolve("hall.json"), """
                {"id":"%s","name":"复制厅","categories":[{"code":"A","name":"户籍","prefix":"A"}],
                 "windows":[{"id":"1","name":"1号窗口","primary":["*"]}]}
                """.formatted(hallId));
        ServerConfig ownerConfig = new ServerConfig("127.0.0.1", 0, dir.resolve("owner"), List.of(hallFile),
                redis.url(), null, 1);
        ServerConfig replicaConfig = new ServerConfig("127.0.0.1", 0, dir.resolve("replica"), List.of(hallFile),
                redis.url(), null, 1, true);
        HallServer owner = await(HallServer.start(vertx, ownerConfig, HallServer.journals(ownerConfig, vertx)));
        HallServer replica = await(HallServer.start(vertx, replicaConfig,
                HallServer.journals(replicaConfig, vertx)));
        WebClient web = WebClient.create(vertx);
        String kiosk = owner.demoTokens().stream().filter(t -> t.role().name().equals("KIOSK"))
                .map(DataFolder.DemoToken::token).findFirst().orElseThrow();
        String queue = "/api/v1/halls/" + hallId + "/queue";
        assertThat(await(web.request(HttpMethod.POST, owner.port(), "127.0.0.1", "/api/v1/halls/" + hallId
                + "/tickets").bearerTokenAuthentication(kiosk).sendJsonObject(new JsonObject().put("category", "A")))
                .statusCode()).isEqualTo(201);
        assertThat(await(web.get(replica.port(), "127.0.0.1", "/health/ready").send()).statusCode()).isEqualTo(200);

        Redis client = Redis.createClient(vertx, redis.url());
        Response days = await(client.send(Request.cmd(Command.ZRANGE).arg("ow:{" + hallId + "}:days").arg(0)
                .arg(-1)));
        String stream = "ow:{" + hallId + "}:events:" + days.get(days.size() - 1).toString();
        await(client.send(Request.cmd(Command.XADD).arg(stream).arg("2-0").arg("t").arg("TicketIssued")
                .arg("e").arg("{not an event"))); // a record the follower cannot read

        int ready = 200;
        for (int i = 0; i < 200 && ready == 200; i++) {
            Thread.sleep(50);
            ready = await(web.get(replica.port(), "127.0.0.1", "/health/ready").send()).statusCode();
        }
        var readyBody = await(web.get(replica.port(), "127.0.0.1", "/health/ready").send()).bodyAsJsonObject();
        var line = await(web.get(replica.port(), "127.0.0.1", queue).send());
        await(client.close());
        web.close();
        await(replica.close());
        await(owner.close());

        assertThat(ready).as("the replica's health once its follower stopped").isEqualTo(503);
        assertThat(readyBody.getJsonObject("error").getString("code")).isEqualTo("REPLICA_STOPPED");
        assertThat(line.statusCode()).isEqualTo(503);
    }
}
