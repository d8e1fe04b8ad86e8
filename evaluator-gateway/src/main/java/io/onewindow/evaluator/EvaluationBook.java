package io.onewindow.evaluator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
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
    private final Map<String, Long> lastOpenedSeq = new HashMap<>();
    /** Per "hall/window": who is signed in there, as the hall's latest event about it says. */
    private final Map<String, Duty> duty = new HashMap<>();
    private final Map<String, Evaluation> firstRating = new HashMap<>();
    private final Map<String, Evaluation> addOn = new HashMap<>();
    private final Map<String, Evaluation> byRequest = new HashMap<>();
    private final Set<String> reserved = new HashSet<>();
    private final Map<String, List<ServiceRecord>> servicesOfHall = new HashMap<>();
    private final Map<String, List<Evaluation>> evaluationsOfHall = new HashMap<>();
    private final Map<String, FollowUpCase> cases = new LinkedHashMap<>();
    private final Map<String, String> caseOfEvaluation = new HashMap<>();
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

    // ---------------------------------------------------------------- applying durable entries

    /** Applies a durable entry (at start, from the store; then after each append). Idempotent per entry. */
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
        if (!halls.containsKey(s.hall()) || services.putIfAbsent(s.serviceId(), s) != null) {
            return;
        }
        if (s.linkKey() != null) {
            byLink.put(s.linkKey(), s);
        }
        latestAtWindow.merge(s.hall() + "/" + s.window(), s, (a, b) -> a.seq() > b.seq() ? a : b);
        staffAt(s.hall(), s.window(), s.seq(), s.staffId());
        lastOpenedSeq.merge(s.hall(), s.seq(), Math::max);
        servicesOfHall.computeIfAbsent(s.hall(), k -> new ArrayList<>()).add(s);
    }

    private void applyRated(Evaluation e) {
        if (!halls.containsKey(e.hall()) || byRequest.containsKey(e.requestId())) {
            return;
        }
        release(e);
        byRequest.put(e.requestId(), e);
        if (e.addOn()) {
            addOn.putIfAbsent(e.service().serviceId(), e);
        } else {
            firstRating.putIfAbsent(e.service().serviceId(), e);
        }
        services.putIfAbsent(e.service().serviceId(), e.service());
        evaluationsOfHall.computeIfAbsent(e.hall(), k -> new ArrayList<>()).add(e);
        if (e.level().bad()) {
            HallSettings h = halls.get(e.hall());
            FollowUpCase c = FollowUpCase.open(e, h.calendar(), h.zone());
            cases.put(c.caseId(), c);
            caseOfEvaluation.put(e.evaluationId(), c.caseId());
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

    public String caseOf(String evaluationId) {
        return caseOfEvaluation.get(evaluationId);
    }

    /** The highest hall sequence number whose service is open here: a follower resumes after it. */
    public long lastOpenedSeq(String hall) {
        return lastOpenedSeq.getOrDefault(hall, 0L);
    }

    /** The hall's local date on which the service with the highest sequence number here completed, or null. */
    public LocalDate lastOpenedDay(String hall) {
        ServiceRecord last = null;
        for (ServiceRecord s : services(hall)) {
            if (last == null || s.seq() > last.seq()) {
                last = s;
            }
        }
        return last == null ? null : FollowUpCase.date(last.completedAtMillis(), halls.get(hall).zone());
    }

    public List<ServiceRecord> services(String hall) {
        return servicesOfHall.getOrDefault(hall, List.of());
    }

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
