/**
 * The journal: where a hall's events become durable, and how a hall comes back from them.
 *
 * <pre>
 *  commands on any thread              journal thread (one per hall)            start-up
 *  dispatcher ──event#n──▶ Journal.append ──▶ reorder by seq ──▶ write + force ──▶ futures, listeners
 *                                                                     │
 *                                          {@link io.onewindow.core.journal.Recovery} ◀── Journal.replay ◀─┘
 *                                          (fresh dispatcher + metrics, before serving)
 * </pre>
 *
 * {@link io.onewindow.core.journal.Journal} is the port (append, replay, and follow for a read-only replica of a
 * journal that several instances share); {@link io.onewindow.core.journal.FileJournal} the embedded adapter (an
 * append-only file per hall, {@code <data>/<hall>/journal.log}, compacted in place behind a checkpoint when
 * retention drops old days); the Redis adapter lives in the hall server. Both fold the days they drop into a
 * {@link io.onewindow.core.HallCheckpoint} with {@link io.onewindow.core.journal.Retention}, and both
 * encode events with {@link io.onewindow.core.journal.EventCodec} and keep their durable sequence number and
 * listeners in {@link io.onewindow.core.journal.DurableListeners}; a hall comes back through
 * {@link io.onewindow.core.journal.Recovery} alone.
 *
 * <p>How a hall server uses it:
 * <pre>{@code
 * Journal journal = FileJournal.forHall(dataDir, hall);          // or a RedisJournal
 * Dispatcher dispatcher = new LockFreeDispatcher(hall, clock, personKeys);
 * Recovery.replay(journal, dispatcher, metrics::record);         // off the event loop, before serving
 * journal.addDurableListener(e -> fanOut.wake());                // journal thread: must not block
 *
 * Outcome o = dispatcher.callNext("5");                          // on any event loop
 * if (o instanceof Event e) {
 *     journal.append(e).whenComplete((ok, failure) ->            // journal thread: hop back to the loop
 *             context.runOnContext(v -> answer(e, failure)));   // answer only once durable
 * }
 * }</pre>
 * Every accepted command's event must be appended: the journal writes a gap-free prefix, so an event that is
 * never appended holds back every later one.
 */
package io.onewindow.core.journal;
