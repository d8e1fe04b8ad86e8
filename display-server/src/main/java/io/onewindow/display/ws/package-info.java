/**
 * The real-time fan-out of a hall's events to displays (WebSocket, Server-Sent Events) and phones
 * (WebSocket), mounted by {@link io.onewindow.display.ws.StreamRoutes#mount}.
 *
 * <pre>
 *   window / kiosk command (any event loop)
 *        │ dispatcher CAS ──▶ EventRing.publish(e) ──ring listener──┐
 *        │ journal.append(e) ──▶ journal thread: durable ──listener─┤  HallFanout.wakeAll()
 *        ▼                                                          ▼  (any thread, never blocks)
 *   ┌──────────────────────── per hall: HallFanout ─────────────────────────────────────┐
 *   │  encoded events (cache by seq, each encoded once)   Snapshot message (by seq)      │
 *   │                                                                                   │
 *   │  LoopDrain (event loop 0)          LoopDrain (event loop 1)          ...          │
 *   │   wake: CAS scheduled, runOnContext (coalesced)                                   │
 *   │   drain: Subscription.poll(upTo = durableSeq)                                     │
 *   │     ├─▶ live displays on loop 0: write shared message; full queue ─▶ cut (1013)   │
 *   │     ├─▶ phones on loop 0: TrackSession (position, AlmostYourTurn, Called, State)  │
 *   │     └─▶ joining clients: Snapshot or since-catch-up once reached and durable      │
 *   └───────────────────────────────────────────────────────────────────────────────────┘
 * </pre>
 *
 * <p>Each client is served by the drain of the event loop its connection lives on, so every write happens on
 * the connection's own thread, and a hall has one reader of its ring per event loop, not one per client.
 * Nothing here blocks or locks: the ring's and the journal's listeners only set a flag and schedule a task.
 *
 * <p>Each message is encoded once per hall ({@link io.onewindow.display.ws.EncodedEvent}): its UTF-8 bytes for
 * the screens that take plain frames, and, on first need, the same bytes compressed once
 * ({@link io.onewindow.display.ws.MessageDeflater}) for the screens that negotiated permessage-deflate
 * ({@link io.onewindow.display.http.WebSocketDeflate}): every screen is written the shared bytes, none has a
 * compressor of its own.
 */
package io.onewindow.display.ws;
