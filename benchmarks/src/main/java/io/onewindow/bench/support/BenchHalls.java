package io.onewindow.bench.support;

import io.onewindow.core.Dispatcher;
import io.onewindow.core.Event;
import io.onewindow.core.HallDefinition;
import io.onewindow.core.HallDefinitions;
import io.onewindow.core.LockFreeDispatcher;
import io.onewindow.core.LockedDispatcher;
import io.onewindow.core.Outcome;
import io.onewindow.core.PersonKeys;
import io.onewindow.core.Staff;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * Halls for the benchmarks. Immutable (static).
 *
 * <p>The universal hall has one category, {@code A}, with no daily cap and no issue hours (so the system clock
 * never makes it refuse), and {@code windows} windows "1".."n" that all serve every category as primary
 * ({@code ["*"]}, 无差别全科受理): one line across all windows, whichever thread issued a ticket.
 */
public final class BenchHalls {

    /** The only category of the universal hall. */
    public static final String CATEGORY = "A";
    /** Windows of the default benchmark hall: enough for {@code -t 16}. */
    public static final int WINDOWS = 16;
    /** The implementations a benchmark's {@code impl} parameter names. */
    public static final String LOCKFREE = "lockfree";
    public static final String LOCKED = "locked";

    private BenchHalls() {
    }

    /** One category without cap or issue hours, {@code windows} universal windows. */
    public static HallDefinition universalHall(int windows) {
        if (windows < 1) {
            throw new IllegalArgumentException("windows must be >= 1, was " + windows);
        }
        StringBuilder json = new StringBuilder(256 + 48 * windows)
                .append("{\"id\":\"bench\",\"name\":\"基准大厅\",\"timezone\":\"Asia/Shanghai\",")
                .append("\"categories\":[{\"code\":\"").append(CATEGORY)
                .append("\",\"name\":\"综合\",\"prefix\":\"A\",\"width\":3}],\"windows\":[");
        for (int w = 1; w <= windows; w++) {
            if (w > 1) {
                json.append(',');
            }
            json.append("{\"id\":\"").append(w).append("\",\"name\":\"").append(w).append("号窗口\",\"primary\":[\"*\"]}");
        }
        HallDefinition hall = HallDefinitions.parse(json.append("]}").toString());
        for (var c : hall.categories()) {
            if (c.dailyCap() != 0 || c.issueFrom() != null || c.issueUntil() != null) {
                throw new IllegalStateException("the benchmark hall must not cap or time-limit category " + c.code());
            }
        }
        return hall;
    }

    /** A dispatcher of the named implementation ({@link #LOCKFREE} or {@link #LOCKED}). */
    public static Dispatcher dispatcher(String impl, HallDefinition hall, Clock clock) {
        PersonKeys keys = new PersonKeys("onewindow-bench-salt".getBytes(StandardCharsets.US_ASCII));
        switch (impl) {
            case LOCKFREE:
                return new LockFreeDispatcher(hall, clock, keys);
            case LOCKED:
                return new LockedDispatcher(hall, clock, keys);
            default:
                throw new IllegalArgumentException("impl must be " + LOCKFREE + " or " + LOCKED + ", was " + impl);
        }
    }

    /** Opens every window of the hall, each with its own staff. */
    public static void openAll(Dispatcher d) {
        int n = d.hall().windows().size();
        for (int w = 0; w < n; w++) {
            String id = d.hall().windows().get(w).id();
            Outcome o = d.openWindow(id, new Staff(String.format("%04d", w + 1), "窗口" + id + "工作人员"));
            if (!(o instanceof Event)) {
                throw new IllegalStateException("could not open window " + id + ": " + o);
            }
        }
    }
}
