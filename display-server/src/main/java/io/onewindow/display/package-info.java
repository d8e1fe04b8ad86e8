/**
 * The launcher of the hall server: {@link io.onewindow.display.Main} (the command line, its options and the
 * {@code simulate} and {@code plan} subcommands), {@link io.onewindow.display.ServerConfig} (the options, checked
 * once), {@link io.onewindow.display.HallFiles} (hall files, JSON or YAML, read in this one place),
 * {@link io.onewindow.display.DataFolder} (salt, demo tokens) and
 * {@link io.onewindow.display.HallServer} (start-up wiring). Nothing imports this package; it imports the rooms
 * below it.
 *
 * <pre>
 *  Main ─▶ HallServer.start
 *            ├─ worker: data folder (salt, tokens), hall files, open journals (.store)
 *            ├─ .http ApiVerticle × instances: one router each (.http + .ws routes), one shared port
 *            ├─ worker: .hall LiveHall.recover per hall (replay ─▶ dispatcher, metrics, phone links); ready
 *            └─ .hall DayCloser per hall: timer at the hall's local midnight ─▶ closeDay
 *
 *  launcher ─▶ http / ws / pages ─▶ hall / access ─▶ store ─▶ queue-core      (json: shapes for http and ws)
 * </pre>
 */
package io.onewindow.display;
