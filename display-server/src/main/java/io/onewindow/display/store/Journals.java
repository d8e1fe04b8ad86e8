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
        if (redisUrl == null) {
            return embedded();
        }
        Redis client;
        try {
            client = Redis.createClient(vertx, new RedisOptions().setConnectionString(redisUrl));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a Redis URL (" + e.getMessage() + ")", e);
        }
        return (hall, dataDir) -> new RedisJournal(vertx, client, hall);
    }
}
