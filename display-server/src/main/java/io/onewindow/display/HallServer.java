package io.onewindow.display;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.HallDefinitions;
import io.onewindow.core.LockFreeDispatcher;
import io.onewindow.core.PersonKeys;
import io.onewindow.core.journal.Journal;
import io.onewindow.core.metrics.HallMetrics;
import io.onewindow.core.notice.Notifier;
import io.onewindow.core.notice.OutboxNotifier;
import io.onewindow.display.access.InvalidTokensException;
import io.onewindow.display.access.AddressLimit;
import io.onewindow.display.access.Tokens;
import io.onewindow.display.hall.AppointmentSweeper;
import io.onewindow.display.hall.DayCloser;
import io.onewindow.display.hall.NoticeDesk;
import io.onewindow.display.hall.Halls;
import io.onewindow.display.hall.LiveHall;
import io.onewindow.display.hall.ServerStats;
import io.onewindow.display.http.ApiRoutes;
import io.onewindow.display.http.ApiVerticle;
import io.onewindow.display.pages.PageRoutes;
import io.onewindow.display.store.HttpNotifier;
import io.onewindow.display.store.JournalFactory;
import io.onewindow.display.store.Journals;
import io.onewindow.display.store.UnsafeRedisException;
import io.onewindow.display.ws.StreamConfig;
import io.onewindow.display.ws.StreamRoutes;
import io.onewindow.display.access.AccessToken;
import io.onewindow.evaluator.Credentials;
import io.onewindow.evaluator.EvaluationStore;
import io.onewindow.evaluator.EvaluatorGateway;
import io.onewindow.evaluator.HallSettings;
import io.onewindow.evaluator.http.EvaluationRoutes;
import io.onewindow.evaluator.store.FileEvaluationStore;
import io.onewindow.evaluator.store.RedisEvaluationStore;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hall server in one JVM: sets up the data folder, opens each hall's journal, serves HTTP, recovers the halls,
 * then closes their days at local midnight. Confined to start-up and shut-down (the halls it runs are
 * thread-safe).
 *
 * <pre>
 *  start:  data folder, salt, tokens, hall files, journals   (worker thread: blocking reads)
 *       -> HTTP verticles listen                             (/health/live answers; hall routes say 503)
 *       -> the notifier; each hall replays its journal       (worker thread)
 *          and sends the notices still due from what it recovered
 *       -> ready: /health/ready 200, commands taken; day closers armed
 * </pre>
 */
public final class HallServer {

    private static final Logger LOG = LoggerFactory.getLogger(HallServer.class);

    private final Vertx vertx;
    private final ServerConfig config;
    private final Halls halls;
    private final List<DataFolder.DemoToken> demoTokens;
    private final List<ApiVerticle> verticles = new ArrayList<>();
    private final List<String> deployments = new ArrayList<>();
    private final List<DayCloser> dayClosers = new ArrayList<>();
    private final List<AppointmentSweeper> sweepers = new ArrayList<>();
    private final List<NoticeDesk> noticeDesks = new ArrayList<>();
    /** Where the halls' SMS notices go; made off the event loops at start, null on a replica. */
    private volatile Notifier notifier;
    /** Booking requests per address and minute, shared by every HTTP event loop. */
    private final AddressLimit bookingLimit = new AddressLimit(ApiRoutes.DEFAULT_BOOKINGS_PER_MINUTE);
    private final List<Journal.Following> followers = new ArrayList<>();
    private volatile boolean closing;
    private final ServerMeters meters;
    private EvaluatorGateway evaluator;

    private HallServer(Vertx vertx, ServerConfig config, Halls halls, List<DataFolder.DemoToken> demoTokens,
                       ServerMeters meters) {
        this.meters = meters;
        this.vertx = vertx;
        this.config = config;
        this.halls = halls;
        this.demoTokens = demoTokens;
    }

