package io.onewindow.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Future;
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
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.HdrHistogram.Histogram;

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
 * <p>The instrument shares the machine with the server, so it is made as cheap as an honest reader can be: the
 * screens are raw WebSocket clients on their own Netty event loops ({@code --event-loops}, default 2; native
 * epoll where available), reading frames straight from the socket's buffer, recording into per-loop histograms;
 * it reports its own CPU per frame received, and with {@code --server-pid} the server's too (from
 * {@code /proc}), so a change on either side shows in CPU as well as in latency.
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

    private final Histogram callResponse = new Histogram(MAX_MICROS, 3);
    /** The last calls sent, newest first (immutable array, replaced by the main thread before each call). */
    private volatile Call[] recentCalls = new Call[0];
    private final AtomicLong cuts = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    /** Screens whose server agreed to permessage-deflate. */
    private final AtomicLong deflated = new AtomicLong();
    /** Each screen event loop's own counters and histograms, written only on that loop: no shared cache line. */
    private final Map<EventExecutor, LoopStats> loopStats = new ConcurrentHashMap<>();
    private volatile boolean recording;
    private volatile boolean running = true;

    private Vertx vertx;
    private HttpClient http;
    /** The screens' own Netty event loops (native epoll where available), separate from the commands' Vert.x. */
    private EventLoopGroup screenLoops;
    private Bootstrap screens;
    /**
     * Each {@link #SCREENS_PER_ADDRESS} screens connect from their own loopback address (127.0.1.1, 127.0.1.2,
     * ...): a hall's screens are separate devices, and the server takes at most 256 streams from one address.
     */
    private static final int SCREENS_PER_ADDRESS = 200;
    private InetSocketAddress server;
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
        // the window's commands: one at a time, one event loop
        vertx = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(true))
                .build();
        boolean epoll = Epoll.isAvailable();
        screenLoops = new MultiThreadIoEventLoopGroup(loops,
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        server = new InetSocketAddress(base.getHost(), base.getPort());
        screens = new Bootstrap().group(screenLoops)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
        log.println("screens: " + loops + " event loops, " + (epoll ? "native epoll" : "NIO") + "; commands: "
                + (vertx.isNativeTransportEnabled() ? "native" : "NIO"));
        try {
            readTokens(Path.of(opts.getOrDefault("tokens", "data/demo-tokens.json")));
            http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(base.getHost())
                    .setDefaultPort(base.getPort()).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(4));
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
            long cpuAtStart = 0;
            long serverCpuAtStart = 0;
            long framesAtStart = 0;
            for (long i = 0; ; i++) {
                long due = start + i * period;
                if (due - start >= warmupNanos + runNanos) {
                    break;
                }
                boolean measure = due - start >= warmupNanos;
                if (measure && !recording) {
                    resetRecorders();
                    cpuAtStart = processCpuNanos();
                    serverCpuAtStart = serverCpuNanos();
                    framesAtStart = sum(st -> st.frames);
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
            while (System.nanoTime() < deadline && sum(st -> st.deliveries) < expected) {
                Thread.sleep(50);
            }
            recording = false;
            running = false;
            long cpu = processCpuNanos() - cpuAtStart;
            long serverCpu = serverCpuNanos() - serverCpuAtStart;
            long frames = sum(st -> st.frames) - framesAtStart;
            report(cycles, measuredCycles, lateSends, expected, cpu, frames, serverCpu);
        } finally {
            running = false;
            screenLoops.shutdownGracefully(0, 5, TimeUnit.SECONDS).await(30, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** Runs on each screen loop (its stats are confined to it) and waits. */
    private void onEachLoop(java.util.function.Consumer<LoopStats> action) throws Exception {
        for (EventExecutor loop : screenLoops) {
            loop.submit(() -> action.accept(statsOf(loop))).get(30, TimeUnit.SECONDS);
        }
    }

    private long sum(java.util.function.ToLongFunction<LoopStats> field) throws Exception {
        long[] total = {0};
        onEachLoop(st -> total[0] += field.applyAsLong(st));
        return total[0];
    }

    private LoopStats statsOf(EventExecutor loop) {
        return loopStats.computeIfAbsent(loop, l -> new LoopStats());
    }

    private void resetRecorders() throws Exception {
        onEachLoop(LoopStats::reset);
        callResponse.reset();
    }

    /**
     * With {@code --server-pid} (a server on this machine): the server process's CPU time so far, user and
     * system, from {@code /proc/<pid>/stat} (clock ticks of 10 ms); else 0.
     */
    private long serverCpuNanos() {
        String pid = opts.get("server-pid");
        if (pid == null) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L; // utime, stime (fields 14, 15)
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the CPU time of server process " + pid, e);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** One window cycle: the measured call, then start, complete and the next ticket. Returns its number. */
    private String cycle(String expectedNumber, long due) {
        long sent = System.nanoTime();
        Call[] before = recentCalls;
        Call[] now = new Call[Math.min(8, before.length + 1)];
        now[0] = new Call(expectedNumber.getBytes(StandardCharsets.UTF_8), due, sent, recording);
        System.arraycopy(before, 0, now, 1, now.length - 1);
        recentCalls = now; // volatile store: a screen that reads the message's number finds its call
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
        List<CompletableFuture<Void>> batch = new ArrayList<>();
        for (int i = 0; i < displays; i++) {
            batch.add(new Display(uri, i / SCREENS_PER_ADDRESS, -1).connect());
            if (batch.size() == 100 || i == displays - 1) {
                CompletableFuture.allOf(batch.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
                batch.clear();
            }
        }
        log.println(displays + " displays connected"
                + (deflate ? ", " + deflated.get() + " with permessage-deflate" : ""));
    }

    /** A call the load generator sent: its ticket number's bytes, when it was due and sent, whether measured. */
    private record Call(byte[] number, long due, long sent, boolean measured) {
    }

    /**
     * What the screens of one event loop saw, confined to that loop (the main thread reads and resets it by
     * running a task there), so that recording a delivery costs no atomic operation and no shared cache line.
     * Also the loop's scratch space: the bytes of the message being read, and an inflater for the screens whose
     * server compresses each message on its own (server_no_context_takeover).
     */
    private static final class LoopStats {
        final Histogram fromDue = new Histogram(MAX_MICROS, 3);
        final Histogram fromSent = new Histogram(MAX_MICROS, 3);
        long deliveries;
        long gaps;
        long snapshots;
        long unknownCalls;
        long frames;
        long compressedMessages;
        long compressedBytes;
        long inflatedBytes;
        byte[] msg = new byte[8192];
        final Inflater inflater = new Inflater(true);

        void reset() {
            fromDue.reset();
            fromSent.reset();
            deliveries = 0;
        }
    }

    /**
     * One hall screen: a minimal WebSocket client straight on a Netty channel (handshake, unmasked server
     * frames, pong, close) that reads each message's type, sequence and number from the bytes, without a JSON
     * parse or even a String: the load generator shares the machine with the server, so the less it spends per
     * message the more the figures measure the server. The frames are read from the socket's own buffer (copied
     * once into the loop's scratch array, a few hundred bytes); a compressed one is inflated there by the loop's
     * inflater when the server agreed to {@code server_no_context_takeover} (each message stands alone, as
     * RFC 7692 then allows), else by the screen's own. Checks its stream's order; records the delay of every
     * TicketCalled. Confined to its channel's event loop.
     */
    private final class Display extends ChannelInboundHandlerAdapter {
        private final String uri;
        private final int address;
        private final long since;
        private final CompletableFuture<Void> ready = new CompletableFuture<>();
        private long lastSeq;
        private boolean upgraded;
        /** Bytes of a frame split across reads (rare: the server writes each message whole), or null. */
        private ByteBuf partial;
        private LoopStats stats;
        /** With permessage-deflate: the screen's own inflater when the server keeps its context, else null. */
        private Inflater ownInflater;
        private boolean compressed;
        private Channel channel;

        Display(String uri, int address, long since) {
            this.uri = uri;
            this.address = address;
            this.since = since;
            this.lastSeq = since;
        }

        CompletableFuture<Void> connect() {
            InetSocketAddress local = base.getHost().startsWith("127.")
                    ? new InetSocketAddress("127.0.1." + (address + 1), 0) : null;
            screens.clone().handler(this).connect(server, local).addListener((ChannelFutureListener) f -> {
                if (!f.isSuccess()) {
                    ready.completeExceptionally(f.cause());
                }
            });
            return ready;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            channel = ctx.channel();
            stats = statsOf(ctx.channel().eventLoop());
            String request = "GET " + (since >= 0 ? uri + "?since=" + since : uri) + " HTTP/1.1\r\nHost: "
                    + base.getHost() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + (deflate ? "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n" : "")
                    + "\r\n";
            ctx.writeAndFlush(Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1));
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (partial != null) {
                partial.release();
                partial = null;
            }
            if (ownInflater != null) {
                ownInflater.end();
            }
            if (!ready.isDone()) {
                ready.completeExceptionally(new IllegalStateException("closed during the handshake"));
            } else if (running) {
                reconnects.incrementAndGet();
                new Display(uri, address, lastSeq).connect();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ready.completeExceptionally(cause);
            ctx.close();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object m) {
            ByteBuf in = (ByteBuf) m;
            if (partial != null) {
                partial.writeBytes(in);
                in.release();
                in = partial;
                partial = null;
            }
            try {
                if (!upgraded && !handshake(ctx, in)) {
                    if (ctx.channel().isActive()) {
                        keep(ctx, in);
                    }
                    return;
                }
                frames(ctx, in);
                if (in.isReadable() && ctx.channel().isActive()) {
                    keep(ctx, in);
                }
            } finally {
                in.release();
            }
        }

        private void keep(ChannelHandlerContext ctx, ByteBuf in) {
            partial = ctx.alloc().heapBuffer(Math.max(256, in.readableBytes() * 2));
            partial.writeBytes(in);
        }

        /** Reads the 101; false while it is incomplete. */
        private boolean handshake(ChannelHandlerContext ctx, ByteBuf in) {
            String head = in.toString(StandardCharsets.ISO_8859_1);
            int end = head.indexOf("\r\n\r\n");
            if (end < 0) {
                return false;
            }
            if (!head.startsWith("HTTP/1.1 101")) {
                ready.completeExceptionally(new IllegalStateException("upgrade refused: "
                        + head.lines().findFirst().orElse("")));
                in.skipBytes(in.readableBytes());
                ctx.close();
                return false;
            }
            upgraded = true;
            in.skipBytes(end + 4);
            String extensions = head.substring(0, end).toLowerCase(Locale.ROOT);
            if (extensions.contains("permessage-deflate")) {
                compressed = true;
                if (!extensions.contains("server_no_context_takeover")) {
                    ownInflater = new Inflater(true);
                }
                deflated.incrementAndGet();
            }
            ready.complete(null);
            return true;
        }

        private void frames(ChannelHandlerContext ctx, ByteBuf in) {
            for (;;) {
                int pos = in.readerIndex();
                int avail = in.readableBytes();
                if (avail < 2) {
                    return;
                }
                int b0 = in.getByte(pos) & 0xff;
                int len = in.getByte(pos + 1) & 0x7f;
                int header = 2;
                if (len == 126) {
                    if (avail < 4) {
                        return;
                    }
                    len = in.getUnsignedShort(pos + 2);
                    header = 4;
                } else if (len == 127) {
                    if (avail < 10) {
                        return;
                    }
                    len = (int) in.getLong(pos + 2);
                    header = 10;
                }
                if (avail < header + len) {
                    return;
                }
                int start = pos + header;
                int opcode = b0 & 0x0f;
                stats.frames++;
                if (opcode == 1 && (b0 & 0x40) != 0 && compressed) {
                    int n = inflate(in, start, len);
                    stats.compressedMessages++;
                    stats.compressedBytes += len;
                    stats.inflatedBytes += n;
                    onMessage(stats.msg, n);
                } else if (opcode == 1) {
                    if (stats.msg.length < len) {
                        stats.msg = new byte[Math.max(len, 2 * stats.msg.length)];
                    }
                    in.getBytes(start, stats.msg, 0, len);
                    onMessage(stats.msg, len);
                } else if (opcode == 9) { // ping: a client's pong is masked (with a zero mask here)
                    ctx.writeAndFlush(ctx.alloc().buffer(len + 6).writeByte(0x8A).writeByte(0x80 | len).writeInt(0)
                            .writeBytes(in, start, len));
                } else if (opcode == 8) {
                    if (len >= 2 && in.getUnsignedShort(start) == 1013) {
                        cuts.incrementAndGet(); // too slow for the server: reconnect and catch up, as screens do
                    }
                    in.skipBytes(avail);
                    ctx.close();
                    return;
                }
                in.readerIndex(start + len);
            }
        }

        /**
         * A compressed message (RFC 7692): its payload and the four bytes the sender left off, inflated into the
         * loop's scratch array; returns the length.
         */
        private int inflate(ByteBuf in, int start, int len) {
            Inflater inflater = ownInflater != null ? ownInflater : stats.inflater;
            try {
                inflater.setInput(in.nioBuffer(start, len));
                int n = inflateAll(inflater, 0);
                inflater.setInput(TAIL);
                n = inflateAll(inflater, n);
                if (ownInflater == null) {
                    inflater.reset(); // the server compressed the message on its own: the next one starts afresh
                }
                return n;
            } catch (DataFormatException e) {
                throw new IllegalStateException("a compressed message did not inflate", e);
            }
        }

        private int inflateAll(Inflater inflater, int n) throws DataFormatException {
            for (;;) {
                n += inflater.inflate(stats.msg, n, stats.msg.length - n);
                if (n < stats.msg.length) {
                    return n; // room left: the inflater took all its input
                }
                stats.msg = java.util.Arrays.copyOf(stats.msg, 2 * stats.msg.length);
            }
        }

        private void onMessage(byte[] msg, int end) {
            long now = System.nanoTime();
            long seq = number(msg, indexOf(msg, SEQ, end) + SEQ.length, end);
            if (startsWith(msg, SNAPSHOT, end)) {
                stats.snapshots++;
                lastSeq = seq;
                return;
            }
            if (lastSeq >= 0 && seq != lastSeq + 1) {
                stats.gaps++;
            }
            lastSeq = seq;
            if (startsWith(msg, CALLED, end)) {
                int n = indexOf(msg, NUMBER, end) + NUMBER.length;
                int q = n;
                while (q < end && msg[q] != '"') {
                    q++;
                }
                Call call = null;
                for (Call c : recentCalls) {
                    if (java.util.Arrays.equals(c.number(), 0, c.number().length, msg, n, q)) {
                        call = c;
                        break;
                    }
                }
                if (call == null) {
                    stats.unknownCalls++;
                } else if (call.measured() && recording) {
                    stats.fromDue.recordValue(Math.min(MAX_MICROS, (now - call.due()) / 1000));
                    stats.fromSent.recordValue(Math.min(MAX_MICROS, (now - call.sent()) / 1000));
                    stats.deliveries++;
                }
            }
        }
    }

    private static final ByteBuffer TAIL = ByteBuffer.wrap(new byte[] {0, 0, (byte) 0xff, (byte) 0xff})
            .asReadOnlyBuffer();

    private static boolean startsWith(byte[] msg, byte[] prefix, int end) {
        return end >= prefix.length && java.util.Arrays.equals(msg, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static int indexOf(byte[] msg, byte[] key, int end) {
        outer:
        for (int i = 0; i + key.length <= end; i++) {
            for (int k = 0; k < key.length; k++) {
                if (msg[i + k] != key[k]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("no " + new String(key, StandardCharsets.US_ASCII) + " in a message");
    }

    private static long number(byte[] msg, int at, int end) {
        long v = 0;
        for (int i = at; i < end; i++) {
            byte b = msg[i];
            if (b < '0' || b > '9') {
                break;
            }
            v = v * 10 + (b - '0');
        }
        return v;
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

    private void report(long cycles, long measured, long lateSends, long expected, long cpuNanos, long frames,
                        long serverCpuNanos) throws Exception {
        Histogram fromDue = new Histogram(MAX_MICROS, 3);
        Histogram fromSent = new Histogram(MAX_MICROS, 3);
        long[] c = new long[8];
        onEachLoop(st -> {
            fromDue.add(st.fromDue);
            fromSent.add(st.fromSent);
            c[0] += st.deliveries;
            c[1] += st.gaps;
            c[2] += st.snapshots;
            c[3] += st.unknownCalls;
            c[4] += st.compressedMessages;
            c[5] += st.compressedBytes;
            c[6] += st.inflatedBytes;
        });
        long deliveries = c[0];
        long gaps = c[1];
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "displays %d, rate %.1f calls/s (%d cycles, %d measured, %d sent late), "
                        + "deliveries %d of %d expected%n", displays, rate, cycles, measured, lateSends,
                deliveries, expected);
        out.printf(Locale.ROOT, "stream checks: gaps or duplicates %d, snapshots %d, cut as slow %d, "
                + "reconnects %d, calls not recognised %d%n", gaps, c[2], cuts.get(), reconnects.get(), c[3]);
        if (deflate) {
            out.printf(Locale.ROOT, "permessage-deflate: %d of %d screens; %d messages came compressed, "
                            + "%d bytes on the wire for %d bytes of JSON%n", deflated.get(), displays,
                    c[4], c[5], c[6]);
        }
        out.printf(Locale.ROOT, "load generator: %d frames received while measuring, %.2f s of CPU, %.2f us per"
                + " frame%n", frames, cpuNanos / 1e9, frames == 0 ? 0.0 : cpuNanos / 1e3 / frames);
        if (opts.containsKey("server-pid")) {
            out.printf(Locale.ROOT, "server (pid %s): %.2f s of CPU while measuring, %.2f us per frame received%n",
                    opts.get("server-pid"), serverCpuNanos / 1e9, frames == 0 ? 0.0 : serverCpuNanos / 1e3 / frames);
        }
        line(out, "call due -> TicketCalled at each display", fromDue);
        line(out, "call sent -> TicketCalled at each display", fromSent);
        line(out, "call due -> call-next response", callResponse);
        out.printf(Locale.ROOT, "RESULT {\"displays\":%d,\"rate\":%.1f,\"deliveries\":%d,\"expected\":%d,"
                        + "\"gaps\":%d,\"cuts\":%d,\"p50Ms\":%.2f,\"p99Ms\":%.2f,\"p999Ms\":%.2f,\"maxMs\":%.2f}%n",
                displays, rate, deliveries, expected, gaps, cuts.get(),
                ms(fromDue.getValueAtPercentile(50)), ms(fromDue.getValueAtPercentile(99)),
                ms(fromDue.getValueAtPercentile(99.9)), ms(fromDue.getMaxValue()));
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
