package io.onewindow.display.http;

import io.onewindow.core.Category;
import io.onewindow.core.Event;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.HallSnapshot;
import io.onewindow.core.WindowDefinition;
import io.onewindow.core.metrics.MetricsReport;
import io.onewindow.display.hall.Halls;
import io.onewindow.display.hall.LiveHall;
import io.onewindow.display.json.HallJson;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/** The halls as a whole: the list, the line, the day close. Stateless; each method handles one route. */
final class HallHandler {

    private final Halls halls;
    private final Access access;

    HallHandler(Halls halls, Access access) {
        this.halls = halls;
        this.access = access;
    }

    /**
     * GET /api/v1/halls (anyone): [{"id","name","categories":[{"code","name"}],"windows":[{"id","name"}],
     * "timezone","maxWaitMinutes"}]: the screens show the hall's local time, the dashboard its wait limit.
     */
    void list(RoutingContext ctx) {
        JsonArray out = new JsonArray();
        for (LiveHall h : halls.live()) {
            HallDefinition d = h.hall();
            JsonArray categories = new JsonArray();
            for (Category c : d.categories()) {
                categories.add(new JsonObject().put("code", c.code()).put("name", c.name()));
            }
            JsonArray windows = new JsonArray();
            for (WindowDefinition w : d.windows()) {
                windows.add(new JsonObject().put("id", w.id()).put("name", w.name()));
            }
            out.add(new JsonObject().put("id", d.id()).put("name", d.name()).put("categories", categories)
                    .put("windows", windows).put("timezone", d.zone().getId())
                    .put("maxWaitMinutes", d.maxWaitMinutes()));
        }
        ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").end(out.encode());
    }

    /** GET /api/v1/halls/{hall}/queue (anyone): the line as it stands, exactly HallJson.queue. */
    void queue(RoutingContext ctx) {
        LiveHall hall = Replies.hall(ctx, halls);
        HallSnapshot line = hall.dispatcher().snapshot();
        JsonObject body = HallJson.queue(line);
        Replies.afterDurable(ctx, hall, line.seq(), () -> Replies.json(ctx, 200, body));
    }

    /** GET /api/v1/halls/{hall}/metrics (manager): wait and handling times, today and the last 15 minutes. */
    void metrics(RoutingContext ctx) {
        LiveHall hall = Replies.hall(ctx, halls);
        access.require(ctx, hall.hall().id(), Access.MANAGERS);
        MetricsReport report = hall.metrics().report(hall.dispatcher().snapshot(), System.currentTimeMillis());
        Replies.json(ctx, 200, HallJson.metrics(report, hall.hall().zone()));
    }

    /** POST /api/v1/halls/{hall}/close-day (manager): every waiting ticket expires now, as at midnight. */
    void closeDay(RoutingContext ctx) {
        LiveHall hall = Replies.hall(ctx, halls);
        access.require(ctx, hall.hall().id(), Access.MANAGERS);
        Bodies.object(ctx, Set.of(), false);
        Replies.durably(ctx, hall, () -> hall.dispatcher().closeDay(), (c, e) -> {
            Event.DayClosed d = (Event.DayClosed) e;
            Replies.json(c, 200, new JsonObject().put("day", d.day().toString()).put("expired", d.expired())
                    .put("seq", d.seq()));
        });
    }
}
