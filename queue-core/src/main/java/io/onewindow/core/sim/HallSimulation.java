package io.onewindow.core.sim;

import io.onewindow.core.AppointmentRules;
import io.onewindow.core.BookingRequest;
import io.onewindow.core.Channel;
import io.onewindow.core.CheckInRequest;
import io.onewindow.core.Event;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.IdNumbers;
import io.onewindow.core.IssueRequest;
import io.onewindow.core.LockFreeDispatcher;
import io.onewindow.core.Outcome;
import io.onewindow.core.PersonKeys;
import io.onewindow.core.Priority;
import io.onewindow.core.Refusal;
import io.onewindow.core.Staff;
import io.onewindow.core.HallSnapshot;
import io.onewindow.core.TicketView;
import io.onewindow.core.VirtualClock;
import io.onewindow.core.metrics.WaitEstimate;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.SplittableRandom;

/**
 * One discrete-event simulation run of a hall: Poisson arrivals and sampled handling times drive the production
 * {@link LockFreeDispatcher}, and its {@link io.onewindow.core.DispatchPolicy}, over a {@link VirtualClock}.
 * Nothing here decides who is called: every call is the dispatcher's {@code callNext}. Immutable set-up;
 * {@link #run} is confined to its calling thread and may be called from several threads at once.
 *
 * <p>The model, one continuous stretch of time:
 * <ul>
 *   <li>The stretch is cut into {@link Segment}s of constant arrival rates and staffing; at a segment's start the
 *       first {@code openWindows} windows of the opening order are open (each opened with a staff member), the
 *       others are closed; a window to close that holds a ticket finishes it first.</li>
 *   <li>An arrival is issued a ticket at once; its handling time (and whether it turns out a no-show) is drawn
 *       then, from a stream apart from the arrivals, so two staffings see the same citizens with the same needs
 *       (common random numbers).</li>
 *   <li>A free open window calls next at once; so does every free window when a ticket arrives, the one free
 *       longest first. A called citizen is at the window at once: call, start, and complete after the handling
 *       time. A no-show keeps the window for {@code noShowMillis}, then staff mark it and call next.</li>
 *   <li>Arrivals stop at {@code arrivalsUntilMillis}; the windows then serve the line that is left, as a hall
 *       serves everyone holding a ticket at closing, and the run ends when nothing is left to do. A day
 *       boundary inside the stretch closes nothing: numbers restart at the hall's midnight, tickets stay.</li>
 *   <li>Counted tickets are those issued in {@code [countFromMillis, countUntilMillis)}; wait = first call -
 *       issue. Busy and open time of the windows are measured inside the same stretch.</li>
 * </ul>
 */
final class HallSimulation {

    /**
     * From {@code fromMillis} on (until the next segment), arrivals at {@code perHour[stream]} and the first
     * {@code openWindows} windows of the opening order open.
     */
    record Segment(long fromMillis, double[] perHour, int openWindows) {
        Segment {
            perHour = perHour.clone();
        }
    }

    private static final int ARRIVAL = 0;
    private static final int WINDOW_DONE = 1;
    private static final int SEGMENT = 2;
    private static final int ARRIVALS_END = 3;
    private static final int APPOINTMENT_ARRIVAL = 4;
    private static final double MILLIS_PER_HOUR = 3_600_000.0;

    private final HallDefinition hall;
    private final String[] streamCategory;
    private final int[] streamCategoryIndex;
    private final Priority[] streamPriority;
    private final ServiceTime[] service;
    private final List<Segment> segments;
    private final int[] openOrder;
    private final long arrivalsUntilMillis;
    private final long countFromMillis;
    private final long countUntilMillis;
    private final double noShowRate;
    private final long noShowMillis;
    private final AppointmentPlan appointments;

    HallSimulation(HallDefinition hall, List<ArrivalRate> streams, Map<String, ServiceTime> service,
                   List<Segment> segments, List<String> openOrder, long arrivalsUntilMillis, long countFromMillis,
                   long countUntilMillis, double noShowRate, long noShowMillis) {
        this(hall, streams, service, segments, openOrder, arrivalsUntilMillis, countFromMillis, countUntilMillis,
                noShowRate, noShowMillis, null);
    }

