/**
 * The JSON of API.md, written in one place for every front door: the line ({@code /queue} and the displays'
 * Snapshot), events as screens receive them, tickets, windows and the manager's figures. Plain functions of the
 * core's values; nothing here writes a person's full name, an ID number or a person key.
 *
 * <pre>
 *  HallSnapshot ─▶ HallJson.queue  ─▶ .http GET /queue, .ws Snapshot
 *  Event        ─▶ HallJson.event  ─▶ .ws display streams
 *  TicketView   ─▶ HallJson.ticket ─▶ .http ticket answers
 *  MetricsReport ─▶ HallJson.metrics ─▶ .http GET /metrics of a hall
 * </pre>
 */
package io.onewindow.display.json;
