package io.onewindow.display;

import io.onewindow.core.HallDefinition;
import io.onewindow.core.HallDefinitions;
import io.onewindow.display.access.InvalidTokensException;
import io.onewindow.display.access.Tokens;
import io.onewindow.display.pages.PageRoutes;
import io.onewindow.evaluator.EvaluatorGateway;
import io.onewindow.evaluator.EvaluatorVerticle;
import io.onewindow.evaluator.HallSettings;
import io.onewindow.evaluator.TokenFile;
import io.onewindow.evaluator.store.RedisEvaluationStore;
import io.onewindow.evaluator.store.RedisHallFeed;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code onewindow evaluator --redis URL}: the evaluator gateway on its own, against the Redis that the hall
 * server journals to. It reads the halls' streams for finished services (never the hall server's code), keeps the
 * ratings in the same Redis and serves the pads, the phones and the managers on its own port.
 *
 * <pre>
 *  hall server --redis URL ──XADD──▶ ow:{hall}:events:&lt;day&gt; ──RedisHallFeed──▶ gateway ──script──▶ ow:{hall}:evaluations
 * </pre>
 */
@Command(name = "evaluator", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs the evaluator gateway on its own against the hall server's Redis.")
public final class EvaluatorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--redis", paramLabel = "URL", required = true, defaultValue = "${env:ONEWINDOW_REDIS}",
            description = "the Redis the hall server journals to (env ONEWINDOW_REDIS)")
    String redis;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "${env:ONEWINDOW_EVALUATOR_PORT:-8081}",
            description = "HTTP port, 0 for any free one (env ONEWINDOW_EVALUATOR_PORT; default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "${env:ONEWINDOW_HOST:-0.0.0.0}",
            description = "address to listen on (default ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--hall", paramLabel = "FILE", split = ",", defaultValue = "${env:ONEWINDOW_HALLS}",
            description = "hall definition, repeatable; without it the demo hall")
    List<Path> halls = new ArrayList<>();

    @Option(names = "--tokens", paramLabel = "FILE", defaultValue = "${env:ONEWINDOW_TOKENS:-data/tokens.json}",
            description = "the hall server's tokens file (default ${DEFAULT-VALUE}, the demo tokens' digests)")
    Path tokens;

    /** A running gateway on its own. */
    public record Running(Vertx vertx, EvaluatorGateway gateway, int port, List<RedisHallFeed> feeds) {
        public Future<Void> close() {
            feeds.forEach(RedisHallFeed::stop);
            return gateway.close();
        }
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        List<HallDefinition> definitions = new ArrayList<>();
        try {
            if (halls == null || halls.isEmpty()) {
                definitions.add(HallDefinitions.demo());
            } else {
                for (Path f : halls) {
                    definitions.add(HallFiles.read(f));
                }
            }
        } catch (ConfigException e) {
            err.println("onewindow: " + e.getMessage());
            err.flush();
            return 2;
        }
        Tokens pageTokens;
        try {
            pageTokens = Tokens.read(tokens);
        } catch (InvalidTokensException e) {
            err.println("onewindow: --tokens " + tokens + ": " + e.getMessage());
            err.flush();
            return 2;
        }
        Vertx vertx = Vertx.vertx();
        Running running;
        try {
            running = start(vertx, definitions, redis, TokenFile.read(tokens), host, port,
                    padPages(vertx, definitions, pageTokens))
                    .toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
        } catch (IOException e) {
            err.println("onewindow: --tokens " + tokens + ": " + e.getMessage());
            err.flush();
            vertx.close();
            return 2;
        } catch (Exception e) {
            err.println("onewindow: cannot start the evaluator gateway: " + e.getMessage());
            err.flush();
            vertx.close();
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                running.close().compose(v -> vertx.close()).toCompletionStage().toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // going away: every rating acknowledged is in Redis already
            }
        }, "onewindow-evaluator-shutdown"));
        String shown = host.equals("0.0.0.0") ? "localhost" : host;
        System.out.println("OneWindow evaluator gateway ready on http://" + shown + ":" + running.port());
        for (HallDefinition d : definitions) {
            System.out.println("  hall " + d.id() + "  pads http://" + shown + ":" + running.port() + "/pad/"
                    + d.id() + "/windows/{w}");
        }
        System.out.flush();
        return 0;
    }

    /**
     * The pad's page on the gateway's own port, with the pages' files and {@code GET /api/v1/me}: a pad may point
     * at the gateway as it would at the hall server.
     */
    public static Consumer<Router> padPages(Vertx vertx, List<HallDefinition> definitions, Tokens tokens) {
        return r -> PageRoutes.mountPad(vertx, r, tokens, (hall, w) -> definitions.stream()
                .anyMatch(d -> d.id().equals(hall) && d.window(w) != null));
    }

    /** Starts the gateway on its own, without pages: its store and feeds in Redis, its verticle on the port. */
    public static Future<Running> start(Vertx vertx, List<HallDefinition> definitions, String redisUrl,
                                        io.onewindow.evaluator.Credentials credentials, String host, int port) {
        return start(vertx, definitions, redisUrl, credentials, host, port, r -> { });
    }

    /** Starts the gateway on its own: its store and feeds in Redis, its verticle on the port with these pages. */
    public static Future<Running> start(Vertx vertx, List<HallDefinition> definitions, String redisUrl,
                                        io.onewindow.evaluator.Credentials credentials, String host, int port,
                                        Consumer<Router> pages) {
        List<HallSettings> settings = new ArrayList<>();
        for (HallDefinition d : definitions) {
            settings.add(HallSettings.of(d));
        }
        Redis client = Redis.createClient(vertx, new RedisOptions().setConnectionString(redisUrl)
                .setMaxPoolSize(32).setMaxPoolWaiting(100_000).setMaxWaitingHandlers(100_000));
        EvaluatorGateway gateway = new EvaluatorGateway(vertx, settings, new RedisEvaluationStore(client, settings),
                credentials, Clock.systemUTC());
        return gateway.start().compose(g -> g.on(b -> {
            List<RedisHallFeed> feeds = new ArrayList<>();
            for (HallDefinition d : definitions) {
                feeds.add(RedisHallFeed.start(vertx, client, d, g, b.lastOpenedDay(d.id())));
            }
            return feeds;
        })).compose(feeds -> {
            EvaluatorVerticle v = new EvaluatorVerticle(gateway, host, port, pages);
            return vertx.deployVerticle(v).map(id -> new Running(vertx, gateway, v.actualPort(), feeds));
        });
    }
}
