package io.onewindow.display;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.onewindow.core.HallDefinition;
import io.onewindow.display.hall.LiveHall;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * The launcher: {@code java -jar onewindow.jar} starts the hall server with everything in one JVM on embedded
 * defaults (demo hall, data under {@code ./data}, demo tokens). Results and addresses go to standard output,
 * logs to standard error. A bad option or hall file is one clear line on standard error and exit code 2.
 *
 * <p>Subcommands (such as {@code simulate}) are listed in {@code subcommands} below.
 */
@Command(name = "onewindow", mixinStandardHelpOptions = true, version = "OneWindow 0.1.0",
        sortOptions = false,
        description = "Runs the OneWindow hall server: queue API, journal, displays.",
        subcommands = {
            SimulatorCommands.Simulate.class,
            SimulatorCommands.Plan.class,
            EvaluatorCommand.class
        })
public final class Main implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "${env:ONEWINDOW_PORT:-8080}",
            description = "HTTP port, 0 for any free one (env ONEWINDOW_PORT; default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "${env:ONEWINDOW_HOST:-0.0.0.0}",
            description = "address to listen on (env ONEWINDOW_HOST; default ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "${env:ONEWINDOW_DATA:-data}",
            description = "data folder: journals, salt, demo tokens (env ONEWINDOW_DATA; default ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--hall", paramLabel = "FILE", split = ",", defaultValue = "${env:ONEWINDOW_HALLS}",
            description = "hall definition (JSON, or YAML as .yaml/.yml), repeatable; without it the demo hall "
                    + "(env ONEWINDOW_HALLS, "
                    + "comma-separated)")
    List<Path> halls = new ArrayList<>();

    @Option(names = "--redis", paramLabel = "URL", defaultValue = "${env:ONEWINDOW_REDIS}",
            description = "Redis for the journal instead of the embedded file journal (env ONEWINDOW_REDIS)")
    String redis;

    @Option(names = "--redis-accept-loss", defaultValue = "${env:ONEWINDOW_REDIS_ACCEPT_LOSS:-false}",
            description = "run on a Redis whose persistence can lose acknowledged events (anything but appendonly yes "
                    + "with appendfsync always, or a Redis that refuses CONFIG GET); without it such a Redis is "
                    + "refused at start (env ONEWINDOW_REDIS_ACCEPT_LOSS)")
    boolean redisAcceptLoss;

    @Option(names = "--retention-days", paramLabel = "N",
            defaultValue = "${env:ONEWINDOW_RETENTION_DAYS:-" + ServerConfig.DEFAULT_RETENTION_DAYS + "}",
            description = "keep the events of the last N local days (today included) in the journal (Redis, or the "
                    + "file journal compacted in place); older days are dropped at start and after each day close, "
                    + "behind a checkpoint of the hall; 0 keeps every day (default ${DEFAULT-VALUE}, env "
                    + "ONEWINDOW_RETENTION_DAYS)")
    int retentionDays;

    @Option(names = "--read-only", defaultValue = "${env:ONEWINDOW_READ_ONLY:-false}",
            description = "a replica: follow the halls' Redis streams (needs --redis) and serve their displays, phone "
                    + "links and queries; commands are refused (env ONEWINDOW_READ_ONLY)")
    boolean readOnly;

    @Option(names = "--sms-url", paramLabel = "URL", defaultValue = "${env:ONEWINDOW_SMS_URL}",
            description = "SMS gateway the halls' notices are POSTed to (booking code, reminders, calls); without "
                    + "it they are written to <data>/outbox.jsonl (env ONEWINDOW_SMS_URL)")
    String smsUrl;

    @Option(names = "--public-url", paramLabel = "URL", defaultValue = "${env:ONEWINDOW_PUBLIC_URL}",
            description = "the address citizens' phones reach this server by, e.g. https://hall.example.gov.cn, "
                    + "put in the phone link's QR code at the kiosk; without it the code carries the address the "
                    + "kiosk itself used, which a phone outside the hall's network may not reach "
                    + "(env ONEWINDOW_PUBLIC_URL)")
    String publicUrl;

    @Option(names = "--tokens", paramLabel = "FILE", defaultValue = "${env:ONEWINDOW_TOKENS}",
            description = "role tokens file; without it demo tokens are made once under the data folder and "
                    + "printed (env ONEWINDOW_TOKENS)")
    Path tokens;

    @Option(names = "--instances", paramLabel = "N", defaultValue = "${env:ONEWINDOW_INSTANCES:-0}",
            description = "HTTP event loops serving requests; 0 for one per core (env ONEWINDOW_INSTANCES)")
    int instances;

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        if (code != 0) {
            System.exit(code);
        }
        // 0: the server runs on Vert.x's threads until the process is stopped
    }

    /** The command line, with errors reported as one line without a stack trace. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("onewindow: " + ex.getMessage());
            return 1;
        });
        return cl;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        ServerConfig config;
        try {
            int n = instances == 0 ? Math.max(1, Runtime.getRuntime().availableProcessors()) : instances;
            List<Path> hallFiles = halls == null ? List.of() : halls;
            config = new ServerConfig(host, port, data, hallFiles, blankToNull(redis), tokens, n, readOnly,
                    smsUri(blankToNull(smsUrl)), redisAcceptLoss, retentionDays,
                    uri("--public-url", blankToNull(publicUrl)));
            for (Path f : hallFiles) {
                HallFiles.read(f); // fail fast, before any thread starts
            }
        } catch (ConfigException e) {
            err.println("onewindow: " + e.getMessage());
            err.flush();
            return 2;
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Vertx vertx = HallServer.vertx(registry);
        HallServer server;
        try {
            server = HallServer.start(vertx, config, HallServer.journals(config, vertx), registry)
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
        } catch (ConfigException e) {
            err.println("onewindow: " + e.getMessage());
            err.flush();
            vertx.close();
            return 2;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            err.println("onewindow: " + (cause instanceof ConfigException ? "" : "cannot start: ")
                    + cause.getMessage());
            err.flush();
            vertx.close();
            return cause instanceof ConfigException ? 2 : 1;
        } catch (Exception e) {
            err.println("onewindow: cannot start: " + e);
            err.flush();
            vertx.close();
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close().compose(v -> vertx.close()).toCompletionStage().toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // the process is going away; the journals recover a torn tail
            }
        }, "onewindow-shutdown"));
        System.out.print(banner(server));
        System.out.flush();
        return 0;
    }

    /** What the server prints once it is ready: addresses, then the demo tokens if it made them. */
    static String banner(HallServer server) {
        String shown = server.config().host().equals("0.0.0.0") ? "localhost" : server.config().host();
        String base = "http://" + shown + ":" + server.port();
        StringBuilder b = new StringBuilder();
        b.append("OneWindow hall server ready on ").append(base).append('\n');
        b.append("  pages       ").append(base).append("/   (every hall and its screens)\n");
        b.append("  API         ").append(base).append("/api/v1/halls\n");
        b.append("  health      ").append(base).append("/health/ready   metrics ").append(base).append("/metrics\n");
        for (LiveHall h : server.halls().live()) {
            HallDefinition d = h.hall();
            b.append("  hall ").append(d.id()).append("  ").append(d.name()).append('\n');
            b.append("    screen    ").append(base).append("/display/").append(d.id()).append("   windows ")
                    .append(base).append("/display/").append(d.id()).append("/windows/{w}\n");
            b.append("    kiosk     ").append(base).append("/kiosk/").append(d.id()).append("   dashboard ")
                    .append(base).append("/dashboard/").append(d.id()).append('\n');
            b.append("    display   ").append(base.replace("http://", "ws://")).append("/ws/v1/halls/").append(d.id())
                    .append("/display   (SSE ").append(base).append("/sse/v1/halls/").append(d.id())
                    .append("/display)\n");
            b.append("    queue     ").append(base).append("/api/v1/halls/").append(d.id()).append("/queue\n");
        }
        b.append("  data        ").append(server.config().dataDir().toAbsolutePath().normalize()).append('\n');
        if (!server.demoTokens().isEmpty()) {
            b.append("Demo tokens (Authorization: Bearer <token>; kept in ")
                    .append(server.config().dataDir().resolve("demo-tokens.json")).append(", owner-only):\n");
            for (DataFolder.DemoToken t : server.demoTokens()) {
                String who = t.role().wireName() + (t.window() == null ? "" : " " + t.window());
                String where = t.hall() == null ? "every hall" : "hall " + t.hall();
                b.append(String.format("  %-10s %-12s %s%n", who, where, t.token()));
            }
        }
        return b.toString();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static URI smsUri(String url) {
        return uri("--sms-url", url);
    }

    private static URI uri(String option, String url) {
        if (url == null) {
            return null;
        }
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw new ConfigException(option + ": not a URL: " + url);
        }
    }
}
