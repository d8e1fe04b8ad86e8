package io.onewindow.core;

/** Where a ticket was taken. Immutable. */
public enum Channel {
    KIOSK,
    MOBILE,
    GUIDE,
    ID_CARD
}
