package io.onewindow.display;

import static org.assertj.core.api.Assertions.assertThat;

import io.onewindow.display.access.Role;
import io.onewindow.display.store.Journals;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** What an operator finds after starting the server: the data folder, the demo tokens, several halls. */
@ExtendWith(VertxExtension.class)
class HallServerSetupTest {

    @Test
    void shouldMakeDemoTokensOnceKeepThemHashedAndPrintThemAtEveryStart(Vertx vertx, @TempDir Path dir)
            throws Exception {
        ServerConfig config = ServerConfig.embedded(dir);

        HallServer first = HallServer.start(vertx, config, Journals.embedded()).await();
        List<DataFolder.DemoToken> made = first.demoTokens();
        String kiosk = made.stream().filter(t -> t.role() == Role.KIOSK).findFirst().orElseThrow().token();
        WebClient client = WebClient.create(vertx);
        HttpResponse<Buffer> issued = client.post(first.port(), "127.0.0.1", "/api/v1/halls/demo/tickets")
                .bearerTokenAuthentication(kiosk).sendJsonObject(new JsonObject().put("category", "A")).await();
        Future.await(first.close());
        HallServer second = HallServer.start(vertx, config, Journals.embedded()).await();
        Future.await(second.close());

        assertThat(issued.statusCode()).isEqualTo(201);
        assertThat(made).hasSize(3 + 2 * 5);
        assertThat(second.demoTokens()).isEqualTo(made);
        assertThat(Files.readString(dir.resolve("tokens.json"))).doesNotContain(kiosk).contains("sha256");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("demo-tokens.json"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("salt.key"))))
                .isEqualTo("rw-------");
        assertThat(Main.banner(second)).contains(kiosk).contains("/ws/v1/halls/demo/display").contains("/sse/v1/halls/demo/display");
        assertThat(Main.banner(second)).contains(":" + second.port() + "/   (every hall", "/display/demo   windows",
                "/kiosk/demo   dashboard", "/dashboard/demo");
        client.close();
    }

    @Test
    void shouldRunSeveralHallsFromJsonAndYamlAndKeepAHallTokenToItsHall(Vertx vertx, @TempDir Path dir)
            throws Exception {
        Path other = dir.resolve("other.json");
        Files.writeString(other, """
                {"id":"other","name":"区政务服务中心","timezone":"Asia/Shanghai",
                 "categories":[{"code":"S","name":"社保","prefix":"S"}],
                 "windows":[{"id":"1","name":"1号窗口","primary":["*"]}]}
                """);
        Path demo = dir.resolve("demo.yaml");
        Files.writeString(demo, """
                # a hall file may be YAML too
                id: demo
                name: 市行政服务中心公安窗口
                categories:
                  - {code: A, name: 户籍, prefix: A}
                windows:
                  - {id: "1", name: 1号窗口, primary: ["*"]}
                """);
        TestServer server = TestServer.start(vertx, dir.resolve("data"), Journals.embedded(),
                ServerConfig.embedded(dir.resolve("data")).withHalls(List.of(demo, other)));

        HttpResponse<Buffer> halls = server.get("/api/v1/halls", null);
        HttpResponse<Buffer> inOther = server.post("/api/v1/halls/other/tickets", TestServer.OTHER_HALL_KIOSK,
                new JsonObject().put("category", "S"));
        HttpResponse<Buffer> inDemo = server.post("/api/v1/halls/demo/tickets", TestServer.OTHER_HALL_KIOSK,
                new JsonObject().put("category", "A"));
        HttpResponse<Buffer> windowOfDemoInOther = server.post("/api/v1/halls/other/windows/1/call-next",
                TestServer.window("1"));
        server.close();

        assertThat(halls.bodyAsJsonArray().stream().map(h -> ((JsonObject) h).getString("id")))
                .containsExactly("demo", "other");
        assertThat(inOther.statusCode()).isEqualTo(201);
        assertThat(inOther.bodyAsJsonObject().getString("number")).isEqualTo("S001");
        assertThat(inDemo.statusCode()).isEqualTo(403);
        assertThat(windowOfDemoInOther.statusCode()).isEqualTo(403);
    }
}
