package io.onewindow.core;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What both dispatchers share: the commands, validated and turned into {@link Decision}s against a
 * {@link HallState}; the queries; the publication of committed events. The subclasses differ only in how a
 * decision is committed: {@link LockFreeDispatcher} by a CAS on the state, {@link LockedDispatcher} under one
 * monitor.
 */
abstract class AbstractDispatcher implements Dispatcher {

    /** A command's decision against a state at an effective time. Pure. */
    @FunctionalInterface
    interface Decision {
        Outcome decide(HallState state, long atMillis);
    }

    static final int DEFAULT_RING_CAPACITY = 1 << 16;
    static final int DEFAULT_HISTORY_CAPACITY = 1 << 14;
    private static final int PRIORITIES = Priority.values().length;
    private static final int CHANNELS = Channel.values().length;

    final HallDefinition hall;
    final Clock clock;
    final EventRing ring;
    private final RecentTickets recent = new RecentTickets(DEFAULT_HISTORY_CAPACITY);
    private final PersonKeys personKeys;
    /*
     * The decisions of the hot commands, built once: per window, and for issue per category, class and channel
     * of a ticket without person key, appointment or track token (the kiosk's ticket). A command then allocates
     * no capturing lambda; each decision is the one the command would otherwise build for that index.
     */
    private final Decision[] callNextDecisions;
    private final Decision[] startDecisions;
    private final Decision[] completeDecisions;
    private final Decision[] recallDecisions;
    private final Decision[] noShowDecisions;
    /** Index {@code (category * PRIORITIES + priority) * CHANNELS + channel}: see {@link #plainIssueIndex}. */
    private final Decision[] plainIssueDecisions;

    AbstractDispatcher(HallDefinition hall, Clock clock, PersonKeys personKeys, int ringCapacity) {
        this.hall = Objects.requireNonNull(hall, "hall");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.personKeys = Objects.requireNonNull(personKeys, "personKeys");
        this.ring = new EventRing(ringCapacity);
        int windows = hall.windows().size();
        callNextDecisions = new Decision[windows];
        startDecisions = new Decision[windows];
        completeDecisions = new Decision[windows];
        recallDecisions = new Decision[windows];
        noShowDecisions = new Decision[windows];
        for (int i = 0; i < windows; i++) {
            int w = i;
            callNextDecisions[w] = (s, at) -> s.decideCallNext(w, at);
            startDecisions[w] = (s, at) -> s.decideStart(w, at);
            completeDecisions[w] = (s, at) -> s.decideComplete(w, at);
            recallDecisions[w] = (s, at) -> s.decideRecall(w, at);
            noShowDecisions[w] = (s, at) -> s.decideNoShow(w, at);
        }
        plainIssueDecisions = new Decision[hall.categories().size() * PRIORITIES * CHANNELS];
        for (int c = 0; c < hall.categories().size(); c++) {
            for (Priority p : Priority.values()) {
                for (Channel ch : Channel.values()) {
                    int category = c;
                    plainIssueDecisions[plainIssueIndex(c, p, ch)] =
                            (s, at) -> s.decideIssue(category, p, ch, null, null, null, at);
                }
            }
        }
    }

    private static int plainIssueIndex(int category, Priority p, Channel ch) {
        return (category * PRIORITIES + p.ordinal()) * CHANNELS + ch.ordinal();
    }

    /** Commits the decision's event, if any, and returns the outcome. */
    abstract Outcome execute(Decision decision);

    /** The state as it stands. */
    abstract HallState current();

    /** Replaces the state: recovery only, single-threaded. */
    abstract void install(HallState state);

    /** After a commit, on the committing thread: the history of finished tickets, then publication. */
    final void committed(HallState before, Event e) {
        remember(before, e);
        ring.publish(e);
    }

    /** The history of finished tickets. */
    private void remember(HallState before, Event e) {
        if (e instanceof Event.ServiceCompleted done) {
            recent.put(done); // its view is built when someone asks (RecentTickets.view)
        } else if (e instanceof Event.TicketCancelled c) {
            recent.put(new TicketView(c.ticket(), TicketState.CANCELLED, null, 0, 0, 0, c.atMillis(), 0));
        } else if (e instanceof Event.DayClosed d) {
            List<Ticket> expired = new ArrayList<>();
            TicketTree.collect(before.waiting, expired, Integer.MAX_VALUE);
            TicketTree.collect(before.noShows(), expired, Integer.MAX_VALUE);
            for (Ticket t : expired) {
                recent.put(new TicketView(t, TicketState.EXPIRED, null, 0, 0, 0, d.atMillis(), 0));
            }
        }
    }

    @Override
    public final HallDefinition hall() {
        return hall;
    }

