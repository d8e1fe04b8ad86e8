package io.onewindow.display.http;

import io.onewindow.display.hall.Halls;
import io.onewindow.display.hall.LiveHall;
import io.onewindow.display.hall.ServerStats;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Operations: liveness, readiness, and the Prometheus scrape. Stateless; each method handles one route. */
final class OpsHandler {

    private final Halls halls;
    private final ServerStats stats;

    OpsHandler(Halls halls, ServerStats stats) {
        this.halls = halls;
        this.stats = stats;
    }

    /** GET /health/live: the process answers. */
    void live(RoutingContext ctx) {
        Replies.json(ctx, 200, new JsonObject().put("status", "UP"));
    }

    /**
     * GET /health/ready: 200 once every hall has recovered its journal, 503 NOT_READY before, 503
     * JOURNAL_UNAVAILABLE while a hall's journal cannot write (and why, for a Redis that came back unsafe), 503
     * JOURNAL_LOST_EVENTS once a hall stopped because its journal's store lost events it had made durable.
     */
    void ready(RoutingContext ctx) {
        if (!halls.ready()) {
            throw new ApiException(503, "NOT_READY", "the halls are recovering their journals");
        }
        var lost = halls.lostEvents();
        if (!lost.isEmpty()) {
            throw new ApiException(503, "JOURNAL_LOST_EVENTS", String.join("; ",
                    lost.stream().map(h -> h.eventsLost().getMessage()).toList()));
        }
        var frozen = halls.followFailures();
        if (!frozen.isEmpty()) {
            throw new ApiException(503, "REPLICA_STOPPED", "this replica stopped following hall "
                    + String.join(", ", frozen.stream().map(h -> h.hall().id()).toList()));
        }
        var failing = halls.journalFailures();
        if (!failing.isEmpty()) {
            throw new ApiException(503, "JOURNAL_UNAVAILABLE", "the journal of hall "
                    + String.join(", ", failing.stream().map(h -> h.hall().id()).toList())
                    + " cannot write; it serves again by itself once it can" + String.join("", failing.stream()
                    .filter(h -> h.journalFailureReason() != null)
                    .map(h -> "; hall " + h.hall().id() + ": " + h.journalFailureReason()).toList()));
        }
        JsonObject seqs = new JsonObject();
        for (LiveHall h : halls.live()) {
            seqs.put(h.hall().id(), h.dispatcher().snapshot().seq());
        }
        Replies.json(ctx, 200, new JsonObject().put("status", "READY").put("halls", seqs));
    }

    /**
     * GET /metrics: the server's Micrometer registry in Prometheus text format 0.0.4: the halls' figures
     * ({@code onewindow_*}), HTTP requests by route and status, worker pools and event loops, JVM memory, GC and
     * threads, process CPU.
     */
    void prometheus(RoutingContext ctx) {
        // what a handler mounted ahead of this one (the evaluator gateway's) left to append, in the same format
        Object more = ctx.get("onewindow.metrics.more");
        String text = stats.registry().scrape();
        ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .end(more instanceof String m ? text + m : text);
    }
}
