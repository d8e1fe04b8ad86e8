package io.onewindow.display;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A WebSocket client written on a plain TCP socket, for tests that need what a library client hides: the HTTP
 * status of a refused upgrade with its body, frames the protocol forbids (a text frame that is not UTF-8, a
 * reserved opcode), thousands of connections from chosen local addresses at a small cost each. Confined to the
 * event loop of its socket; {@link #status()} and {@link #closed()} may be awaited from any thread.
 *
 * <pre>
 * RawWebSocket ws = RawWebSocket.open(netClient, port, "/ws/v1/halls/demo/display", text -> ...);
 * ws.status().await();          // 101 once upgraded, else the refusal's status ({@link #refusal()} its body)
 * ws.send(RawWebSocket.TEXT, bytes);
 * </pre>
 */
public final class RawWebSocket {

    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    private final Promise<Integer> status = Promise.promise();
    private final Promise<Void> closed = Promise.promise();
    private Promise<Boolean> roundTrip;
    private final Consumer<String> onText;
    private NetSocket socket;
    private Context context;
    private Buffer pending = Buffer.buffer();
    private boolean upgraded;
    private int refusedStatus;
    private int refusalLength = -1;
    private String refusal;

    private RawWebSocket(Consumer<String> onText) {
        this.onText = onText;
    }

    /** Connects with {@code client} (its options carry the local address) and asks to upgrade {@code uri}. */
    public static RawWebSocket open(NetClient client, int port, String uri, Consumer<String> onText) {
        RawWebSocket ws = new RawWebSocket(onText);
        client.connect(port, "127.0.0.1").onComplete(ar -> {
            if (ar.failed()) {
                ws.status.tryFail(ar.cause());
                ws.closed.tryComplete();
                return;
            }
            NetSocket s = ar.result();
            ws.socket = s;
            ws.context = Vertx.currentContext();
            s.handler(ws::read);
            s.closeHandler(v -> {
                if (ws.refusedStatus != 0) {
                    ws.refusal = ws.pending.toString(StandardCharsets.UTF_8);
                    ws.status.tryComplete(ws.refusedStatus);
                }
                ws.status.tryFail("closed before an answer");
                ws.closed.tryComplete();
                if (ws.roundTrip != null) {
                    ws.roundTrip.tryComplete(false);
                }
            });
            s.write("GET " + uri + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n");
        });
        return ws;
    }

    /** 101 once upgraded, or the status of the refusal (its body in {@link #refusal()}). */
    public Future<Integer> status() {
        return status.future();
    }

    /** The body of a refused upgrade, once {@link #status()} completed with something other than 101. */
    public String refusal() {
        return refusal;
    }

    public Future<Void> closed() {
        return closed.future();
    }

    /** Sends one frame, masked as a client must, with any opcode and payload (checked by nobody here). */
    public Future<Void> send(int opcode, byte[] payload) {
        return send(opcode, payload, true);
    }

    public Future<Void> send(int opcode, byte[] payload, boolean fin) {
        Buffer frame = Buffer.buffer(payload.length + 14);
        frame.appendByte((byte) ((fin ? 0x80 : 0) | opcode));
        if (payload.length < 126) {
            frame.appendByte((byte) (0x80 | payload.length));
        } else if (payload.length < 65536) {
            frame.appendByte((byte) (0x80 | 126)).appendShort((short) payload.length);
        } else {
            frame.appendByte((byte) (0x80 | 127)).appendLong(payload.length);
        }
        frame.appendInt(0); // the mask key 0 leaves the payload as it is
        frame.appendBytes(payload);
        return socket.write(frame);
    }

    /**
     * Sends a ping and completes with true at its pong (the server has read everything sent before it) or with
     * false once the server closed the connection instead. One at a time.
     */
    public Future<Boolean> roundTrip() {
        Promise<Boolean> p = Promise.promise();
        context.runOnContext(v -> {
            if (closed.future().isComplete()) {
                p.tryComplete(false);
                return;
            }
            roundTrip = p;
            send(PING, new byte[] {'r', 't'});
        });
        return p.future();
    }

    public Future<Void> close() {
        return socket == null ? Future.succeededFuture() : socket.close();
    }

    private void read(Buffer data) {
        pending.appendBuffer(data);
        if (!upgraded) {
            if (refusedStatus != 0) {
                refusedBody();
                return;
            }
            String head = pending.toString(StandardCharsets.ISO_8859_1);
            int end = head.indexOf("\r\n\r\n");
            if (end < 0) {
                return;
            }
            int code = Integer.parseInt(head.substring(9, 12));
            String lower = head.substring(0, end).toLowerCase();
            pending = pending.getBuffer(end + 4, pending.length());
            if (code != 101) {
                refusedStatus = code;
                int at = lower.indexOf("content-length:");
                if (at >= 0) {
                    int eol = lower.indexOf("\r\n", at);
                    refusalLength = Integer.parseInt(lower.substring(at + 15, eol < 0 ? lower.length() : eol).trim());
                }
                refusedBody();
                return;
            }
            upgraded = true;
            status.tryComplete(101);
        }
        frames();
    }

    private void refusedBody() {
        if (refusalLength >= 0 && pending.length() >= refusalLength) {
            refusal = pending.getString(0, refusalLength, "UTF-8");
            status.tryComplete(refusedStatus);
            socket.close();
        }
    }

    private void frames() {
        int at = 0;
        while (pending.length() - at >= 2) {
            int b0 = pending.getByte(at) & 0xFF;
            int b1 = pending.getByte(at + 1) & 0x7F;
            int header = 2;
            long length = b1;
            if (b1 == 126) {
                if (pending.length() - at < 4) {
                    break;
                }
                length = pending.getUnsignedShort(at + 2);
                header = 4;
            } else if (b1 == 127) {
                if (pending.length() - at < 10) {
                    break;
                }
                length = pending.getLong(at + 2);
                header = 10;
            }
            if (pending.length() - at - header < length) {
                break;
            }
            int from = at + header;
            int to = (int) (from + length);
            int opcode = b0 & 0x0F;
            if (opcode == TEXT) {
                onText.accept(pending.getString(from, to, "UTF-8"));
            } else if (opcode == PING) {
                send(PONG, pending.getBytes(from, to));
            } else if (opcode == PONG && roundTrip != null) {
                roundTrip.tryComplete(true);
            } else if (opcode == CLOSE) {
                socket.close();
            }
            at = to;
        }
        if (at > 0) {
            pending = pending.getBuffer(at, pending.length());
        }
    }
}