    /**
     * @param streams   the arrival streams (category and class; their rates are the segments')
     * @param service   handling times by category code; every category of a stream needs one
     * @param openOrder window ids in the order they open
     * @param appointments booked citizens arriving around their slots, or null
     */
    HallSimulation(HallDefinition hall, List<ArrivalRate> streams, Map<String, ServiceTime> service,
                   List<Segment> segments, List<String> openOrder, long arrivalsUntilMillis, long countFromMillis,
                   long countUntilMillis, double noShowRate, long noShowMillis, AppointmentPlan appointments) {
        Objects.requireNonNull(hall, "hall");
        this.appointments = appointments;
        this.hall = appointments == null ? hall : appointments.hallFor(hall);
        int n = streams.size();
        this.streamCategory = new String[n];
        this.streamCategoryIndex = new int[n];
        this.streamPriority = new Priority[n];
        this.service = new ServiceTime[hall.categories().size()];
        for (int i = 0; i < n; i++) {
            ArrivalRate s = streams.get(i);
            int c = hall.categoryIndex(s.category());
            if (c < 0) {
                throw new IllegalArgumentException("streams[" + i + "]: the hall has no category " + s.category());
            }
            ServiceTime st = service.get(s.category());
            if (st == null) {
                throw new IllegalArgumentException("service: no handling time for category " + s.category());
            }
            streamCategory[i] = s.category();
            streamCategoryIndex[i] = c;
            streamPriority[i] = s.priority();
            this.service[c] = st;
        }
        if (appointments != null) {
            for (String code : appointments.perSlot().keySet()) {
                int c = hall.categoryIndex(code);
                if (c < 0 || service.get(code) == null) {
                    throw new IllegalArgumentException("appointments: no category or handling time for " + code);
                }
                this.service[c] = service.get(code);
            }
        }
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("segments must not be empty");
        }
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i).perHour().length != n) {
                throw new IllegalArgumentException("segments[" + i + "].perHour must have one rate per stream");
            }
            if (i > 0 && segments.get(i).fromMillis() <= segments.get(i - 1).fromMillis()) {
                throw new IllegalArgumentException("segments must start in increasing time order");
            }
        }
        this.segments = List.copyOf(segments);
        this.openOrder = new int[openOrder.size()];
        for (int i = 0; i < openOrder.size(); i++) {
            int w = hall.windowIndex(openOrder.get(i));
            if (w < 0) {
                throw new IllegalArgumentException("openOrder[" + i + "]: the hall has no window " + openOrder.get(i));
            }
            this.openOrder[i] = w;
        }
        if (countUntilMillis <= countFromMillis) {
            throw new IllegalArgumentException("the counting stretch must not be empty");
        }
        this.arrivalsUntilMillis = arrivalsUntilMillis;
        this.countFromMillis = countFromMillis;
        this.countUntilMillis = countUntilMillis;
        this.noShowRate = noShowRate;
        this.noShowMillis = noShowMillis;
    }

    /** Runs once with its own random streams; {@code estimator} may be null (no ETA measured). */
    RunResult run(SplittableRandom random, WaitEstimator estimator) {
        return new Run(random, estimator).execute();
    }

    /** What the simulation knows of a ticket the dispatcher issued and has not called yet. */
    private static final class Pending {
        final long serviceMillis;
        final boolean noShow;
        final boolean counted;
        /** The estimate given at issue, or null when none was asked. */
        WaitEstimate eta;

        Pending(long serviceMillis, boolean noShow, boolean counted) {
            this.serviceMillis = serviceMillis;
            this.noShow = noShow;
            this.counted = counted;
        }
    }

    /** A scheduled happening; {@code seq} keeps ties in the order they were scheduled. */
    private record Happening(long atMillis, long seq, int kind, int index, long generation)
            implements Comparable<Happening> {
        @Override
        public int compareTo(Happening o) {
            int c = Long.compare(atMillis, o.atMillis);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    /** The mutable state of one run. Confined to the thread running it. */
    private final class Run {
        private final SplittableRandom arrivals;
        private final SplittableRandom needs;
        private final SplittableRandom booked;
        /** The check-in codes of the booked citizens who will come, by the index their arrival carries. */
        private final List<String> codes = new ArrayList<>();
        private final List<Long> codeSlots = new ArrayList<>();
        private final WaitEstimator estimator;
        private final VirtualClock clock;
        private final LockFreeDispatcher dispatcher;
        private final PriorityQueue<Happening> agenda = new PriorityQueue<>();
        private final Map<Long, Pending> pending = new HashMap<>();
        private final RunResult result;
        private final String[] windowIds;
        private final Staff[] staff;
        private final boolean[] open;
        private final boolean[] closing;
        private final boolean[] busy;
        private final boolean[] holdsNoShow;
        private final long[] busySince;
        private final long[] openSince;
        /** Free open windows, the one free longest first. */
        private final List<Integer> free = new ArrayList<>();
        private long scheduled;
        private long arrivalGeneration;
        private int segment = -1;
        private double[] rates;
        private double totalRate;
        private long lastMillis;

        Run(SplittableRandom random, WaitEstimator estimator) {
            this.arrivals = random.split();
            this.needs = random.split();
            this.booked = random.split();
            this.estimator = estimator;
            long start = segments.get(0).fromMillis();
            this.clock = new VirtualClock(Instant.ofEpochMilli(start));
            this.dispatcher = new LockFreeDispatcher(hall, clock.withZone(hall.zone()),
                    new PersonKeys(new byte[16]));
            int windows = hall.windows().size();
            this.result = new RunResult(hall.categories().size(), windows, countUntilMillis - countFromMillis);
            this.windowIds = new String[windows];
            this.staff = new Staff[windows];
            for (int w = 0; w < windows; w++) {
                windowIds[w] = hall.windows().get(w).id();
                staff[w] = new Staff("S" + windowIds[w], "Staff of window " + windowIds[w]);
            }
            this.open = new boolean[windows];
            this.closing = new boolean[windows];
            this.busy = new boolean[windows];
            this.holdsNoShow = new boolean[windows];
            this.busySince = new long[windows];
            this.openSince = new long[windows];
            this.lastMillis = start;
        }

        RunResult execute() {
            for (int i = 0; i < segments.size(); i++) {
                schedule(segments.get(i).fromMillis(), SEGMENT, i, 0);
            }
            schedule(arrivalsUntilMillis, ARRIVALS_END, 0, 0);
            if (appointments != null) {
                book(segments.get(0).fromMillis());
            }
            Happening h;
            while ((h = agenda.poll()) != null) {
                long now = h.atMillis();
                clock.setMillis(now);
                lastMillis = now;
                switch (h.kind()) {
                    case ARRIVAL -> {
                        if (h.generation() == arrivalGeneration) {
                            arrive(now);
                        }
                    }
                    case WINDOW_DONE -> windowDone(h.index(), now);
                    case SEGMENT -> enterSegment(h.index(), now);
                    case ARRIVALS_END -> arrivalGeneration++;
                    case APPOINTMENT_ARRIVAL -> checkIn(h.index(), now);
                    default -> throw new IllegalStateException("unknown happening " + h.kind());
                }
            }
            for (int w = 0; w < open.length; w++) {
                if (open[w]) {
                    result.openMillis[w] += overlap(openSince[w], lastMillis);
                }
            }
            for (Map.Entry<Long, Pending> e : pending.entrySet()) {
                if (e.getValue().counted) {
                    TicketView t = dispatcher.ticket(e.getKey());
                    result.unserved[t.ticket().categoryIndex()]++;
                }
            }
            result.drainMillis = Math.max(0, lastMillis - arrivalsUntilMillis);
            return result;
        }

        private void schedule(long atMillis, int kind, int index, long generation) {
            agenda.add(new Happening(atMillis, scheduled++, kind, index, generation));
        }

        /**
         * Books every place of every slot that starts before arrivals stop, each with probability fill, each by
         * another person; schedules the arrival of those who come.
         */
        private void book(long now) {
            AppointmentRules rules = hall.appointments();
            long early = rules.checkInEarlyMinutes() * 60_000L;
            long slot = rules.slotMinutes() * 60_000L;
            long lateUntil = Math.max(rules.checkInLateMinutes() * 60_000L, slot);
            int person = 0;
            LocalDate first = LocalDate.ofInstant(Instant.ofEpochMilli(now), hall.zone());
            LocalDate last = LocalDate.ofInstant(Instant.ofEpochMilli(arrivalsUntilMillis),
                    hall.zone());
            for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
                for (LocalTime t = hall.open(); !t.plusMinutes(rules.slotMinutes()).isAfter(hall.close())
                        && !t.plusMinutes(rules.slotMinutes()).isBefore(t); t = t.plusMinutes(rules.slotMinutes())) {
                    long start = d.atTime(t).atZone(hall.zone()).toInstant().toEpochMilli();
                    if (start < now || start >= arrivalsUntilMillis) {
                        continue;
                    }
                    for (Map.Entry<String, Integer> e : new TreeMap<>(appointments.perSlot()).entrySet()) {
                        int c = hall.categoryIndex(e.getKey());
                        boolean counted = start >= countFromMillis && start < countUntilMillis;
                        for (int k = 0; k < e.getValue(); k++) {
                            if (booked.nextDouble() >= appointments.fill()) {
                                continue;
                            }
                            person++;
                            Outcome o = dispatcher.book(new BookingRequest(e.getKey(),
                                    d.atTime(t), idNumber(person), "13800000000", "sim"));
                            if (!(o instanceof Event.AppointmentBooked b)) {
                                continue; // a closed day of the hall's calendar
                            }
                            if (counted) {
                                result.booked[c]++;
                            }
                            if (booked.nextDouble() < appointments.noShowRate()) {
                                if (counted) {
                                    result.bookingNoShows[c]++;
                                }
                                continue;
                            }
                            long deviation = Math.round(booked.nextGaussian() * appointments.spreadMinutes() * 60_000);
                            long at = Math.max(start - early, Math.min(start + lateUntil - 1_000, start + deviation));
                            codes.add(b.booking().code());
                            codeSlots.add(start);
                            schedule(Math.max(now, at), APPOINTMENT_ARRIVAL, codes.size() - 1, 0);
                        }
                    }
                }
            }
        }

        /** A valid ID number of its own for each simulated person (born on another day every 1000). */
        private static String idNumber(int person) {
            LocalDate birth = LocalDate.of(1980, 1, 1).plusDays(person / 1000);
            return IdNumbers.withCheck("110101%04d%02d%02d%03d".formatted(birth.getYear(), birth.getMonthValue(),
                    birth.getDayOfMonth(), person % 1000));
        }

        /** A booked citizen arrives and checks in at the kiosk. */
        private void checkIn(int index, long now) {
            Outcome o = dispatcher.checkIn(new CheckInRequest(codes.get(index), null,
                    Channel.KIOSK, null));
            Event.TicketIssued issued = (Event.TicketIssued) accepted(o);
            int c = issued.ticket().categoryIndex();
            long slotStart = codeSlots.get(index);
            boolean counted = slotStart >= countFromMillis && slotStart < countUntilMillis;
            if (counted) {
                result.checkedIn[c]++;
                if (issued.ticket().priority() != Priority.APPOINTMENT) {
                    result.lateCheckIns[c]++;
                }
            }
            issued(issued, c, false, counted, service[c].sampleMillis(needs), now); // they came: no window no-show
        }

        private void enterSegment(int i, long now) {
            segment = i;
            Segment s = segments.get(i);
            rates = s.perHour();
            totalRate = 0;
            for (double r : rates) {
                totalRate += r;
            }
            staff(s.openWindows(), now);
            arrivalGeneration++;
            scheduleArrival(now);
        }

        private void scheduleArrival(long now) {
            if (now >= arrivalsUntilMillis || totalRate <= 0) {
                return;
            }
            long at = now + Math.round(arrivals.nextExponential() * MILLIS_PER_HOUR / totalRate);
            long segmentEnd = segment + 1 < segments.size() ? segments.get(segment + 1).fromMillis() : Long.MAX_VALUE;
            if (at >= segmentEnd || at >= arrivalsUntilMillis) {
                return; // Poisson arrivals are memoryless: the next segment (or nothing) draws afresh
            }
            schedule(at, ARRIVAL, 0, arrivalGeneration);
        }

        private void arrive(long now) {
            double u = arrivals.nextDouble() * totalRate;
            int stream = rates.length - 1;
            for (int i = 0; i < rates.length; i++) {
                u -= rates[i];
                if (u < 0) {
                    stream = i;
                    break;
                }
            }
            issue(stream, now);
            scheduleArrival(now);
        }

        private void issue(int stream, long now) {
            int c = streamCategoryIndex[stream];
            boolean counted = now >= countFromMillis && now < countUntilMillis;
            long serviceMillis = service[c].sampleMillis(needs);
            boolean noShow = noShowRate > 0 && needs.nextDouble() < noShowRate;
            Outcome o = dispatcher.issue(IssueRequest.of(streamCategory[stream], streamPriority[stream]));
            if (!(o instanceof Event.TicketIssued issued)) {
                if (counted) {
                    result.refused[c]++; // a daily cap or the category's issue hours
                }
                return;
            }
            issued(issued, c, noShow, counted, serviceMillis, now);
        }

        /** A ticket joined the line: its needs are remembered, and a free window that serves it calls it. */
        private void issued(Event.TicketIssued issued, int c, boolean noShow, boolean counted, long serviceMillis,
                            long now) {
            record(issued);
            long id = issued.ticket().id();
            Pending p = new Pending(serviceMillis, noShow, counted);
            if (counted) {
                result.issued[c]++;
                if (estimator != null) {
                    HallSnapshot snapshot = dispatcher.snapshot();
                    TicketView view = snapshot.ticket(id);
                    p.eta = estimator.estimatedWait(snapshot, view, now);
                }
            }
            pending.put(id, p);
            // every free window had nothing it serves: only this ticket is new, so at most one window takes it
            for (int i = 0; i < free.size(); i++) {
                int w = free.get(i);
                Outcome call = dispatcher.callNext(windowIds[w]);
                if (call instanceof Event.TicketCalled called) {
                    free.remove(i);
                    onCalled(w, called, now);
                    return;
                }
                requireNobodyWaiting(call);
            }
        }

        private void onCalled(int w, Event.TicketCalled called, long now) {
            record(called);
            Pending p = pending.remove(called.ticket().id());
            busy[w] = true;
            busySince[w] = now;
            int c = called.ticket().categoryIndex();
            if (p.noShow) {
                holdsNoShow[w] = true;
                if (p.counted) {
                    result.noShows[c]++;
                }
                schedule(now + noShowMillis, WINDOW_DONE, w, 0);
                return;
            }
            record(accepted(dispatcher.start(windowIds[w])));
            schedule(now + p.serviceMillis, WINDOW_DONE, w, 0);
            if (p.counted) {
                long waitMillis = called.atMillis() - called.ticket().issuedAtMillis();
                result.waits[c].record(waitMillis);
                result.waitsByPriority[c][called.ticket().priority().ordinal()].record(waitMillis);
                result.served[w]++;
                if (p.eta != null) {
                    double wait = waitMillis / 1000.0;
                    double error = p.eta.seconds() - wait;
                    result.etaErrorSumSeconds += error;
                    result.etaAbsErrorSumSeconds += Math.abs(error);
                    result.etaModelAbsErrorSumSeconds += Math.abs(p.eta.modelSeconds() - wait);
                    result.etaRangeSumSeconds += p.eta.highSeconds() - p.eta.lowSeconds();
                    if (wait < p.eta.lowSeconds()) {
                        result.etaBelowRange++;
                    } else if (wait > p.eta.highSeconds()) {
                        result.etaAboveRange++;
                    }
                    result.etaSamples++;
                }
            }
        }

        private void windowDone(int w, long now) {
            if (holdsNoShow[w]) {
                holdsNoShow[w] = false;
                record(accepted(dispatcher.noShow(windowIds[w])));
            } else {
                record(accepted(dispatcher.complete(windowIds[w])));
            }
            busy[w] = false;
            result.busyMillis[w] += overlap(busySince[w], now);
            if (closing[w]) {
                closing[w] = false;
                close(w, now);
            } else {
                callOrWait(w, now);
            }
        }

        private void callOrWait(int w, long now) {
            Outcome call = dispatcher.callNext(windowIds[w]);
            if (call instanceof Event.TicketCalled called) {
                onCalled(w, called, now);
            } else {
                requireNobodyWaiting(call);
                free.add(w);
            }
        }

        /** Opens the first {@code count} windows of the opening order and closes the others. */
        private void staff(int count, long now) {
            for (int i = 0; i < openOrder.length; i++) {
                int w = openOrder[i];
                if (i < count) {
                    if (closing[w]) {
                        closing[w] = false; // it was to close after its ticket: it stays
                    } else if (!open[w]) {
                        record(accepted(dispatcher.openWindow(windowIds[w], staff[w])));
                        open[w] = true;
                        openSince[w] = now;
                        callOrWait(w, now);
                    }
                } else if (open[w] && !closing[w]) {
                    if (busy[w]) {
                        closing[w] = true; // finishes its ticket, then closes
                    } else {
                        free.remove(Integer.valueOf(w));
                        close(w, now);
                    }
                }
            }
        }

        private void close(int w, long now) {
            record(accepted(dispatcher.closeWindow(windowIds[w])));
            open[w] = false;
            result.openMillis[w] += overlap(openSince[w], now);
        }

        /** The part of [from, to) inside the counting stretch. */
        private long overlap(long from, long to) {
            return Math.max(0, Math.min(to, countUntilMillis) - Math.max(from, countFromMillis));
        }

        private void record(Event e) {
            if (estimator != null) {
                estimator.record(e);
            }
        }

        private Event accepted(Outcome o) {
            if (o instanceof Event e) {
                return e;
            }
            throw new IllegalStateException("the dispatcher refused a simulated command: " + o);
        }

        private void requireNobodyWaiting(Outcome call) {
            if (!(call instanceof Refusal r) || r.code() != Refusal.Code.NOBODY_WAITING) {
                throw new IllegalStateException("a free open window could not call: " + call);
            }
        }
    }
}
