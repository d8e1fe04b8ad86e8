package io.onewindow.core;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/** Hall definitions and clocks for tests. */
final class TestHalls {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final PersonKeys KEYS = new PersonKeys("a salt for the tests only".getBytes(StandardCharsets.UTF_8));

    private TestHalls() {
    }

    /** 2026-11-23 09:00 in Shanghai. */
    static VirtualClock morning() {
        return at(LocalDateTime.of(2026, 11, 23, 9, 0));
    }

    static VirtualClock at(LocalDateTime shanghaiLocal) {
        return new VirtualClock(shanghaiLocal.atZone(SHANGHAI).toInstant());
    }

    static Instant instant(LocalDateTime shanghaiLocal) {
        return shanghaiLocal.atZone(SHANGHAI).toInstant();
    }

    /**
     * A: 户籍, B: 出入境, C: 车驾管. Windows: 1 and 2 universal; 3 primary A secondary B; 4 primary B secondary A;
     * 5 only C. Strict priority, recall limit 2, reinstate after 3.
     */
    static HallDefinition hall() {
        return hall("");
    }

    /** The test hall with extra top-level fields, e.g. {@code "maxWaitMinutes":30,}. */
    static HallDefinition hall(String extra) {
        return HallDefinitions.parse("""
                {"id":"test","name":"测试大厅","timezone":"Asia/Shanghai",%s
                 "recallLimit":2,"reinstateAfter":3,
                 "categories":[{"code":"A","name":"户籍","prefix":"A"},
                               {"code":"B","name":"出入境","prefix":"B"},
                               {"code":"C","name":"车驾管","prefix":"C"}],
                 "windows":[{"id":"1","name":"1号窗口","primary":["*"]},
                            {"id":"2","name":"2号窗口","primary":["*"]},
                            {"id":"3","name":"3号窗口","primary":["A"],"secondary":["B"]},
                            {"id":"4","name":"4号窗口","primary":["B"],"secondary":["A"]},
                            {"id":"5","name":"5号窗口","primary":["C"]}]}
                """.formatted(extra));
    }

    static Staff staff(String window) {
        return new Staff("05" + window, "王营定");
    }

    /** Opens every window of the dispatcher's hall. */
    static void openAll(Dispatcher d) {
        for (WindowDefinition w : d.hall().windows()) {
            if (!(d.openWindow(w.id(), staff(w.id())) instanceof Event)) {
                throw new IllegalStateException("could not open window " + w.id());
            }
        }
    }

    static Dispatcher lockFree(HallDefinition hall, Clock clock) {
        return new LockFreeDispatcher(hall, clock, KEYS);
    }

    static Dispatcher locked(HallDefinition hall, Clock clock) {
        return new LockedDispatcher(hall, clock, KEYS);
    }

    /** A valid resident ID number of someone born on the given date. */
    static String idNumber(int year, int month, int day, int serial) {
        return IdNumbers.withCheck("330106%04d%02d%02d%03d".formatted(year, month, day, serial));
    }
}
