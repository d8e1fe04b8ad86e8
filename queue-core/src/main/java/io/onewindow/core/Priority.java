package io.onewindow.core;

/**
 * The priority class of a ticket, strongest first. Immutable.
 *
 * <p>GREEN is the green channel (绿色通道: the elderly, the disabled, service members, the pregnant),
 * APPOINTMENT a citizen who booked a slot and checked in, NORMAL everyone else.
 */
public enum Priority {
    GREEN,
    APPOINTMENT,
    NORMAL
}
