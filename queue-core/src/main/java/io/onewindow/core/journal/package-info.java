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
 * {@link io.onewindow.core.journal.Journal} is the port; {@link io.onewindow.core.journal.FileJournal} the embedded
 * adapter (an append-only file per hall); the Redis adapter lives in the hall server. Both encode events with
 * {@link io.onewindow.core.journal.EventCodec}.
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
