package io.onewindow.display;

import io.onewindow.core.journal.EventCodec;
import io.onewindow.core.journal.FileJournal;
import io.onewindow.display.store.RedisJournal;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/**
 * Chooses the journal adapter: Redis with {@code --redis}, else the embedded file journal
 * {@code <data>/<hall>/journal.log}. Immutable (static).
 */
public final class Journals {

    private Journals() {
    }

    /** The embedded journal: one group-committed file per hall under its folder. */
    public static JournalFactory embedded() {
        return (hall, folder) -> new FileJournal(folder.resolve("journal.log"), new EventCodec(hall));
    }

    /**
     * The journal for the configuration. With Redis, one client serves every hall; it lives as long as the
     * Vert.x instance, which closes it.
     */
    public static JournalFactory forConfig(ServerConfig config, Vertx vertx) {
        if (config.redisUrl() == null) {
            return embedded();
        }
        Redis client;
        try {
            client = Redis.createClient(vertx, new RedisOptions().setConnectionString(config.redisUrl()));
        } catch (RuntimeException e) {
            throw new ConfigException("--redis " + config.redisUrl() + ": not a Redis URL (" + e.getMessage() + ")");
        }
        return (hall, folder) -> new RedisJournal(vertx, client, hall);
    }
}
