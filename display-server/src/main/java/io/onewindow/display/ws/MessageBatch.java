package io.onewindow.display.ws;

import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * The messages one drain pass sends to each of its clients, in order: written to a client in one go and
 * flushed once, so that events that arrive together cost one system call per client, not one each. Confined
 * to the drain's event loop.
 */
final class MessageBatch {

    private final List<EncodedEvent> messages;
    private Buffer sse;

    MessageBatch(List<EncodedEvent> messages) {
        this.messages = messages;
    }

    List<EncodedEvent> messages() {
        return messages;
    }

    int size() {
        return messages.size();
    }

    /** The messages as one Server-Sent Events chunk, concatenated once for every SSE client of the pass. */
    Buffer sse() {
        if (sse == null) {
            if (messages.size() == 1) {
                sse = messages.get(0).sse();
            } else {
                int bytes = 0;
                for (EncodedEvent m : messages) {
                    bytes += m.sse().length();
                }
                Buffer joined = Buffer.buffer(bytes);
                for (EncodedEvent m : messages) {
                    joined.appendBuffer(m.sse());
                }
                sse = joined;
            }
        }
        return sse;
    }
}
