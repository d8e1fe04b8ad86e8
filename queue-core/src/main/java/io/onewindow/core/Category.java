package io.onewindow.core;

import java.time.LocalTime;
import java.util.Objects;

/**
 * A category of matters (事项类别), with its own numbers. Immutable.
 *
 * @param code        the category's code, unique in the hall ("A")
 * @param name        its name ("户籍")
 * @param prefix      the ticket prefix ("A")
 * @param width       minimum digits of a number: width 3 gives A001; A999 is followed by A1000
 * @param dailyCap    most tickets issued per day, 0 for no cap
 * @param issueFrom   first local time of day at which tickets are issued, or null for no limit
 * @param issueUntil  local time of day from which no more tickets are issued, or null for no limit
 */
public record Category(String code, String name, String prefix, int width, int dailyCap,
                       LocalTime issueFrom, LocalTime issueUntil) {
    public Category {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(prefix, "prefix");
        if (width < 1 || width > 9) {
            throw new IllegalArgumentException("width must be within 1..9, was " + width);
        }
        if (dailyCap < 0) {
            throw new IllegalArgumentException("dailyCap must be >= 0, was " + dailyCap);
        }
    }

    public Category(String code, String name, String prefix) {
        this(code, name, prefix, 3, 0, null, null);
    }

    /** The display number of the given serial: prefix, then the serial with at least {@code width} digits. */
    public String number(int serial) {
        String digits = Integer.toString(serial);
        StringBuilder b = new StringBuilder(prefix.length() + Math.max(width, digits.length()));
        b.append(prefix);
        for (int i = digits.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(digits).toString();
    }
}
