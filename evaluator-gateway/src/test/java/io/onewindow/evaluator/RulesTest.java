package io.onewindow.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RulesTest {

    private static RatingRequest rating(int level, List<String> reasons, String comment) {
        return new RatingRequest("7f0c2a4e-9d1b-4c55-8a0e-3b2d1c4e5f60", "demo.1", level, reasons, comment);
    }

    @Test
    void shouldAcceptEveryLevelFromOneToFiveWithWhatItNeeds() {
        for (int level = 1; level <= 5; level++) {
            assertThat(Rules.check(rating(level, level <= 2 ? List.of("等候时间长") : List.of(), null))).isNull();
        }
    }

    @Test
    void shouldRefuseLevelsOutsideOneToFive() {
        assertThat(Rules.check(rating(0, List.of(), null))).isEqualTo(EvaluationError.BAD_RATING);
        assertThat(Rules.check(rating(6, List.of(), null))).isEqualTo(EvaluationError.BAD_RATING);
        assertThat(Rules.check(rating(-1, List.of(), null))).isEqualTo(EvaluationError.BAD_RATING);
    }

    @Test
    void shouldRequireAReasonForOneAndTwoButNotForBasicallySatisfied() {
        assertThat(Rules.check(rating(1, List.of(), null))).isEqualTo(EvaluationError.REASON_REQUIRED);
        assertThat(Rules.check(rating(2, List.of(), "很慢"))).isEqualTo(EvaluationError.REASON_REQUIRED);
        assertThat(Rules.check(rating(3, List.of(), null))).isNull();
    }

    @Test
    void shouldCountTheCommentInCharactersNotBytes() {
        String han150 = "好".repeat(150);
        String emoji150 = "😀".repeat(150); // 300 UTF-16 units, 150 characters
        assertThat(Rules.check(rating(5, List.of(), han150))).isNull();
        assertThat(Rules.check(rating(5, List.of(), emoji150))).isNull();
        assertThat(Rules.check(rating(5, List.of(), han150 + "好"))).isEqualTo(EvaluationError.COMMENT_TOO_LONG);
    }

    @Test
    void shouldRefuseABadRequestIdOrBlankReasons() {
        assertThat(Rules.check(new RatingRequest("short", "demo.1", 5, List.of(), null)))
                .isEqualTo(EvaluationError.BAD_MESSAGE);
        assertThat(Rules.check(new RatingRequest("has spaces in it", "demo.1", 5, List.of(), null)))
                .isEqualTo(EvaluationError.BAD_MESSAGE);
        assertThat(Rules.check(rating(1, List.of(" "), null))).isEqualTo(EvaluationError.BAD_MESSAGE);
    }

    @Test
    void shouldConvertLevelsToTheNationalCodesTheOtherWayRound() {
        assertThat(Level.VERY_SATISFIED.nationalCode()).isEqualTo(1);
        assertThat(Level.VERY_DISSATISFIED.nationalCode()).isEqualTo(5);
        assertThat(Level.BASICALLY_SATISFIED.nationalCode()).isEqualTo(3);
        assertThat(Level.BASICALLY_SATISFIED.bad()).isFalse();
        assertThat(Level.DISSATISFIED.bad()).isTrue();
    }
}
