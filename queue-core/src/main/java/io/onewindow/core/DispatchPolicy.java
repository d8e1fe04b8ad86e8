package io.onewindow.core;

/**
 * The dispatch policy: which waiting ticket a window calls next. A pure function of the hall's state, the
 * window and the time. Immutable (static).
 *
 * <p>Among the categories of the window's profile, the ticket that comes first by, in this order:
 * <ol>
 *   <li>its class: pinned by a manager, then GREEN (绿色通道), then APPOINTMENT, then NORMAL;
 *       <em>aging</em>: a ticket that has waited past the hall's {@code maxWaitMinutes} counts one class higher
 *       (NORMAL as APPOINTMENT, APPOINTMENT as GREEN), so nobody starves; an APPOINTMENT ticket whose slot
 *       has not started yet (checked in early: its queue time is the slot's start) counts as NORMAL, behind the
 *       normal tickets that came before its slot;</li>
 *   <li>the window's primary categories before its secondary ones;</li>
 *   <li>the earliest queue time across all those categories (one line across windows), then the tie-break
 *       order, then the id.</li>
 * </ol>
 * Where the hall sets {@code priorityRatio} N, a window that has made N priority calls in a row (pinned, green
 * or appointment tickets) takes the first NORMAL ticket instead, if one waits (tier, then queue time).
 *
 * <p>Only the head of each (category, class) line is a candidate: a line is in queue-time order and aging is
 * monotone in queue time, so the head is the best of its line. The cost is O(categories of the profile x 4).
 */
public final class DispatchPolicy {

    /** Line classes: pinned, then one per {@link Priority}. */
    static final int CLASSES = 4;
    static final int NORMAL_CLASS = 1 + Priority.NORMAL.ordinal();
    static final int APPOINTMENT_CLASS = 1 + Priority.APPOINTMENT.ordinal();

    private DispatchPolicy() {
    }

    /** The ticket window {@code w} calls next at {@code nowMillis}, or null when none of its categories waits. */
    static Ticket choose(HallState s, int w, long nowMillis) {
        int[][] tiers = s.layout().profiles[w];
        long maxWait = s.layout().maxWaitMillis;
        int ratio = s.layout().definition.priorityRatio();
        TicketTree queue = s.queue;

        Ticket best = null;
        int bestClass = Integer.MAX_VALUE;
        int bestTier = Integer.MAX_VALUE;
        Ticket bestNormal = null;
        int bestNormalTier = Integer.MAX_VALUE;
        for (int tier = 0; tier < tiers.length; tier++) {
            for (int c : tiers[tier]) {
                for (int cls = 0; cls < CLASSES; cls++) {
                    Ticket head = TicketTree.firstOf(queue, c * CLASSES + cls);
                    if (head == null) {
                        continue;
                    }
                    int effective = cls;
                    if (cls == APPOINTMENT_CLASS && head.queueTimeMillis() > nowMillis) {
                        effective = NORMAL_CLASS; // checked in early: its slot has not started (queue time = start)
                    } else if (maxWait > 0 && cls > 1 && nowMillis - head.queueTimeMillis() > maxWait) {
                        effective = cls - 1;
                    }
                    if (before(effective, tier, head, bestClass, bestTier, best)) {
                        best = head;
                        bestClass = effective;
                        bestTier = tier;
                    }
                    if (cls == NORMAL_CLASS && before(0, tier, head, 0, bestNormalTier, bestNormal)) {
                        bestNormal = head;
                        bestNormalTier = tier;
                    }
                }
            }
        }
        if (ratio > 0 && bestNormal != null && s.slot(w).priorityStreak() >= ratio) {
            return bestNormal;
        }
        return best;
    }

    private static boolean before(int cls, int tier, Ticket t, int bestCls, int bestTier, Ticket best) {
        if (best == null) {
            return true;
        }
        if (cls != bestCls) {
            return cls < bestCls;
        }
        if (tier != bestTier) {
            return tier < bestTier;
        }
        return TicketTree.compareInLine(t, best) < 0;
    }

    /** Whether a call of this ticket counts as a priority call for the priorityRatio. */
    static boolean isPriorityCall(Ticket t) {
        return t.lineClass() != NORMAL_CLASS;
    }
}
