package io.onewindow.display;

import static io.onewindow.display.TestServer.KIOSK;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ten thousand displays connect at once to a hall server running as its own process (so that each side holds
 * its own sockets), from 32 loopback addresses (127.0.0.2 to 127.0.0.33, 312 or 313 each): each address gets
 * its 256 streams and no more, every other attempt is refused before the upgrade with 429
 * {@code TOO_MANY_CONNECTIONS}, the server keeps taking commands while the displays pour in, every admitted
 * display then receives every event in order without a gap, the heap after a collection stays small, and once
 * the displays leave their places are free again.
 */
@ExtendWith(VertxExtension.class)
class TenThousandDisplaysTest {

    private static final Pattern READY = Pattern.compile("ready on http://127\\.0\\.0\\.1:(\\d+)");
    private static final String HALL = "/api/v1/halls/demo";
    private static final int ATTEMPTS = 10_000;
    private static final int ADDRESSES = 32;
    private static final int PER_ADDRESS = 256; // ConnectionLimits.DEFAULTS
    private static final int IN_FLIGHT = 1_000;
    private static final Pattern HEAP_USED = Pattern.compile(
            "(?m)^jvm_memory_used_bytes\\{area=\"heap\",[^}]*} ([0-9.E+]+)");

    private Process process;
    private WebClient client;
    private final List<NetClient> netClients = new ArrayList<>();

    /** One display as the test sees it: written on its socket's event loop only, read after it settles. */
    private static final class Display {
        volatile RawWebSocket ws;
        volatile long last = -1;
        volatile int snapshots;
        volatile int gaps;

        void onText(String text) {
            JsonObject m = new JsonObject(text);
            long seq = m.getLong("seq");
            if ("Snapshot".equals(m.getString("type"))) {
                snapshots++;
            } else if (last < 0 || seq != last + 1) {
                gaps++;
            }
            last = seq;
        }
    }

