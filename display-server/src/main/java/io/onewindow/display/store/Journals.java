package io.onewindow.display.store;

import io.onewindow.core.journal.FileJournal;
import io.onewindow.display.store.RedisJournal;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/**
 * Chooses the journal adapter: Redis, else the embedded file journal under the data folder. Immutable (static).
 */
public final class Journals {

    private Journals() {
    }

    /** The embedded journal: one group-committed file per hall, {@link FileJournal#path}. */
    public static JournalFactory embedded() {
        return (hall, dataDir) -> FileJournal.forHall(dataDir, hall);
    }

    /**
     * The Redis journal at {@code redisUrl}, or the embedded one when it is null. With Redis, one client serves
     * every hall; it lives as long as the Vert.x instance, which closes it.
     *
     * @throws IllegalArgumentException when {@code redisUrl} is not a Redis URL
     */
    public static JournalFactory of(String redisUrl, Vertx vertx) {
        return of(redisUrl, vertx, 1);
    }

    /**
     * {@link #of(String, Vertx)} for {@code halls} halls: each hall's journal holds a connection of the client's
     * pool for its appends and each follower one more, so the pool is sized from the halls (two per hall, and
     * room for the short requests of start-up), and a request waiting for a connection gives up after a while
     * instead of hanging.
     */
    public static JournalFactory of(String redisUrl, Vertx vertx, int halls) {
        if (redisUrl == null) {
            return embedded();
        }
        Redis client;
        try {
            client = Redis.createClient(vertx, new RedisOptions().setConnectionString(redisUrl)
                    .setMaxPoolSize(poolSize(halls)).setMaxPoolWaiting(64 * Math.max(1, halls))
                    .setPoolRecycleTimeout(15_000));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a Redis URL (" + e.getMessage() + ")", e);
        }
        return (hall, dataDir) -> new RedisJournal(vertx, client, hall);
    }

    /** Connections of the Redis pool for this many halls: a writer and a follower each, and four to spare. */
    public static int poolSize(int halls) {
        return 2 * Math.max(1, halls) + 4;
    }
}
