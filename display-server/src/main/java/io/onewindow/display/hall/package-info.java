/**
 * A hall at run time: {@link io.onewindow.display.hall.LiveHall} (its dispatcher, journal, metrics and the index
 * of phone links), the directory of the halls a server runs ({@link io.onewindow.display.hall.Halls}, the one
 * hall lookup), the {@link io.onewindow.display.hall.CommandPipeline} every command takes to its durable answer,
 * and the {@link io.onewindow.display.hall.DayCloser} at the hall's local midnight. Knows nothing of HTTP: the
 * front doors ({@code .http}, {@code .ws}) call it and map its answers.
 *
 * <pre>
 *  front door ─▶ Halls.serving(id) ── UNKNOWN_HALL / NOT_READY
 *             ─▶ CommandPipeline.run ── READ_ONLY / TOO_MANY_REQUESTS
 *                  └─▶ LiveHall.submit ─▶ dispatcher (CAS) ── Refusal: at once, nothing changed
 *                                          │ Event
 *                                          ▼
 *                                 journal.append ─ ─ durable (journal thread) ─ ─▶ durable listeners: metrics,
 *                                          │                                        fan-out, issued counters
 *                                          └ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─▶ the caller's context: answer
 *  start-up:  LiveHall.recover ─▶ journal.replay ─▶ dispatcher, metrics, phone links ─▶ ready
 *  midnight:  DayCloser ─▶ CommandPipeline ─▶ closeDay
 * </pre>
 */
package io.onewindow.display.hall;
