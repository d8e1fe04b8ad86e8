/**
 * The hall's wait metrics: wait and handling times, served, no-shows and transfers, per category and per window,
 * for today (from the hall's local midnight) and the last 15 minutes; and the estimated wait of a ticket.
 *
 * <pre>
 *  dispatcher --events in sequence--> journal thread / simulator / recovery
 *                                              |
 *                                              | record(event)          (one writer at a time)
 *                                              v
 *                                   +--------------------+
 *                                   |    HallMetrics     |   synchronized: the writer and the readers
 *                                   |  per category  --> Subject: today Tally + 15 per-minute Tallies
 *                                   |  per window    --> Subject            (Durations: HdrHistogram, ms)
 *                                   +--------------------+
 *                                     ^              ^
 *     report(snapshot, now) ----------+              +--------- estimatedWaitSeconds(snapshot, ticket, now)
 *     MetricsReport: CategoryMetrics, WindowMetrics   (HTTP handlers, the simulator)
 *                    PeriodMetrics, TimeStats
 * </pre>
 *
 * Public types: {@link io.onewindow.core.metrics.HallMetrics} (thread-safe, one writer) and its immutable report
 * values. The rest is confined to the thread holding the metrics' monitor.
 */
package io.onewindow.core.metrics;
