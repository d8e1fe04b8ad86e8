package io.onewindow.core.notice;

import java.util.concurrent.CompletableFuture;

/**
 * The port through which a hall sends its SMS notices. Implementations are thread-safe; {@link #send} never
 * blocks the caller (an adapter writes or posts on a thread of its own).
 *
 * <p><b>Guarantees.</b> A notice id is delivered at most once, however often it is sent (a reminder found on
 * every sweep, a notice made again after a restart): the adapter remembers the ids it delivered, durably.
 * Adapters: {@link OutboxNotifier} (the default: one JSON line per notice in a file under the data folder) and
 * an HTTP adapter of the hall server that posts to the SMS gateway the hall configures.
 */
public interface Notifier extends AutoCloseable {

    /**
     * Delivers the notice unless its id was delivered before. The future completes true once delivered now,
     * false when it had been delivered already, or exceptionally when it could not be delivered (after the
     * adapter's retries).
     */
    CompletableFuture<Boolean> send(Notice notice);

    @Override
    void close();
}
