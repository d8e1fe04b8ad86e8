package io.onewindow.evaluator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The gateway's state: the services open for evaluation, the ratings, the follow-up cases, and the decisions of
 * the rules that need them. Confined to one thread (the gateway's context); plain Java, no I/O.
 *
 * <pre>
 *  decide (rules, reserve the service) ──▶ store.append ──durable──▶ apply (the book changes)
 *                                                     └─failed───▶ release (nothing changed)
 * </pre>
 * A decision changes nothing but a reservation, which keeps a second rating of the same service out while the
 * first is on its way to the store; only {@link #apply} of a durable entry changes what the book holds, and
 * replaying the store's entries through {@link #apply} rebuilds it exactly.
 *
 * <p><b>Folding: memory bounded by the open period.</b> Each hall has a fold horizon, a time that only moves
 * forward: set by {@link #startFolding} before the start-up replay, then moved by {@link #fold} (the gateway
 * calls it every hour) to {@code now - periodMillis - FOLD_MARGIN_MILLIS}, but never past a service that is not
 * done yet: one whose rating, 追加评价 or default is reserved (on its way to the store), or, in a hall with a
 * default rating, one still without a rating (its default comes first; the margin of a day leaves the default time
 * to be decided and durable). A folded service's counts go into its hall's {@link FoldedTotals} (per local date of
 * completion, window, staff and matter: served, first ratings by level and channel, 追加评价 by level), and the
 * service, its ratings, request ids and link key leave the maps.
 * <pre>
 *  Invariant, per hall: every service completed before the horizon is counted in the totals exactly once and held
 *  in no map (services, byLink, firstRating, addOn, byRequest, servicesOfHall, evaluationsOfHall); every service
 *  completed at or after it is in the maps and not in the totals.
 * </pre>
 * An entry {@link #apply applied} for a service before the horizon (at replay, or an Opened that was on its way to
 * the store while the horizon passed) goes straight into the totals. That counts it once because the store holds
 * one entry per service and per request: {@code FileEvaluationStore} is written by one gateway only (the file is
 * locked), which appends an Opened only for a service neither in the book nor on its way ({@code opening}), and a
 * Rated only after this book reserved its service and request id; {@code RedisEvaluationStore}'s script keeps an
 * Opened only once per service (the set {@code ev:services}) and a Rated only once per request id and per service
 * and kind (the hashes {@code ev:requests}, {@code ev:rated}), whichever gateway sends it. A service's Opened
 * precedes its ratings in the store (a service is rated only once the book holds it from its durable Opened).
 * The follow-up cases (差评 only, few) stay whole in {@code cases}, folded or not. What is left after a fold: the
 * services of the last {@code periodDays} + the margin, the cases, and a small total per day and group; the
 * answers (figures, metrics, the export with the store's help) are those of the whole history. A phone link of a
 * folded service is unknown to the book ({@link EvaluationError#UNKNOWN_SERVICE}): knowing it expired would need
 * every link ever issued.
 */
public final class EvaluationBook {

    /** What the gateway does with a rating. */
    public sealed interface Decision {
        /** Refused by a rule: answer the code; nothing changed. */
        record Refused(EvaluationError error) implements Decision {
        }

        /** The same request id was stored before: answer as the first time. */
        record Repeated(Evaluation first) implements Decision {
        }

        /** A new rating: store it, then {@link #apply} it (or {@link #release} it when the store failed). */
        record Accepted(Evaluation evaluation) implements Decision {
        }
    }

    private final Map<String, HallSettings> halls;
    private final Map<String, ServiceRecord> services = new HashMap<>();
    private final Map<String, ServiceRecord> byLink = new HashMap<>();
    private final Map<String, ServiceRecord> latestAtWindow = new HashMap<>();
    /** Per "hall/window": who is signed in there, as the hall's latest event about it says. */
    private final Map<String, Duty> duty = new HashMap<>();
    private final Map<String, Evaluation> firstRating = new HashMap<>();
    private final Map<String, Evaluation> addOn = new HashMap<>();
    private final Map<String, Evaluation> byRequest = new HashMap<>();
    private final Set<String> reserved = new HashSet<>();
    private final Map<String, List<ServiceRecord>> servicesOfHall = new HashMap<>();
    private final Map<String, List<Evaluation>> evaluationsOfHall = new HashMap<>();
    private final Map<String, FollowUpCase> cases = new LinkedHashMap<>();
    /** Per hall: services completed before this time are folded (absent: nothing is). */
    private final Map<String, Long> horizon = new HashMap<>();
    /** Per hall: the counts of its folded services. */
    private final Map<String, FoldedTotals> folded = new HashMap<>();
    /** Per hall: {seq, completedAtMillis} of the service opened with the highest sequence number. */
    private final Map<String, long[]> lastOpened = new HashMap<>();
    private long nextId;
    private final String tag = tag();

    /**
     * Who is signed in at a window, as of the hall's event {@code seq}: a WindowOpened (that staff), a
     * WindowClosed (nobody: {@code staffId} null), or a ServiceCompleted (the staff who served was signed in).
     */
    private record Duty(long seq, String staffId) {
    }

    public EvaluationBook(Collection<HallSettings> halls) {
        Map<String, HallSettings> m = new LinkedHashMap<>();
        for (HallSettings h : halls) {
            m.put(h.id(), h);
        }
        this.halls = m;
    }

    public HallSettings hall(String id) {
        return id == null ? null : halls.get(id);
    }

    public Collection<HallSettings> halls() {
        return halls.values();
    }

    // ---------------------------------------------------------------- decisions

    /**
     * A pad of {@code window} in {@code hall} rates: only its own window's service, within the pad timeout, and
     * only while the staff member who served (the one the evaluation names) is still the one signed in at that
     * window. A request whose staff signed out, or after whom another staff member signed in, is over: EXPIRED,
     * as after the timeout (the pad goes back to its idle screen; the phone link stays open).
     */
    public Decision decidePad(RatingRequest r, String hall, String window, long nowMillis) {
        Decision early = early(r);
        if (early != null) {
            return early;
        }
        ServiceRecord s = r.serviceId() == null ? null : services.get(r.serviceId());
        if (s == null || !s.hall().equals(hall)) {
            return new Decision.Refused(EvaluationError.UNKNOWN_SERVICE);
        }
        if (!s.window().equals(window)) {
            return new Decision.Refused(EvaluationError.WRONG_WINDOW);
        }
        if (rated(s)) {
            return new Decision.Refused(EvaluationError.ALREADY_EVALUATED);
        }
        if (nowMillis > s.completedAtMillis() + halls.get(hall).padTimeoutMillis() || !onDuty(s)) {
            return new Decision.Refused(EvaluationError.EXPIRED);
        }
        return accept(r, s, EvaluationChannel.PAD, nowMillis, null);
    }

    /**
     * A phone rates through its ticket's link, within the hall's evaluation period; a rating of a service rated
     * already is its one 追加评价, linked to the first.
     *
     * @param presentedToken the link token as the phone presented it (never kept)
     */
    public Decision decidePhone(RatingRequest r, String presentedToken, long nowMillis) {
        Decision early = early(r);
        if (early != null) {
            return early;
        }
        ServiceRecord s = serviceOfLink(presentedToken);
        if (s == null || r.serviceId() != null && !r.serviceId().equals(s.serviceId())) {
            return new Decision.Refused(EvaluationError.UNKNOWN_SERVICE);
        }
        if (nowMillis > s.completedAtMillis() + halls.get(s.hall()).periodMillis()) {
            return new Decision.Refused(EvaluationError.EXPIRED);
        }
        if (!rated(s)) {
            return accept(r, s, EvaluationChannel.MOBILE, nowMillis, null);
        }
        Evaluation first = firstRating.get(s.serviceId());
        if (first == null || addOn.containsKey(s.serviceId()) || reserved.contains(addOnKey(s))) {
            return new Decision.Refused(EvaluationError.ALREADY_EVALUATED);
        }
        return accept(r, s, EvaluationChannel.MOBILE, nowMillis, first.evaluationId());
    }

    /**
     * The hall's default rating of a service left unrated past its evaluation period, or null when there is none
     * to make: the hall has no default, the period has not ended, the service is rated or being rated. Its
     * request id, {@code default:<serviceId>}, is one no submitter can send (see {@link Rules#validRequestId}),
     * so a second default of the same service is answered as the first, by this book and by a shared store.
     */
    public Evaluation decideDefault(ServiceRecord s, long nowMillis) {
        HallSettings h = halls.get(s.hall());
        if (h == null || h.defaultLevel() == null || nowMillis <= s.completedAtMillis() + h.periodMillis()
                || !services.containsKey(s.serviceId()) || rated(s)
                || byRequest.containsKey(defaultRequestId(s)) || reserved.contains("req:" + defaultRequestId(s))) {
            return null;
        }
        Evaluation e = new Evaluation(newId(nowMillis), defaultRequestId(s), s, h.defaultLevel(), List.of(), "",
                EvaluationChannel.SYSTEM_DEFAULT, nowMillis, null);
        reserved.add(s.serviceId());
        reserved.add("req:" + e.requestId());
        return e;
    }

    /** The request id of the system's default rating of a service. */
    public static String defaultRequestId(ServiceRecord s) {
        return "default:" + s.serviceId();
    }

    private Decision early(RatingRequest r) {
        EvaluationError broken = Rules.check(r);
        if (broken != null) {
            return new Decision.Refused(broken);
        }
        Evaluation first = byRequest.get(r.requestId());
        return first == null ? null : new Decision.Repeated(first);
    }

    private boolean rated(ServiceRecord s) {
        return firstRating.containsKey(s.serviceId()) || reserved.contains(s.serviceId());
    }

    private Decision accept(RatingRequest r, ServiceRecord s, EvaluationChannel channel, long now, String addOnTo) {
        Evaluation e = new Evaluation(newId(now), r.requestId(), s, Level.of(r.rating()), r.reasons(),
                r.comment(), channel, now, addOnTo);
        reserved.add(addOnTo == null ? s.serviceId() : addOnKey(s));
        reserved.add("req:" + r.requestId());
        return new Decision.Accepted(e);
    }

    /** Whether a rating with this request id is on its way to the store. */
    public boolean inFlight(String requestId) {
        return reserved.contains("req:" + requestId);
    }

    /** The store could not keep it: the service may be rated again, and the request retried. */
    public void release(Evaluation e) {
        reserved.remove(e.addOn() ? addOnKey(e.service()) : e.service().serviceId());
        reserved.remove("req:" + e.requestId());
    }

    private static String addOnKey(ServiceRecord s) {
        return "addon:" + s.serviceId();
    }

    /**
     * Evaluation ids: "E" + (millis * 1000 + a counter) in base 36 + this book's tag. Time-ordered and unique
     * within the book; the tag, five random base-36 characters drawn when the book is made, keeps two gateways that
     * share a Redis (or one gateway before and after a restart) from issuing the same id in the same millisecond.
     */
    private String newId(long now) {
        nextId = Math.max(nextId + 1, now * 1000);
        return "E" + Long.toString(nextId, 36).toUpperCase(java.util.Locale.ROOT) + tag;
    }

    // ---------------------------------------------------------------- cases

    /** Why this step may not be taken, or null: an unknown case, a wrong state, a missing reason. */
    public EvaluationError refusal(CaseStep step) {
        FollowUpCase c = cases.get(step.caseId());
        if (c == null || !c.evaluation().hall().equals(step.hall())) {
            return EvaluationError.UNKNOWN_CASE;
        }
        return c.refusal(step);
    }

    public FollowUpCase followUp(String caseId) {
        return caseId == null ? null : cases.get(caseId);
    }

    /** The cases of a hall, oldest first; {@code state} null for all. */
    public List<FollowUpCase> cases(String hall, CaseState state) {
        List<FollowUpCase> out = new ArrayList<>();
        for (FollowUpCase c : cases.values()) {
            if (c.evaluation().hall().equals(hall) && (state == null || c.state() == state)) {
                out.add(c);
            }
        }
        return out;
    }

    /** The cases of a hall past a deadline on its local date {@code today}. */
    public List<FollowUpCase> overdue(String hall, LocalDate today) {
        List<FollowUpCase> out = new ArrayList<>();
        for (FollowUpCase c : cases.values()) {
            if (c.evaluation().hall().equals(hall) && c.overdue(today)) {
                out.add(c);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- folding

    /** How long past its evaluation period a service stays whole before it may be folded. */
    public static final long FOLD_MARGIN_MILLIS = 86_400_000L;

    /** The horizon {@link #fold} aims at for a hall at {@code nowMillis}. */
    static long target(HallSettings h, long nowMillis) {
        return nowMillis - h.periodMillis() - FOLD_MARGIN_MILLIS;
    }

    /**
     * Sets each hall's horizon for {@code nowMillis} before the start-up replay, so that the replay puts every
     * entry of a service before it straight into the totals: a start never holds the whole history.
     */
    public void startFolding(long nowMillis) {
        for (HallSettings h : halls.values()) {
            horizon.merge(h.id(), target(h, nowMillis), Math::max);
        }
    }

    /** The hall's fold horizon: services completed before it are folded ({@link Long#MIN_VALUE}: none is). */
    public long horizon(String hall) {
        return horizon.getOrDefault(hall, Long.MIN_VALUE);
    }

    /** Whether the service completed before its hall's horizon: folded, or to be counted straight away. */
    public boolean folded(ServiceRecord s) {
        return s.completedAtMillis() < horizon(s.hall());
    }

    /**
     * Moves each hall's horizon forward to {@code nowMillis - periodMillis - FOLD_MARGIN_MILLIS}, but not past a
     * service that is not done (see the class comment), and folds the services before it. Returns how many
     * services were folded.
     */
    public int fold(long nowMillis) {
        int n = 0;
        for (HallSettings h : halls.values()) {
            String hall = h.id();
            long was = horizon(hall);
            long limit = target(h, nowMillis);
            if (limit <= was) {
                continue;
            }
            List<ServiceRecord> live = servicesOfHall.getOrDefault(hall, new ArrayList<>());
            for (ServiceRecord s : live) {
                if (s.completedAtMillis() < limit && !done(s, h)) {
                    limit = s.completedAtMillis();
                }
            }
            for (Evaluation e : evaluations(hall)) { // a rating of a service the book did not open (none expected)
                ServiceRecord s = e.service();
                if (s.completedAtMillis() < limit && !done(s, h)) {
                    limit = s.completedAtMillis();
                }
            }
            if (limit <= was) {
                continue;
            }
            horizon.put(hall, limit);
            long at = limit;
            FoldedTotals totals = totals(hall);
            ZoneId zone = h.zone();
            List<ServiceRecord> keep = new ArrayList<>();
            for (ServiceRecord s : live) {
                if (s.completedAtMillis() >= at) {
                    keep.add(s);
                    continue;
                }
                totals.count(s, FollowUpCase.date(s.completedAtMillis(), zone), FoldedTotals.SERVED);
                services.remove(s.serviceId());
                if (s.linkKey() != null) {
                    byLink.remove(s.linkKey(), s);
                }
                n++;
            }
            servicesOfHall.put(hall, keep);
            List<Evaluation> rest = new ArrayList<>();
            for (Evaluation e : evaluations(hall)) {
                ServiceRecord s = e.service();
                if (s.completedAtMillis() >= at) {
                    rest.add(e);
                    continue;
                }
                totals.count(s, FollowUpCase.date(s.completedAtMillis(), zone), index(e));
                byRequest.remove(e.requestId());
                firstRating.remove(s.serviceId());
                addOn.remove(s.serviceId());
                services.remove(s.serviceId());
            }
            evaluationsOfHall.put(hall, rest);
        }
        return n;
    }

    /** Whether nothing more can happen to the service but its 追加评价 by a phone, whose period is over. */
    private boolean done(ServiceRecord s, HallSettings h) {
        return !reserved.contains(s.serviceId()) && !reserved.contains(addOnKey(s))
                && !reserved.contains("req:" + defaultRequestId(s))
                && (h.defaultLevel() == null || firstRating.containsKey(s.serviceId()));
    }

    private static int index(Evaluation e) {
        return e.addOn() ? FoldedTotals.addOn(e.level()) : FoldedTotals.first(e.level(), e.channel());
    }

    private FoldedTotals totals(String hall) {
        return folded.computeIfAbsent(hall, k -> new FoldedTotals());
    }

    /** The counts of the hall's folded services (empty before the first fold). */
    FoldedTotals foldedTotals(String hall) {
        return folded.getOrDefault(hall, EMPTY);
    }

    private static final FoldedTotals EMPTY = new FoldedTotals();

    /** What the book holds, map by map (for tests of its bounds). */
    Map<String, Integer> sizes() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("services", services.size());
        m.put("byLink", byLink.size());
        m.put("firstRating", firstRating.size());
        m.put("addOn", addOn.size());
        m.put("byRequest", byRequest.size());
        m.put("reserved", reserved.size());
        m.put("servicesOfHall", servicesOfHall.values().stream().mapToInt(List::size).sum());
        m.put("evaluationsOfHall", evaluationsOfHall.values().stream().mapToInt(List::size).sum());
        m.put("cases", cases.size());
        m.put("foldedCounts", folded.values().stream().mapToInt(FoldedTotals::size).sum());
        return m;
    }

    // ---------------------------------------------------------------- applying durable entries

    /**
     * Applies a durable entry (at start, from the store; then after each append). Idempotent per entry for a
     * service at or after its hall's horizon; an entry of a service before it is counted in the totals at once
     * (the store holds each once: see the class comment).
     */
    public void apply(Entry entry) {
        if (entry instanceof Entry.Opened o) {
            applyOpened(o.service());
        } else if (entry instanceof Entry.Rated r) {
            applyRated(r.evaluation());
        } else if (entry instanceof Entry.CaseStepped c) {
            FollowUpCase before = cases.get(c.step().caseId());
            if (before != null && before.refusal(c.step()) == null) {
                HallSettings h = halls.get(before.evaluation().hall());
                cases.put(before.caseId(), before.after(c.step(), h.calendar(), h.zone()));
            }
        }
    }

    private void applyOpened(ServiceRecord s) {
        if (!halls.containsKey(s.hall())) {
            return;
        }
        if (folded(s)) {
            totals(s.hall()).count(s, FollowUpCase.date(s.completedAtMillis(), halls.get(s.hall()).zone()),
                    FoldedTotals.SERVED);
        } else if (services.putIfAbsent(s.serviceId(), s) != null) {
            return;
        } else {
            if (s.linkKey() != null) {
                byLink.put(s.linkKey(), s);
            }
            servicesOfHall.computeIfAbsent(s.hall(), k -> new ArrayList<>()).add(s);
        }
        latestAtWindow.merge(s.hall() + "/" + s.window(), s, (a, b) -> a.seq() > b.seq() ? a : b);
        staffAt(s.hall(), s.window(), s.seq(), s.staffId());
        long[] last = lastOpened.get(s.hall());
        if (last == null || s.seq() > last[0]) {
            lastOpened.put(s.hall(), new long[] {s.seq(), s.completedAtMillis()});
        }
    }

    private void applyRated(Evaluation e) {
        if (!halls.containsKey(e.hall()) || byRequest.containsKey(e.requestId())) {
            return;
        }
        release(e);
        if (folded(e.service())) {
            totals(e.hall()).count(e.service(), FollowUpCase.date(e.service().completedAtMillis(),
                    halls.get(e.hall()).zone()), index(e));
            openCase(e);
            return;
        }
        byRequest.put(e.requestId(), e);
        if (e.addOn()) {
            addOn.putIfAbsent(e.service().serviceId(), e);
        } else {
            firstRating.putIfAbsent(e.service().serviceId(), e);
        }
        services.putIfAbsent(e.service().serviceId(), e.service());
        evaluationsOfHall.computeIfAbsent(e.hall(), k -> new ArrayList<>()).add(e);
        openCase(e);
    }

    private void openCase(Evaluation e) {
        if (e.level().bad()) {
            HallSettings h = halls.get(e.hall());
            FollowUpCase c = FollowUpCase.open(e, h.calendar(), h.zone());
            cases.put(c.caseId(), c);
        }
    }

    // ---------------------------------------------------------------- who is signed in

    /**
     * The hall's event {@code seq} says who is signed in at the window: {@code staffId}, or nobody (null). An
     * event older than the one the book knows of for that window changes nothing, so events may come late (a
     * service opened after its store append) or twice (a catch-up at start).
     */
    public void staffAt(String hall, String window, long seq, String staffId) {
        if (!halls.containsKey(hall) || window == null) {
            return;
        }
        duty.merge(hall + "/" + window, new Duty(seq, staffId), (was, now) -> now.seq() > was.seq() ? now : was);
    }

    /** Whether the staff member who served {@code s} is the one signed in at its window now. */
    public boolean onDuty(ServiceRecord s) {
        Duty d = duty.get(s.hall() + "/" + s.window());
        return d != null && d.staffId() != null && d.staffId().equals(s.staffId());
    }

    /** The staff id signed in at the window as far as the book knows, or null. */
    public String staffAt(String hall, String window) {
        Duty d = duty.get(hall + "/" + window);
        return d == null ? null : d.staffId();
    }

    // ---------------------------------------------------------------- reading

    public ServiceRecord service(String serviceId) {
        return serviceId == null ? null : services.get(serviceId);
    }

    /** The service a phone link names, matched by the SHA-256 of the presented token (see {@link #linkKey}). */
    public ServiceRecord serviceOfLink(String presentedToken) {
        if (presentedToken == null || presentedToken.isEmpty() || presentedToken.length() > 256) {
            return null;
        }
        return byLink.get(hex(sha256(presentedToken)));
    }

    /**
     * The key a service is found by from its phone link: the SHA-256 (lowercase hex) of the link token. The
     * ticket's event may carry the token itself (then it is hashed here) or already its SHA-256, as 64 hex digits
     * or 43 base64url characters (then it is taken as it is: a link token is 22 base64url characters, so the
     * forms cannot be confused). The book never holds a link token in clear.
     */
    public static String linkKey(String carried) {
        if (carried == null) {
            return null;
        }
        if (carried.length() == 64 && carried.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return carried.toLowerCase(java.util.Locale.ROOT);
        }
        if (carried.length() == 43 && carried.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-'
                || c == '_')) {
            try {
                return hex(Base64.getUrlDecoder().decode(carried));
            } catch (IllegalArgumentException notBase64) {
                return hex(sha256(carried));
            }
        }
        return hex(sha256(carried));
    }

    /** The service of this window waiting for its pad's rating now, or null. */
    public ServiceRecord pendingAt(String hall, String window, long nowMillis) {
        ServiceRecord s = latestAtWindow.get(hall + "/" + window);
        HallSettings h = halls.get(hall);
        if (s == null || h == null || rated(s) || nowMillis > s.completedAtMillis() + h.padTimeoutMillis()
                || !onDuty(s)) {
            return null;
        }
        return s;
    }

    public Evaluation ratingOf(String serviceId) {
        return firstRating.get(serviceId);
    }

    public Evaluation addOnOf(String serviceId) {
        return addOn.get(serviceId);
    }

    public Evaluation byRequest(String requestId) {
        return byRequest.get(requestId);
    }

    /** The follow-up case of a 差评 ("C" + its evaluation id), or null. */
    public String caseOf(String evaluationId) {
        String id = "C" + evaluationId;
        return cases.containsKey(id) ? id : null;
    }

    /** The highest hall sequence number whose service is open here: a follower resumes after it. */
    public long lastOpenedSeq(String hall) {
        long[] last = lastOpened.get(hall);
        return last == null ? 0L : last[0];
    }

    /** The hall's local date on which the service with the highest sequence number here completed, or null. */
    public LocalDate lastOpenedDay(String hall) {
        long[] last = lastOpened.get(hall);
        return last == null ? null : FollowUpCase.date(last[1], halls.get(hall).zone());
    }

    /** The hall's services at or after its horizon (the folded ones are in the totals), in the order opened. */
    public List<ServiceRecord> services(String hall) {
        return servicesOfHall.getOrDefault(hall, List.of());
    }

    /** The ratings of the hall's services at or after its horizon, in the order they were stored. */
    public List<Evaluation> evaluations(String hall) {
        return evaluationsOfHall.getOrDefault(hall, List.of());
    }

    private static String tag() {
        java.security.SecureRandom r = new java.security.SecureRandom();
        StringBuilder b = new StringBuilder(5);
        for (int i = 0; i < 5; i++) {
            b.append(Character.toUpperCase(Character.forDigit(r.nextInt(36), 36)));
        }
        return b.toString();
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

}
