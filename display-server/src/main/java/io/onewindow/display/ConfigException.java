package io.onewindow.display;

/** A start-up setting that cannot be used; the message names the file or option and the field. */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