    @Override
    public final Outcome issue(IssueRequest r) {
        int c = hall.categoryIndex(r.category());
        if (c < 0) {
            return Refusal.of(Refusal.Code.UNKNOWN_CATEGORY, "the hall has no category " + r.category());
        }
        Priority priority = r.priority();
        String personKey = null;
        if (r.idNumber() != null) {
            LocalDate birth = IdNumbers.birthDate(r.idNumber());
            if (birth == null) {
                return Refusal.of(Refusal.Code.BAD_ID_NUMBER, "idNumber is not a valid resident ID number");
            }
            LocalDate today = LocalDate.ofInstant(clock.instant(), hall.zone());
            if (IdNumbers.age(birth, today) >= IdNumbers.GREEN_CHANNEL_AGE) {
                priority = Priority.GREEN;
            }
            personKey = personKeys.keyOf(r.idNumber());
        }
        if (personKey == null && r.appointmentId() == null && r.trackToken() == null) {
            return execute(plainIssueDecisions[plainIssueIndex(c, priority, r.channel())]);
        }
        Priority p = priority;
        String key = personKey;
        return execute((s, at) -> s.bookings().named(r.appointmentId()) != null
                ? Refusal.of(Refusal.Code.WRONG_STATE, "a booking is checked in through its check-in, not issued")
                : s.decideIssue(c, p, r.channel(), key, r.appointmentId(), r.trackToken(), at));
    }

    @Override
    public final Outcome callNext(String window) {
        int w = hall.windowIndex(window);
        return w < 0 ? unknownWindow(window) : execute(callNextDecisions[w]);
    }

    @Override
    public final Outcome recall(String window) {
        int w = hall.windowIndex(window);
        return w < 0 ? unknownWindow(window) : execute(recallDecisions[w]);
    }

    @Override
    public final Outcome start(String window) {
        int w = hall.windowIndex(window);
        return w < 0 ? unknownWindow(window) : execute(startDecisions[w]);
    }

    @Override
    public final Outcome complete(String window) {
        int w = hall.windowIndex(window);
        return w < 0 ? unknownWindow(window) : execute(completeDecisions[w]);
    }

    @Override
    public final Outcome noShow(String window) {
        int w = hall.windowIndex(window);
        return w < 0 ? unknownWindow(window) : execute(noShowDecisions[w]);
    }

    @Override
    public final Outcome transfer(String window, String category) {
        int w = hall.windowIndex(window);
        if (w < 0) {
            return unknownWindow(window);
        }
        int c = category == null ? -1 : hall.categoryIndex(category);
        if (c < 0) {
            return Refusal.of(Refusal.Code.UNKNOWN_CATEGORY, "the hall has no category " + category);
        }
        return execute((s, at) -> s.decideTransfer(w, c, at));
    }

    @Override
    public final Outcome reinstate(long ticketId) {
        return execute((s, at) -> finishedOr(s.decideReinstate(ticketId, at), ticketId, "reinstate"));
    }

    @Override
    public final Outcome cancel(long ticketId) {
        return execute((s, at) -> finishedOr(s.decideCancel(ticketId, at), ticketId, "cancel"));
    }

    @Override
    public final Outcome replaceTrackLink(long ticketId, String digest) {
        return execute((s, at) -> finishedOr(s.decideReplaceTrackLink(ticketId, digest, at), ticketId,
                "give a new phone link to"));
    }

    @Override
    public final Outcome pin(long ticketId, String reason) {
        return execute((s, at) -> finishedOr(s.decidePin(ticketId, reason, at), ticketId, "pin"));
    }

    @Override
    public final Outcome openWindow(String window, Staff staff) {
        int w = hall.windowIndex(window);
        return w < 0 ? unknownWindow(window) : execute((s, at) -> s.decideOpen(w, staff, at));
    }

    @Override
    public final Outcome pauseWindow(String window) {
        int w = hall.windowIndex(window);
        return w < 0 ? unknownWindow(window) : execute((s, at) -> s.decidePause(w, at));
    }

    @Override
    public final Outcome resumeWindow(String window) {
        int w = hall.windowIndex(window);
        return w < 0 ? unknownWindow(window) : execute((s, at) -> s.decideResume(w, at));
    }

    @Override
    public final Outcome closeWindow(String window) {
        int w = hall.windowIndex(window);
        return w < 0 ? unknownWindow(window) : execute((s, at) -> s.decideClose(w, at));
    }

    @Override
    public final Outcome closeDay() {
        return execute(HallState::decideCloseDay);
    }

