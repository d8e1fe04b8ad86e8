/**
 * The hall server's HTTP API: the routes of API.md's "Tickets and windows", built in one place
 * ({@link io.onewindow.display.http.ApiRoutes}), with one failure handler answering the error JSON
 * ({@link io.onewindow.display.http.ErrorHandler}) and one mapping of the core's refusals to statuses
 * ({@link io.onewindow.display.http.RefusalStatus}).
 *
 * <pre>
 *  request ─▶ checkPath ─▶ [streams: /ws, /sse] ─▶ BodyHandler (4 KiB) ─▶ route handler
 *                                                                          │ Halls.serving: 404 / 503
 *                                                                          │ Access: 401 / 403
 *                                                                          │ Bodies: 400
 *                                                                          ▼
 *                         .hall CommandPipeline ─▶ dispatcher (lock-free CAS) ─▶ Refusal ─▶ RefusalStatus
 *                                                              │ Event
 *                                                              ▼
 *                                      journal.append ─ ─ durable (journal thread) ─ ─▶ back on the request's
 *                                                                                       context: 200/201 JSON
 *  any failure ────────────────────────────────────────────────────────────────────▶ ErrorHandler: error JSON
 * </pre>
 * Handlers never block: the journal appends and forces on its own thread, and the answer waits on a future.
 */
package io.onewindow.display.http;
