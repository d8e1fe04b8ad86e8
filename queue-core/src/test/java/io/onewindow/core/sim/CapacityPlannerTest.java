package io.onewindow.core.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CapacityPlannerTest {

    private static String hall(int windows, String extraWindow) {
        StringBuilder ws = new StringBuilder();
        for (int w = 1; w <= windows; w++) {
            ws.append(w > 1 ? "," : "").append("{\"id\":\"").append(w).append("\",\"name\":\"").append(w)
                    .append("号窗口\",\"primary\":[\"").append(w == 1 && extraWindow != null ? "A" : "*")
                    .append("\"]}");
        }
        return """
                {"id":"plan","name":"规划","categories":[{"code":"A","name":"户籍","prefix":"A"},
                 {"code":"C","name":"车驾管","prefix":"C"}],"windows":[%s]}""".formatted(ws);
    }

    @Test
    @Timeout(120)
    void shouldChooseTheFewestWindowsThatErlangCSaysMeetTheTargetOverALongStretch() {
        // 40 an hour, 300 s each (a = 3.33): P(wait > 5 min) is 0.34 with 4 windows, 0.055 with 5; 20 runs of
        // 15 h hold 12,000 tickets, which puts the estimated P(wait > 5 min) within about 0.01 of the truth
        PlannerConfig config = PlannerConfig.parse("""
                {"hall":%s,"arrivalProfile":[{"hour":"08:00","perHour":{"A":40}}],"until":"23:00",
                 "service":{"A":{"meanSeconds":300}},"target":{"percentile":90,"maxWaitMinutes":5},
                 "runs":20,"seed":9}""".formatted(hall(8, null)));
        double lambda = 40 / 3600.0;
        double mu = 1 / 300.0;
        int expected = 1;
        while (expected <= lambda / mu || ErlangC.probabilityWaitExceeds(expected, lambda, mu, 300) > 0.10) {
            expected++;
        }

        StaffingPlan plan = new CapacityPlanner(1).plan(config);

        assertThat(expected).isEqualTo(5);
        assertThat(plan.stretches()).hasSize(1);
        assertThat(plan.stretches().get(0).windows()).isEqualTo(expected);
        assertThat(plan.stretches().get(0).met()).isTrue();
        assertThat(plan.stretches().get(0).categories().get("A").percentileWaitSeconds()).isLessThanOrEqualTo(300);
        assertThat(plan.windowHours()).isEqualTo(5 * 15.0);
        assertThat(plan.stretches().get(0).oneFewer().windows()).isEqualTo(4);
        assertThat(plan.stretches().get(0).oneFewer().categories().get("A").percentileWaitSeconds()).isGreaterThan(300);
    }

    @Test
    void shouldOpenMoreWindowsForTheBusierHourWhateverTheParallelism() {
        PlannerConfig config = PlannerConfig.parse("""
                {"hall":%s,"arrivalProfile":[{"hour":"08:30","perHour":{"A":6}},{"hour":"09:00","perHour":{"A":50}},
                 {"hour":"10:00","perHour":{"A":6}}],"until":"11:00",
                 "service":{"A":{"meanSeconds":300}},"target":{"percentile":90,"maxWaitMinutes":15},
                 "runs":20,"seed":9}""".formatted(hall(8, null)));

        StaffingPlan plan = new CapacityPlanner(1).plan(config);
        StaffingPlan inParallel = new CapacityPlanner(2).plan(config);

        assertThat(inParallel.toJson()).isEqualTo(plan.toJson());
        assertThat(plan.stretches()).extracting(StaffingPlan.Stretch::met).containsOnly(true);
        assertThat(plan.stretches().get(1).windows()).isGreaterThan(plan.stretches().get(0).windows());
        assertThat(plan.stretches().get(1).windows()).isGreaterThanOrEqualTo(5); // a = 4.2 erlangs
        assertThat(plan.stretches().get(0).from()).hasToString("08:30");
        assertThat(plan.stretches().get(0).until()).hasToString("09:00");
        int peak = plan.stretches().get(1).windows();
        assertThat(plan.stretches().get(1).open())
                .containsExactlyElementsOf(java.util.List.of("1", "2", "3", "4", "5", "6", "7", "8").subList(0, peak));
    }

    @Test
    void shouldOpenAWindowThatServesEveryCategoryWithArrivals() {
        // window 1 serves only A: C needs a second window however light its traffic
        PlannerConfig config = PlannerConfig.parse("""
                {"hall":%s,"arrivalProfile":[{"hour":"09:00","perHour":{"A":1,"C":1}}],
                 "service":{"A":{"meanSeconds":300},"C":{"meanSeconds":300}},
                 "target":{"percentile":90,"maxWaitMinutes":15},"runs":5}""".formatted(hall(3, "A")));

        StaffingPlan plan = new CapacityPlanner(1).plan(config);

        assertThat(plan.stretches().get(0).windows()).isEqualTo(2);
        assertThat(plan.stretches().get(0).categories().get("C").unserved()).isZero();
    }

    @Test
    void shouldCarryTheLineOfOneHourIntoTheNext() {
        // one window for 30 an hour of 5 minutes: the backlog of 09:00 is still ahead of 10:00's few tickets
        PlannerConfig config = PlannerConfig.parse("""
                {"hall":%s,"arrivalProfile":[{"hour":"09:00","perHour":{"A":30}},{"hour":"10:00","perHour":{"A":1}}],
                 "service":{"A":{"meanSeconds":300}},"target":{"percentile":90,"maxWaitMinutes":15},
                 "openOrder":["2"],"runs":10}""".formatted(hall(3, null)));

        StaffingPlan plan = new CapacityPlanner(1).plan(config);

        assertThat(plan.stretches().get(0).met()).isFalse();
        assertThat(plan.stretches().get(1).met()).isFalse();
        assertThat(plan.stretches().get(1).categories().get("A").percentileWaitSeconds()).isGreaterThan(3600);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "arrivalProfile[1].hour | \"hour\":\"10:00\" | \"hour\":\"08:00\"",
        "arrivalProfile[0].perHour.Z | \"perHour\":{\"A\":6} | \"perHour\":{\"Z\":6}",
        "arrivalProfile[0].perHour.A.VIP | {\"A\":6} | {\"A\":{\"VIP\":6}}",
        "target.percentile | \"percentile\":90 | \"percentile\":0",
        "target.maxWaitMinutes | ,\"maxWaitMinutes\":15 | ''",
        "openOrder[1] | [\"1\",\"2\"] | [\"1\",\"9\"]",
        "until | \"until\":\"11:00\" | \"until\":\"09:30\"",
        "service.A | \"service\":{\"A\":{\"meanSeconds\":300}} | \"service\":{}"
    })
    void shouldRefuseABadPlannerConfigNamingTheField(String field, String from, String to) {
        String valid = """
                {"hall":%s,"arrivalProfile":[{"hour":"09:00","perHour":{"A":6}},{"hour":"10:00","perHour":{"A":6}}],
                 "until":"11:00","service":{"A":{"meanSeconds":300}},"target":{"percentile":90,"maxWaitMinutes":15},
                 "openOrder":["1","2"]}""".formatted(hall(3, null));
        PlannerConfig.parse(valid);
        String broken = valid.replaceFirst(java.util.regex.Pattern.quote(from),
                java.util.regex.Matcher.quoteReplacement(to == null ? "" : to));
        assertThat(broken).isNotEqualTo(valid);

        assertThatThrownBy(() -> PlannerConfig.parse(broken))
                .isInstanceOfSatisfying(InvalidSimulationConfigException.class,
                        e -> assertThat(e.field()).isEqualTo(field));
    }
}
