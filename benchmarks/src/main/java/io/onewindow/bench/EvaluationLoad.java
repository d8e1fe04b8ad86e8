package io.onewindow.bench;

import io.onewindow.evaluator.Credentials;
import io.onewindow.evaluator.EvaluatorGateway;
import io.onewindow.evaluator.EvaluatorVerticle;
import io.onewindow.evaluator.HallSettings;
import io.onewindow.evaluator.ServiceRecord;
import io.onewindow.evaluator.WorkingCalendar;
import io.onewindow.evaluator.store.RedisEvaluationStore;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Ratings from window pads over WebSocket at a constant rate, each acknowledged only once Redis answered the
 * gateway's script (the Redis store): the gateway as the launcher runs it, on this JVM, against the Redis at
 * {@code --redis}. An open model without coordinated omission: rating {@code i} is due at {@code start + i / rate}
 * and its latency runs from that due time to its {@code Ack}.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.onewindow.bench.EvaluationLoad \
 *      --redis redis://127.0.0.1:6390 --rates 5000,10000,15000 --seconds 15 --warmup 5 --pads 20
 * </pre>
 * Before each rate it opens the services the run will rate (as ServiceCompleted events would, through the same
 * store), spread over {@code --pads} windows, one pad connection each; a rating of service {@code i} goes out on
 * the pad of its window. A rate is <em>sustained</em> when at least 99% of the due ratings were acknowledged
 * within the run and the p99 is under {@code --slo-ms} (default 20 ms). Each run uses a fresh hall id.
 *
 * <p>Beyond what the gateway takes at once ({@code --max-in-flight}, by default the gateway's own default) a rating
 * is refused with {@code TOO_MANY_REQUESTS}: the generator counts those apart ("refused") and does not send them
 * again (a pad would, a second later: that would only add load). Each rate also prints the CPU time the JVM (the
 * gateway and this generator together) and the Redis server spent per acknowledged rating over the measured
 * seconds, and the load average: on a shared machine those say more than the latencies.
 *
 * <p>The generator is cheap on purpose (it shares the JVM and the cores with the gateway): a rating's due time is
 * computed from its number, which its request id carries (no map of due times), and an Ack is read by its prefix
 * and its request id, without parsing it as JSON.
 */
public final class EvaluationLoad {

    private static final long MAX_LATENCY_NANOS = TimeUnit.SECONDS.toNanos(60);

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String redisUrl = opts.getOrDefault("redis", "redis://127.0.0.1:6379");
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "15"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "5"));
        int pads = Integer.parseInt(opts.getOrDefault("pads", "20"));
        double sloMs = Double.parseDouble(opts.getOrDefault("slo-ms", "20"));
        int maxInFlight = Integer.parseInt(opts.getOrDefault("max-in-flight",
                Integer.toString(EvaluatorGateway.DEFAULT_MAX_RATINGS_IN_FLIGHT)));
        List<Integer> rates = new ArrayList<>();
        for (String r : opts.getOrDefault("rates", "5000,10000").split(",")) {
            rates.add(Integer.parseInt(r.trim()));
        }
        Vertx vertx = Vertx.vertx();
        try {
            for (int rate : rates) {
                run(vertx, redisUrl, rate, seconds, warmup, pads, sloMs, maxInFlight);
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static void run(Vertx vertx, String redisUrl, int rate, int seconds, int warmup, int pads, double sloMs,
                            int maxInFlight) throws Exception {
        String hall = "bench" + UUID.randomUUID().toString().substring(0, 8);
        HallSettings settings = new HallSettings(hall, "评价压测", ZoneId.of("Asia/Shanghai"), WorkingCalendar.WEEKDAYS,
                "", TimeUnit.HOURS.toMillis(1), 7);
        Redis client = Redis.createClient(vertx, new RedisOptions().setConnectionString(redisUrl)
                .setMaxPoolSize(32).setMaxPoolWaiting(1_000_000).setMaxWaitingHandlers(1_000_000));
        Credentials pads0 = (h, token) -> token.startsWith("pad-") ? new Credentials.Holder("pad",
                token.substring(4)) : null;
        EvaluatorGateway gateway = new EvaluatorGateway(vertx, List.of(settings),
                new RedisEvaluationStore(client, List.of(settings)), pads0, Clock.systemUTC(), maxInFlight);
        gateway.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        EvaluatorVerticle verticle = new EvaluatorVerticle(gateway, "127.0.0.1", 0);
        String deployment = vertx.deployVerticle(verticle).toCompletionStage().toCompletableFuture().get();

        int total = rate * (seconds + warmup);
        long opening = System.nanoTime();
        long now = System.currentTimeMillis();
        for (int i = 1; i <= total; i++) {
            gateway.serviceCompleted(new ServiceRecord(ServiceRecord.serviceId(hall, i), hall, i, i, "A" + i, "A",
                    Integer.toString(i % pads), "0571", "王营定", now, null));
        }
        while (gateway.on(b -> b.lastOpenedSeq(hall)).toCompletionStage().toCompletableFuture().get() < total) {
            Thread.sleep(100);
        }
        double openSeconds = (System.nanoTime() - opening) / 1e9;

        Recorder recorder = new Recorder(MAX_LATENCY_NANOS, 3);
        AtomicLong acked = new AtomicLong();
        AtomicLong ackedAll = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        ConcurrentHashMap<String, Long> errorCodes = new ConcurrentHashMap<>();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        long measureFrom = start + TimeUnit.SECONDS.toNanos(warmup);
        long end = start + TimeUnit.SECONDS.toNanos(warmup + seconds);
        long intervalNanos = 1_000_000_000L / rate;
        String idSuffix = "-" + hall;
        WebSocketClient wsClient = vertx.createWebSocketClient();
        List<WebSocket> sockets = new ArrayList<>();
        for (int w = 0; w < pads; w++) {
            WebSocket ws = wsClient.connect(new WebSocketConnectOptions().setHost("127.0.0.1")
                    .setPort(verticle.actualPort()).setURI("/ws/v1/halls/" + hall + "/windows/" + w + "/pad?token=pad-"
                            + w)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            ws.textMessageHandler(text -> {
                long t = System.nanoTime();
                if (text.startsWith(ACK_PREFIX)) { // {"type":"Ack","requestId":"r<i>-<hall>",...
                    ackedAll.incrementAndGet();
                    long i = ratingNumber(text, ACK_PREFIX.length());
                    long due = start + (i - 1) * intervalNanos;
                    if (i > 0 && due >= measureFrom) {
                        recorder.recordValue(Math.min(Math.max(0, t - due), MAX_LATENCY_NANOS));
                        acked.incrementAndGet();
                    }
                    return;
                }
                if (text.startsWith(ERROR_PREFIX) && text.endsWith(TOO_MANY_SUFFIX)) { // read without parsing
                    refused.incrementAndGet();
                    return;
                }
                JsonObject m = new JsonObject(text);
                if ("Error".equals(m.getString("type"))) {
                    String code = String.valueOf(m.getString("code"));
                    if ("TOO_MANY_REQUESTS".equals(code)) {
                        refused.incrementAndGet();
                    } else {
                        errors.incrementAndGet();
                        errorCodes.merge(code, 1L, Long::sum);
                    }
                }
            });
            sockets.add(ws);
        }

        // one sender thread, due times on a fixed schedule: a late send is charged its lateness. The thread sleeps
        // until the next rating is due and then sends every rating due by then, so that it does not spin a core the
        // gateway needs (on 2 cores a spinning sender took half the machine).
        java.util.concurrent.CompletableFuture<Cpu> cpuAtStart = new java.util.concurrent.CompletableFuture<>();
        Thread sampler = new Thread(() -> { // not on the sender: a wait there would delay the ratings due then
            try {
                for (long wait = measureFrom - System.nanoTime(); wait > 0; wait = measureFrom - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                cpuAtStart.complete(Cpu.now(client, ackedAll.get()));
            } catch (Exception e) {
                cpuAtStart.completeExceptionally(e);
            }
        }, "cpu-sampler");
        sampler.start();
        for (int i = 1; i <= total; i++) {
            long due = start + (i - 1) * intervalNanos;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            String requestId = "r" + i + idSuffix;
            int w = i % pads;
            String msg = "{\"type\":\"Evaluation\",\"requestId\":\"" + requestId + "\",\"serviceId\":\""
                    + ServiceRecord.serviceId(hall, i) + "\",\"rating\":" + (1 + i % 5) + ",\"reasons\":"
                    + (i % 5 < 2 ? "[\"等候时间长\"]" : "[]") + ",\"comment\":\"\"}";
            sockets.get(w).writeTextMessage(msg);
        }
        long due = (long) seconds * rate;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (acked.get() + refused.get() + errors.get() < due && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        long finished = System.nanoTime();
        Cpu cpuTo = Cpu.now(client, ackedAll.get());
        Cpu cpuFrom = cpuAtStart.get(10, TimeUnit.SECONDS);
        Histogram h = recorder.getIntervalHistogram();
        double achieved = acked.get() / ((Math.max(finished, end) - measureFrom) / 1e9);
        boolean sustained = acked.get() >= 0.99 * due && h.getValueAtPercentile(99) / 1e6 < sloMs
                && errors.get() == 0 && refused.get() == 0;
        long perRating = Math.max(1, cpuTo.acked() - cpuFrom.acked());
        System.out.printf(Locale.ROOT, "rate %d/s: opened %d services in %.1f s; measured %d s: acked %d of %d "
                        + "(%.0f/s), refused (TOO_MANY_REQUESTS) %d, errors %d%s; latency ms p50 %.2f p90 %.2f "
                        + "p99 %.2f p99.9 %.2f max %.2f; cpu per acked rating: JVM %.0f us, Redis %.0f us; "
                        + "load average %.2f; %s%n",
                rate, total, openSeconds, seconds, acked.get(), due, achieved, refused.get(), errors.get(),
                errorCodes.isEmpty() ? "" : " " + errorCodes,
                h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(90) / 1e6, h.getValueAtPercentile(99) / 1e6,
                h.getValueAtPercentile(99.9) / 1e6, h.getMaxValue() / 1e6,
                (cpuTo.jvmNanos() - cpuFrom.jvmNanos()) / 1e3 / perRating,
                (cpuTo.redisSeconds() - cpuFrom.redisSeconds()) * 1e6 / perRating,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                sustained ? "SUSTAINED" : "NOT sustained");
        System.out.flush();
        for (WebSocket ws : sockets) {
            ws.close();
        }
        vertx.undeploy(deployment).toCompletionStage().toCompletableFuture().get();
        gateway.close().toCompletionStage().toCompletableFuture().get();
    }

    private static final String ACK_PREFIX = "{\"type\":\"Ack\",\"requestId\":\"r";
    private static final String ERROR_PREFIX = "{\"type\":\"Error\",";
    private static final String TOO_MANY_SUFFIX = ",\"code\":\"TOO_MANY_REQUESTS\"}";

    /** The number i of the rating whose request id ("r" + i + "-" + hall) starts at {@code from}; 0 if none. */
    static long ratingNumber(String text, int from) {
        long i = 0;
        for (int k = from; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c < '0' || c > '9') {
                return c == '-' ? i : 0;
            }
            i = i * 10 + (c - '0');
        }
        return 0;
    }

    /**
     * CPU time so far: this JVM's (the gateway and the generator) and the Redis server's (INFO cpu, user + system),
     * with the Acks received so far.
     */
    private record Cpu(long jvmNanos, double redisSeconds, long acked) {
        static Cpu now(Redis client, long acked) throws Exception {
            long jvm = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime();
            String info = client.send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.INFO)
                    .arg("cpu")).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).toString();
            double redis = 0;
            for (String line : info.split("\r?\n")) {
                if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                    redis += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            return new Cpu(jvm, redis, acked);
        }
    }
}