    @Override
    public final Outcome book(BookingRequest r) {
        int c = hall.categoryIndex(r.category());
        if (c < 0) {
            return Refusal.of(Refusal.Code.UNKNOWN_CATEGORY, "the hall has no category " + r.category());
        }
        if (IdNumbers.birthDate(r.idNumber()) == null) {
            return Refusal.of(Refusal.Code.BAD_ID_NUMBER, "idNumber is not a valid resident ID number");
        }
        String personKey = personKeys.keyOf(r.idNumber());
        return execute((s, at) -> AppointmentDesk.decideBook(s, c, r.start(), personKey, r.phone(), r.secretHash(),
                at));
    }

    @Override
    public final Outcome cancelBooking(long bookingId) {
        return execute((s, at) -> AppointmentDesk.decideCancel(s, bookingId, at));
    }

    @Override
    public final Outcome checkIn(CheckInRequest r) {
        String personKey = null;
        if (r.idNumber() != null) {
            if (IdNumbers.birthDate(r.idNumber()) == null) {
                return Refusal.of(Refusal.Code.BAD_ID_NUMBER, "idNumber is not a valid resident ID number");
            }
            personKey = personKeys.keyOf(r.idNumber());
        }
        String key = personKey;
        return execute((s, at) -> AppointmentDesk.decideCheckIn(s, r.code(), key, r.channel(), r.trackToken(), at));
    }

    @Override
    public final Outcome markMissedAppointments() {
        return execute(AppointmentDesk::decideMarkMissed);
    }

    @Override
    public final Outcome liftBookingBlock(String idNumber, String reason) {
        if (IdNumbers.birthDate(idNumber) == null) {
            return Refusal.of(Refusal.Code.BAD_ID_NUMBER, "idNumber is not a valid resident ID number");
        }
        String personKey = personKeys.keyOf(idNumber);
        return execute((s, at) -> AppointmentDesk.decideLift(s, personKey, reason, at));
    }

    @Override
    public final Bookings bookings() {
        return current().bookings();
    }

    @Override
    public final List<Slot> slots(String category, LocalDate date) {
        HallState s = current();
        return AppointmentDesk.slots(s, category, date, s.effectiveTime(clock.millis()));
    }

    /** The person key of an ID number (for a manager's lookups); null when the number is not valid. */
    public final String personKeyOf(String idNumber) {
        return IdNumbers.birthDate(idNumber) == null ? null : personKeys.keyOf(idNumber);
    }

    @Override
    public final HallSnapshot snapshot() {
        return new HallSnapshot(current());
    }

    /**
     * A live ticket from the state, else a finished one from the history. A ticket that finishes while this
     * runs may be in neither for an instant (the history is written just after the commit): read both again.
     */
    @Override
    public final TicketView ticket(long ticketId) {
        for (int attempt = 0; attempt < 3; attempt++) {
            HallState s = current();
            TicketView live = new HallSnapshot(s).ticket(ticketId);
            if (live != null) {
                return live;
            }
            TicketView done = recent.get(ticketId);
            if (done != null) {
                return done;
            }
            if (ticketId <= 0 || ticketId >= s.nextId()) {
                return null;
            }
            Thread.onSpinWait();
        }
        return null;
    }

    @Override
    public final EventRing events() {
        return ring;
    }

    @Override
    public final void replay(Event event) {
        HallState before = current();
        install(before.apply(event));
        committed(before, event);
    }

    @Override
    public final void rebuild(Iterable<Event> durable) {
        rebuild(HallCheckpoint.initial(hall), durable);
    }

    @Override
    public final void rebuild(HallCheckpoint from, Iterable<Event> durable) {
        checkHall(from);
        HallState s = from.state;
        for (Event e : durable) {
            HallState before = s;
            s = s.apply(e);
            remember(before, e);
        }
        install(s); // first: a reader that finds an event gone from the ring reads a state without it
        ring.forgetAfter(s.seq());
        recent.forgetFrom(s.nextId());
    }

    @Override
    public final void restore(HallCheckpoint from) {
        checkHall(from);
        long at = current().seq();
        if (at != 0) {
            throw new IllegalStateException("only a new dispatcher starts at a checkpoint; this one is at " + at);
        }
        install(from.state);
    }

    private void checkHall(HallCheckpoint from) {
        if (!from.hall().id().equals(hall.id())) {
            throw new IllegalStateException("a checkpoint of hall " + from.hall().id() + " cannot start hall "
                    + hall.id());
        }
    }

    private Outcome finishedOr(Outcome o, long ticketId, String action) {
        if (o instanceof Refusal r && r.code() == Refusal.Code.UNKNOWN_TICKET) {
            TicketView done = recent.get(ticketId);
            if (done != null) {
                return Refusal.of(Refusal.Code.WRONG_STATE, "cannot " + action + " ticket " + done.ticket().number()
                        + ": it is " + done.state());
            }
        }
        return o;
    }

    private static Refusal unknownWindow(String window) {
        return Refusal.of(Refusal.Code.UNKNOWN_WINDOW, "the hall has no window " + window);
    }
}
