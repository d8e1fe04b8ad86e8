/**
 * The notices a hall sends to citizens' phones (SMS): the port ({@link io.onewindow.core.notice.Notifier}), what
 * to send and when ({@link io.onewindow.core.notice.Notices}), and the default adapter, an outbox file
 * ({@link io.onewindow.core.notice.OutboxNotifier}). Plain Java, no logging; no notice carries an ID number.
 *
 * <pre>
 *  durable event ──▶ Notices.of(event, bookings) ─────────┐
 *  every minute ───▶ Notices.reminders(bookings) ─────────┤
 *  after restart ──▶ Notices.stillDue(hall, bookings) ────┴──▶ Notifier.send(notice) ──▶ outbox file | SMS gateway
 *                                                               (each notice id at most once, across restarts)
 * </pre>
 */
package io.onewindow.core.notice;
