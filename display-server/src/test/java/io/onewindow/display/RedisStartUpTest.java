package io.onewindow.display;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.onewindow.display.store.Journals;
import io.onewindow.display.store.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The hall server with {@code --redis} reads Redis's persistence settings first: a Redis that can lose what it
 * acknowledged is refused unless the operator accepts that, and then the risk is logged once.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisStartUpTest {

    private static ServerConfig config(Path dir, String url) {
        return new ServerConfig("127.0.0.1", 0, dir.resolve("data"), List.of(), url, null, 1);
    }

    @Test
    void shouldRefuseToStartOnARedisThatCanLoseAcknowledgedEvents(@TempDir Path dir) throws Exception {
        try (TestRedis redis = TestRedis.startEmbedded(false)) {
            StringWriter err = new StringWriter();
            CommandLine cl = Main.commandLine();
            cl.setErr(new PrintWriter(err, true));
            cl.setOut(new PrintWriter(new StringWriter(), true));

            int exit = cl.execute("--data", dir.resolve("data").toString(), "--host", "127.0.0.1", "--port", "0",
                    "--redis", redis.url());

            assertThat(exit).isEqualTo(2);
            assertThat(err.toString()).contains("can lose events it acknowledged").contains("memory only")
                    .contains("appendonly yes and appendfsync always").contains("--redis-accept-loss")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void shouldRunOnSuchARedisWhenTheOperatorAcceptsTheLossAndSayOnceWhatIsAtRisk(Vertx vertx, @TempDir Path dir)
            throws Exception {
        Logger journals = (Logger) LoggerFactory.getLogger(Journals.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        journals.addAppender(log);
        try (TestRedis redis = TestRedis.startEmbedded(false)) {
            ServerConfig config = config(dir, redis.url()).withRedisAcceptLoss(true);

            try (TestServer s = TestServer.start(vertx, config.dataDir(), HallServer.journals(config, vertx),
                    config)) {
                assertThat(s.issue("A").getString("number")).isEqualTo("A001");
            }

            List<ILoggingEvent> warnings = log.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0).getFormattedMessage()).contains("can lose events it acknowledged")
                    .contains("--redis-accept-loss").contains("loses every event");
        } finally {
            journals.detachAppender(log);
        }
    }

    @Test
    void shouldRunOnARedisThatFsyncsEveryWriteWithoutTheOption(Vertx vertx, @TempDir Path dir) throws Exception {
        try (TestRedis redis = TestRedis.startEmbedded(true)) {
            ServerConfig config = config(dir, redis.url());

            try (TestServer s = TestServer.start(vertx, config.dataDir(), HallServer.journals(config, vertx),
                    config)) {
                assertThat(s.issue("A").getString("number")).isEqualTo("A001");
                assertThat(s.get("/health/ready", null).statusCode()).isEqualTo(200);
            }
        }
    }
}
