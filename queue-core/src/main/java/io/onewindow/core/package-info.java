/**
 * The hall, its tickets and its dispatcher. Plain Java: no Vert.x, no Netty, no logging.
 *
 * <pre>
 *  kiosk / guide / window / manager threads (any number, any event loop)
 *        |
 *        v  command (issue, callNext, recall, start, complete, noShow, reinstate, transfer, cancel, pin, ...)
 *  Dispatcher ---- LockFreeDispatcher: read state, decide, apply, one CAS on the state (retry if beaten)
 *        |         LockedDispatcher:   the same decide and apply under one monitor (oracle and baseline)
 *        |
 *        |  HallState (immutable: the lines and the id index as persistent treaps, the windows, the counters,
 *        |             the last event, whose seq is the state's)
 *        |     decideX(state, at) -> Event | Refusal      (pure; DispatchPolicy chooses whom a window calls)
 *        |     apply(Event)       -> HallState(seq + 1)    (pure; also what recovery replays)
 *        |
 *        +--> Outcome to the caller: the Event, or a Refusal that changed nothing
 *        |
 *        +--> EventRing slot (seq &amp; mask), published per slot
 *                   |
 *                   +--> Subscription (display fan-out, phones): in order, gap-free, LAGGED when lapped
 *
 *  the caller ---> journal.Journal.append(event) ---> durable (group commit, in sequence order)
 *                                                       +--> metrics.HallMetrics (wait, handling, estimates)
 *                                                       +--> the answer to the command
 * </pre>
 *
 * Values are records and immutable. Each public type says in its javadoc how it may be shared.
 */
package io.onewindow.core;
