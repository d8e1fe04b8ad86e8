package io.onewindow.display.store;

import java.io.IOException;

/**
 * A Redis whose persistence settings can lose events it acknowledged, and no operator's option accepting that
 * ({@link RedisPersistence}). Thrown at start-up, before any hall opens. Immutable.
 */
public final class UnsafeRedisException extends IOException {

    public UnsafeRedisException(String message) {
        super(message);
    }
}
