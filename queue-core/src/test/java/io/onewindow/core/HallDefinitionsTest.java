package io.onewindow.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HallDefinitionsTest {

    private static final String VALID = """
            {"id":"demo","name":"市行政服务中心公安窗口","timezone":"Asia/Shanghai",
             "open":"08:30","close":"17:00","maxWaitMinutes":30,"priorityRatio":3,"recallLimit":2,"reinstateAfter":3,
             "categories":[{"code":"A","name":"户籍","prefix":"A"},{"code":"B","name":"出入境","prefix":"B"}],
             "windows":[{"id":"1","name":"1号窗口","primary":["*"]},
                        {"id":"5","name":"5号窗口","primary":["B"],"secondary":["A"]}]}""";

    @Test
    void shouldReadTheHallDefinitionOfTheApi() {
        HallDefinition h = HallDefinitions.parse(VALID);

        assertThat(h.id()).isEqualTo("demo");
        assertThat(h.zone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(h.open()).isEqualTo(LocalTime.of(8, 30));
        assertThat(h.maxWaitMinutes()).isEqualTo(30);
        assertThat(h.priorityRatio()).isEqualTo(3);
        assertThat(h.categories()).extracting(Category::code).containsExactly("A", "B");
        assertThat(h.profile(0)[0]).containsExactly(0, 1);
        assertThat(h.profile(1)[0]).containsExactly(1);
        assertThat(h.profile(1)[1]).containsExactly(0);
        assertThat(h.category("A").number(7)).isEqualTo("A007");
    }

    @Test
    void shouldDefaultToStrictPriorityAndShanghai() {
        HallDefinition h = HallDefinitions.parse("""
                {"id":"x","name":"x","categories":[{"code":"A","name":"户籍","prefix":"A"}],
                 "windows":[{"id":"1","name":"1号窗口","primary":["A"]}]}""");

        assertThat(h.maxWaitMinutes()).isZero();
        assertThat(h.priorityRatio()).isZero();
        assertThat(h.zone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(h.recallLimit()).isEqualTo(2);
    }

    @Test
    void shouldReadTheDemoHall() {
        HallDefinition demo = HallDefinitions.demo();

        assertThat(demo.categories()).extracting(Category::name).containsExactly("户籍", "出入境", "车驾管");
        assertThat(demo.windows()).hasSize(5);
        assertThat(demo.windows().stream().filter(w -> w.primary().equals(java.util.List.of("*")))).hasSize(2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown category in a profile | \"primary\":[\"B\"],\"secondary\":[\"A\"]} | \"primary\":[\"B\"],\"secondary\":[\"Z\"]} | windows[1].secondary[0]: unknown category \"Z\"",
        "duplicate window id           | {\"id\":\"5\",\"name\":\"5号窗口\"              | {\"id\":\"1\",\"name\":\"5号窗口\"             | windows[1].id: duplicate window id \"1\"",
        "empty prefix                  | \"name\":\"出入境\",\"prefix\":\"B\"            | \"name\":\"出入境\",\"prefix\":\"\"            | categories[1].prefix: must not be empty",
        "duplicate prefix              | \"name\":\"出入境\",\"prefix\":\"B\"            | \"name\":\"出入境\",\"prefix\":\"A\"           | categories[1].prefix: duplicate prefix",
        "duplicate category code       | {\"code\":\"B\"                              | {\"code\":\"A\"                             | categories[1].code: duplicate category code",
        "unknown field                 | \"recallLimit\":2                            | \"recallLimt\":2                           | recallLimt: unknown field",
        "unknown time zone             | Asia/Shanghai                              | Mars/Olympus                             | timezone: unknown time zone",
        "close before open             | \"close\":\"17:00\"                          | \"close\":\"08:00\"                        | close: must be after open",
        "negative maxWait              | \"maxWaitMinutes\":30                        | \"maxWaitMinutes\":-1                      | maxWaitMinutes: must be a whole number",
        "text for a number             | \"priorityRatio\":3                          | \"priorityRatio\":\"3\"                    | priorityRatio: must be a whole number",
        "empty primary                 | \"primary\":[\"*\"]                          | \"primary\":[]                           | windows[0].primary: must be a non-empty array",
        "secondary already primary     | \"secondary\":[\"A\"]                        | \"secondary\":[\"B\"]                      | windows[1].secondary: category \"B\" is already primary",
        "bad open time                 | \"open\":\"08:30\"                           | \"open\":\"8.30\"                          | open: must be a local time",
        "missing id                    | \"id\":\"demo\"                              | \"id\":null                              | id: is required",
    })
    void shouldRefuseAnInvalidDefinitionNamingTheField(String what, String from, String to, String message) {
        String json = VALID.replace(from.strip(), to.strip());
        assertThat(json).as("the test's replacement applies").isNotEqualTo(VALID);

        assertThatThrownBy(() -> HallDefinitions.parse(json))
                .isInstanceOf(InvalidHallDefinitionException.class)
                .hasMessageContaining(message);
    }

    @Test
    void shouldRefuseJsonThatIsNotJson() {
        assertThatThrownBy(() -> HallDefinitions.parse("{\"id\":"))
                .isInstanceOf(InvalidHallDefinitionException.class)
                .hasMessageStartingWith("$: not valid JSON");
    }

    @Test
    void shouldReadTheEvaluationSettingsAndDefaultToNoDefaultRating() {
        HallDefinition set = HallDefinitions.parse(VALID.replace("\"reinstateAfter\":3,", "\"reinstateAfter\":3,"
                + "\"evaluation\":{\"padTimeoutSeconds\":90,\"periodDays\":15,\"defaultRating\":5,"
                + "\"regionCode\":\"330102\"},"));
        HallDefinition unset = HallDefinitions.parse(VALID);

        assertThat(set.evaluation()).isEqualTo(new EvaluationRules(90, 15, 5, "330102"));
        assertThat(unset.evaluation()).isEqualTo(EvaluationRules.DEFAULTS);
        assertThat(unset.evaluation().defaultRating()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a bad default        | {\"defaultRating\":2}          | evaluation.defaultRating: must be 3, 4 or 5, or 0",
        "a default past 5     | {\"defaultRating\":6}          | evaluation.defaultRating: must be a whole number",
        "an unknown field     | {\"defaultRatng\":5}           | evaluation.defaultRatng: unknown field",
        "a short pad timeout  | {\"padTimeoutSeconds\":1}      | evaluation.padTimeoutSeconds: must be a whole number",
        "a region of letters  | {\"regionCode\":\"hangzhou\"} | evaluation.regionCode: must be 6 to 12 digits",
        "not an object        | 5                              | evaluation: must be a JSON object",
    })
    void shouldRefuseBadEvaluationSettingsNamingTheField(String what, String evaluation, String message) {
        String json = VALID.replace("\"reinstateAfter\":3,", "\"reinstateAfter\":3,\"evaluation\":"
                + evaluation.strip() + ",");

        assertThatThrownBy(() -> HallDefinitions.parse(json))
                .isInstanceOf(InvalidHallDefinitionException.class)
                .hasMessageContaining(message);
    }
}
