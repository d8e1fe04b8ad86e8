/**
 * The hall server: {@link io.onewindow.display.Main} (the launcher), {@link io.onewindow.display.HallServer}
 * (set-up, serving, recovery, day close), {@link io.onewindow.display.LiveHall} (one hall: dispatcher, journal,
 * metrics, phone links), the role tokens and the data folder. The HTTP API is in {@code .http}, the display and
 * phone streams in {@code .ws}, the journal adapters in {@code .store}.
 *
 * <pre>
 *  Main ─▶ HallServer.start
 *            ├─ worker: data folder (salt, tokens), hall files, open journals
 *            ├─ ApiVerticle × instances: one router each (http + ws routes), one shared port
 *            ├─ worker: LiveHall.recover per hall (replay ─▶ dispatcher, metrics, phone links); ready
 *            └─ DayCloser per hall: timer at the hall's local midnight ─▶ closeDay
 * </pre>
 */
package io.onewindow.display;
