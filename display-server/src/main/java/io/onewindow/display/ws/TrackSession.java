package io.onewindow.display.ws;

import io.onewindow.core.Event;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.HallSnapshot;
import io.onewindow.core.Ticket;
import io.onewindow.core.TicketState;
import io.onewindow.core.TicketView;
import io.onewindow.core.WindowDefinition;
import io.onewindow.core.metrics.HallMetrics;
import io.onewindow.display.hall.LiveHall;
import io.onewindow.display.json.HallJson;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The phone's view of one ticket over a WebSocket. Confined to the event loop of its connection (the loop of
 * its {@link LoopDrain}).
 *
 * <p>Messages, each with the sequence number of the hall state it reflects:
 * <pre>
 * {"type":"Ticket","seq":40,"hall":"demo","ticketId":7,"number":"A007","category":"A","state":"WAITING",
 *  "position":5,"estimatedWaitSeconds":580,"estimatedWaitLowSeconds":380,"estimatedWaitHighSeconds":850,
 *  "window":null,"windowId":null}                                       first, as of a durable state
 * {"type":"Position","seq":43,"position":4,"estimatedWaitSeconds":460,"estimatedWaitLowSeconds":280,
 *  "estimatedWaitHighSeconds":700}                                      whenever its place in line changes
 * {"type":"AlmostYourTurn","seq":44,"position":3}                        once, at third in line or nearer
 * {"type":"Called","seq":47,"number":"A007","window":"5号窗口","windowId":"5","recallCount":0}   and each recall
 * {"type":"State","seq":49,"state":"SERVING","category":"A","window":"5号窗口","windowId":"5"}
 *     SERVING, COMPLETED, NO_SHOW, WAITING (reinstated or transferred), CANCELLED, EXPIRED
 * </pre>
 * After a final state (COMPLETED, CANCELLED, EXPIRED) the socket is closed normally. {@code estimatedWaitSeconds}
 * and its range ({@code estimatedWaitLowSeconds}, {@code estimatedWaitHighSeconds}: about 8 tickets in 10 are
 * called inside it) are left out when the hall has no metrics.
 */
final class TrackSession {

    /** Third in line or nearer: time to walk to the windows. */
    static final int ALMOST_YOUR_TURN = 3;
    static final short NORMAL_CLOSURE = 1000;
    static final short POLICY_VIOLATION = 1008;
    private static final Buffer PING = Buffer.buffer("hb");

    private final ServerWebSocket ws;
    private final LiveHall runtime;
    private final long ticketId;
    private final AtomicLong gauge;
    private final LongAdder slowCut;
    private TicketState state;
    private String category;
    private int position;
    private boolean almostSent;
    private boolean positionStale;
    private boolean gone;

    TrackSession(ServerWebSocket ws, LiveHall runtime, long ticketId, AtomicLong gauge, LongAdder slowCut) {
        this.ws = ws;
        this.runtime = runtime;
        this.ticketId = ticketId;
        this.gauge = gauge;
        this.slowCut = slowCut;
        gauge.incrementAndGet();
    }

    boolean gone() {
        return gone;
    }

    /** Whether an event may have moved the ticket in its line since its position was last sent. */
    boolean positionStale() {
        return positionStale;
    }

    /** Marks the session gone and releases its place in the gauge, once. */
    void release() {
        if (!gone) {
            gone = true;
            gauge.decrementAndGet();
        }
    }

    /** The first message, from a durable snapshot. */
    void start(HallSnapshot s) {
        if (gone) {
            return;
        }
        TicketView v = s.ticket(ticketId);
        if (v == null) {
            v = runtime.dispatcher().ticket(ticketId); // finished by s: the dispatcher's history has it
        }
        if (v == null) {
            close(POLICY_VIOLATION, "unknown ticket");
            return;
        }
        state = v.state();
        category = v.ticket().category();
        position = v.position();
        positionStale = false;
        JsonObject m = message("Ticket", s.seq()).put("hall", runtime.hall().id()).put("ticketId", ticketId)
                .put("number", v.ticket().number())
                .put("category", category).put("state", state.name()).put("position", position);
        eta(m, s, v);
        window(m, v.window());
        send(m);
        if (state.isFinal()) {
            close(NORMAL_CLOSURE, "ticket " + state);
            return;
        }
        almostYourTurn(s.seq());
    }

    /** A durable event of the hall, in sequence order. */
    void onEvent(Event e) {
        if (gone || state == null) {
            return;
        }
        Ticket t = ticketOf(e);
        if (t != null && t.id() == ticketId) {
            mine(e, t);
        } else if (e instanceof Event.DayClosed d && (state == TicketState.WAITING || state == TicketState.NO_SHOW)) {
            finish(TicketState.EXPIRED, d.seq(), null);
        } else if (state == TicketState.WAITING && t != null && (category.equals(t.category())
                || e instanceof Event.TicketTransferred tr && category.equals(tr.fromCategory()))) {
            positionStale = true; // someone joined, left or moved in this line
        }
    }

