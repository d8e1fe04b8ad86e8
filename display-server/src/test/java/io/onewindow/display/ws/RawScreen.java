package io.onewindow.display.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A hall screen as the bytes on the wire show it: a WebSocket client over a plain socket that may ask for
 * permessage-deflate as browsers do, and that hands the test each text frame as it came (RSV1, payload) and
 * inflated. Server frames are unmasked; each message is one frame (the server never fragments). Blocking, for
 * the test thread.
 */
final class RawScreen implements AutoCloseable {

    /** What Chromium and Firefox offer. */
    static final String BROWSER_OFFER = "permessage-deflate; client_max_window_bits";

    /** One text message: whether its frame had RSV1 set, the payload as sent, and the text it carries. */
    record Message(boolean compressed, byte[] payload, String text) {
        JsonObject json() {
            return new JsonObject(text);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    /** The response head of the upgrade, lower case. */
    final String response;
    /** Inflates as a decompressor with context takeover does: one window across the messages. */
    private final Inflater kept = new Inflater(true);

    /** Connects and upgrades; {@code offer} is the Sec-WebSocket-Extensions to send, or null for none. */
    RawScreen(int port, String uri, String offer) {
        try {
            socket = new Socket("localhost", port);
            socket.setSoTimeout((int) StreamClients.WAIT_SECONDS * 1000);
            in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + uri + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n"
                    + (offer == null ? "" : "Sec-WebSocket-Extensions: " + offer + "\r\n") + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            StringBuilder head = new StringBuilder();
            while (head.indexOf("\r\n\r\n") < 0) {
                head.append((char) in.readUnsignedByte());
            }
            response = head.toString().toLowerCase(Locale.ROOT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(response).as("upgrade response").startsWith("http/1.1 101");
    }

    /** The Sec-WebSocket-Extensions the server answered, or null. */
    String extensions() {
        return response.lines().filter(l -> l.startsWith("sec-websocket-extensions:"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(null);
    }

    /** The next text message (pings and pongs are skipped). */
    Message next() {
        try {
            for (;;) {
                int b0 = in.readUnsignedByte();
                int b1 = in.readUnsignedByte();
                assertThat(b1 & 0x80).as("server frames are unmasked").isZero();
                long len = b1 & 0x7f;
                if (len == 126) {
                    len = in.readUnsignedShort();
                } else if (len == 127) {
                    len = in.readLong();
                }
                byte[] payload = new byte[(int) len];
                in.readFully(payload);
                int opcode = b0 & 0x0f;
                if (opcode == 0x9 || opcode == 0xA) {
                    continue;
                }
                assertThat(opcode).as("a text frame (not a close)").isEqualTo(0x1);
                assertThat(b0 & 0x80).as("FIN: one frame per message").isNotZero();
                boolean compressed = (b0 & 0x40) != 0;
                String text = new String(compressed ? inflate(payload) : payload, StandardCharsets.UTF_8);
                return new Message(compressed, payload, text);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * RFC 7692 7.2.2: the payload with {@code 00 00 ff ff} put back, inflated in the window kept from earlier
     * messages; checked equal to the same payload inflated by a fresh inflater, as a decompressor without
     * context takeover reads it.
     */
    private byte[] inflate(byte[] payload) {
        byte[] tailed = Arrays.copyOf(payload, payload.length + 4);
        tailed[tailed.length - 2] = (byte) 0xff;
        tailed[tailed.length - 1] = (byte) 0xff;
        byte[] withContext = inflate(kept, tailed);
        Inflater fresh = new Inflater(true);
        try {
            assertThat(inflate(fresh, tailed)).as("inflated without the earlier messages' window")
                    .isEqualTo(withContext);
        } finally {
            fresh.end();
        }
        return withContext;
    }

    private static byte[] inflate(Inflater inflater, byte[] input) {
        inflater.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        try {
            int n;
            while ((n = inflater.inflate(chunk)) > 0) {
                out.write(chunk, 0, n);
            }
        } catch (DataFormatException e) {
            throw new AssertionError("a compressed message did not inflate", e);
        }
        assertThat(inflater.getRemaining()).as("every byte of the payload inflated").isZero();
        assertThat(inflater.finished()).as("no final block: the stream goes on to the next message").isFalse();
        return out.toByteArray();
    }

    @Override
    public void close() {
        kept.end();
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
