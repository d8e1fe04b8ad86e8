package io.onewindow.display.access;

/** A tokens file that cannot be used; the message names the file and the field, as {@code tokens[2].role}. */
public final class InvalidTokensException extends RuntimeException {

    public InvalidTokensException(String message) {
        super(message);
    }
}
