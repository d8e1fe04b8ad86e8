package io.onewindow.core;

/**
 * Check-in of today's booking at the kiosk or by a guide: by its code or by the holder's ID number (one of the
 * two). Immutable.
 *
 * @param code       the booking's check-in code, or null
 * @param idNumber   the holder's ID number, or null; hashed, then dropped
 * @param channel    where the ticket is taken (KIOSK or GUIDE)
 * @param trackToken the unguessable token of the ticket's phone link, or null
 */
public record CheckInRequest(String code, String idNumber, Channel channel, String trackToken) {

    public CheckInRequest {
        if ((code == null) == (idNumber == null)) {
            throw new IllegalArgumentException("a check-in needs exactly one of code and idNumber");
        }
        if (channel == null) {
            channel = Channel.KIOSK;
        }
    }

    @Override
    public String toString() {
        return "CheckInRequest[" + (code != null ? "by code" : "by ID number") + ", channel=" + channel + "]";
    }
}
