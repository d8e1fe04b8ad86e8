package io.onewindow.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * End-to-end latency of the call fan-out: from the moment a window's {@code call-next} is due to the moment
 * each of many hall displays receives its {@code TicketCalled} message, against a running hall server.
 *
 * <p>What it does: opens {@code --displays} WebSockets on {@code /ws/v1/halls/{hall}/display}; then, at a
 * constant rate ({@code --rate} cycles per second), runs the cycle of one window over HTTP with the demo tokens:
 * {@code call-next} (measured), {@code start}, {@code complete}, and {@code issue} of the next ticket, so that
 * exactly one ticket waits when the next call is due and its number is known in advance. Every display that
 * receives a {@code TicketCalled} records, in an HdrHistogram {@link Recorder}, the time since the call was
 * <em>due</em> (its slot in the constant-rate schedule, so a late send counts as latency: no coordinated
 * omission), and separately since it was actually sent. Each display also checks its stream: every message
 * must carry the sequence number after the previous one (gaps and duplicates are counted). A display cut off
 * by the server as too slow reconnects with {@code since} like a real screen, and is counted.
 *
 * <pre>
 * java -jar display-server/target/onewindow.jar --data /tmp/ow-bench &amp;
 * java -cp benchmarks/target/benchmarks.jar io.onewindow.bench.DisplayFanoutLoad \
 *      --url http://localhost:8080 --tokens /tmp/ow-bench/demo-tokens.json --displays 2000 --rate 5 \
 *      --warmup-seconds 20 --seconds 60
 * </pre>
 * Prints a report on standard output (and a JSON line starting with {@code RESULT}), progress on standard
 * error.
 */
public final class DisplayFanoutLoad {

