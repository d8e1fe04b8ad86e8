package io.onewindow.display.hall;

import io.onewindow.core.Event;
import io.onewindow.core.Outcome;
import io.onewindow.core.Refusal;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a command of a hall, from the request that carries it to its durable answer: the one path
 * every front door takes. Immutable (static); never blocks the caller.
 *
 * <pre>
 *  command ─▶ read-only replica? ──────────────────────────────▶ failed: READ_ONLY
 *          ─▶ too many commands waiting for the journal? ──────▶ failed: TOO_MANY_REQUESTS
 *          ─▶ journal failed, hall rebuilding? ─────────────────▶ failed: JOURNAL_UNAVAILABLE (nothing changed)
 *          ─▶ LiveHall.submit: the dispatcher decides (one CAS)
 *                ├─ Refusal (nothing changed) ─────────────────▶ completed at once with the refusal
 *                └─ Event ─▶ journal.append ─ ─ durable ─ ─ ─ ─▶ completed with the event, on the caller's context
 *                                             └─ ─ failed ─ ─ ─▶ failed: JOURNAL_UNAVAILABLE (the hall rebuilds without it)
 * </pre>
 * The caller answers from the outcome: an event (durable, so it may leave the server), or a refusal, which the
 * front door maps to its status in one place. A failure is a {@link HallUnavailableException}.
 */
public final class CommandPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(CommandPipeline.class);

    private CommandPipeline() {
    }

    /**
     * Runs the command in the hall and completes, on {@code context}, with its refusal at once or its event once
     * durable.
     */
    public static Future<Outcome> run(LiveHall hall, Supplier<Outcome> command, Context context) {
        if (hall.readOnly()) {
            return Future.failedFuture(new HallUnavailableException(HallUnavailableException.Reason.READ_ONLY,
                    "this instance follows hall " + hall.hall().id() + " read-only: send commands to its owner"));
        }
        if (hall.overloaded()) {
            return Future.failedFuture(new HallUnavailableException(
                    HallUnavailableException.Reason.TOO_MANY_REQUESTS, "hall " + hall.hall().id()
                    + " has too many commands waiting for its journal; try again in a moment"));
        }
        return Future.fromCompletionStage(hall.submit(command), context).transform(ar -> {
            if (ar.failed()) {
                if (ar.cause() instanceof HallUnavailableException refused) {
                    return Future.failedFuture(refused); // turned away before it changed anything
                }
                // the hall logged the journal's failure once, when it stopped taking commands
                LOG.debug("hall {}: an event is not durable: {}", hall.hall().id(), ar.cause().toString());
                return Future.failedFuture(new HallUnavailableException(
                        HallUnavailableException.Reason.JOURNAL_UNAVAILABLE,
                        "the journal failed before this change was confirmed durable; the hall rebuilds from"
                        + " what is durable: look at the line or the ticket before trying again"));
            }
            Outcome o = ar.result();
            if (o instanceof Event e) {
                LOG.debug("hall {}: {} seq {} durable", hall.hall().id(), e.type(), e.seq());
            } else if (o instanceof Refusal r) {
                LOG.debug("hall {}: refused {}", hall.hall().id(), r.code());
            }
            return Future.succeededFuture(o);
        });
    }
}