    /** Starts the server; the future completes once every hall has recovered and takes commands. */
    public static Future<HallServer> start(Vertx vertx, ServerConfig config, JournalFactory journals) {
        return start(vertx, config, journals, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /**
     * Starts the server with its figures in {@code registry}, the one a Vert.x made by {@link #vertx} reports
     * to; {@code GET /metrics} scrapes it.
     */
    public static Future<HallServer> start(Vertx vertx, ServerConfig config, JournalFactory journals,
                                           PrometheusMeterRegistry registry) {
        return start(vertx, config, journals, registry, NoticeDesk.Backoff.DEFAULT);
    }

    /** As above, with the notice desks trying failed notices again after {@code noticeBackoff} (tests). */
    static Future<HallServer> start(Vertx vertx, ServerConfig config, JournalFactory journals,
                                    PrometheusMeterRegistry registry, NoticeDesk.Backoff noticeBackoff) {
        ServerStats stats = new ServerStats(registry);
        Setup[] setup = new Setup[1];
        Notifier[] notifier = new Notifier[1];
        return vertx.executeBlocking(() -> setup[0] = setUp(config, journals, stats), false)
                .compose(s -> {
                    HallServer server = new HallServer(vertx, config, s.halls, s.demoTokens,
                            ServerMeters.bind(vertx, registry, s.halls));
                    return server.startEvaluator(s.tokens).compose(v -> server.listen(s.tokens, stats)).map(server);
                })
                .compose(server -> vertx.executeBlocking(() -> {
                    if (!config.readOnly()) {
                        server.notifier = notifier[0] = notifier(vertx, config);
                    }
                    for (LiveHall h : server.halls.live()) {
                        if (config.readOnly()) {
                            h.recover();
                        } else {
                            // the desk hears of every event made durable once the hall is ready, and then sends
                            // what the hall recovered that is still due (a crash may have come before its notice)
                            NoticeDesk desk = new NoticeDesk(vertx, h, server.notifier, noticeBackoff);
                            Gauge.builder("onewindow.notices.waiting.retry", desk, NoticeDesk::waiting)
                                    .description("Code and call notices that failed and wait to be sent again")
                                    .tags("hall", h.hall().id()).register(registry);
                            desk.listen();
                            server.noticeDesks.add(desk);
                            h.recoverClosingMissedDay(System.currentTimeMillis());
                            desk.catchUp(System.currentTimeMillis());
                            h.dropOldDays(); // on a thread of its own: the hall serves meanwhile
                        }
                    }
                    return server;
                }, false))
                .map(server -> {
                    if (config.readOnly()) {
                        // a replica follows each hall from where its recovery ended; the owner closes the days
                        for (LiveHall h : server.halls.live()) {
                            Journal.Following following = h.journal().follow(h.dispatcher().snapshot().seq(),
                                    h::applyFollowed);
                            server.followers.add(following);
                            // a follower that stops leaves a frozen hall: say so on its routes and in health
                            following.stopped().whenComplete((v, err) -> {
                                if (!server.closing) {
                                    h.followingStopped(err != null ? err
                                            : new IllegalStateException("following stopped"));
                                }
                            });
                        }
                        return server;
                    }
                    for (LiveHall h : server.halls.live()) {
                        DayCloser closer = new DayCloser(vertx, h);
                        server.dayClosers.add(closer);
                        closer.start();
                        AppointmentSweeper sweeper = new AppointmentSweeper(vertx, h);
                        server.sweepers.add(sweeper);
                        sweeper.start();
                    }
                    server.noticeDesks.forEach(NoticeDesk::start); // the reminders
                    return server;
                })
                .recover(err -> {
                    if (notifier[0] != null) {
                        notifier[0].close();
                    }
                    Setup s = setup[0];
                    if (s != null) {
                        s.closeJournals();
                    }
                    return Future.failedFuture(err);
                });
    }

    private record Setup(Halls halls, Tokens tokens, List<DataFolder.DemoToken> demoTokens) {
        void closeJournals() {
            for (LiveHall h : halls.live()) {
                try {
                    h.journal().close();
                } catch (RuntimeException e) {
                    LOG.warn("closing the journal of hall {} failed", h.hall().id(), e);
                }
            }
        }
    }

    private static Setup setUp(ServerConfig config, JournalFactory journals, ServerStats stats) throws IOException {
        DataFolder data = new DataFolder(config.dataDir());
        data.prepare();
        List<HallDefinition> definitions = new ArrayList<>();
        if (config.hallFiles().isEmpty()) {
            definitions.add(HallDefinitions.demo());
        }
        for (Path file : config.hallFiles()) {
            definitions.add(HallFiles.read(file));
        }
        List<DataFolder.DemoToken> demo = List.of();
        Tokens tokens;
        try {
            if (config.tokensFile() != null) {
                tokens = Tokens.read(config.tokensFile());
            } else {
                demo = data.demoTokens(definitions);
                tokens = Tokens.read(data.demoTokensFile());
            }
        } catch (InvalidTokensException e) {
            throw new ConfigException(e.getMessage());
        }
        PersonKeys keys = new PersonKeys(data.salt());
        List<LiveHall> live = new ArrayList<>();
        ConcurrentLinkedQueue<Journal> opened = new ConcurrentLinkedQueue<>();
        try {
            for (HallDefinition d : definitions) {
                if (live.stream().anyMatch(h -> h.hall().id().equals(d.id()))) {
                    throw new ConfigException("--hall: two hall files define the hall \"" + d.id() + "\"");
                }
                Journal journal;
                try {
                    journal = journals.open(d, data.root());
                } catch (UnsafeRedisException e) {
                    throw new ConfigException(e.getMessage(), e);
                }
                opened.add(journal);
                LiveHall h = new LiveHall(new LockFreeDispatcher(d, Clock.systemUTC(), keys), journal,
                        new HallMetrics(d), stats, config.readOnly());
                h.retainDays(config.retentionDays(), Clock.systemUTC());
                live.add(h);
            }
        } catch (IOException | RuntimeException e) {
            opened.forEach(Journal::close);
            throw e;
        }
        return new Setup(new Halls(live), tokens, demo);
    }

    /**
     * The journals the configuration asks for: Redis with {@code --redis}, else the embedded file journal. The
     * owner of the halls checks Redis's persistence as the first hall opens: a Redis that can lose acknowledged
     * events is refused ({@link ConfigException}) unless {@code --redis-accept-loss}; a replica writes nothing and
     * does not check.
     *
     * @throws ConfigException when the Redis URL is not one
     */
    public static JournalFactory journals(ServerConfig config, Vertx vertx) {
        try {
            Journals.Persistence persistence = config.readOnly() ? Journals.Persistence.UNCHECKED
                    : config.redisAcceptLoss() ? Journals.Persistence.LOSS_ACCEPTED : Journals.Persistence.REQUIRED;
            return Journals.of(config.redisUrl(), vertx, Math.max(1, config.hallFiles().size()), persistence);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--redis " + config.redisUrl() + ": " + e.getMessage());
        }
    }

    /**
     * The evaluator gateway in this JVM (not on a read-only replica: the owner's gateway rates): its store (the
     * embedded file under the data folder, or Redis with {@code --redis}), the server's tokens, and each hall's
     * durable events. It follows the halls before they recover and reads what they recover, so it hears of every
     * service ever completed, and opens the evaluations that a crash kept from being stored (once each).
     */
    private Future<Void> startEvaluator(Tokens tokens) {
        if (config.readOnly()) {
            return Future.succeededFuture();
        }
        List<HallSettings> settings = new ArrayList<>();
        for (LiveHall h : halls.live()) {
            settings.add(HallSettings.of(h.hall()));
        }
        Credentials credentials = (hall, presented) -> {
            AccessToken t = tokens.authenticate(presented);
            return t == null || !t.validIn(hall) ? null : new Credentials.Holder(t.role().wireName(), t.window());
        };
        return vertx.executeBlocking(() -> config.redisUrl() != null
                ? new RedisEvaluationStore(Redis.createClient(vertx, new RedisOptions()
                        .setConnectionString(config.redisUrl()).setMaxPoolSize(32).setMaxPoolWaiting(100_000)
                        .setMaxWaitingHandlers(100_000)),
                        settings)
                : (EvaluationStore) FileEvaluationStore.open(config.dataDir()), false)
                .compose(store -> new EvaluatorGateway(vertx, settings, store, credentials, Clock.systemUTC()).start())
                .map(g -> {
                    evaluator = g;
                    for (LiveHall h : halls.live()) {
                        String id = h.hall().id();
                        // the catch-up: what the hall recovers, then what it makes durable, all in order
                        h.onRecovered(e -> g.hallEvent(id, e));
                        g.follow(id, h.journal());
                    }
                    return null;
                });
    }

    /** The evaluator gateway running in this JVM, or null on a replica. */
    public EvaluatorGateway evaluator() {
        return evaluator;
    }

    private Future<Void> listen(Tokens tokens, ServerStats stats) {
        // one fan-out per server, shared by every verticle instance; its client gauges are the server's
        StreamRoutes streams = StreamRoutes.create(vertx, halls, StreamConfig.DEFAULTS, stats.displayClients(),
                stats.trackClients());
        // several instances on port 0 would each get their own random port: a negative port shares one
        int port = config.port() == 0 && config.instances() > 1 ? -1 : config.port();
        EvaluationRoutes evaluations = evaluator == null ? null : new EvaluationRoutes(evaluator);
        EvaluatorGateway gateway = evaluator;
        return PageRoutes.create(vertx, halls, tokens, id -> config.dataDir().resolve(id), link -> gateway == null
                ? Future.succeededFuture(false) : gateway.on(b -> b.serviceOfLink(link) != null), config.publicUrl())
                .compose(pages ->
                vertx.deployVerticle(() -> {
                    // the streams, the evaluator's routes and the pages go ahead of the API's body handler
                    ApiVerticle v = new ApiVerticle(halls, tokens, stats, r -> {
                        streams.mount(r);
                        if (evaluations != null) {
                            evaluations.mount(r);
                            evaluations.mountMetricsPart(r);
                        }
                        pages.mount(r);
                    }, config.host(), port, bookingLimit);
                    synchronized (verticles) {
                        verticles.add(v);
                    }
                    return v;
                }, new DeploymentOptions().setInstances(config.instances()))).onSuccess(deployments::add).mapEmpty();
    }

    /** A Vert.x whose HTTP servers, worker pools and event loops report to the registry of {@code /metrics}. */
    public static Vertx vertx(PrometheusMeterRegistry registry) {
        return ServerMeters.vertx(registry);
    }

    /**
     * The notifier of the config: the SMS gateway's HTTP adapter (its sent ids in {@code <data>/notices-sent.log})
     * or the outbox file {@code <data>/outbox.jsonl}. Blocking (reads its file).
     */
    static Notifier notifier(Vertx vertx, ServerConfig config) throws IOException {
        if (config.smsUrl() != null) {
            return new HttpNotifier(vertx, config.smsUrl(), config.dataDir().resolve("notices-sent.log"), 5, 1_000);
        }
        return new OutboxNotifier(config.dataDir().resolve("outbox.jsonl"));
    }

    /** The port the server listens on. */
    public int port() {
        synchronized (verticles) {
            return verticles.get(0).actualPort();
        }
    }

    public Halls halls() {
        return halls;
    }

    public ServerConfig config() {
        return config;
    }

    /** The demo tokens in clear, to print; empty when the tokens came from a file. */
    public List<DataFolder.DemoToken> demoTokens() {
        return demoTokens;
    }

    /** Stops serving, then closes the journals (which flush what they hold). */
    public Future<Void> close() {
        dayClosers.forEach(DayCloser::stop);
        sweepers.forEach(AppointmentSweeper::stop);
        noticeDesks.forEach(NoticeDesk::stop);
        if (notifier != null) {
            notifier.close();
        }
        closing = true;
        followers.forEach(Journal.Following::close);
        List<Future<Void>> undeploys = new ArrayList<>();
        for (String id : deployments) {
            undeploys.add(vertx.undeploy(id));
        }
        if (evaluator != null) {
            undeploys.add(evaluator.close());
        }
        return Future.join(undeploys).transform(ar -> vertx.executeBlocking(() -> {
            for (LiveHall h : halls.live()) {
                h.journal().close();
            }
            meters.close();
            LOG.info("hall server stopped");
            return null;
        }, false)).mapEmpty();
    }
}
