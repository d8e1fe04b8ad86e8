package io.onewindow.display.ws;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtension;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One display client as the drain writes to it: a WebSocket or a Server-Sent Events response. Confined to the
 * event loop of its connection (the same loop as its {@link LoopDrain}); every method runs there.
 *
 * <p>The drain never waits for a client: before each batch it asks {@link #writeQueueFull()}, and a client
 * whose queue is full is {@link #cut} (it reconnects with {@code since} and catches up). So a client holds at
 * most {@link StreamConfig#writeQueueMaxBytes()} plus one batch of server memory, and a slow one costs the
 * others nothing.
 */
abstract sealed class DisplaySink permits DisplaySink.WebSocketDisplay, DisplaySink.SseDisplay {

    private final AtomicLong kindGauge;
    private final AtomicLong displayGauge;
    private boolean gone;

    DisplaySink(AtomicLong kindGauge, AtomicLong displayGauge) {
        this.kindGauge = kindGauge;
        this.displayGauge = displayGauge;
        kindGauge.incrementAndGet();
        displayGauge.incrementAndGet();
    }

    /** Whether the client has gone (closed by either side); the drain drops it at its next pass. */
    final boolean gone() {
        return gone;
    }

    /** Marks the client gone and releases its place in the gauges, once. */
    final void release() {
        if (!gone) {
            gone = true;
            kindGauge.decrementAndGet();
            displayGauge.decrementAndGet();
        }
    }

    abstract boolean writeQueueFull();

    /** Writes the messages in order and flushes once. */
    abstract void write(MessageBatch batch);

    /** Proves the stream alive to proxies and to the client; cheap and shared. */
    abstract void heartbeat();

    /** Closes a client too slow to keep up; it is expected to reconnect with what it saw last. */
    abstract void cut();

    /**
     * A display WebSocket: text messages, pings as heartbeat, close code 1013 (try again later) when cut.
     *
     * <p>Each message goes down the connection's Netty pipeline already framed: a duplicate of the message's
     * shared frame bytes ({@link EncodedEvent#frame}, header and payload, encoded once per hall in direct
     * memory), written just below the WebSocket frame encoder (so it passes only what lies between that encoder
     * and the socket: the idle-timeout handler) and flushed once per batch. No frame object, encoding, copy,
     * compression or reference count per screen, and the socket sends the shared bytes as they are; Vert.x's
     * public {@code writeTextMessage} would encode the text again and flush (one system call) per message. A
     * screen that negotiated permessage-deflate ({@link io.onewindow.display.http.WebSocketDeflate}) is sent the
     * message's shared compressed frame, RSV1 set ({@link EncodedEvent#deflatedFrame}); any other screen the
     * plain one. These are the bytes Netty's encoder would write for the same frames. Writes and flushes run on
     * the channel's event loop, the thread every Vert.x write of this socket runs on too, so frames keep their
     * order with Vert.x's own pings, pongs and close frame. Where the pipeline has no WebSocket frame encoder
     * (a later Vert.x), frame objects go down the whole pipeline as before; without the channel (see
     * {@link StreamRoutes}), the public API is used, and Vert.x compresses for a screen that asked.
     */
    static final class WebSocketDisplay extends DisplaySink {

        /** RFC 6455 registry: "Try Again Later", the server is overloaded for this client. */
        static final short TRY_AGAIN_LATER = 1013;
        private static final Buffer PING = Buffer.buffer("hb");
        /** RFC 7692: RSV1 on the first frame of a message marks it compressed. */
        private static final int COMPRESSED = WebSocketExtension.RSV1;

        private final ServerWebSocket ws;
        private final Channel channel;
        /** The WebSocket frame encoder's place in the pipeline: writes start just below it; or null. */
        private final ChannelHandlerContext belowEncoder;
        private final boolean deflate;
        private final LongAdder compressions;

        /**
         * {@code channel}: the socket's Netty channel, or null to write through the public API only;
         * {@code deflate}: whether the socket negotiated permessage-deflate with this server's
         * {@link io.onewindow.display.http.WebSocketDeflate} (then its frames are sent compressed, and each
         * compression made is counted in {@code compressions}).
         */
        WebSocketDisplay(ServerWebSocket ws, Channel channel, boolean deflate, LongAdder compressions,
                         AtomicLong kindGauge, AtomicLong displayGauge) {
            super(kindGauge, displayGauge);
            this.ws = ws;
            this.channel = channel;
            this.deflate = deflate && channel != null;
            this.compressions = compressions;
            this.belowEncoder = channel == null ? null : channel.pipeline().context(WebSocketFrameEncoder.class);
        }

        @Override
        boolean writeQueueFull() {
            return channel != null ? !channel.isWritable() : ws.writeQueueFull();
        }

        @Override
        void write(MessageBatch batch) {
            if (channel == null || !channel.eventLoop().inEventLoop()) {
                for (EncodedEvent m : batch.messages()) {
                    ws.writeTextMessage(m.text());
                }
                return;
            }
            ChannelHandlerContext below = belowEncoder;
            if (below != null && !below.isRemoved()) {
                for (EncodedEvent m : batch.messages()) {
                    below.write((deflate ? m.deflatedFrame(compressions) : m.frame()).duplicate(),
                            channel.voidPromise());
                }
                below.flush();
                return;
            }
            for (EncodedEvent m : batch.messages()) {
                TextWebSocketFrame frame = deflate
                        ? new TextWebSocketFrame(true, COMPRESSED, m.deflated(compressions).retainedDuplicate())
                        : new TextWebSocketFrame(m.utf8().retainedDuplicate());
                channel.write(frame, channel.voidPromise());
            }
            channel.flush();
        }

        @Override
        void heartbeat() {
            ws.writePing(PING);
        }

        @Override
        void cut() {
            release();
            ws.close(TRY_AGAIN_LATER, "too slow: reconnect with since");
        }
    }

    /** A Server-Sent Events response: {@code id/event/data} blocks, comments as heartbeat. */
    static final class SseDisplay extends DisplaySink {

        private static final Buffer HEARTBEAT = Buffer.buffer(": heartbeat\n\n");

        private final HttpServerResponse response;

        SseDisplay(HttpServerResponse response, AtomicLong kindGauge, AtomicLong displayGauge) {
            super(kindGauge, displayGauge);
            this.response = response;
        }

        @Override
        boolean writeQueueFull() {
            return response.writeQueueFull();
        }

        @Override
        void write(MessageBatch batch) {
            response.write(batch.sse()); // one chunk, one flush: an event stream is just bytes
        }

        @Override
        void heartbeat() {
            response.write(HEARTBEAT);
        }

        @Override
        void cut() {
            release();
            response.reset(); // an event stream has no close handshake: drop the connection, the browser retries
        }
    }
}
