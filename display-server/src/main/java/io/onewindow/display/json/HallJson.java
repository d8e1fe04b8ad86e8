package io.onewindow.display.json;

import io.onewindow.core.Event;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.HallSnapshot;
import io.onewindow.core.Staff;
import io.onewindow.core.Ticket;
import io.onewindow.core.TicketView;
import io.onewindow.core.WindowDefinition;
import io.onewindow.core.WindowView;
import io.onewindow.core.metrics.CategoryMetrics;
import io.onewindow.core.metrics.MetricsReport;
import io.onewindow.core.metrics.WaitEstimate;
import io.onewindow.core.metrics.PeriodMetrics;
import io.onewindow.core.metrics.TimeStats;
import io.onewindow.core.metrics.WindowMetrics;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The JSON of API.md for the line, the windows and the events, written in one place for the HTTP API and the
 * display streams alike. Immutable (static). Nothing here writes a person's full name or a person key.
 */
public final class HallJson {

    /** How many numbers {@code next} lists per category. */
    public static final int NEXT_LIMIT = 20;

    private HallJson() {
    }

    /**
     * The line as it stands: API.md's {@code GET /queue} shape, with nothing that depends on the clock; each
     * window also names its staff member on duty ({@code "staff":{"id","name"}}, the name masked, or null).
     */
    public static JsonObject queue(HallSnapshot s) {
        HallDefinition hall = s.hall();
        JsonObject categories = new JsonObject();
        for (var c : hall.categories()) {
            JsonArray next = new JsonArray();
            for (Ticket t : s.next(c.code(), NEXT_LIMIT)) {
                next.add(t.number());
            }
            categories.put(c.code(), new JsonObject().put("waiting", s.waiting(c.code())).put("next", next));
        }
        JsonObject windows = new JsonObject();
        for (WindowView w : s.windows()) {
            windows.put(w.definition().id(), new JsonObject()
                    .put("name", w.definition().name())
                    .put("state", w.state().name())
                    .put("number", w.ticket() == null ? null : w.ticket().number())
                    .put("ticketState", w.ticketState() == null ? null : w.ticketState().name())
                    .put("staff", staffJson(w.staff())));
        }
        return new JsonObject().put("hall", hall.id()).put("seq", s.seq()).put("categories", categories)
                .put("windows", windows);
    }

    /**
     * An event as screens receive it: {@code {"type":"TicketCalled","seq":N,"at":"...","number":"A001",
     * "window":"5号窗口","windowId":"5",...}}.
     */
    public static JsonObject event(Event e, HallDefinition hall) {
        JsonObject o = new JsonObject().put("type", e.type()).put("seq", e.seq()).put("at", time(e.atMillis(), hall.zone()));
        if (e instanceof Event.TicketIssued i) {
            ticket(o, i.ticket());
        } else if (e instanceof Event.TicketCalled c) {
            ticket(o, c.ticket());
            window(o, hall, c.window());
            staff(o, c.staff());
        } else if (e instanceof Event.TicketRecalled r) {
            ticket(o, r.ticket());
            window(o, hall, r.window());
            o.put("recallCount", r.recallCount());
        } else if (e instanceof Event.ServiceStarted st) {
            ticket(o, st.ticket());
            window(o, hall, st.window());
            staff(o, st.staff());
        } else if (e instanceof Event.ServiceCompleted d) {
            ticket(o, d.ticket());
            window(o, hall, d.window());
            staff(o, d.staff());
        } else if (e instanceof Event.TicketNoShow n) {
            ticket(o, n.ticket());
            window(o, hall, n.window());
            o.put("recallLimitReached", n.recallLimitReached());
        } else if (e instanceof Event.TicketReinstated r) {
            ticket(o, r.ticket());
        } else if (e instanceof Event.TicketTransferred t) {
            ticket(o, t.ticket());
            window(o, hall, t.window());
            o.put("fromCategory", t.fromCategory());
        } else if (e instanceof Event.TicketCancelled c) {
            ticket(o, c.ticket());
        } else if (e instanceof Event.TicketPinned p) {
            ticket(o, p.ticket());
        } else if (e instanceof Event.WindowOpened w) {
            window(o, hall, w.window());
            staff(o, w.staff());
        } else if (e instanceof Event.WindowPaused w) {
            window(o, hall, w.window());
        } else if (e instanceof Event.WindowResumed w) {
            window(o, hall, w.window());
        } else if (e instanceof Event.WindowClosed w) {
            window(o, hall, w.window());
        } else if (e instanceof Event.DayClosed d) {
            o.put("day", d.day().toString()).put("expired", d.expired());
        }
        return o;
    }

