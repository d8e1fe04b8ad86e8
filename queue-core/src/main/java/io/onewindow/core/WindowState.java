package io.onewindow.core;

/** The state of a window (窗口). Immutable. A window opens with staff signed in and closes signing them out. */
public enum WindowState {
    OPEN,
    PAUSED,
    CLOSED
}
