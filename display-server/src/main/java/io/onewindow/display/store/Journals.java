package io.onewindow.display.store;

import io.onewindow.core.journal.FileJournal;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the journal adapter: Redis, else the embedded file journal under the data folder. Immutable (static).
 */
public final class Journals {

    private static final Logger LOG = LoggerFactory.getLogger(Journals.class);

    private Journals() {
    }

    /** The embedded journal: one group-committed file per hall, {@link FileJournal#path}. */
    public static JournalFactory embedded() {
        return (hall, dataDir) -> FileJournal.forHall(dataDir, hall);
    }

    /**
     * The Redis journal at {@code redisUrl}, or the embedded one when it is null. With Redis, one client serves
     * every hall; it lives as long as the Vert.x instance, which closes it. Redis's persistence is not checked:
     * for a replica, which writes nothing, and for tests.
     *
     * @throws IllegalArgumentException when {@code redisUrl} is not a Redis URL
     */
    public static JournalFactory of(String redisUrl, Vertx vertx) {
        return of(redisUrl, vertx, 1);
    }

    /** {@link #of(String, Vertx, int, Persistence)} without the persistence check. */
    public static JournalFactory of(String redisUrl, Vertx vertx, int halls) {
        return of(redisUrl, vertx, halls, Persistence.UNCHECKED);
    }

    /** What the owner of the halls asks of Redis's persistence ({@link RedisPersistence}) before any hall opens. */
    public enum Persistence {
        /** Refuse a Redis that can lose acknowledged events ({@link UnsafeRedisException}). */
        REQUIRED,
        /** The operator accepts a Redis that can lose them: say once, plainly, what is at risk. */
        LOSS_ACCEPTED,
        /** Do not look (a read-only replica writes nothing). */
        UNCHECKED
    }

    /**
     * {@link #of(String, Vertx)} for {@code halls} halls: each hall's journal holds a connection of the client's
     * pool for its appends and each follower one more, so the pool is sized from the halls (two per hall, and
     * room for the short requests of start-up), and a request waiting for a connection gives up after a while
     * instead of hanging. Before the first hall opens, Redis's persistence settings are read and judged as
     * {@code persistence} asks; each hall keeps the local record of its durable sequence number
     * ({@link DurableMark}) in its folder under the data folder.
     */
    public static JournalFactory of(String redisUrl, Vertx vertx, int halls, Persistence persistence) {
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
        AtomicBoolean checked = new AtomicBoolean(persistence == Persistence.UNCHECKED);
        PersistenceCheck recheck = persistence == Persistence.UNCHECKED ? null
                : new PersistenceCheck(redactedUrl(redisUrl), persistence == Persistence.LOSS_ACCEPTED);
        return (hall, dataDir) -> {
            if (!checked.get()) {
                synchronized (checked) {
                    if (!checked.get()) {
                        recheck.atStart(RedisPersistence.read(client));
                        checked.set(true);
                    }
                }
            }
            return new RedisJournal(vertx, client, hall, dataDir, recheck);
        };
    }

    /**
     * Judges Redis's persistence settings for every journal of one client: once at start-up, then again each
     * time a journal connects to Redis anew (a Redis restarted under the running server may have come back with
     * other settings) and at each attempt to resume after a failure. A Redis found without its append-only file
     * before and with {@code appendonly yes} now counts as safe only once it has written that file (see
     * {@link RedisPersistence#rewriting()}). Logs only what changed: the settings a Redis comes back with, once,
     * whichever hall saw them first; an unsafe Redis again, or safe again. Thread-safe.
     */
    public static final class PersistenceCheck {

        private final String where;
        private final boolean lossAccepted;
        /** The settings last logged (or judged at start). */
        private final AtomicReference<String> logged = new AtomicReference<>();

        PersistenceCheck(String where, boolean lossAccepted) {
            this.where = where;
            this.lossAccepted = lossAccepted;
        }

        /** Whether the operator accepts a Redis that can lose acknowledged events. */
        public boolean lossAccepted() {
            return lossAccepted;
        }

        /** At start-up: an unsafe Redis is refused ({@link UnsafeRedisException}) unless the loss is accepted. */
        void atStart(RedisPersistence p) throws UnsafeRedisException {
            if (p.safe()) {
                LOG.info("Redis at {}: {}: every acknowledged event is on Redis's disk before the hall answers",
                        where, p.settings());
                logged.set(p.settings());
                return;
            }
            if (!lossAccepted) {
                throw new UnsafeRedisException("--redis " + where + " can lose events it acknowledged: " + p.risk()
                        + ". Configure Redis with appendonly yes and appendfsync always, or start with"
                        + " --redis-accept-loss (env ONEWINDOW_REDIS_ACCEPT_LOSS=true) to accept that risk");
            }
            warnAccepted(p);
            logged.set(p.settings());
        }

        /**
         * Redis answered a journal that connected again (or tries to resume): null when the journal may take
         * appends on it, else why not (an unsafe Redis and no option accepting it), for the hall's refusals and
         * {@code /health/ready}. Never blocks.
         */
        UnsafeRedisException judge(RedisPersistence p) {
            String settings = p.settings();
            String before = logged.get();
            if (p.safe() && p.rewriting() && before != null && !before.startsWith("appendonly yes")) {
                // appendonly was turned on at runtime: until Redis has written its first append-only file in the
                // background, what it acknowledges is in memory only, whatever the settings say now
                return new UnsafeRedisException("Redis is writing its first append-only file since appendonly was"
                        + " turned on (" + settings + "); until it is written, what Redis acknowledges is not on its"
                        + " disk. The hall takes commands again by itself once it is written");
            }
            boolean changed = !settings.equals(logged.getAndSet(settings));
            if (p.safe()) {
                if (changed) {
                    LOG.info("Redis at {} answers again with {}: every acknowledged event is on Redis's disk before"
                            + " the hall answers; the halls take commands", where, settings);
                }
                return null;
            }
            if (lossAccepted) {
                if (changed) {
                    warnAccepted(p);
                }
                return null;
            }
            UnsafeRedisException unsafe = new UnsafeRedisException("Redis came back with settings that can lose"
                    + " events it acknowledged (" + settings + "): " + p.risk() + ". The hall takes commands again"
                    + " by itself once Redis runs with appendonly yes and appendfsync always (CONFIG SET)");
            if (changed) {
                LOG.error("Redis at {}: {}; no hall takes commands on it (503 JOURNAL_UNAVAILABLE) until then, or"
                        + " restart with --redis-accept-loss to accept that risk", where, unsafe.getMessage());
            }
            return unsafe;
        }

        private void warnAccepted(RedisPersistence p) {
            LOG.warn("Redis at {} can lose events it acknowledged, and --redis-accept-loss accepts that: {}."
                    + " Tickets, calls and services answered in that window would be gone; a hall that finds its"
                    + " stream behind what it made durable stops (JOURNAL_LOST_EVENTS) rather than issue numbers"
                    + " again", where, p.risk());
        }
    }

    /** A Redis URL as a log may show it: without its password. */
    static String redactedUrl(String url) {
        int at = url.lastIndexOf('@');
        int scheme = url.indexOf("://");
        if (at < 0 || scheme < 0 || at < scheme) {
            return url;
        }
        return url.substring(0, scheme + 3) + "***@" + url.substring(at + 1);
    }

    /** Connections of the Redis pool for this many halls: a writer and a follower each, and four to spare. */
    public static int poolSize(int halls) {
        return 2 * Math.max(1, halls) + 4;
    }
}
