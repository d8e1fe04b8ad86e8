package io.onewindow.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Ticket issue over HTTP at a constant request rate: {@code POST /api/v1/halls/{hall}/tickets} against a running
 * hall server, as kiosks would send them. An open model without coordinated omission: request {@code i} is due at
 * {@code start + i / rate} whether or not earlier ones were answered, and its latency is measured from that due
 * time, so a server that stalls is charged for every request that waited behind the stall.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.onewindow.bench.IssueLoad \
 *      --url http://127.0.0.1:8080 --token KIOSK_TOKEN --rates 5000,10000 --seconds 20 --warmup 5
 * </pre>
 * For each rate: a warm-up (not recorded), then the measured run; prints achieved rate, p50/p99/p99.9/max of the
 * latency, and the answers by status. A rate is <em>sustained</em> when at least 99% of the due requests were
 * answered 201 within the run and the p99 is under {@code --slo-ms} (default 100 ms).
 *
 * <p>Each request issues a ticket of the next category in turn ({@code --categories A,B,C}); the line only grows,
 * so start each measurement on a fresh data folder. With {@code --close-day-token MANAGER_TOKEN}, a manager closes
 * the day every {@code --close-day-ms} (default 400) milliseconds, not measured, so that the line never holds
 * more than about {@code rate * close-day-ms / 1000} tickets (2,000 at 5,000/s): a line as long as a hall's,
 * which no generator on two cores could keep short by calling tickets (four requests per ticket). Requests stop by themselves: each run is bounded by its
 * seconds, and the process ends after the last rate.
 */
public final class IssueLoad {

    private static final long MAX_LATENCY_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final Vertx vertx;
    private final HttpClientAgent client;
    private final String path;
    private final String token;
    private final List<Buffer> bodies = new ArrayList<>();

    private IssueLoad(Vertx vertx, HttpClientAgent client, String hall, String token, List<String> categories) {
        this.vertx = vertx;
        this.client = client;
        this.path = "/api/v1/halls/" + hall + "/tickets";
        this.token = token;
        for (String c : categories) {
            bodies.add(Buffer.buffer("{\"category\":\"" + c + "\"}"));
        }
    }

    /** What one run measured. */
    record Result(double targetRate, double seconds, double elapsedSeconds, long due, long ok,
                  Map<Integer, Long> byStatus, long failed, Histogram latency, double serverCpuSeconds,
                  String loadBefore, String loadAfter) {

        /** 201s per second, from the first due time to the last answer: below the target when answers lag. */
        double achievedRate() {
            return ok / Math.max(seconds, elapsedSeconds);
        }

        boolean sustained(long sloMillis) {
            return ok >= 0.99 * due && latency.getValueAtPercentile(99) <= TimeUnit.MILLISECONDS.toNanos(sloMillis);
        }

        String describe() {
            return String.format(Locale.ROOT,
                    "target %,.0f/s  achieved %,.0f/s  due %,d  201 %,d  other %s  failed %,d  "
                            + "p50 %.2f ms  p99 %.2f ms  p99.9 %.2f ms  max %.2f ms",
                    targetRate, achievedRate(), due, ok, byStatus, failed, ms(latency.getValueAtPercentile(50)),
                    ms(latency.getValueAtPercentile(99)), ms(latency.getValueAtPercentile(99.9)),
                    ms(latency.getMaxValue()))
                    + String.format(Locale.ROOT, "  server CPU %.0f us/ticket  load %s -> %s",
                    ok == 0 ? 0 : serverCpuSeconds * 1e6 / ok, loadBefore, loadAfter);
        }

        private static double ms(long nanos) {
            return nanos / 1e6;
        }
    }

    /**
     * Sends at {@code rate} per second for {@code seconds}. Returns once every
     * request sent has been answered or failed (or 60 s after the end).
     */
    Result run(double rate, double seconds) throws Exception {
        double cpuBefore = serverCpuSeconds();
        String loadBefore = loadAverage();
        long total = (long) (rate * seconds);
        double intervalNanos = 1e9 / rate;
        Recorder recorder = new Recorder(MAX_LATENCY_NANOS, 3);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Map<Integer, AtomicLong> byStatus = new java.util.concurrent.ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(1);
        AtomicLong answered = new AtomicLong();
        AtomicLong lastAnswer = new AtomicLong();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        long[] sent = {0};
        long timer = vertx.setPeriodic(1, id -> {
            long now = System.nanoTime();
            // send every request that is due by now, each stamped with its own due time
            while (sent[0] < total) {
                long due = start + (long) (sent[0] * intervalNanos);
                if (due > now) {
                    break;
                }
                Buffer body = bodies.get((int) (sent[0] % bodies.size()));
                sent[0]++;
                send(body).onComplete(ar -> {
                    long at = System.nanoTime();
                    lastAnswer.accumulateAndGet(at, Math::max);
                    long latency = Math.min(MAX_LATENCY_NANOS, at - due);
                    if (ar.succeeded()) {
                        int status = ar.result();
                        if (status == 201) {
                            ok.incrementAndGet();
                        } else {
                            byStatus.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                        }
                        recorder.recordValue(latency);
                    } else {
                        failed.incrementAndGet();
                    }
                    if (answered.incrementAndGet() == total) {
                        done.countDown();
                    }
                });
            }
            if (sent[0] >= total) {
                vertx.cancelTimer(id);
            }
        });
        boolean finished = done.await((long) (seconds * 1000) + 60_000, TimeUnit.MILLISECONDS);
        vertx.cancelTimer(timer);
        Histogram h = recorder.getIntervalHistogram();
        Map<Integer, Long> statuses = new TreeMap<>();
        byStatus.forEach((s, n) -> statuses.put(s, n.get()));
        long unanswered = finished ? 0 : total - answered.get();
        double elapsed = (lastAnswer.get() - start) / 1e9;
        double cpu = serverCpuSeconds() - cpuBefore;
        return new Result(rate, seconds, elapsed, total, ok.get(), statuses, failed.get() + unanswered, h, cpu,
                loadBefore, loadAverage());
    }

