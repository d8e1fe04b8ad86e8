package io.onewindow.core.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onewindow.core.Priority;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SimulationConfigTest {

    static final String HALL = """
            {"id":"demo","name":"市行政服务中心公安窗口","timezone":"Asia/Shanghai","open":"08:30","close":"17:00",
             "categories":[{"code":"A","name":"户籍","prefix":"A"},{"code":"B","name":"出入境","prefix":"B"}],
             "windows":[{"id":"1","name":"1号窗口","primary":["*"]},
                        {"id":"5","name":"5号窗口","primary":["B"],"secondary":["A"]}]}""";

    static final String VALID = """
            {"hall":%s,
             "arrivals":[{"category":"A","priority":"NORMAL","perHour":10},
                         {"category":"A","priority":"GREEN","perHour":2},
                         {"category":"B","perHour":4}],
             "service":{"A":{"distribution":"exponential","meanSeconds":300},
                        "B":{"distribution":"lognormal","meanSeconds":420,"sdSeconds":200}},
             "hours":8,"warmupHours":1,"runs":3,"seed":42,"noShowRate":0.05}""".formatted(HALL);

    @Test
    void shouldReadTheConfigOfTheApi() {
        SimulationConfig c = SimulationConfig.parse(VALID);

        assertThat(c.hall().id()).isEqualTo("demo");
        assertThat(c.arrivals()).containsExactly(new ArrivalRate("A", Priority.NORMAL, 10),
                new ArrivalRate("A", Priority.GREEN, 2), new ArrivalRate("B", Priority.NORMAL, 4));
        assertThat(c.service().get("A")).isEqualTo(new ServiceTime.Exponential(300));
        assertThat(c.service().get("B")).isEqualTo(new ServiceTime.LogNormal(420, 200));
        assertThat(c.hours()).isEqualTo(8);
        assertThat(c.warmupHours()).isEqualTo(1);
        assertThat(c.runs()).isEqualTo(3);
        assertThat(c.seed()).isEqualTo(42);
        assertThat(c.noShowRate()).isEqualTo(0.05);
        assertThat(c.start()).hasToString("08:30");
        assertThat(c.eta()).isTrue();
    }

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                bad("hall", r -> r.remove("hall")),
                bad("hall", r -> r.put("hall", 3)),
                bad("hall.windows[1].primary[0]", r -> ((ArrayNode) r.at("/hall/windows/1/primary")).set(0, "Z")),
                bad("arrivals", r -> r.putArray("arrivals")),
                bad("arrivals[0].perHour", r -> arrival(r, 0).put("perHour", -1)),
                bad("arrivals[0].perHour", r -> arrival(r, 0).put("perHour", "ten")),
                bad("arrivals[0].category", r -> arrival(r, 0).put("category", "Q")),
                bad("arrivals[0].priority", r -> arrival(r, 0).put("priority", "VIP")),
                bad("arrivals[1]", r -> arrival(r, 1).put("priority", "NORMAL")),
                bad("arrivals[2].rate", r -> arrival(r, 2).put("rate", 4)),
                bad("service.B", r -> ((ObjectNode) r.get("service")).remove("B")),
                bad("service.C", r -> ((ObjectNode) r.get("service")).putObject("C").put("meanSeconds", 1)),
                bad("service.A.distribution", r -> service(r, "A").put("distribution", "gamma")),
                bad("service.B.sdSeconds", r -> service(r, "B").remove("sdSeconds")),
                bad("service.A.meanSeconds", r -> service(r, "A").put("meanSeconds", 0)),
                bad("hours", r -> r.put("hours", 0)),
                bad("hours", r -> r.remove("hours")),
                bad("warmupHours", r -> r.put("warmupHours", 8)),
                bad("runs", r -> r.put("runs", 0)),
                bad("seed", r -> r.put("seed", 4.2)),
                bad("noShowRate", r -> r.put("noShowRate", 1.5)),
                bad("start", r -> r.put("start", "8h30")),
                bad("hourz", r -> r.put("hourz", 8)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void shouldRefuseABadConfigNamingTheField(String field, Consumer<ObjectNode> breakIt) throws Exception {
        ObjectNode root = (ObjectNode) new ObjectMapper().readTree(VALID);
        breakIt.accept(root);
        String broken = root.toString();

        assertThatThrownBy(() -> SimulationConfig.parse(broken))
                .isInstanceOfSatisfying(InvalidSimulationConfigException.class,
                        e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageStartingWith(field + ": ");
    }

    private static Arguments bad(String field, Consumer<ObjectNode> breakIt) {
        return Arguments.of(field, breakIt);
    }

    private static ObjectNode arrival(ObjectNode root, int i) {
        return (ObjectNode) root.get("arrivals").get(i);
    }

    private static ObjectNode service(ObjectNode root, String code) {
        return (ObjectNode) root.get("service").get(code);
    }

    @Test
    void shouldRefuseTextThatIsNotJson() {
        assertThatThrownBy(() -> SimulationConfig.parse("{\"hall\": "))
                .isInstanceOfSatisfying(InvalidSimulationConfigException.class,
                        e -> assertThat(e.field()).isEqualTo("$"));
    }
}