    private void mine(Event e, Ticket t) {
        if (e instanceof Event.TicketCalled c) {
            state = TicketState.CALLED;
            called(c.seq(), t, c.window(), 0);
        } else if (e instanceof Event.TicketRecalled r) {
            called(r.seq(), t, r.window(), r.recallCount());
        } else if (e instanceof Event.ServiceStarted st) {
            changed(TicketState.SERVING, st.seq(), st.window());
        } else if (e instanceof Event.ServiceCompleted d) {
            finish(TicketState.COMPLETED, d.seq(), d.window());
        } else if (e instanceof Event.TicketNoShow n) {
            changed(TicketState.NO_SHOW, n.seq(), n.window());
        } else if (e instanceof Event.TicketReinstated r) {
            changed(TicketState.WAITING, r.seq(), null);
            positionStale = true;
        } else if (e instanceof Event.TicketTransferred tr) {
            category = t.category();
            changed(TicketState.WAITING, tr.seq(), null);
            positionStale = true;
        } else if (e instanceof Event.TicketCancelled c) {
            finish(TicketState.CANCELLED, c.seq(), null);
        } else if (e instanceof Event.TicketPinned) {
            positionStale = true;
        } else if (e instanceof Event.TrackLinkReplaced) {
            close(NORMAL_CLOSURE, "a guide gave this ticket a new phone link");
        }
    }

    /** Sends the position when it changed, from a snapshot at exactly the durable position of the drain. */
    void refreshPosition(HallSnapshot s) {
        if (gone || !positionStale) {
            return;
        }
        positionStale = false;
        if (state != TicketState.WAITING) {
            return;
        }
        TicketView v = s.ticket(ticketId);
        if (v == null || v.position() == position) {
            return;
        }
        position = v.position();
        JsonObject m = message("Position", s.seq()).put("position", position);
        eta(m, s, v);
        send(m);
        almostYourTurn(s.seq());
    }

    void heartbeat() {
        if (gone) {
            return;
        }
        if (ws.writeQueueFull()) {
            cut();
            return;
        }
        ws.writePing(PING);
    }

    private void almostYourTurn(long seq) {
        if (!almostSent && state == TicketState.WAITING && position > 0 && position <= ALMOST_YOUR_TURN) {
            almostSent = true;
            send(message("AlmostYourTurn", seq).put("position", position));
        }
    }

    private void called(long seq, Ticket t, String windowId, int recallCount) {
        JsonObject m = message("Called", seq).put("number", t.number());
        window(m, windowId);
        send(m.put("recallCount", recallCount));
    }

    private void changed(TicketState next, long seq, String windowId) {
        state = next;
        JsonObject m = message("State", seq).put("state", next.name()).put("category", category);
        window(m, windowId);
        send(m);
    }

    private void finish(TicketState last, long seq, String windowId) {
        changed(last, seq, windowId);
        close(NORMAL_CLOSURE, "ticket " + last);
    }

    private void send(JsonObject m) {
        if (gone) {
            return;
        }
        if (ws.writeQueueFull()) {
            cut();
            return;
        }
        ws.writeTextMessage(m.encode());
    }

    private void cut() {
        slowCut.increment();
        close(DisplaySink.WebSocketDisplay.TRY_AGAIN_LATER, "too slow: reconnect");
    }

    private void close(short code, String reason) {
        release();
        ws.close(code, reason);
    }

    private void eta(JsonObject m, HallSnapshot s, TicketView v) {
        HallMetrics metrics = runtime.metrics();
        if (metrics != null && v.state() == TicketState.WAITING) {
            HallJson.estimate(m, metrics.estimatedWait(s, v, System.currentTimeMillis()));
        }
    }

    private void window(JsonObject m, String windowId) {
        HallDefinition hall = runtime.hall();
        WindowDefinition w = windowId == null ? null : hall.window(windowId);
        m.put("window", w == null ? windowId : w.name()).put("windowId", windowId);
    }

    private static JsonObject message(String type, long seq) {
        return new JsonObject().put("type", type).put("seq", seq);
    }

    /** The ticket an event is about, or null for window and day events. */
    static Ticket ticketOf(Event e) {
        if (e instanceof Event.TicketIssued x) {
            return x.ticket();
        } else if (e instanceof Event.TicketCalled x) {
            return x.ticket();
        } else if (e instanceof Event.TicketRecalled x) {
            return x.ticket();
        } else if (e instanceof Event.ServiceStarted x) {
            return x.ticket();
        } else if (e instanceof Event.ServiceCompleted x) {
            return x.ticket();
        } else if (e instanceof Event.TicketNoShow x) {
            return x.ticket();
        } else if (e instanceof Event.TicketReinstated x) {
            return x.ticket();
        } else if (e instanceof Event.TicketTransferred x) {
            return x.ticket();
        } else if (e instanceof Event.TicketCancelled x) {
            return x.ticket();
        } else if (e instanceof Event.TrackLinkReplaced x) {
            return x.ticket();
        } else if (e instanceof Event.TicketPinned x) {
            return x.ticket();
        }
        return null;
    }
}
