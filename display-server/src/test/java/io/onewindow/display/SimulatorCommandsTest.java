package io.onewindow.display;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code onewindow simulate} and {@code onewindow plan}, as someone planning a hall's staffing runs them. */
class SimulatorCommandsTest {

    static final String HALL = """
            {"id":"demo","name":"市行政服务中心公安窗口","timezone":"Asia/Shanghai","open":"08:30","close":"17:00",
             "categories":[{"code":"A","name":"户籍","prefix":"A"},{"code":"B","name":"出入境","prefix":"B"}],
             "windows":[{"id":"1","name":"1号窗口","primary":["*"]},
                        {"id":"5","name":"5号窗口","primary":["B"],"secondary":["A"]}]}""";

    static final String SIMULATION = """
            {"hall":%s,
             "arrivals":[{"category":"A","priority":"NORMAL","perHour":10},
                         {"category":"A","priority":"GREEN","perHour":2},
                         {"category":"B","perHour":4}],
             "service":{"A":{"distribution":"exponential","meanSeconds":300},
                        "B":{"distribution":"lognormal","meanSeconds":420,"sdSeconds":200}},
             "hours":8,"warmupHours":1,"runs":2,"seed":42,"noShowRate":0.05}""".formatted(HALL);

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void shouldPrintTheReportWithTheHallsEtaErrorAsJsonOnStdout() throws Exception {
        Path config = dir.resolve("sim.json");
        Files.writeString(config, SIMULATION);

        int code = run("simulate", "--config", config.toString());

        assertThat(code).as(err.toString()).isZero();
        JsonNode report = new ObjectMapper().readTree(out.toString());
        assertThat(report.get("runs").asInt()).isEqualTo(2);
        assertThat(report.at("/categories/A/byPriority/GREEN/served").asLong()).isPositive();
        assertThat(report.at("/categories/B/p90WaitSeconds").isNumber()).isTrue();
        assertThat(report.at("/windows/5/utilization").asDouble()).isBetween(0.0, 1.0);
        assertThat(report.at("/eta/samples").asLong()).isEqualTo(report.at("/categories/A/served").asLong()
                + report.at("/categories/B/served").asLong());
        assertThat(report.at("/eta/meanAbsoluteErrorSeconds").asDouble()).isPositive();
        assertThat(err.toString()).contains("simulate: done in");
    }

    @Test
    void shouldPrintTheStaffingPlanAsJsonOnStdout() throws Exception {
        Path config = dir.resolve("plan.json");
        Files.writeString(config, """
                {"hall":%s,"arrivalProfile":[{"hour":"09:00","perHour":{"A":20,"B":5}}],
                 "service":{"A":{"meanSeconds":300},"B":{"meanSeconds":300}},
                 "target":{"percentile":90,"maxWaitMinutes":15},"runs":5}""".formatted(HALL));

        int code = run("plan", "--config=" + config);

        assertThat(code).as(err.toString()).isZero();
        JsonNode plan = new ObjectMapper().readTree(out.toString());
        assertThat(plan.at("/plan/0/from").asText()).isEqualTo("09:00");
        assertThat(plan.at("/plan/0/windows").asInt()).isBetween(1, 2);
        assertThat(plan.at("/plan/0/categories/A/p90WaitSeconds").isNumber()).isTrue();
    }

    @Test
    void shouldRefuseABadConfigOnStderrNamingTheField() throws Exception {
        Path config = dir.resolve("bad.json");
        Files.writeString(config, SIMULATION.replace("\"hours\":8", "\"hours\":-8"));

        int code = run("simulate", "--config", config.toString());

        assertThat(code).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("simulate: bad config").contains("hours: must be a number");
    }

    @Test
    void shouldExplainItsUsageWithoutAConfig() {
        assertThat(run("simulate")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--config=FILE'").contains("Usage:");
        assertThat(run("plan", "--config", dir.resolve("missing.json").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("plan: no such file");
    }
}
