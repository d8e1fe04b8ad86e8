package io.onewindow.evaluator;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Where the gateway's entries become durable: the embedded file (the default) or Redis. Thread-safe.
 *
 * <p>Guarantees every adapter gives:
 * <ul>
 *   <li>{@link #append}'s future completes only once the entry is durable (fsynced, or acknowledged by Redis); it
 *       fails when it could not be made durable, and then nothing of it is kept (no half-written entry is ever
 *       replayed).</li>
 *   <li>{@link #replay} hands over every durable entry, each once, in the order of the appends of each hall.</li>
 *   <li>For a {@link Entry.Rated} entry the store is the last judge of 一次一评 and of the request id: the answer
 *       says when an earlier entry already holds the request or rates the service (several gateways may share a
 *       Redis), and the entry is then not kept.</li>
 * </ul>
 * Appends never block the caller: an event loop may call {@link #append}.
 */
public interface EvaluationStore extends AutoCloseable {

    /** What the store made of an append. */
    enum Kind {
        /** Durable now. */
        STORED,
        /** Not kept: an earlier entry holds the same request id; that entry answers. */
        SAME_REQUEST,
        /** Not kept: the service is rated already (another gateway sharing the store won). */
        ALREADY_RATED
    }

    /**
     * The answer of an append.
     *
     * @param kind  what happened
     * @param entry the entry that is durable for this request: the one appended, or the earlier one
     */
    record Appended(Kind kind, Entry entry) {
    }

    /** Makes the entry durable; the future completes once it is, and fails when it could not be. */
    CompletableFuture<Appended> append(Entry entry);

    /** Every durable entry in order; called once at start, before any append. Blocking. */
    void replay(Consumer<Entry> sink) throws IOException;

    /**
     * Every durable entry of a hall, in the order {@link #replay} gives them, read while the store runs (appends
     * go on meanwhile; an entry made durable during the read may or may not be in it, none is ever half in it). For reads of the history, as the export's: blocking, never on an
     * event loop.
     */
    void readAll(String hall, Consumer<Entry> sink) throws IOException;

    /** A short name for logs and health: "file" or "redis". */
    String kind();

    @Override
    void close();
}
