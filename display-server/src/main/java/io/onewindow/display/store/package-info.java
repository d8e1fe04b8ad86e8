/**
 * The journal adapters: where a hall's events become durable, behind queue-core's
 * {@link io.onewindow.core.journal.Journal} port. {@link io.onewindow.display.store.Journals} chooses the
 * adapter: the embedded {@link io.onewindow.core.journal.FileJournal} under the hall's folder, or
 * {@link io.onewindow.display.store.RedisJournal} (one stream per hall and local day, for several instances and
 * the evaluator gateway).
 *
 * <pre>
 *  HallServer ─▶ JournalFactory.open(hall, folder) ─▶ FileJournal  (group commit, fsync on its own thread)
 *                                                  └▶ RedisJournal (Lua append per event, pipelined, in order)
 *  LiveHall ─▶ append ─ ─ durable ─ ─▶ listeners;   replay at start-up;   a replica follows the hall's streams
 * </pre>
 */
package io.onewindow.display.store;
