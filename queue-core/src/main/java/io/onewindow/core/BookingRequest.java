package io.onewindow.core;

import java.time.LocalDateTime;
import java.util.Objects;

/**
 * A request to book a slot. Immutable.
 *
 * @param category   the category's code
 * @param start      the slot's start, the hall's local time
 * @param idNumber   the citizen's resident ID number: checked, hashed into the person key, then dropped
 * @param phone      a mainland mobile number, 11 digits
 * @param secretHash the SHA-256 (any text form) of the secret of the holder's link; the server makes the secret
 */
public record BookingRequest(String category, LocalDateTime start, String idNumber, String phone,
                             String secretHash) {

    public BookingRequest {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(secretHash, "secretHash");
    }

    @Override
    public String toString() {
        return "BookingRequest[category=" + category + ", start=" + start + "]";
    }
}
