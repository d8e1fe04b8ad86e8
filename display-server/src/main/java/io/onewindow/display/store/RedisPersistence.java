package io.onewindow.display.store;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * What a Redis does with a write it acknowledged, as its settings say ({@code CONFIG GET appendonly},
 * {@code appendfsync}, {@code save}; {@code INFO persistence}), and whether that is safe for a hall's journal.
 * Immutable.
 *
 * <p><b>Safe</b> means: an event Redis acknowledged survives a crash of Redis or of its host. OneWindow counts
 * exactly one configuration as safe: {@code appendonly yes} with {@code appendfsync always} (Redis writes and
 * fsyncs its append-only file before it answers, so the journal's answer follows the fsync). Everything else can
 * lose acknowledged events and is refused unless the operator accepts it ({@code --redis-accept-loss}):
 * {@code appendfsync everysec} (up to about two seconds on a crash), {@code appendfsync no} (what the operating
 * system had not written, commonly up to 30 s, on a host crash), snapshots only ({@code save}: everything since the
 * last one), no persistence at all (everything on a restart). Replication is not counted: an asynchronous replica
 * promoted after a crash lacks the last writes, and OneWindow does not {@code WAIT} for replicas. A Redis that
 * refuses {@code CONFIG} (renamed or disabled, as managed services do) cannot show its fsync policy: it is not
 * counted as safe either.
 */
public final class RedisPersistence {

    private static final long TIMEOUT_SECONDS = 10;

    private final String appendonly;
    private final String appendfsync;
    private final String save;
    private final String configRefused;
    private final String aofEnabled;
    private final boolean rewriting;

    private RedisPersistence(String appendonly, String appendfsync, String save, String configRefused,
                             String aofEnabled, boolean rewriting) {
        this.rewriting = rewriting;
        this.appendonly = appendonly;
        this.appendfsync = appendfsync;
        this.save = save;
        this.configRefused = configRefused;
        this.aofEnabled = aofEnabled;
    }

    /**
     * Reads the settings of the client's Redis. Blocking: call it off any event loop.
     *
     * @throws IOException when Redis does not answer
     */
    public static RedisPersistence read(Redis client) throws IOException {
        try {
            return fetch(client::send).toCompletionStage().toCompletableFuture()
                    .get(4 * TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading Redis's persistence settings", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io
                    : new IOException("cannot read Redis's persistence settings: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("Redis did not answer for its persistence settings", e);
        }
    }

    /**
     * Reads the settings through {@code send} (a client's or one connection's), without blocking: four requests,
     * one after the other, each with a timeout. Fails with an {@link IOException} when Redis does not answer; a
     * Redis that refuses {@code CONFIG} answers a {@link #configRefused()} value.
     */
    public static Future<RedisPersistence> fetch(Function<Request, Future<Response>> send) {
        return timed(send.apply(Request.cmd(Command.INFO).arg("persistence")))
                .map(info -> new String[] {infoField(info, "aof_enabled"),
                        infoField(info, "aof_rewrite_in_progress"), infoField(info, "aof_rewrite_scheduled")})
                // INFO renamed too: CONFIG GET below decides, or fails if Redis does not answer
                .otherwise(new String[] {"unknown", "unknown", "unknown"})
                .compose(info -> {
                    String aof = info[0];
                    boolean rewriting = "1".equals(info[1]) || "1".equals(info[2]);
                    return configGet(send, "appendonly").compose(appendonly ->
                            configGet(send, "appendfsync").compose(appendfsync ->
                                    configGet(send, "save").map(save -> new RedisPersistence(appendonly, appendfsync,
                                            save, null, aof, rewriting))))
                            .recover(e -> e instanceof ConfigRefused refused
                                    ? Future.succeededFuture(new RedisPersistence(null, null, null,
                                            refused.getMessage(), aof, rewriting))
                                    : Future.failedFuture(e));
                });
    }

    /** Whether an acknowledged write survives a crash: {@code appendonly yes} and {@code appendfsync always}. */
    public boolean safe() {
        return configRefused == null && "yes".equalsIgnoreCase(appendonly) && "always".equalsIgnoreCase(appendfsync);
    }

    /**
     * Whether Redis is writing an append-only file in the background, or about to ({@code INFO persistence}:
     * {@code aof_rewrite_in_progress} or {@code aof_rewrite_scheduled}). Routine on a Redis whose file grew; but
     * right after {@code CONFIG SET appendonly yes} it is the first file, and until it is written what Redis
     * acknowledges is not on its disk (the settings already say {@code appendonly yes}).
     */
    public boolean rewriting() {
        return rewriting;
    }

    /** Whether Redis refused {@code CONFIG GET}, so its fsync policy cannot be known. */
    public boolean configRefused() {
        return configRefused != null;
    }

    /** The settings as Redis gave them, for a log line. */
    public String settings() {
        if (configRefused != null) {
            return "CONFIG GET refused (" + configRefused + "); INFO persistence aof_enabled:" + aofEnabled;
        }
        return "appendonly " + appendonly + ", appendfsync " + appendfsync + ", save \"" + save + "\"";
    }

    /** What these settings can lose, in plain words; empty when {@link #safe()}. */
    public String risk() {
        if (safe()) {
            return "";
        }
        if (configRefused != null) {
            String known = "1".equals(aofEnabled)
                    ? "INFO says its append-only file is on, but not how often it is fsynced: with the usual"
                    + " appendfsync everysec a crash loses up to about two seconds of acknowledged events"
                    : "INFO says its append-only file is off (aof_enabled:" + aofEnabled + "): a restart of Redis"
                    + " loses every event since its last snapshot, or all of them";
            return "this Redis refuses CONFIG GET (" + configRefused + "; renamed or disabled, as on a managed"
                    + " Redis), so OneWindow cannot read whether it fsyncs each write; " + known;
        }
        if (!"yes".equalsIgnoreCase(appendonly)) {
            if (save == null || save.isBlank()) {
                return "Redis keeps the events in memory only (appendonly " + appendonly + ", save \"\"): a restart"
                        + " or crash of Redis loses every event of every hall";
            }
            return "Redis writes only snapshots (appendonly " + appendonly + ", save \"" + save + "\"): a crash or"
                    + " kill of Redis loses every event since its last snapshot, which can be minutes of a day";
        }
        if ("everysec".equalsIgnoreCase(appendfsync)) {
            return "Redis fsyncs its append-only file once a second (appendfsync everysec): a crash of its host, or"
                    + " of Redis while a slow disk holds back the fsync, loses up to about two seconds of"
                    + " acknowledged events";
        }
        return "Redis leaves the fsync of its append-only file to the operating system (appendfsync " + appendfsync
                + "): a crash of its host loses what the system had not written yet, commonly up to 30 seconds of"
                + " acknowledged events";
    }

    private static Future<String> configGet(Function<Request, Future<Response>> send, String name) {
        return timed(send.apply(Request.cmd(Command.CONFIG).arg("GET").arg(name))).transform(ar -> {
            if (ar.failed()) {
                // an error reply (unknown command, no permission) is Redis's answer; a lost connection is not
                Throwable cause = ar.cause();
                String message = String.valueOf(cause.getMessage());
                if (cause instanceof TimeoutException) {
                    return Future.failedFuture(new IOException("Redis did not answer CONFIG GET " + name + " in "
                            + TIMEOUT_SECONDS + " s", cause));
                }
                if (message.startsWith("ERR") || message.startsWith("NOPERM") || message.contains("unknown command")) {
                    return Future.failedFuture(new ConfigRefused(message.length() > 120
                            ? message.substring(0, 120) + "…" : message));
                }
                return Future.failedFuture(new IOException("cannot read Redis's persistence settings: " + message,
                        cause));
            }
            Response r = ar.result();
            if (r == null) {
                return Future.succeededFuture(null);
            }
            if (r.isMap()) {
                Response v = r.get(name);
                return Future.succeededFuture(v == null ? null : v.toString());
            }
            for (int i = 0; i + 1 < r.size(); i += 2) {
                if (name.equalsIgnoreCase(r.get(i).toString())) {
                    return Future.succeededFuture(r.get(i + 1).toString());
                }
            }
            return Future.succeededFuture(null);
        });
    }

    private static String infoField(Response info, String field) {
        if (info == null) {
            return "unknown";
        }
        for (String line : info.toString().split("\r?\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).trim();
            }
        }
        return "unknown";
    }

    private static Future<Response> timed(Future<Response> f) {
        return f.timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private static final class ConfigRefused extends Exception {
        ConfigRefused(String message) {
            super(message, null, false, false);
        }
    }
}
