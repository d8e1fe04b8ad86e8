package io.onewindow.display.store;

import io.onewindow.core.notice.Notice;
import io.onewindow.core.notice.Notifier;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifier adapter for an SMS gateway the hall chooses: each notice is POSTed as JSON
 * ({@code {"id","hall","kind","phone","text"}}, header {@code Idempotency-Key: <id>}) to the configured URL.
 * Thread-safe.
 *
 * <p><b>Retries and no duplicates.</b> A 5xx, 408, 429, a refused connection or a timeout is tried again after
 * {@code backoffMillis}, doubling, up to {@code attempts} times; another 4xx is final. A notice is sent at most
 * once: concurrent sends of one id share one delivery, an id answered 2xx is remembered in memory and in a
 * file under the data folder (one id a line, appended and forced before the answer is reported, read back at
 * start; owner-only; an id a crash left without its newline is cut at start, so the next one reads back), and
 * every attempt of one notice carries the same Idempotency-Key, so a gateway that received a request whose
 * answer was lost can drop the repeat. Only the notice's id is logged, never the phone or the text.
 */
public final class HttpNotifier implements Notifier {

    private static final Logger LOG = LoggerFactory.getLogger(HttpNotifier.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Vertx vertx;
    private final HttpClient client;
    private final RequestOptions target;
    private final Path sentLog;
    private final int attempts;
    private final long backoffMillis;
    private final Set<String> sent = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, CompletableFuture<Boolean>> inFlight = new ConcurrentHashMap<>();

    public HttpNotifier(Vertx vertx, URI url, Path sentLog, int attempts, long backoffMillis) throws IOException {
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("the SMS gateway URL must be http or https: " + url);
        }
        this.vertx = vertx;
        this.attempts = attempts;
        this.backoffMillis = backoffMillis;
        this.sentLog = sentLog;
        boolean tls = "https".equals(url.getScheme());
        int port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
        // a connection per notice: notices are few, and a pooled connection the gateway dropped would stall one
        this.client = vertx.createHttpClient(new HttpClientOptions().setSsl(tls).setConnectTimeout(5_000)
                .setKeepAlive(false));
        this.target = new RequestOptions().setMethod(HttpMethod.POST).setHost(url.getHost()).setPort(port)
                .setSsl(tls).setURI(url.getRawPath().isEmpty() ? "/" : url.getRawPath()
                        + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()))
                .setTimeout(10_000).putHeader("Content-Type", "application/json; charset=utf-8");
        if (Files.exists(sentLog)) {
            cutUnfinishedLine(sentLog);
            sent.addAll(Files.readAllLines(sentLog, StandardCharsets.UTF_8));
        } else if (isPosix()) {
            Files.createFile(sentLog, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
        if (isPosix() && Files.isRegularFile(sentLog)) {
            Files.setPosixFilePermissions(sentLog, OWNER_ONLY); // a log made before it was owner-only
        }
    }

    /**
     * Cuts an id a crash left without its newline: it was never reported delivered (a repeat carries the same
     * Idempotency-Key), and the next id appended must start its own line, or it would not read back and its notice
     * would go out again after the next restart.
     */
    private static void cutUnfinishedLine(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long keep = ch.size();
            ByteBuffer one = ByteBuffer.allocate(1);
            while (keep > 0) {
                one.clear();
                ch.read(one, keep - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                keep--;
            }
            if (keep < ch.size()) {
                ch.truncate(keep);
                ch.force(true);
            }
        }
    }

    private static boolean isPosix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    @Override
    public CompletableFuture<Boolean> send(Notice notice) {
        if (sent.contains(notice.id())) {
            return CompletableFuture.completedFuture(false);
        }
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        CompletableFuture<Boolean> running = inFlight.putIfAbsent(notice.id(), mine);
        if (running != null) {
            return running.thenApply(delivered -> false); // the other send delivers it
        }
        attempt(notice, 1, backoffMillis).compose(v -> remember(notice.id())).onComplete(ar -> {
            inFlight.remove(notice.id());
            if (ar.succeeded()) {
                mine.complete(true);
            } else {
                LOG.error("notice {} could not be delivered to the SMS gateway", notice.id(), ar.cause());
                mine.completeExceptionally(ar.cause());
            }
        });
        return mine;
    }

    private Future<Void> attempt(Notice n, int attempt, long delay) {
        Buffer body = new JsonObject().put("id", n.id()).put("hall", n.hall()).put("kind", n.kind().name())
                .put("phone", n.phone()).put("text", n.text()).toBuffer();
        // each step is chained in the callback of the one before, on the request's event loop: the response's
        // body is asked for as its head is handled. Chained from the caller's thread, a step could come after
        // the response had ended (a caller off the event loops, descheduled meanwhile): its body was then never
        // handed on, and the notice waited forever, holding every later send of its id.
        return client.request(new RequestOptions(target).putHeader("Idempotency-Key", n.id()))
                .compose(req -> req.send(body).compose(resp -> resp.body().map(b -> resp.statusCode())))
                .transform(ar -> {
                    int status = ar.succeeded() ? ar.result() : 0;
                    if (status >= 200 && status < 300) {
                        return Future.succeededFuture();
                    }
                    boolean again = status == 0 || status >= 500 || status == 408 || status == 429;
                    if (!again || attempt >= attempts) {
                        return Future.failedFuture(new IOException("the SMS gateway answered "
                                + (status == 0 ? ar.cause() : status) + " after " + attempt + " attempts"));
                    }
                    LOG.debug("notice {}: attempt {} answered {}, trying again in {} ms", n.id(), attempt,
                            status == 0 ? ar.cause() : status, delay);
                    Promise<Void> later = Promise.promise();
                    vertx.setTimer(delay, t -> attempt(n, attempt + 1, delay * 2).onComplete(later));
                    return later.future();
                });
    }

    /** Appends the id to the sent log (off the event loop), then remembers it. */
    private Future<Void> remember(String id) {
        return vertx.executeBlocking(() -> {
            synchronized (this) { // one writer at a time keeps the lines whole; rare, off the event loops
                try {
                    Files.writeString(sentLog, id + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND, StandardOpenOption.SYNC);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            sent.add(id);
            return null;
        }, false);
    }

    @Override
    public void close() {
        client.close();
    }
}
