package io.onewindow.core;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The whole state of a hall at one sequence number, kept so that a journal may drop the events before it: a
 * dispatcher {@link Dispatcher#restore restored} from a checkpoint and given the events after it is the hall
 * that was, because the checkpoint holds exactly what {@link HallState} holds (the line, the windows with their
 * tickets, today's no-shows, the counters of ids and serials, the day, the appointments) and applying events to
 * it is the same {@code apply} the live hall ran. Immutable and thread-safe.
 *
 * <p>What it does not hold: the finished-ticket history (ticket reads of tickets finished before the checkpoint
 * answer 404 after a restart from it) and the events themselves (a display asking for events before it gets a
 * snapshot). A journal codec writes it through {@link #parts()} and reads it back with {@link #of}.
 */
public final class HallCheckpoint {

    private final HallDefinition hall;
    final HallState state;

    private HallCheckpoint(HallDefinition hall, HallState state) {
        this.hall = hall;
        this.state = state;
    }

    /** A new hall: sequence 0, nothing issued. */
    public static HallCheckpoint initial(HallDefinition hall) {
        return new HallCheckpoint(Objects.requireNonNull(hall, "hall"), HallState.initial(hall));
    }

    /**
     * The checkpoint after one more event, which must be the next ({@code e.seq() == seq() + 1}).
     *
     * @throws IllegalStateException when the event does not follow
     */
    public HallCheckpoint after(Event e) {
        return new HallCheckpoint(hall, state.apply(Objects.requireNonNull(e, "event")));
    }

    public HallDefinition hall() {
        return hall;
    }

    /** The sequence number of the last event it includes, 0 for a new hall. */
    public long seq() {
        return state.seq();
    }

    /** The last event it includes, or null for a new hall. */
    public Event last() {
        return state.last;
    }

    /** The hall as this checkpoint stands. */
    public HallSnapshot snapshot() {
        return new HallSnapshot(state);
    }

    /** Every live ticket: waiting, held by a window, and today's no-shows. */
    public List<Ticket> liveTickets() {
        List<Ticket> out = new ArrayList<>();
        TicketTree.collect(state.waiting, out, Integer.MAX_VALUE);
        TicketTree.collect(state.noShows(), out, Integer.MAX_VALUE);
        for (int w = 0; w < state.windowCount(); w++) {
            Ticket t = state.slot(w).ticket();
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- for codecs

    /**
     * A window as the checkpoint holds it.
     *
     * @param state           open, paused or closed
     * @param staff           signed in, null when closed
     * @param call            the call of the ticket it holds, or null
     * @param serving         whether that ticket is in service (else called)
     * @param startedAtMillis when service started, 0 before
     * @param recalls         recalls of its ticket so far
     * @param priorityStreak  priority calls in a row
     */
    public record WindowPart(WindowState state, Staff staff, Event.TicketCalled call, boolean serving,
                             long startedAtMillis, int recalls, int priorityStreak) {
        public WindowPart {
            Objects.requireNonNull(state, "state");
        }
    }

    /**
     * Everything a checkpoint holds, in plain values, for a codec to write.
     *
     * @param last           the last event included, null for a new hall
     * @param nextId         the id the next ticket gets
     * @param serials        per category of the hall definition, the last serial issued on the current day
     * @param dayStartMillis the start of the local day the serials count ({@code Long.MIN_VALUE} before any)
     * @param dayEndMillis   its end
     * @param windows        per window of the hall definition
     * @param waiting        the waiting tickets, in any order
     * @param noShows        today's no-shows, in any order
     * @param bookings       every booking kept, in id order per date
     * @param lifts          per person key, the date up to which no-shows were forgiven
     */
    public record Parts(Event last, long nextId, List<Integer> serials, long dayStartMillis, long dayEndMillis,
                        List<WindowPart> windows, List<Ticket> waiting, List<Ticket> noShows,
                        List<Booking> bookings, Map<String, LocalDate> lifts) {
        public Parts {
            serials = List.copyOf(serials);
            windows = List.copyOf(windows);
            waiting = List.copyOf(waiting);
            noShows = List.copyOf(noShows);
            bookings = List.copyOf(bookings);
            lifts = Map.copyOf(lifts);
        }
    }

    /** What the checkpoint holds, for a codec. */
    public Parts parts() {
        List<Integer> serials = new ArrayList<>();
        for (int c = 0; c < state.counters.length - 1; c++) {
            serials.add(state.serial(c));
        }
        List<WindowPart> windows = new ArrayList<>();
        for (int w = 0; w < state.windowCount(); w++) {
            WindowSlot s = state.slot(w);
            windows.add(new WindowPart(s.state(), s.staff(), s.call(), s.phase() == TicketState.SERVING,
                    s.startedAtMillis(), s.recalls(), s.priorityStreak()));
        }
        List<Ticket> waiting = new ArrayList<>();
        TicketTree.collect(state.waiting, waiting, Integer.MAX_VALUE);
        List<Ticket> noShows = new ArrayList<>();
        TicketTree.collect(state.noShows(), noShows, Integer.MAX_VALUE);
        return new Parts(state.last, state.nextId(), serials, state.day.startMillis, state.day.endMillis, windows,
                waiting, noShows, state.bookings().all(), state.bookings().lifts());
    }

    /**
     * A checkpoint of the hall from its parts, as {@link #parts()} gave them.
     *
     * @throws IllegalArgumentException when the parts do not fit the hall (other categories or windows, a ticket
     *                                  of an unknown category)
     */
    public static HallCheckpoint of(HallDefinition hall, Parts p) {
        Objects.requireNonNull(hall, "hall");
        Objects.requireNonNull(p, "parts");
        HallLayout layout = new HallLayout(hall);
        if (p.serials().size() != layout.categories.length || p.windows().size() != layout.windowIds.length) {
            throw new IllegalArgumentException("the checkpoint has " + p.serials().size() + " categories and "
                    + p.windows().size() + " windows; hall " + hall.id() + " has " + layout.categories.length
                    + " and " + layout.windowIds.length);
        }
        long[] counters = new long[1 + layout.categories.length];
        counters[0] = p.nextId();
        for (int c = 0; c < layout.categories.length; c++) {
            counters[1 + c] = p.serials().get(c);
        }
        WindowSlot[] windows = new WindowSlot[layout.windowIds.length];
        for (int w = 0; w < windows.length; w++) {
            WindowPart wp = p.windows().get(w);
            if (wp.call() != null && !wp.call().window().equals(layout.windowIds[w])) {
                throw new IllegalArgumentException("window " + layout.windowIds[w] + " holds a call of window "
                        + wp.call().window());
            }
            windows[w] = WindowSlot.of(w, wp.state(), wp.staff(), wp.call(),
                    wp.call() == null ? null : wp.serving() ? TicketState.SERVING : TicketState.CALLED,
                    wp.startedAtMillis(), wp.recalls(), wp.priorityStreak());
        }
        TicketTree queue = null;
        TicketTree waiting = null;
        for (Ticket t : p.waiting()) {
            checkCategory(layout, t);
            queue = TicketTree.insert(queue, t, TicketTree.BY_QUEUE);
            waiting = TicketTree.insert(waiting, t, TicketTree.BY_ID);
        }
        TicketTree noShows = null;
        for (Ticket t : p.noShows()) {
            checkCategory(layout, t);
            noShows = TicketTree.insert(noShows, t, TicketTree.BY_ID);
        }
        NavigableMap<LocalDate, List<Booking>> days = new TreeMap<>();
        for (Booking b : p.bookings()) {
            days.computeIfAbsent(b.date(), d -> new ArrayList<>()).add(b);
        }
        for (var e : days.entrySet()) {
            List<Booking> day = e.getValue();
            for (int i = 0; i < day.size(); i++) {
                if (day.get(i).id() % Booking.IDS_PER_DAY != i + 1) {
                    throw new IllegalArgumentException("the bookings of " + e.getKey() + " are not in id order");
                }
            }
            e.setValue(Collections.unmodifiableList(day));
        }
        Bookings bookings = Bookings.of(Collections.unmodifiableNavigableMap(days), p.lifts());
        HallState.HallDay day = new HallState.HallDay(layout, p.dayStartMillis(), p.dayEndMillis(), noShows,
                bookings);
        return new HallCheckpoint(hall, HallState.restored(p.last(), day, counters, windows, queue, waiting));
    }

    private static void checkCategory(HallLayout layout, Ticket t) {
        int c = t.categoryIndex();
        if (c >= layout.categories.length || !layout.categories[c].code().equals(t.category())) {
            throw new IllegalArgumentException("ticket " + t.id() + " is of category " + t.category()
                    + ", not one of this hall");
        }
    }

    @Override
    public String toString() {
        return "HallCheckpoint[" + hall.id() + " at " + seq() + "]";
    }
}