    @AfterEach
    void stop() {
        if (process != null) {
            process.destroyForcibly();
        }
        if (client != null) {
            client.close();
        }
        netClients.forEach(NetClient::close);
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void shouldAdmitDisplaysUpToTheLimitRefuseTheRestWith429AndKeepServingEveryEventInOrder(Vertx vertx,
            @TempDir Path dir) throws Exception {
        Path tokens = dir.resolve("tokens.json");
        Files.writeString(tokens, TestServer.TOKENS);
        int port = start(dir.resolve("data"), tokens, dir.resolve("server.log"));
        client = WebClient.create(vertx);
        send(port, HttpMethod.POST, HALL + "/windows/1/open", TestServer.window("1"),
                new JsonObject().put("staff", new JsonObject().put("id", "0571").put("name", "王营定")));
        for (int i = 0; i < ADDRESSES; i++) {
            netClients.add(vertx.createNetClient(new NetClientOptions().setLocalAddress("127.0.0." + (2 + i))
                    .setConnectTimeout(60_000)));
        }
        List<Display> displays = new ArrayList<>(ATTEMPTS);
        ConcurrentLinkedQueue<String> other = new ConcurrentLinkedQueue<>();
        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<Integer> duringTheStorm = new ArrayList<>();
        Semaphore inFlight = new Semaphore(IN_FLIGHT);

        for (int i = 0; i < ATTEMPTS; i++) {
            inFlight.acquire();
            Display d = new Display();
            d.ws = RawWebSocket.open(netClients.get(i % ADDRESSES), port, "/ws/v1/halls/demo/display", d::onText);
            displays.add(d);
            d.ws.status().onComplete(ar -> {
                if (ar.succeeded() && ar.result() == 101) {
                    admitted.incrementAndGet();
                } else if (ar.succeeded() && ar.result() == 429 && d.ws.refusal().contains("TOO_MANY_CONNECTIONS")) {
                    refused.incrementAndGet();
                } else {
                    other.add(ar.succeeded() ? ar.result() + " " + d.ws.refusal() : ar.cause().toString());
                }
                inFlight.release();
            });
            if (i % 1_000 == 500) { // the hall keeps working while the displays pour in
                duringTheStorm.add(send(port, HttpMethod.POST, HALL + "/tickets", KIOSK,
                        new JsonObject().put("category", "A")).statusCode());
                duringTheStorm.add(send(port, HttpMethod.GET, "/health/ready", null, null).statusCode());
            }
        }
        inFlight.acquire(IN_FLIGHT); // every attempt answered
        for (int i = 0; i < 5; i++) {
            String w = HALL + "/windows/1/";
            send(port, HttpMethod.POST, HALL + "/tickets", KIOSK, new JsonObject().put("category", "B"));
            assertThat(send(port, HttpMethod.POST, w + "call-next", TestServer.window("1"), null).statusCode())
                    .isEqualTo(200);
            send(port, HttpMethod.POST, w + "start", TestServer.window("1"), null);
            send(port, HttpMethod.POST, w + "complete", TestServer.window("1"), null);
        }
        long finalSeq = send(port, HttpMethod.GET, HALL + "/queue", null, null).bodyAsJsonObject().getLong("seq");
        List<Display> open = displays.stream()
                .filter(d -> Integer.valueOf(101).equals(d.ws.status().result())).toList();
        for (int i = 0; i < 600 && open.stream().anyMatch(d -> d.last != finalSeq); i++) {
            Thread.sleep(100);
        }
        String metrics = send(port, HttpMethod.GET, "/metrics", null, null).bodyAsString();
        long heapAfterGc = heapUsedAfterGc(port);
        long rssKb = rssKb();

        assertThat(other).as("neither admitted nor refused with 429").isEmpty();
        assertThat(admitted.get()).isEqualTo(ADDRESSES * PER_ADDRESS);
        assertThat(refused.get()).isEqualTo(ATTEMPTS - ADDRESSES * PER_ADDRESS);
        assertThat(duringTheStorm).containsOnly(201, 200).hasSize(20);
        assertThat(metrics).contains("onewindow_display_clients " + (ADDRESSES * PER_ADDRESS) + ".0");
        assertThat(open).allSatisfy(d -> {
            assertThat(d.snapshots).as("one snapshot first").isEqualTo(1);
            assertThat(d.gaps).as("events in order, none missing").isZero();
            assertThat(d.last).as("every event, to the last").isEqualTo(finalSeq);
        });
        assertThat(heapAfterGc).as("heap after a full collection, bytes").isLessThan(256L << 20);
        System.out.printf("%d attempts from %d addresses: %d admitted, %d refused 429; heap used after GC %.1f MB,"
                + " resident %.1f MB%n", ATTEMPTS, ADDRESSES, admitted.get(), refused.get(),
                heapAfterGc / 1048576.0, rssKb / 1024.0);

        for (Display d : open) {
            d.ws.close();
        }
        for (Display d : open) {
            d.ws.closed().await(30, TimeUnit.SECONDS);
        }
        String gauge = "";
        for (int i = 0; i < 300 && !gauge.contains("onewindow_display_clients 0.0"); i++) {
            Thread.sleep(100);
            gauge = send(port, HttpMethod.GET, "/metrics", null, null).bodyAsString();
        }
        Display again = new Display();
        again.ws = RawWebSocket.open(netClients.get(0), port, "/ws/v1/halls/demo/display", again::onText);

        assertThat(gauge).contains("onewindow_display_clients 0.0");
        assertThat(again.ws.status().await(30, TimeUnit.SECONDS)).as("the address has its places back").isEqualTo(101);
    }

    /** Asks the server's JVM for a full collection, then reads the heap in use from its {@code /metrics}. */
    private long heapUsedAfterGc(int port) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Process gc = new ProcessBuilder(jcmd, Long.toString(process.pid()), "GC.run").redirectErrorStream(true)
                .start();
        gc.getInputStream().transferTo(OutputStream.nullOutputStream());
        assertThat(gc.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Matcher m = HEAP_USED.matcher(send(port, HttpMethod.GET, "/metrics", null, null).bodyAsString());
        double used = 0;
        while (m.find()) {
            used += Double.parseDouble(m.group(1));
        }
        assertThat(used).as("heap figures in /metrics").isPositive();
        return (long) used;
    }

    private long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** Starts the server as a child process and returns its port once it printed that it is ready. */
    private int start(Path data, Path tokens, Path log) throws IOException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--host", "127.0.0.1", "--port", "0", "--instances", "2",
                "--data", data.toString(), "--tokens", tokens.toString());
        pb.redirectError(log.toFile());
        process = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            Matcher m = READY.matcher(line);
            if (m.find()) {
                Process p = process;
                Thread drain = new Thread(() -> {
                    try {
                        p.getInputStream().transferTo(OutputStream.nullOutputStream());
                    } catch (IOException e) {
                        // the process went away
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("the server did not start: " + Files.readString(log));
    }

    private HttpResponse<Buffer> send(int port, HttpMethod method, String path, String token, JsonObject body) {
        HttpRequest<Buffer> r = client.request(method, port, "127.0.0.1", path);
        if (token != null) {
            r.bearerTokenAuthentication(token);
        }
        return (body == null ? r.send() : r.sendJsonObject(body)).await();
    }
}