    /**
     * A ticket in an HTTP response: {@code {"id","number","category","priority","state","position",
     * "estimatedWaitSeconds","estimatedWaitLowSeconds","estimatedWaitHighSeconds","issuedAt","window"}}.
     * {@code position} is 0 and the three estimates null when the ticket is not waiting (the range holds the real
     * wait for about 8 tickets in 10, the single figure is its median); {@code window} is the id of the window
     * holding or that held it, or null. The phone link ({@code trackUrl}) is added only by the answers that make
     * one: the hall keeps its digest alone.
     */
    public static JsonObject ticket(TicketView v, HallDefinition hall, WaitEstimate estimate) {
        Ticket t = v.ticket();
        JsonObject o = new JsonObject().put("id", t.id()).put("number", t.number()).put("category", t.category())
                .put("priority", t.priority().name()).put("state", v.state().name()).put("position", v.position());
        return estimate(o, estimate)
                .put("issuedAt", time(t.issuedAtMillis(), hall.zone()))
                .put("window", v.window());
    }

    /**
     * Puts {@code "estimatedWaitSeconds"}, {@code "estimatedWaitLowSeconds"} and {@code "estimatedWaitHighSeconds"}
     * into {@code o}: the estimate's figure and range, or nulls when there is none.
     */
    public static JsonObject estimate(JsonObject o, WaitEstimate estimate) {
        return o.put("estimatedWaitSeconds", estimate == null ? null : estimate.seconds())
                .put("estimatedWaitLowSeconds", estimate == null ? null : estimate.lowSeconds())
                .put("estimatedWaitHighSeconds", estimate == null ? null : estimate.highSeconds());
    }

    /**
     * The manager's figures ({@code GET /api/v1/halls/{hall}/metrics}): per category and per window, for today
     * and the last 15 minutes, wait and handling times in seconds (count, mean, p50, p90, p99, max), served,
     * no-shows, transfers; per category also the tickets waiting, issued today and the longest current wait.
     */
    public static JsonObject metrics(MetricsReport r, ZoneId zone) {
        JsonObject categories = new JsonObject();
        for (CategoryMetrics c : r.categories().values()) {
            categories.put(c.code(), new JsonObject().put("name", c.name()).put("waiting", c.waiting())
                    .put("longestCurrentWaitSeconds", c.longestCurrentWaitSeconds())
                    .put("issuedToday", c.issuedToday())
                    .put("today", period(c.today())).put("last15Minutes", period(c.last15Minutes())));
        }
        JsonObject windows = new JsonObject();
        for (WindowMetrics w : r.windows().values()) {
            windows.put(w.id(), new JsonObject().put("name", w.name()).put("today", period(w.today()))
                    .put("last15Minutes", period(w.last15Minutes())));
        }
        return new JsonObject().put("hall", r.hall()).put("at", time(r.atMillis(), zone))
                .put("day", r.day().toString()).put("categories", categories).put("windows", windows);
    }

    /** One period's figures: {"waitTime","handlingTime","served","noShows","transfers"}, times in seconds. */
    public static JsonObject period(PeriodMetrics p) {
        return new JsonObject().put("waitTime", stats(p.waitTime())).put("handlingTime", stats(p.handlingTime()))
                .put("served", p.served()).put("noShows", p.noShows()).put("transfers", p.transfers());
    }

    private static JsonObject stats(TimeStats s) {
        return new JsonObject().put("count", s.count()).put("meanSeconds", s.meanSeconds())
                .put("p50Seconds", s.p50Seconds()).put("p90Seconds", s.p90Seconds()).put("p99Seconds", s.p99Seconds())
                .put("maxSeconds", s.maxSeconds());
    }

    private static void ticket(JsonObject o, Ticket t) {
        o.put("ticketId", t.id()).put("number", t.number()).put("category", t.category())
                .put("priority", t.priority().name());
    }

    private static void window(JsonObject o, HallDefinition hall, String windowId) {
        WindowDefinition w = hall.window(windowId);
        o.put("window", w == null ? windowId : w.name()).put("windowId", windowId);
    }

    /** The staff member as screens show them, {"id","name"} with the name masked; null for none. */
    public static JsonObject staffJson(Staff staff) {
        return staff == null ? null : new JsonObject().put("id", staff.id()).put("name", maskName(staff.name()));
    }

    private static void staff(JsonObject o, Staff staff) {
        if (staff != null) {
            o.put("staff", new JsonObject().put("id", staff.id()).put("name", maskName(staff.name())));
        }
    }

    /** A name as screens show it: 张*明, 王*, first and last character kept for three and more. */
    public static String maskName(String name) {
        int[] cps = name.codePoints().toArray();
        if (cps.length <= 1) {
            return name;
        }
        StringBuilder b = new StringBuilder().appendCodePoint(cps[0]);
        if (cps.length == 2) {
            return b.append('*').toString();
        }
        b.append("*".repeat(cps.length - 2));
        return b.appendCodePoint(cps[cps.length - 1]).toString();
    }

    /** An instant as ISO-8601 with the hall's offset: 2026-11-23T09:30:00+08:00. */
    public static String time(long epochMillis, ZoneId zone) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.ofEpochMilli(epochMillis).atZone(zone)
                .toOffsetDateTime());
    }
}
