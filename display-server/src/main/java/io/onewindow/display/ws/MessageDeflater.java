package io.onewindow.display.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * Compresses one message as the payload of a permessage-deflate frame (RFC 7692 7.2.1), context-free: each
 * message is a raw DEFLATE stream of its own that refers to nothing sent before it, so any RFC 7692 decompressor
 * reads it, whether it keeps its window between messages (context takeover) or not, and the same bytes serve
 * every screen of a hall. The stream is flushed with an empty stored block and its last four bytes
 * ({@code 00 00 ff ff}) are left off, as the RFC asks; the receiver puts them back.
 *
 * <p>Confined to its thread: one per thread ({@link #deflate}), reset before each message. The event loops that
 * run the fan-out are few and live as long as the server, so the server holds one zlib stream per event loop,
 * not one per screen.
 */
final class MessageDeflater {

    /** Level 6, zlib's default: display messages are a few hundred bytes of JSON, level 9 gains nothing. */
    static final int LEVEL = 6;
    private static final ThreadLocal<MessageDeflater> PER_THREAD = ThreadLocal.withInitial(MessageDeflater::new);

    private final Deflater deflater = new Deflater(LEVEL, true); // raw DEFLATE: no zlib header, no checksum
    private byte[] out = new byte[4096];

    private MessageDeflater() {
    }

    /** The payload of the compressed frame of these UTF-8 bytes, on the calling thread's compressor. */
    static ByteBuf deflate(byte[] message) {
        return PER_THREAD.get().compress(message);
    }

    private ByteBuf compress(byte[] message) {
        deflater.reset(); // a fresh stream: no window carried over from the previous message
        deflater.setInput(message);
        int n = 0;
        for (;;) {
            n += deflater.deflate(out, n, out.length - n, Deflater.SYNC_FLUSH);
            if (n < out.length) {
                break; // SYNC_FLUSH left room: every byte of input is out, up to the empty stored block
            }
            out = Arrays.copyOf(out, out.length * 2);
        }
        if (n < 4 || out[n - 4] != 0 || out[n - 3] != 0 || out[n - 2] != (byte) 0xff || out[n - 1] != (byte) 0xff) {
            throw new IllegalStateException("a sync flush must end with 00 00 ff ff");
        }
        return Unpooled.wrappedBuffer(Arrays.copyOf(out, n - 4));
    }
}
