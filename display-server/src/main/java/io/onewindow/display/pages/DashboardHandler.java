package io.onewindow.display.pages;

import io.onewindow.core.HallDefinition;
import io.onewindow.core.HallSnapshot;
import io.onewindow.core.TicketState;
import io.onewindow.core.WindowView;
import io.onewindow.core.metrics.HallMetrics;
import io.onewindow.core.metrics.HourMetrics;
import io.onewindow.core.metrics.MetricsReport;
import io.onewindow.core.metrics.WindowMetrics;
import io.onewindow.display.hall.Halls;
import io.onewindow.display.hall.LiveHall;
import io.onewindow.display.json.HallJson;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.ZonedDateTime;

/**
 * {@code GET /api/v1/halls/{hall}/dashboard} (manager): what the manager's page shows beside the live line, in
 * one answer. Stateless.
 *
 * <pre>
 * {"hall","name","maxWaitMinutes","open","close","seq",
 *  "metrics":  the /metrics answer (per category and window, today and the last 15 minutes),
 *  "windows":  [{"id","name","state","staff":{"id","name"},"number","ticketState","calledAt","startedAt",
 *               "servedToday","busySecondsToday","utilization"}],
 *  "hours":    [{"hour","issued","served","noShows","waitTime":{…}}]   from the opening hour to the closing hour
 * }
 * </pre>
 * {@code utilization} is the window's handling time today (its current service included) over the time since
 * the hall opened today; null before opening.
 */
final class DashboardHandler {

    private final Halls halls;
    private final PageAccess access;

    DashboardHandler(Halls halls, PageAccess access) {
        this.halls = halls;
        this.access = access;
    }

    void get(RoutingContext ctx) {
        LiveHall hall = halls.hall(ctx.pathParam("hall"));
        if (hall == null) {
            PageAccess.error(ctx, 404, "UNKNOWN_HALL", "this server runs no such hall");
            return;
        }
        if (access.require(ctx, hall.hall().id(), PageAccess.MANAGERS) == null) {
            return;
        }
        PageAccess.json(ctx, 200, figures(hall, System.currentTimeMillis()));
    }

    static JsonObject figures(LiveHall hall, long now) {
        HallDefinition d = hall.hall();
        HallSnapshot s = hall.dispatcher().snapshot();
        HallMetrics metrics = hall.metrics();
        MetricsReport report = metrics.report(s, now);
        ZonedDateTime opened = LocalDate.now(d.zone()).atTime(d.open()).atZone(d.zone());
        long openMillis = opened.toInstant().toEpochMilli();

        JsonArray windows = new JsonArray();
        for (WindowView w : s.windows()) {
            WindowMetrics m = report.windows().get(w.definition().id());
            double busy = m.today().handlingTime().meanSeconds() * m.today().handlingTime().count();
            if (w.ticketState() == TicketState.SERVING && w.startedAtMillis() > 0) {
                busy += Math.max(0, now - w.startedAtMillis()) / 1000.0;
            }
            Double utilization = now > openMillis ? Math.min(1.0, busy / ((now - openMillis) / 1000.0)) : null;
            windows.add(new JsonObject().put("id", w.definition().id()).put("name", w.definition().name())
                    .put("state", w.state().name()).put("staff", HallJson.staffJson(w.staff()))
                    .put("number", w.ticket() == null ? null : w.ticket().number())
                    .put("ticketState", w.ticketState() == null ? null : w.ticketState().name())
                    .put("calledAt", w.calledAtMillis() > 0 ? HallJson.time(w.calledAtMillis(), d.zone()) : null)
                    .put("startedAt", w.startedAtMillis() > 0 && w.ticketState() == TicketState.SERVING
                            ? HallJson.time(w.startedAtMillis(), d.zone()) : null)
                    .put("servedToday", m.today().served())
                    .put("busySecondsToday", Math.round(busy))
                    .put("utilization", utilization));
        }
        JsonArray hours = new JsonArray();
        int from = d.open().getHour();
        int to = d.close().getMinute() == 0 ? d.close().getHour() - 1 : d.close().getHour();
        for (HourMetrics h : metrics.hoursToday(now)) {
            boolean busy = h.issued() > 0 || h.metrics().served() > 0 || h.metrics().waitTime().count() > 0;
            if ((h.hour() >= from && h.hour() <= to) || busy) {
                JsonObject p = HallJson.period(h.metrics());
                hours.add(new JsonObject().put("hour", h.hour()).put("issued", h.issued())
                        .put("served", p.getLong("served")).put("noShows", p.getLong("noShows"))
                        .put("waitTime", p.getJsonObject("waitTime")));
            }
        }
        return new JsonObject().put("hall", d.id()).put("name", d.name()).put("maxWaitMinutes", d.maxWaitMinutes())
                .put("open", d.open().toString()).put("close", d.close().toString()).put("seq", s.seq())
                .put("metrics", HallJson.metrics(report, d.zone()))
                .put("windows", windows).put("hours", hours);
    }
}
