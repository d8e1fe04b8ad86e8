package io.onewindow.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return SimulatorCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldPrintTheReportWithTheHallsEtaErrorAsJsonOnStdout() throws Exception {
        Path config = dir.resolve("sim.json");
        Files.writeString(config, SimulationConfigTest.VALID.replace("\"runs\":3", "\"runs\":2"));

        int code = run("simulate", "--config", config.toString());

        assertThat(code).as(stderr()).isZero();
        JsonNode report = new ObjectMapper().readTree(stdout());
        assertThat(report.get("runs").asInt()).isEqualTo(2);
        assertThat(report.at("/categories/A/byPriority/GREEN/served").asLong()).isPositive();
        assertThat(report.at("/categories/B/p90WaitSeconds").isNumber()).isTrue();
        assertThat(report.at("/windows/5/utilization").asDouble()).isBetween(0.0, 1.0);
        assertThat(report.at("/eta/samples").asLong()).isEqualTo(report.at("/categories/A/served").asLong()
                + report.at("/categories/B/served").asLong());
        assertThat(report.at("/eta/meanAbsoluteErrorSeconds").asDouble()).isPositive();
    }

    @Test
    void shouldPrintTheStaffingPlanAsJsonOnStdout() throws Exception {
        Path config = dir.resolve("plan.json");
        Files.writeString(config, """
                {"hall":%s,"arrivalProfile":[{"hour":"09:00","perHour":{"A":20,"B":5}}],
                 "service":{"A":{"meanSeconds":300},"B":{"meanSeconds":300}},
                 "target":{"percentile":90,"maxWaitMinutes":15},"runs":5}""".formatted(SimulationConfigTest.HALL));

        int code = run("plan", "--config=" + config);

        assertThat(code).as(stderr()).isZero();
        JsonNode plan = new ObjectMapper().readTree(stdout());
        assertThat(plan.at("/plan/0/from").asText()).isEqualTo("09:00");
        assertThat(plan.at("/plan/0/windows").asInt()).isBetween(1, 2);
        assertThat(plan.at("/plan/0/categories/A/p90WaitSeconds").isNumber()).isTrue();
    }

    @Test
    void shouldRefuseABadConfigOnStderrNamingTheField() throws Exception {
        Path config = dir.resolve("bad.json");
        Files.writeString(config, SimulationConfigTest.VALID.replace("\"hours\":8", "\"hours\":-8"));

        int code = run("simulate", "--config", config.toString());

        assertThat(code).isEqualTo(2);
        assertThat(stdout()).isEmpty();
        assertThat(stderr()).contains("hours: must be a number");
    }

    @Test
    void shouldExplainItsUsageWithoutAConfig() {
        assertThat(run("simulate")).isEqualTo(2);
        assertThat(stderr()).contains("--config FILE is required").contains("usage:");
        assertThat(run("simulate", "--config", dir.resolve("missing.json").toString())).isEqualTo(2);
        assertThat(stderr()).contains("no such file");
        assertThat(SimulatorCommand.handles(new String[] {"serve"})).isFalse();
        assertThat(SimulatorCommand.handles(new String[] {"plan"})).isTrue();
    }
}
