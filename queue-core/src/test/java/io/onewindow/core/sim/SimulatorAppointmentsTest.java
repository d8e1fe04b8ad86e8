package io.onewindow.core.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * The simulator with booked citizens: every place of every slot booked through the real dispatcher, arrivals
 * around the slot's start, a share that never comes; their waits reported beside the walk-ins'.
 */
class SimulatorAppointmentsTest {

    static final String CONFIG = """
            {"hall":{"id":"sim","name":"模拟大厅","timezone":"Asia/Shanghai","open":"08:30","close":"17:00",
                     "categories":[{"code":"A","name":"户籍","prefix":"A"}],
                     "windows":[{"id":"1","name":"1号窗口","primary":["A"]},{"id":"2","name":"2号窗口","primary":["A"]}]},
             "arrivals":[{"category":"A","priority":"NORMAL","perHour":20}],
             "service":{"A":{"distribution":"exponential","meanSeconds":300}},
             "appointments":{"perSlot":{"A":2},"slotMinutes":30,"fill":1,"spreadMinutes":10,"noShowRate":%s},
             "hours":8, "runs":4, "seed":7, "eta":false}
            """;

    private static JsonNode run(String noShowRate) {
        return new Simulator(null).run(SimulationConfig.parse(CONFIG.formatted(noShowRate))).toJson();
    }

    @Test
    void shouldBookEveryPlaceOfTheRunsSlotsAndCountWhoCame() {
        JsonNode r = run("0.25");

        JsonNode a = r.get("appointments").get("A");
        assertThat(a.get("booked").asLong()).as("16 slots from 08:30 to 16:30, 2 places, 4 runs")
                .isEqualTo(16 * 2 * 4);
        assertThat(a.get("noShows").asLong() + a.get("checkedIn").asLong()).isEqualTo(a.get("booked").asLong());
        assertThat(a.get("noShows").asLong()).isBetween(5L, 35L);
        assertThat(a.get("late").asLong()).isLessThan(a.get("checkedIn").asLong() / 2);
    }

    @Test
    void shouldReportTheAppointmentsWaitsBesideTheWalkInsAndServeThemSooner() {
        JsonNode byPriority = run("0.1").get("categories").get("A").get("byPriority");

        assertThat(byPriority.has("APPOINTMENT")).isTrue();
        assertThat(byPriority.has("NORMAL")).isTrue();
        assertThat(byPriority.get("APPOINTMENT").get("served").asLong()).isPositive();
        assertThat(byPriority.get("APPOINTMENT").get("meanWaitSeconds").asDouble())
                .isLessThan(byPriority.get("NORMAL").get("meanWaitSeconds").asDouble());
    }

    @Test
    void shouldGiveTheSameReportForTheSameSeedAndRaiseTheWalkInsWaitWithTheQuota() {
        String once = run("0.1").toString();

        assertThat(run("0.1").toString()).isEqualTo(once);
        double walkInsWithQuota = run("0.1").get("categories").get("A").get("byPriority").get("NORMAL")
                .get("meanWaitSeconds").asDouble();
        double walkInsWithout = new Simulator(null).run(SimulationConfig.parse(CONFIG.formatted("0.1")
                .replace("\"perSlot\":{\"A\":2}", "\"perSlot\":{\"A\":0}"))).toJson().get("categories").get("A")
                .get("byPriority").get("NORMAL").get("meanWaitSeconds").asDouble();
        assertThat(walkInsWithQuota).as("what the quota costs the others").isGreaterThan(walkInsWithout);
    }

    @Test
    void shouldRefuseAnAppointmentOfAnUnknownCategory() {
        assertThatThrownBy(() -> SimulationConfig.parse(CONFIG.formatted("0.1").replace("\"perSlot\":{\"A\":2}",
                "\"perSlot\":{\"Z\":2}"))).isInstanceOf(InvalidSimulationConfigException.class)
                .hasMessageContaining("appointments.perSlot.Z");
    }
}