    private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(2);
    private static final byte[] CALLED = "{\"type\":\"TicketCalled\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SNAPSHOT = "{\"type\":\"Snapshot\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEQ = "\"seq\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NUMBER = "\"number\":\"".getBytes(StandardCharsets.US_ASCII);

    private final Map<String, String> opts;
    private final String hall;
    private final String window;
    private final String category;
    private final int displays;
    private final double rate;
    /** Ask for permessage-deflate, as browsers do (--deflate true). */
    private final boolean deflate;
    private final URI base;
    private final PrintStream log = System.err;

    private final Recorder fromDue = new Recorder(MAX_MICROS, 3);
    private final Recorder fromSent = new Recorder(MAX_MICROS, 3);
    private final Recorder callResponse = new Recorder(MAX_MICROS, 3);
    private final Histogram fromDueTotal = new Histogram(MAX_MICROS, 3);
    private final Histogram fromSentTotal = new Histogram(MAX_MICROS, 3);
    private final Histogram callResponseTotal = new Histogram(MAX_MICROS, 3);
    /** Ticket number of a call -> {due, sent, measured 1/0}; a display looks its TicketCalled up here. */
    private final Map<String, long[]> calls = new ConcurrentHashMap<>();
    private final AtomicLong deliveries = new AtomicLong();
    private final AtomicLong gaps = new AtomicLong();
    private final AtomicLong cuts = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong snapshots = new AtomicLong();
    private final AtomicLong unknownCalls = new AtomicLong();
    /** Screens whose server agreed to permessage-deflate. */
    private final AtomicLong deflated = new AtomicLong();
    /** Messages that came compressed (RSV1), their bytes on the wire and inflated. */
    private final AtomicLong compressedMessages = new AtomicLong();
    private final AtomicLong compressedBytes = new AtomicLong();
    private final AtomicLong inflatedBytes = new AtomicLong();
    private volatile boolean recording;
    private volatile boolean running = true;

    private Vertx vertx;
    private HttpClient http;
    /**
     * One client per {@link #SCREENS_PER_ADDRESS} screens, each bound to its own loopback address (127.0.1.1,
     * 127.0.1.2, ...): a hall's screens are separate devices, and the server takes at most 256 streams from one
     * address.
     */
    private NetClient[] nets;
    private static final int SCREENS_PER_ADDRESS = 200;
    private String kioskToken;
    private String windowToken;

    private DisplayFanoutLoad(Map<String, String> opts) {
        this.opts = opts;
        this.base = URI.create(opts.getOrDefault("url", "http://localhost:8080"));
        this.hall = opts.getOrDefault("hall", "demo");
        this.window = opts.getOrDefault("window", "1");
        this.category = opts.getOrDefault("category", "A");
        this.displays = Integer.parseInt(opts.getOrDefault("displays", "2000"));
        this.rate = Double.parseDouble(opts.getOrDefault("rate", "5"));
        this.deflate = Boolean.parseBoolean(opts.getOrDefault("deflate", "false"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: --name value ...; got " + args[i]);
            }
            opts.put(args[i].substring(2), args[++i]);
        }
        new DisplayFanoutLoad(opts).run();
    }

    private void run() throws Exception {
        int loops = Integer.parseInt(opts.getOrDefault("event-loops", "2"));
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
        try {
            readTokens(Path.of(opts.getOrDefault("tokens", "data/demo-tokens.json")));
            http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(base.getHost())
                    .setDefaultPort(base.getPort()).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(4));
            nets = new NetClient[(displays + SCREENS_PER_ADDRESS - 1) / SCREENS_PER_ADDRESS];
            for (int k = 0; k < nets.length; k++) {
                nets[k] = vertx.createNetClient(new NetClientOptions().setConnectTimeout(30_000).setTcpNoDelay(true)
                        .setLocalAddress(base.getHost().startsWith("127.") ? "127.0.1." + (k + 1) : null));
            }
            prepareWindow();
            connectDisplays();
            String next = issue();
            long warmupNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(opts.getOrDefault("warmup-seconds", "20")));
            long runNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(opts.getOrDefault("seconds", "60")));
            long period = (long) (TimeUnit.SECONDS.toNanos(1) / rate);
            long start = System.nanoTime();
            long cycles = 0;
            long measuredCycles = 0;
            long lateSends = 0;
            for (long i = 0; ; i++) {
                long due = start + i * period;
                if (due - start >= warmupNanos + runNanos) {
                    break;
                }
                boolean measure = due - start >= warmupNanos;
                if (measure && !recording) {
                    resetRecorders();
                    recording = true;
                    log.println("warm-up done, measuring");
                }
                long now = System.nanoTime();
                if (now < due) {
                    LockSupport.parkNanos(due - now);
                } else if (now - due > period) {
                    lateSends++;
                }
                next = cycle(next, due);
                cycles++;
                if (measure) {
                    measuredCycles++;
                }
            }
            // let the last deliveries arrive: every display should have every call
            long expected = measuredCycles * displays;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline && deliveriesMeasured() < expected) {
                Thread.sleep(50);
            }
            recording = false;
            running = false;
            report(cycles, measuredCycles, lateSends, expected);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private void resetRecorders() {
        fromDue.reset();
        fromSent.reset();
        callResponse.reset();
        deliveries.set(0);
    }

    private long deliveriesMeasured() {
        return deliveries.get();
    }

    /** One window cycle: the measured call, then start, complete and the next ticket. Returns its number. */
    private String cycle(String expectedNumber, long due) {
        long sent = System.nanoTime();
        calls.put(expectedNumber, new long[] {due, sent, recording ? 1 : 0});
        JsonObject called = command("call-next");
        long answered = System.nanoTime();
        if (recording) {
            callResponse.recordValue(Math.min(MAX_MICROS, (answered - due) / 1000));
        }
        if (called == null || !expectedNumber.equals(called.getString("number"))) {
            throw new IllegalStateException("call-next called " + called + ", expected " + expectedNumber
                    + ": is another client using window " + window + "?");
        }
        command("start");
        command("complete");
        return issue();
    }

    private void prepareWindow() {
        JsonObject staff = new JsonObject().put("staff", new JsonObject().put("id", "9001").put("name", "压测员"));
        send(HttpMethod.POST, "/api/v1/halls/" + hall + "/windows/" + window + "/open", windowToken, staff);
        // empty the window and the line it serves, so that each call takes the ticket this bench issued
        send(HttpMethod.POST, windowPath("complete"), windowToken, null);
        send(HttpMethod.POST, windowPath("no-show"), windowToken, null);
        int drained = 0;
        while (true) {
            Reply r = send(HttpMethod.POST, windowPath("call-next"), windowToken, null);
            if (r.status == 204) {
                break;
            }
            if (r.status != 200) {
                throw new IllegalStateException("cannot empty the line: call-next answered " + r.status + " " + r.body);
            }
            send(HttpMethod.POST, windowPath("no-show"), windowToken, null);
            drained++;
        }
        log.println("window " + window + " open; " + drained + " waiting tickets from earlier runs marked no-show");
    }

    private void connectDisplays() throws Exception {
        String uri = "/ws/v1/halls/" + hall + "/display";
        List<Future<?>> batch = new ArrayList<>();
        for (int i = 0; i < displays; i++) {
            batch.add(new Display(uri, nets[i / SCREENS_PER_ADDRESS]).connect(-1));
            if (batch.size() == 100 || i == displays - 1) {
                Future.all(batch).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
                batch.clear();
            }
        }
        log.println(displays + " displays connected"
                + (deflate ? ", " + deflated.get() + " with permessage-deflate" : ""));
    }

    /**
     * One hall screen: a minimal WebSocket client over a raw TCP socket (handshake, unmasked server frames,
     * pong, close) that reads each message's type, sequence and number from the bytes, without a JSON parse or
     * even a String: the load generator shares the machine with the server, so the less it spends per message
     * the more the figures measure the server. Checks its stream's order; records the delay of every
     * TicketCalled. Confined to its socket's event loop.
     */
    private final class Display {
        private final String uri;
        private long lastSeq = -1;
        private Buffer in = Buffer.buffer();
        private int pos;
        private boolean upgraded;
        private NetSocket socket;
        private final NetClient net;
        /** The bytes the message being read lives in: the socket's, or the inflated ones of a compressed one. */
        private Buffer msg;
        /** With --deflate: the permessage-deflate inflater, and whether the server resets it per message. */
        private java.util.zip.Inflater inflater;
        private boolean resetPerMessage;

        Display(String uri, NetClient net) {
            this.uri = uri;
            this.net = net;
        }

        Future<Void> connect(long since) {
            upgraded = false;
            in = Buffer.buffer();
            pos = 0;
            Promise<Void> ready = Promise.promise();
            net.connect(base.getPort(), base.getHost()).onFailure(ready::tryFail).onSuccess(so -> {
                socket = so;
                so.handler(b -> {
                    in.appendBuffer(b);
                    read(ready);
                });
                so.closeHandler(v -> {
                    ready.tryFail("closed during the handshake");
                    if (running) {
                        reconnects.incrementAndGet();
                        connect(lastSeq);
                    }
                });
                so.write("GET " + (since >= 0 ? uri + "?since=" + since : uri) + " HTTP/1.1\r\nHost: "
                        + base.getHost() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                        + (deflate ? "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n" : "")
                        + "\r\n");
            });
            return ready.future();
        }

        private void read(Promise<Void> ready) {
            if (!upgraded) {
                String head = in.toString(StandardCharsets.ISO_8859_1);
                int end = head.indexOf("\r\n\r\n");
                if (end < 0) {
                    return;
                }
                if (!head.startsWith("HTTP/1.1 101")) {
                    ready.tryFail("upgrade refused: " + head.lines().findFirst().orElse(""));
                    socket.close();
                    return;
                }
                upgraded = true;
                pos = end + 4;
                String extensions = head.substring(0, end).toLowerCase(java.util.Locale.ROOT);
                if (extensions.contains("permessage-deflate")) {
                    inflater = new java.util.zip.Inflater(true);
                    resetPerMessage = extensions.contains("server_no_context_takeover");
                    deflated.incrementAndGet();
                }
                ready.tryComplete();
            }
            for (;;) {
                int avail = in.length() - pos;
                if (avail < 2) {
                    break;
                }
                int b0 = in.getByte(pos) & 0xff;
                int len = in.getByte(pos + 1) & 0x7f;
                int header = 2;
                if (len == 126) {
                    if (avail < 4) {
                        break;
                    }
                    len = in.getUnsignedShort(pos + 2);
                    header = 4;
                } else if (len == 127) {
                    if (avail < 10) {
                        break;
                    }
                    len = (int) in.getLong(pos + 2);
                    header = 10;
                }
                if (avail < header + len) {
                    break;
                }
                int start = pos + header;
                int opcode = b0 & 0x0f;
                if (opcode == 1 && (b0 & 0x40) != 0 && inflater != null) {
                    msg = inflate(start, start + len);
                    compressedMessages.incrementAndGet();
                    compressedBytes.addAndGet(len);
                    inflatedBytes.addAndGet(msg.length());
                    onMessage(0, msg.length());
                } else if (opcode == 1) {
                    msg = in;
                    onMessage(start, start + len);
                } else if (opcode == 9) { // ping: a client's pong is masked (with a zero mask here)
                    socket.write(Buffer.buffer(len + 6).appendByte((byte) 0x8A).appendByte((byte) (0x80 | len))
                            .appendInt(0).appendBuffer(in.slice(start, start + len)));
                } else if (opcode == 8) {
                    if (len >= 2 && in.getUnsignedShort(start) == 1013) {
                        cuts.incrementAndGet(); // too slow for the server: reconnect and catch up, as screens do
                    }
                    socket.close();
                    return;
                }
                pos = start + len;
            }
            if (pos == in.length() || pos > 1 << 16) {
                in = in.getBuffer(pos, in.length());
                pos = 0;
            }
        }

        /** A compressed message (RFC 7692): its payload and the four bytes the sender left off, inflated. */
        private Buffer inflate(int start, int end) {
            byte[] input = new byte[end - start + 4];
            in.getBytes(start, end, input, 0);
            input[input.length - 2] = (byte) 0xff;
            input[input.length - 1] = (byte) 0xff;
            inflater.setInput(input);
            Buffer out = Buffer.buffer(4 * input.length);
            byte[] chunk = new byte[4096];
            try {
                int n;
                while ((n = inflater.inflate(chunk)) > 0) {
                    out.appendBytes(chunk, 0, n);
                }
            } catch (java.util.zip.DataFormatException e) {
                throw new IllegalStateException("a compressed message did not inflate", e);
            }
            if (resetPerMessage) {
                inflater.reset();
            }
            return out;
        }

        private void onMessage(int start, int end) {
            long now = System.nanoTime();
            long seq = number(indexOf(SEQ, start, end) + SEQ.length, end);
            if (startsWith(SNAPSHOT, start, end)) {
                snapshots.incrementAndGet();
                lastSeq = seq;
                return;
            }
            if (lastSeq >= 0 && seq != lastSeq + 1) {
                gaps.incrementAndGet();
            }
            lastSeq = seq;
            if (startsWith(CALLED, start, end)) {
                int n = indexOf(NUMBER, start, end) + NUMBER.length;
                int q = n;
                while (q < end && msg.getByte(q) != '"') {
                    q++;
                }
                long[] t = calls.get(msg.getString(n, q, "UTF-8"));
                if (t == null) {
                    unknownCalls.incrementAndGet();
                } else if (t[2] == 1) {
                    fromDue.recordValue(Math.min(MAX_MICROS, (now - t[0]) / 1000));
                    fromSent.recordValue(Math.min(MAX_MICROS, (now - t[1]) / 1000));
                    deliveries.incrementAndGet();
                }
            }
        }

        private boolean startsWith(byte[] prefix, int start, int end) {
            if (end - start < prefix.length) {
                return false;
            }
            for (int i = 0; i < prefix.length; i++) {
                if (msg.getByte(start + i) != prefix[i]) {
                    return false;
                }
            }
            return true;
        }

        private int indexOf(byte[] key, int start, int end) {
            outer:
            for (int i = start; i + key.length <= end; i++) {
                for (int k = 0; k < key.length; k++) {
                    if (msg.getByte(i + k) != key[k]) {
                        continue outer;
                    }
                }
                return i;
            }
            throw new IllegalStateException("no " + new String(key, StandardCharsets.US_ASCII) + " in a message");
        }

        private long number(int at, int end) {
            long v = 0;
            for (int i = at; i < end; i++) {
                byte b = msg.getByte(i);
                if (b < '0' || b > '9') {
                    break;
                }
                v = v * 10 + (b - '0');
            }
            return v;
        }
    }

    private String issue() {
        Reply r = send(HttpMethod.POST, "/api/v1/halls/" + hall + "/tickets", kioskToken,
                new JsonObject().put("category", category));
        if (r.status != 201) {
            throw new IllegalStateException("issue answered " + r.status + " " + r.body);
        }
        return new JsonObject(r.body).getString("number");
    }

    private JsonObject command(String action) {
        Reply r = send(HttpMethod.POST, windowPath(action), windowToken, null);
        if (r.status != 200 && r.status != 204) {
            throw new IllegalStateException(action + " answered " + r.status + " " + r.body);
        }
        return r.status == 200 && !r.body.isEmpty() ? new JsonObject(r.body) : null;
    }

    private String windowPath(String action) {
        return "/api/v1/halls/" + hall + "/windows/" + window + "/" + action;
    }

    private record Reply(int status, String body) {
    }

    private Reply send(HttpMethod method, String path, String token, JsonObject body) {
        Future<Reply> f = http.request(method, path).compose(req -> {
            req.putHeader("Authorization", "Bearer " + token);
            Future<HttpClientResponse> sent = body == null ? req.send()
                    : req.putHeader("Content-Type", "application/json").send(Buffer.buffer(body.encode()));
            return sent.compose(res -> res.body().map(b -> new Reply(res.statusCode(), b.toString())));
        });
        try {
            return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }

    private void readTokens(Path file) throws Exception {
        JsonArray tokens = new JsonObject(Files.readString(file)).getJsonArray("tokens");
        for (int i = 0; i < tokens.size(); i++) {
            JsonObject t = tokens.getJsonObject(i);
            String role = t.getString("role");
            if ("kiosk".equals(role) && kioskToken == null) {
                kioskToken = t.getString("token");
            } else if ("window".equals(role) && window.equals(t.getString("window"))
                    && (t.getString("hall") == null || hall.equals(t.getString("hall")))) {
                windowToken = t.getString("token");
            }
        }
        if (kioskToken == null || windowToken == null) {
            throw new IllegalStateException(file + " has no kiosk token or no window token of window " + window);
        }
    }

    private void report(long cycles, long measured, long lateSends, long expected) {
        fromDueTotal.add(fromDue.getIntervalHistogram());
        fromSentTotal.add(fromSent.getIntervalHistogram());
        callResponseTotal.add(callResponse.getIntervalHistogram());
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "displays %d, rate %.1f calls/s (%d cycles, %d measured, %d sent late), "
                        + "deliveries %d of %d expected%n", displays, rate, cycles, measured, lateSends,
                deliveries.get(), expected);
        out.printf(Locale.ROOT, "stream checks: gaps or duplicates %d, snapshots %d, cut as slow %d, "
                + "reconnects %d, calls not recognised %d%n", gaps.get(), snapshots.get(), cuts.get(),
                reconnects.get(), unknownCalls.get());
        if (deflate) {
            out.printf(Locale.ROOT, "permessage-deflate: %d of %d screens; %d messages came compressed, "
                            + "%d bytes on the wire for %d bytes of JSON%n", deflated.get(), displays,
                    compressedMessages.get(), compressedBytes.get(), inflatedBytes.get());
        }
        line(out, "call due -> TicketCalled at each display", fromDueTotal);
        line(out, "call sent -> TicketCalled at each display", fromSentTotal);
        line(out, "call due -> call-next response", callResponseTotal);
        out.printf(Locale.ROOT, "RESULT {\"displays\":%d,\"rate\":%.1f,\"deliveries\":%d,\"expected\":%d,"
                        + "\"gaps\":%d,\"cuts\":%d,\"p50Ms\":%.2f,\"p99Ms\":%.2f,\"p999Ms\":%.2f,\"maxMs\":%.2f}%n",
                displays, rate, deliveries.get(), expected, gaps.get(), cuts.get(),
                ms(fromDueTotal.getValueAtPercentile(50)), ms(fromDueTotal.getValueAtPercentile(99)),
                ms(fromDueTotal.getValueAtPercentile(99.9)), ms(fromDueTotal.getMaxValue()));
    }

    private static void line(PrintStream out, String what, Histogram h) {
        out.printf(Locale.ROOT, "%-42s n=%d p50=%.2f ms p99=%.2f ms p99.9=%.2f ms max=%.2f ms%n", what,
                h.getTotalCount(), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(99)),
                ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()));
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
