package io.onewindow.display.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Real clients of the streams for tests, read from the test thread (never an event loop). */
final class StreamClients {

    static final long WAIT_SECONDS = 20;

    private StreamClients() {
    }

    static <T> T await(Future<T> f) {
        return await(f, WAIT_SECONDS);
    }

    static <T> T await(Future<T> f, long seconds) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("did not complete", e);
        }
    }

    static Throwable awaitFailure(Future<?> f) {
        try {
            f.toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("did not complete", e);
        }
        throw new AssertionError("succeeded, expected a failure");
    }

    /** A WebSocket client that queues every text message and pong. */
    static final class Ws {
        final BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
        final BlockingQueue<Buffer> pongs = new LinkedBlockingQueue<>();
        final CompletableFuture<Short> closed = new CompletableFuture<>();
        final ClientWebSocket ws;
        private final WebSocketClient client; // held: an unreachable client is closed by its cleaner

        Ws(Vertx vertx, int port, String uri) {
            client = vertx.createWebSocketClient();
            ws = client.webSocket();
            ws.textMessageHandler(s -> messages.add(new JsonObject(s)));
            ws.pongHandler(pongs::add);
            ws.closeHandler(v -> closed.complete(ws.closeStatusCode()));
            await(ws.connect(port, "localhost", uri));
        }

        JsonObject next() {
            return StreamClients.next(messages);
        }

        /** Waits for a round trip on this connection: whatever the server wrote before the pong is queued. */
        void roundTrip() {
            await(ws.writePing(Buffer.buffer("rt")));
            try {
                assertThat(pongs.poll(WAIT_SECONDS, TimeUnit.SECONDS)).as("pong").isNotNull();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }

        void close() {
            await(ws.close());
            await(client.close());
        }
    }

    /** A Server-Sent Events client: parses {@code id/event/data} blocks into {@code {"id","event","data"}}. */
    static final class Sse {
        final BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
        final BlockingQueue<String> comments = new LinkedBlockingQueue<>();
        final HttpClientResponse response;
        private final HttpClient client;
        private final StringBuilder pending = new StringBuilder();

        Sse(Vertx vertx, int port, String uri, Map<String, String> headers) {
            client = vertx.createHttpClient();
            // the body handler is attached on the request's event loop, in the task that sends it, so it is in
            // place before the response (and the Snapshot or catch-up that follows its head at once) is handled.
            // Attached from this thread after the chain is built, it could come late: a test thread descheduled
            // for a few milliseconds on a loaded machine found the future complete and the first chunks dropped.
            response = await(client.request(HttpMethod.GET, port, "localhost", uri).compose(req -> {
                headers.forEach(req::putHeader);
                return req.send().map(res -> res.handler(this::parse));
            }));
        }

        private void parse(Buffer chunk) {
            pending.append(chunk.toString());
            int end;
            while ((end = pending.indexOf("\n\n")) >= 0) {
                String block = pending.substring(0, end);
                pending.delete(0, end + 2);
                JsonObject e = new JsonObject();
                for (String line : block.split("\n")) {
                    if (line.startsWith(":")) {
                        comments.add(line); // a comment: the heartbeat
                        continue;
                    }
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1).stripLeading();
                    e.put(field, field.equals("data") ? new JsonObject(value) : value);
                }
                if (e.containsKey("data")) {
                    events.add(e);
                }
            }
        }

        JsonObject next() {
            return StreamClients.next(events);
        }

        void close() {
            await(client.close());
        }
    }

    static JsonObject next(BlockingQueue<JsonObject> q) {
        try {
            JsonObject m = q.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(m).as("a message within %d s", WAIT_SECONDS).isNotNull();
            return m;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    static List<JsonObject> next(BlockingQueue<JsonObject> q, int n) {
        List<JsonObject> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(next(q));
        }
        return out;
    }
}
