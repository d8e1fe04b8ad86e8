package io.onewindow.display;

import io.vertx.core.Vertx;

/** Chooses the journal adapter for the configuration: Redis with {@code --redis}, else the embedded file journal. */
final class Journals {

    private Journals() {
    }

    static JournalFactory forConfig(ServerConfig config, Vertx vertx) {
        if (config.redisUrl() != null) {
            throw new ConfigException("--redis: the Redis journal is not part of this build yet");
        }
        return (hall, folder) -> {
            throw new ConfigException("the embedded file journal is not part of this build yet");
        };
    }
}
