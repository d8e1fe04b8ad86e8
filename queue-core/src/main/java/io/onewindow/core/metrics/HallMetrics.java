package io.onewindow.core.metrics;

import io.onewindow.core.Category;
import io.onewindow.core.Event;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.HallSnapshot;
import io.onewindow.core.Ticket;
import io.onewindow.core.TicketState;
import io.onewindow.core.TicketView;
import io.onewindow.core.WindowDefinition;
import io.onewindow.core.WindowState;
import io.onewindow.core.WindowView;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Wait and handling times of a hall, per category and per window, for today and the last 15 minutes, built from
 * the hall's events; and the estimate of how long a waiting ticket will still wait.
 *
 * <h2>What is measured</h2>
 * As DESIGN.md defines the KPIs:
 * <ul>
 *   <li><b>wait</b> = first call - issue, recorded once per ticket, at its first {@link Event.TicketCalled}: the
 *       one whose ticket's {@code firstCalledAtMillis} is the event's time. A recall is a
 *       {@link Event.TicketRecalled}, not a call; a ticket called again after a reinstatement (过号重排) or a
 *       transfer keeps its first call time, so it is not counted again (and a ticket transferred or reinstated
 *       and called again within the same millisecond is remembered, so it is not either). The wait counts for
 *       the category the ticket was called in and the window that called it.</li>
 *   <li><b>handling</b> = completion - start, from {@link Event.ServiceCompleted}, for its category and window.</li>
 *   <li><b>served</b> (completed), <b>no-shows</b>, <b>transfers</b> (for a category: out of it), and tickets
 *       <b>issued</b> per category.</li>
 * </ul>
 * Each is kept for <b>today</b>, which starts at the hall's local midnight ({@link HallDefinition#zone()}, not
 * the server's zone), and for the <b>last 15 minutes</b>: a ring of per-minute tallies by event time, so the
 * window slides with the hall's clock, virtual or not. Durations go into HdrHistograms in milliseconds (two
 * significant digits, resized as needed, no cap); reports give seconds.
 *
 * <h2>Assumptions and Guarantees</h2>
 * <ul>
 *   <li>Single writer: {@link #record} is called with the hall's events in sequence order, by one thread at a
 *       time (the journal's thread in the server, the simulator's thread, recovery). Event times never go back
 *       along the sequence, as the dispatcher guarantees; an event from another hall is refused with an
 *       {@link IllegalArgumentException}.</li>
 *   <li>Thread-safe queries: {@link #report} and {@link #estimatedWaitSeconds} may be called from any thread
 *       at any time. Every method is {@code synchronized} on this object; a query sees all the events recorded
 *       before it took the monitor and none after. This is not the dispatcher's path: the only threads that
 *       meet here are the one feeding thread and the HTTP handlers, and each holds the monitor for
 *       microseconds (a report merges at most 15 small histograms per category and window). No lock is held
 *       while the dispatcher decides anything.</li>
 *   <li>Bounded memory: per category and per window, today's tally plus 15 per-minute tallies whose histograms
 *       are created at the first sample and reused; finished tickets are not remembered. A hall that runs for
 *       months stays the same size.</li>
 *   <li>Queries are by the time passed in ({@code nowMillis}), not the clock: "today" is the hall-local day of
 *       {@code nowMillis} (empty if no event of that day was recorded yet), "the last 15 minutes" are the epoch
 *       minute of {@code nowMillis} and the 14 before it (so between 14 and 15 minutes of samples).</li>
 *   <li>Not guaranteed: percentiles are within 1% (the histograms' two significant digits) and never above the
 *       exact maximum; means and maxima are exact to the millisecond. A hall whose metrics start from a
 *       recovered journal that begins mid-day counts only what the journal holds.</li>
 * </ul>
 *
 * <h2>The wait estimate</h2>
 * See {@link #estimatedWaitSeconds(HallSnapshot, TicketView, long)}.
 */
public final class HallMetrics {

    /** The length of the sliding window, in minutes. */
    public static final int RECENT_MINUTES = 15;

    /** The service cycle assumed for a category before any of its tickets has been served: 5 minutes. */
    public static final Duration DEFAULT_SERVICE_CYCLE = Duration.ofMinutes(5);

    /** The recent service cycle is trusted from this many tickets; with fewer, today's is used. */
    static final int MIN_RECENT_CYCLES = 5;

    private static final long MINUTE_MILLIS = 60_000;
    private static final long HOUR_MILLIS = 3_600_000;
    private static final int HOURS = 24;

    private final HallDefinition hall;
    private final long defaultCycleMillis;
    /** Per window: {primary category indices, secondary category indices}. */
    private final int[][][] profiles;
    private final Subject[] categories;
    private final Subject[] windows;
    /** Per window: the time it called its current ticket, 0 if unknown (recorded from the calls). */
    private final long[] calledAtMillis;
    /** Today's whole hall by the hour since the hall's local midnight: issued, waits, served, no-shows. */
    private final Tally[] hours = new Tally[HOURS];

    // today: the hall-local day of the latest event, as [dayStartMillis, dayEndMillis)
    private LocalDate day;
    private long dayStartMillis = Long.MAX_VALUE;
    private long dayEndMillis = Long.MIN_VALUE;

    // tickets transferred or reinstated in the millisecond reenteredAtMillis: they may be called again in it
    private long reenteredAtMillis = Long.MIN_VALUE;
    private final Set<Long> reentered = new HashSet<>();

    // the wait estimate's calibration: the first estimate of each waiting ticket, until its first call
    private final WaitCalibration calibration = new WaitCalibration();
    /**
     * Slot {@code id & (REMEMBERED - 1)}: the first estimate of the waiting ticket with that id. Ids are dense, so
     * two waiting tickets share a slot only when REMEMBERED tickets were issued between them; the later one then
     * takes the slot and the earlier one's sample is lost, which costs the calibration one sample. An array
     * rather than a map: recording an event allocates nothing.
     */
    private final FirstEstimate[] firstEstimates = new FirstEstimate[REMEMBERED];

    /** What a ticket was first told, and when. */
    private record FirstEstimate(long ticketId, WaitEstimate estimate, long atMillis) {
    }

    private static final int REMEMBERED = 1 << 12;

    /** Metrics of the hall, with a default service cycle of {@link #DEFAULT_SERVICE_CYCLE}. */
    public HallMetrics(HallDefinition hall) {
        this(hall, DEFAULT_SERVICE_CYCLE);
    }

    /**
     * Metrics of the hall.
     *
     * @param defaultServiceCycle the window time per ticket the estimate assumes for a category before any of its
     *                            tickets has left a window; positive
     */
    public HallMetrics(HallDefinition hall, Duration defaultServiceCycle) {
        this.hall = Objects.requireNonNull(hall, "hall");
        Objects.requireNonNull(defaultServiceCycle, "defaultServiceCycle");
        if (defaultServiceCycle.isNegative() || defaultServiceCycle.isZero()) {
            throw new IllegalArgumentException("defaultServiceCycle must be positive, was " + defaultServiceCycle);
        }
        this.defaultCycleMillis = defaultServiceCycle.toMillis();
        int nw = hall.windows().size();
        this.profiles = new int[nw][][];
        for (int w = 0; w < nw; w++) {
            profiles[w] = hall.profile(w);
        }
        this.categories = new Subject[hall.categories().size()];
        for (int c = 0; c < categories.length; c++) {
            categories[c] = new Subject();
        }
        this.windows = new Subject[nw];
        for (int w = 0; w < nw; w++) {
            windows[w] = new Subject();
        }
        this.calledAtMillis = new long[nw];
    }

    /** The hall these metrics are of. */
    public HallDefinition hall() {
        return hall;
    }

    // ---------------------------------------------------------------- recording (the single writer)

    /**
     * Feeds one event. Events arrive in sequence order from one thread at a time; events that change no figure
     * (pin, cancel, window state, day closed) are accepted and ignored.
     *
     * @throws IllegalArgumentException if the event names a category or window this hall does not have
     */
    public synchronized void record(Event event) {
        Objects.requireNonNull(event, "event");
        long at = event.atMillis();
        rollDay(at);
        long minute = Math.floorDiv(at, MINUTE_MILLIS);
        Tally hour = hour(at);
        if (event instanceof Event.TicketIssued e) {
            categories[category(e.ticket().category())].issued(minute);
            hour.issued++;
        } else if (event instanceof Event.TicketCalled e) {
            int w = window(e.window());
            calledAtMillis[w] = at;
            Ticket ticket = e.ticket();
            FirstEstimate first = forgetFirstEstimate(ticket.id());
            if (first != null && ticket.firstCalledAtMillis() == at) {
                calibration.observe(first.estimate(), at - first.atMillis());
            }
            if (isFirstCall(ticket, at)) {
                long waitMillis = at - ticket.issuedAtMillis();
                categories[category(ticket.category())].waited(minute, waitMillis);
                windows[w].waited(minute, waitMillis);
                hour.wait.record(waitMillis);
            }
        } else if (event instanceof Event.ServiceCompleted e) {
            int w = window(e.window());
            int c = category(e.ticket().category());
            long called = e.calledAtMillis() != 0 ? e.calledAtMillis() : calledAtMillis[w];
            long handlingMillis = e.startedAtMillis() != 0 ? at - e.startedAtMillis() : -1;
            long cycleMillis = called != 0 ? at - called : -1;
            categories[c].served(minute, handlingMillis);
            windows[w].served(minute, handlingMillis);
            hour.served++;
            if (handlingMillis >= 0) {
                hour.handling.record(handlingMillis);
            }
            if (cycleMillis >= 0) {
                categories[c].cycle(minute, cycleMillis);
            }
            calledAtMillis[w] = 0;
        } else if (event instanceof Event.TicketNoShow e) {
            int w = window(e.window());
            int c = category(e.ticket().category());
            categories[c].noShow(minute);
            windows[w].noShow(minute);
            hour.noShows++;
            leftWindow(c, w, at, minute);
        } else if (event instanceof Event.TicketTransferred e) {
            int w = window(e.window());
            int c = category(e.fromCategory());
            category(e.ticket().category()); // checks the category it went to
            categories[c].transfer(minute);
            windows[w].transfer(minute);
            leftWindow(c, w, at, minute);
            reentered(e.ticket().id(), at);
        } else if (event instanceof Event.TicketReinstated e) {
            reentered(e.ticket().id(), at);
        } else if (event instanceof Event.WindowClosed e) {
            calledAtMillis[window(e.window())] = 0;
        } else if (event instanceof Event.TicketCancelled e) {
            forgetFirstEstimate(e.ticket().id());
        } else if (event instanceof Event.DayClosed) {
            Arrays.fill(firstEstimates, null);
        }
    }

    /** A no-show or a transfer freed window {@code w}: the window time it took counts as a cycle of category c. */
    private void leftWindow(int c, int w, long at, long minute) {
        long called = calledAtMillis[w];
        if (called != 0) {
            long cycleMillis = at - called;
            categories[c].cycle(minute, cycleMillis);
        }
        calledAtMillis[w] = 0;
    }

    /**
     * Whether this call is the ticket's first: its first call time is this event's, and it was not transferred
     * or reinstated in this same millisecond (which would mean it was called earlier in the millisecond too).
     */
    private boolean isFirstCall(Ticket ticket, long at) {
        if (ticket.firstCalledAtMillis() != at) {
            return false;
        }
        return at != reenteredAtMillis || !reentered.contains(ticket.id());
    }

    private void reentered(long ticketId, long at) {
        if (at != reenteredAtMillis) {
            reentered.clear();
            reenteredAtMillis = at;
        }
        reentered.add(ticketId);
    }

    /** The first estimate of this ticket, if remembered, now forgotten. */
    private FirstEstimate forgetFirstEstimate(long ticketId) {
        int slot = (int) (ticketId & (REMEMBERED - 1));
        FirstEstimate first = firstEstimates[slot];
        if (first == null || first.ticketId() != ticketId) {
            return null;
        }
        firstEstimates[slot] = null;
        return first;
    }

    /** Starts a new "today" when {@code at} is past the current hall-local day. */
    private void rollDay(long at) {
        if (at >= dayStartMillis && at < dayEndMillis) {
            return;
        }
        LocalDate d = localDate(at);
        if (day != null && !d.isAfter(day)) {
            return; // an event before the current day: time does not go back, keep the day
        }
        day = d;
        dayStartMillis = startOf(d);
        dayEndMillis = startOf(d.plusDays(1));
        for (Subject s : categories) {
            s.resetToday();
        }
        for (Subject s : windows) {
            s.resetToday();
        }
        for (Tally t : hours) {
            if (t != null) {
                t.reset();
            }
        }
    }

    /**
     * The tally of the hour of today that {@code at} falls in, counted from the hall's local midnight (on a day
     * with a clock change the hours after it are shifted by it); a throwaway tally for an event before today.
     */
    private Tally hour(long at) {
        if (at < dayStartMillis || at >= dayEndMillis) {
            return new Tally(true);
        }
        int h = (int) Math.min(HOURS - 1, (at - dayStartMillis) / HOUR_MILLIS);
        if (hours[h] == null) {
            hours[h] = new Tally(false);
        }
        return hours[h];
    }

    // ---------------------------------------------------------------- queries

    /**
     * The figures at {@code nowMillis}: per category and per window, today and the last 15 minutes, and the
     * longest current wait per category from the snapshot (now - issue time of the waiting tickets never
     * called). O(categories + windows) histogram merges plus one pass over the waiting tickets.
     *
     * @param snapshot the hall as it stands (for the waiting counts and the longest current waits)
     * @param nowMillis the moment of the report, epoch millis (the hall's clock)
     */
    public synchronized MetricsReport report(HallSnapshot snapshot, long nowMillis) {
        checkHall(snapshot);
        boolean isToday = isToday(nowMillis);
        long nowMinute = Math.floorDiv(nowMillis, MINUTE_MILLIS);

        long[] longestWaitMillis = new long[categories.length];
        for (Ticket t : snapshot.waitingTickets()) {
            if (t.firstCalledAtMillis() == 0) {
                int c = t.categoryIndex();
                longestWaitMillis[c] = Math.max(longestWaitMillis[c], nowMillis - t.issuedAtMillis());
            }
        }

        Map<String, CategoryMetrics> byCategory = new LinkedHashMap<>();
        List<Category> cs = hall.categories();
        for (int c = 0; c < cs.size(); c++) {
            Category category = cs.get(c);
            Subject s = categories[c];
            byCategory.put(category.code(), new CategoryMetrics(category.code(), category.name(),
                    snapshot.waiting(category.code()), longestWaitMillis[c] / 1000,
                    isToday ? s.today().issued : 0, isToday ? s.today().metrics() : PeriodMetrics.EMPTY,
                    s.recent(nowMinute).metrics()));
        }
        Map<String, WindowMetrics> byWindow = new LinkedHashMap<>();
        List<WindowDefinition> ws = hall.windows();
        for (int w = 0; w < ws.size(); w++) {
            WindowDefinition window = ws.get(w);
            Subject s = windows[w];
            byWindow.put(window.id(), new WindowMetrics(window.id(), window.name(),
                    isToday ? s.today().metrics() : PeriodMetrics.EMPTY, s.recent(nowMinute).metrics()));
        }
        return new MetricsReport(hall.id(), nowMillis, isToday ? day : localDate(nowMillis),
                Collections.unmodifiableMap(byCategory), Collections.unmodifiableMap(byWindow));
    }

    /**
     * Today's whole hall hour by hour, at {@code nowMillis}: 24 entries from the hall's local midnight, each with
     * the tickets issued in that hour and the waits (of the tickets first called in it), services and no-shows;
     * all empty when no event of the day of {@code nowMillis} was recorded yet.
     */
    public synchronized List<HourMetrics> hoursToday(long nowMillis) {
        boolean isToday = isToday(nowMillis);
        List<HourMetrics> out = new java.util.ArrayList<>(HOURS);
        for (int h = 0; h < HOURS; h++) {
            Tally t = hours[h];
            out.add(isToday && t != null ? new HourMetrics(h, t.issued, t.metrics())
                    : new HourMetrics(h, 0, PeriodMetrics.EMPTY));
        }
        return List.copyOf(out);
    }

    /**
     * The seconds a waiting ticket is told it will wait, or 0 for a ticket that is not waiting: the single figure
     * of {@link #estimatedWait(HallSnapshot, TicketView, long)}, the median of the wait the queue model below
     * expects ({@link WaitCalibration}).
     *
     * <p><b>The queue model.</b> With {@code k} the ticket's position in its category {@code c} (1 = next; from the
     * snapshot, else from the view), the estimate is
     * <pre>
     *   wait(k) = max(0, k - idle) / rate(c)          rate(c) = sum over open windows w serving c of share(w, c) / cycle(w)
     * </pre>
     * <ul>
     *   <li>{@code cycle(x)} of a category x: the mean window time its tickets took, from the call to the moment
     *       they left the window (completed, no-show or transferred): handling time plus the walk to the window
     *       and the recalls, which is what a position in the line costs. Over the last 15 minutes when at least
     *       5 tickets left a window in them, else today's, else the last 15 minutes' if any, else the default
     *       (5 minutes unless the constructor was given another).</li>
     *   <li>{@code share(w, c)}: the part of window w's calls that go to c, by the policy's tiers: a window takes
     *       its primary categories while any of them waits, so its share is {@code waiting(c) / waiting(primary
     *       tier)} when c is primary, and when c is secondary {@code waiting(c) / waiting(secondary tier)} if no
     *       primary category waits, else 0. Within a tier a window takes the earliest queue time across the
     *       categories, which over time splits its calls by the waiting counts. {@code cycle(w)} is the mean of
     *       the cycles of its tier's categories weighted the same way.</li>
     *   <li>If every open window serving c is busy with primary categories (rate 0), the tiers are merged as if
     *       the window took one line; if no open window serves c, one window of c's cycle is assumed.</li>
     *   <li>{@code idle}: open windows with a positive share that hold no ticket; they call at once, so the
     *       first {@code idle} positions wait about 0.</li>
     * </ul>
     * Worked example: category A, cycle 300 s, two open windows serving only A, both busy: position 1 waits
     * 150 s, position 4 waits 600 s; with a third window, 100 s and 400 s.
     *
     * <p>Why {@code k / rate} and not a simulation of each window's remaining time: with service times as varied
     * as a hall's (the simulator's exponential and lognormal), the time a window has already served says little
     * about when it finishes, and departures from {@code s} busy windows come about every {@code cycle / s};
     * the k-th departure is then expected at {@code k * cycle / s}. Aging and the priority ratio are left out,
     * as is the line's growth by later GREEN tickets; the position already counts those ahead now.
     *
     * @param snapshot  the hall as it stands
     * @param ticket    the ticket as its asker sees it; null or not WAITING gives 0
     * @param nowMillis the moment of the estimate (picks the last 15 minutes)
     */
    public synchronized long estimatedWaitSeconds(HallSnapshot snapshot, TicketView ticket, long nowMillis) {
        return estimatedWait(snapshot, ticket, nowMillis).seconds();
    }

    /**
     * The wait of a waiting ticket as a range and a figure ({@link WaitEstimate}), or {@link WaitEstimate#NONE}
     * for a ticket that is not waiting. The queue model of {@link #estimatedWaitSeconds(HallSnapshot, TicketView,
     * long)} gives a figure for the tickets ahead; the hall's own recent waits, compared with what the model told
     * those tickets when they were first estimated, give the range around it and its median
     * ({@link WaitCalibration}). The first estimate of each ticket is remembered until its first call for that.
     */
    public synchronized WaitEstimate estimatedWait(HallSnapshot snapshot, TicketView ticket, long nowMillis) {
        checkHall(snapshot);
        if (ticket == null || ticket.state() != TicketState.WAITING) {
            return WaitEstimate.NONE;
        }
        int position = snapshot.position(ticket.ticket().id());
        if (position == 0) {
            position = ticket.position();
        }
        if (position <= 0) {
            return WaitEstimate.NONE;
        }
        double[] model = model(snapshot, category(ticket.ticket().category()), position, false, nowMillis);
        WaitEstimate estimate = calibration.estimate((int) model[0], model[1]);
        long id = ticket.ticket().id();
        int slot = (int) (id & (REMEMBERED - 1));
        if (firstEstimates[slot] == null || firstEstimates[slot].ticketId() != id) {
            firstEstimates[slot] = new FirstEstimate(id, estimate, nowMillis);
        }
        return estimate;
    }

    /**
     * The expected seconds until a ticket issued now in {@code category} with NORMAL priority would be called:
     * {@link #estimatedWaitSeconds(HallSnapshot, TicketView, long)} at position {@code waiting(category) + 1},
     * counting the new ticket among the waiting of its category.
     *
     * @throws IllegalArgumentException if the hall has no such category
     */
    public synchronized long estimatedWaitSeconds(HallSnapshot snapshot, String category, long nowMillis) {
        return estimatedWait(snapshot, category, nowMillis).seconds();
    }

    /** {@link #estimatedWaitSeconds(HallSnapshot, String, long)} as a range and a figure. */
    public synchronized WaitEstimate estimatedWait(HallSnapshot snapshot, String category, long nowMillis) {
        checkHall(snapshot);
        int c = category(category);
        double[] model = model(snapshot, c, snapshot.waiting(category) + 1, true, nowMillis);
        return calibration.estimate((int) model[0], model[1]);
    }

    /** The queue model: {tickets ahead of the idle windows, the model's wait in millis (0 when none ahead)}. */
    private double[] model(HallSnapshot snapshot, int c, int position, boolean newTicket, long nowMillis) {
        List<Category> cs = hall.categories();
        long[] waiting = new long[cs.size()];
        for (int x = 0; x < waiting.length; x++) {
            waiting[x] = snapshot.waiting(cs.get(x).code());
        }
        if (newTicket) {
            waiting[c]++;
        }
        waiting[c] = Math.max(waiting[c], 1); // the ticket asked about waits in c even if the snapshot is older
        double[] cycleMillis = new double[waiting.length];
        long nowMinute = Math.floorDiv(nowMillis, MINUTE_MILLIS);
        for (int x = 0; x < cycleMillis.length; x++) {
            cycleMillis[x] = cycleMillis(x, nowMinute, nowMillis);
        }

        double rate = 0; // tickets of c called per millisecond
        double mergedRate = 0; // the same with each window's tiers merged
        int idle = 0;
        boolean served = false;
        List<WindowView> views = snapshot.windows();
        for (int w = 0; w < views.size(); w++) {
            WindowView v = views.get(w);
            int[] primary = profiles[w][0];
            int[] secondary = profiles[w][1];
            boolean inPrimary = contains(primary, c);
            if (v.state() != WindowState.OPEN || (!inPrimary && !contains(secondary, c))) {
                continue;
            }
            served = true;
            long primaryWaiting = sum(waiting, primary);
            long secondaryWaiting = sum(waiting, secondary);
            double share;
            double cycle;
            if (inPrimary) {
                share = (double) waiting[c] / primaryWaiting;
                cycle = weighted(waiting, cycleMillis, primary) / primaryWaiting;
            } else if (primaryWaiting == 0) {
                share = (double) waiting[c] / secondaryWaiting;
                cycle = weighted(waiting, cycleMillis, secondary) / secondaryWaiting;
            } else {
                share = 0;
                cycle = 1;
            }
            rate += share / cycle;
            long allWaiting = primaryWaiting + secondaryWaiting;
            double mergedCycle = (weighted(waiting, cycleMillis, primary) + weighted(waiting, cycleMillis, secondary))
                    / allWaiting;
            mergedRate += ((double) waiting[c] / allWaiting) / mergedCycle;
            if (share > 0 && v.ticket() == null) {
                idle++;
            }
        }
        if (!served) {
            rate = 1 / cycleMillis[c];
        } else if (rate == 0) {
            rate = mergedRate;
        }
        int ahead = position - idle;
        if (ahead <= 0) {
            return new double[] {0, 0};
        }
        return new double[] {ahead, ahead / rate};
    }

    /** The sum over a tier's categories of waiting x cycle; divided by the tier's waiting, its mean cycle. */
    private static double weighted(long[] waiting, double[] cycleMillis, int[] tier) {
        double sum = 0;
        for (int x : tier) {
            sum += waiting[x] * cycleMillis[x];
        }
        return sum;
    }

    /** The mean window time per ticket of category x, as the estimate uses it (see estimatedWaitSeconds). */
    private double cycleMillis(int x, long nowMinute, long nowMillis) {
        long[] recent = categories[x].recentCycles(nowMinute);
        if (recent[0] >= MIN_RECENT_CYCLES) {
            return Math.max(1.0, (double) recent[1] / recent[0]);
        }
        Tally today = categories[x].today();
        if (isToday(nowMillis) && today.cycles > 0) {
            return Math.max(1.0, (double) today.cycleMillis / today.cycles);
        }
        if (recent[0] > 0) {
            return Math.max(1.0, (double) recent[1] / recent[0]);
        }
        return defaultCycleMillis;
    }

    // ---------------------------------------------------------------- helpers

    private boolean isToday(long nowMillis) {
        return day != null && nowMillis < dayEndMillis;
    }

    private LocalDate localDate(long epochMillis) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(epochMillis), hall.zone());
    }

    private long startOf(LocalDate d) {
        return d.atStartOfDay(hall.zone()).toInstant().toEpochMilli();
    }

    private int category(String code) {
        int c = hall.categoryIndex(code);
        if (c < 0) {
            throw new IllegalArgumentException("hall " + hall.id() + " has no category " + code);
        }
        return c;
    }

    private int window(String id) {
        int w = hall.windowIndex(id);
        if (w < 0) {
            throw new IllegalArgumentException("hall " + hall.id() + " has no window " + id);
        }
        return w;
    }

    private void checkHall(HallSnapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        if (!snapshot.hall().id().equals(hall.id())) {
            throw new IllegalArgumentException("snapshot of hall " + snapshot.hall().id() + " given to the metrics of "
                    + hall.id());
        }
    }

    private static boolean contains(int[] tier, int c) {
        for (int x : tier) {
            if (x == c) {
                return true;
            }
        }
        return false;
    }

    private static long sum(long[] waiting, int[] tier) {
        long n = 0;
        for (int x : tier) {
            n += waiting[x];
        }
        return n;
    }

    @Override
    public String toString() {
        return "HallMetrics[hall=" + hall.id() + ", day=" + day + "]";
    }
}
