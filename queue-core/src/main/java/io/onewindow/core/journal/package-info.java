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
 */
package io.onewindow.core.journal;