    /** The server's process CPU seconds from its /metrics, or NaN when it does not export them. */
    private double serverCpuSeconds() throws Exception {
        String text = client.request(HttpMethod.GET, "/metrics").compose(req -> req.send())
                .compose(resp -> resp.body()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                .toString();
        for (String line : text.split("\n")) {
            if (line.startsWith("process_cpu_seconds_total ")) {
                return Double.parseDouble(line.substring(line.indexOf(' ') + 1).strip());
            }
        }
        return Double.NaN;
    }

    /** The 1-minute load average of this machine (Linux), to tell a shared machine from an idle one. */
    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException | RuntimeException e) {
            return "?";
        }
    }

    private Future<Integer> send(Buffer body) {
        return client.request(new RequestOptions().setMethod(HttpMethod.POST).setURI(path)
                        .putHeader("Authorization", "Bearer " + token)
                        .putHeader("Content-Type", "application/json"))
                .compose(req -> req.send(body))
                .compose(resp -> resp.body().map(b -> resp.statusCode()));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        URI url = URI.create(opts.getOrDefault("url", "http://127.0.0.1:8080"));
        String token = opts.get("token");
        if (token == null) {
            System.err.println("IssueLoad: --token KIOSK_TOKEN is required (a kiosk or guide token of the server)");
            System.exit(2);
        }
        List<Double> rates = new ArrayList<>();
        for (String r : opts.getOrDefault("rates", "5000").split(",")) {
            rates.add(Double.parseDouble(r.strip()));
        }
        double seconds = Double.parseDouble(opts.getOrDefault("seconds", "20"));
        double warmup = Double.parseDouble(opts.getOrDefault("warmup", "5"));
        int connections = Integer.parseInt(opts.getOrDefault("connections", "64"));
        long slo = Long.parseLong(opts.getOrDefault("slo-ms", "100"));
        List<String> categories = List.of(opts.getOrDefault("categories", "A,B,C").split(","));

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        HttpClientAgent client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(url.getHost())
                        .setDefaultPort(url.getPort()).setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
        IssueLoad load = new IssueLoad(vertx, client, opts.getOrDefault("hall", "demo"), token, categories);
        String manager = opts.get("close-day-token");
        long closer = -1;
        if (manager != null) {
            long every = Long.parseLong(opts.getOrDefault("close-day-ms", "400"));
            String closeDay = "/api/v1/halls/" + opts.getOrDefault("hall", "demo") + "/close-day";
            closer = vertx.setPeriodic(every, id -> client.request(new RequestOptions().setMethod(HttpMethod.POST)
                            .setURI(closeDay).putHeader("Authorization", "Bearer " + manager))
                    .compose(req -> req.send()).compose(resp -> resp.body()));
            System.out.printf(Locale.ROOT, "the day is closed every %d ms: at most about %,.0f tickets wait%n",
                    every, rates.stream().mapToDouble(Double::doubleValue).max().orElse(0) * every / 1000);
        }
        System.out.printf(Locale.ROOT, "IssueLoad %s hall %s: %d connections, %.0f s warm-up, %.0f s per rate, "
                + "SLO p99 <= %d ms%n", url, opts.getOrDefault("hall", "demo"), connections, warmup, seconds, slo);
        double best = 0;
        for (double rate : rates) {
            if (warmup > 0) {
                load.run(rate, warmup);
            }
            Result r = load.run(rate, seconds);
            System.out.println(r.describe() + (r.sustained(slo) ? "  SUSTAINED" : "  NOT SUSTAINED"));
            if (r.sustained(slo)) {
                best = Math.max(best, rate);
            }
        }
        System.out.printf(Locale.ROOT, "highest sustained rate tried: %,.0f/s%n", best);
        vertx.cancelTimer(closer);
        client.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> out = new TreeMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                System.err.println("IssueLoad: options are --name value pairs: --url --hall --token --rates --seconds "
                        + "--warmup --connections --categories --slo-ms --close-day-token --close-day-ms");
                System.exit(2);
            }
            out.put(args[i].substring(2), args[++i]);
        }
        return out;
    }
}
