package io.onewindow.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EvaluationBookTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final HallSettings DEMO = new HallSettings("demo", "市行政服务中心", SHANGHAI,
            WorkingCalendarTest.nationalDay2027(), "330102", 60_000, 7);

    private final EvaluationBook book = new EvaluationBook(List.of(DEMO));

    static long at(int year, int month, int day, int hour, int minute) {
        return LocalDateTime.of(year, month, day, hour, minute).atZone(SHANGHAI).toInstant().toEpochMilli();
    }

    private ServiceRecord open(long seq, String window, long completedAt, String link) {
        ServiceRecord s = new ServiceRecord(ServiceRecord.serviceId("demo", seq), "demo", seq, seq, "A" + seq, "A",
                window, "0571", "王营定", completedAt, EvaluationBook.linkKey(link));
        book.apply(new Entry.Opened(s));
        return s;
    }

    private static RatingRequest rating(String serviceId, int level, String... reasons) {
        return new RatingRequest(UUID.randomUUID().toString(), serviceId, level, List.of(reasons), "");
    }

    private Evaluation rateAndStore(EvaluationBook.Decision d) {
        assertThat(d).isInstanceOf(EvaluationBook.Decision.Accepted.class);
        Evaluation e = ((EvaluationBook.Decision.Accepted) d).evaluation();
        book.apply(new Entry.Rated(e));
        return e;
    }

    @Test
    void shouldLetOnlyThePadOfTheWindowThatServedRateWithinTheTimeout() {
        long t = at(2027, 3, 2, 9, 0);
        ServiceRecord s = open(5, "1", t, null);

        assertThat(book.decidePad(rating(s.serviceId(), 5), "demo", "2", t + 1000))
                .isEqualTo(new EvaluationBook.Decision.Refused(EvaluationError.WRONG_WINDOW));
        assertThat(book.decidePad(rating(s.serviceId(), 5), "demo", "1", t + 60_001))
                .isEqualTo(new EvaluationBook.Decision.Refused(EvaluationError.EXPIRED));
        assertThat(book.decidePad(rating("demo.999", 5), "demo", "1", t + 1000))
                .isEqualTo(new EvaluationBook.Decision.Refused(EvaluationError.UNKNOWN_SERVICE));
        assertThat(book.pendingAt("demo", "1", t + 1000)).isEqualTo(s);
        assertThat(book.pendingAt("demo", "1", t + 60_001)).isNull();
    }

    @Test
    void shouldRefuseASecondRatingOfTheSameServiceEvenBeforeTheFirstIsDurable() {
        long t = at(2027, 3, 2, 9, 0);
        ServiceRecord s = open(5, "1", t, null);

        EvaluationBook.Decision first = book.decidePad(rating(s.serviceId(), 5), "demo", "1", t + 1000);
        EvaluationBook.Decision second = book.decidePad(rating(s.serviceId(), 4), "demo", "1", t + 1500);

        assertThat(first).isInstanceOf(EvaluationBook.Decision.Accepted.class);
        assertThat(second).isEqualTo(new EvaluationBook.Decision.Refused(EvaluationError.ALREADY_EVALUATED));
        assertThat(book.pendingAt("demo", "1", t + 1500)).isNull();
    }

    @Test
    void shouldAnswerARetryWithTheSameRequestIdAsTheFirstAndKeepOneRecord() {
        long t = at(2027, 3, 2, 9, 0);
        ServiceRecord s = open(5, "1", t, null);
        RatingRequest r = rating(s.serviceId(), 4);
        Evaluation e = rateAndStore(book.decidePad(r, "demo", "1", t + 1000));

        EvaluationBook.Decision again = book.decidePad(r, "demo", "1", t + 2000);

        assertThat(again).isEqualTo(new EvaluationBook.Decision.Repeated(e));
        assertThat(book.evaluations("demo")).hasSize(1);
    }

    @Test
    void shouldFreeTheServiceWhenTheStoreCouldNotKeepTheRating() {
        long t = at(2027, 3, 2, 9, 0);
        ServiceRecord s = open(5, "1", t, null);
        RatingRequest r = rating(s.serviceId(), 4);
        Evaluation lost = ((EvaluationBook.Decision.Accepted) book.decidePad(r, "demo", "1", t + 1000)).evaluation();

        book.release(lost);

        assertThat(book.decidePad(r, "demo", "1", t + 2000)).isInstanceOf(EvaluationBook.Decision.Accepted.class);
    }

    @Test
    void shouldMatchAPhoneLinkByItsHashWhetherTheEventCarriesTheTokenOrItsDigest() {
        long t = at(2027, 3, 2, 9, 0);
        String token = "q8V3nK0xYbT7wR2mLp5sHg";
        open(5, "1", t, token);
        String digest = EvaluationBook.hex(EvaluationBook.sha256("another-link-token-123"));
        open(6, "1", t, digest);

        assertThat(book.serviceOfLink(token).seq()).isEqualTo(5);
        assertThat(book.serviceOfLink("another-link-token-123").seq()).isEqualTo(6);
        assertThat(book.serviceOfLink("forged-link-token-000")).isNull();
        assertThat(book.serviceOfLink(digest)).isNull(); // knowing the stored digest is not knowing the link
    }

    @Test
    void shouldTakeOnePhoneAddOnLinkedToTheFirstRatingWithinTheEvaluationPeriod() {
        long t = at(2027, 3, 2, 9, 0);
        ServiceRecord s = open(5, "1", t, "q8V3nK0xYbT7wR2mLp5sHg");
        Evaluation first = rateAndStore(book.decidePad(rating(s.serviceId(), 5), "demo", "1", t + 1000));

        Evaluation addOn = rateAndStore(book.decidePhone(rating(null, 3), "q8V3nK0xYbT7wR2mLp5sHg", t + 86_400_000));

        assertThat(addOn.addOnTo()).isEqualTo(first.evaluationId());
        assertThat(addOn.channel()).isEqualTo(EvaluationChannel.MOBILE);
        assertThat(book.decidePhone(rating(null, 4), "q8V3nK0xYbT7wR2mLp5sHg", t + 86_400_000 * 2))
                .isEqualTo(new EvaluationBook.Decision.Refused(EvaluationError.ALREADY_EVALUATED));
        ServiceRecord late = open(6, "1", t, "late-link-token-abcdefg");
        assertThat(book.decidePhone(rating(null, 4), "late-link-token-abcdefg", t + 7 * 86_400_000L + 1))
                .isEqualTo(new EvaluationBook.Decision.Refused(EvaluationError.EXPIRED));
        assertThat(late).isNotNull();
    }

    @Test
    void shouldFollowABadRatingThroughEveryStateWithWorkingDayDeadlinesAcrossTheHolidayAndTheMakeUpDay() {
        long completed = at(2027, 9, 30, 16, 50); // Thursday before 国庆
        ServiceRecord s = open(7, "1", completed, null);
        Evaluation bad = rateAndStore(book.decidePad(rating(s.serviceId(), 1, "态度不好"), "demo", "1",
                completed + 20_000));
        String caseId = book.caseOf(bad.evaluationId());

        FollowUpCase opened = book.followUp(caseId);
        assertThat(opened.state()).isEqualTo(CaseState.OPEN);
        assertThat(opened.verifyDue()).isEqualTo(LocalDate.of(2027, 10, 8)); // Oct 1..7 off
        assertThat(book.overdue("demo", LocalDate.of(2027, 10, 8))).isEmpty();
        assertThat(book.overdue("demo", LocalDate.of(2027, 10, 9))).extracting(FollowUpCase::caseId)
                .containsExactly(caseId);

        step(caseId, CaseAction.VERIFY, at(2027, 10, 8, 10, 0), "", 0, 0);
        FollowUpCase verified = book.followUp(caseId);
        assertThat(verified.state()).isEqualTo(CaseState.VERIFIED);
        // 15 working days from Fri Oct 8: Sat Oct 9 (调休) counts, then Oct 11..29 less weekends
        assertThat(verified.rectifyDue()).isEqualTo(LocalDate.of(2027, 10, 28));

        assertThat(book.refusal(new CaseStep(caseId, "demo", CaseAction.EXTEND, "0001", at(2027, 10, 20, 9, 0), "",
                0, 5))).isEqualTo(EvaluationError.MISSING_FIELD); // an extension gives a reason
        step(caseId, CaseAction.EXTEND, at(2027, 10, 20, 9, 0), "需要等待系统升级", 0, 5);
        assertThat(book.followUp(caseId).rectifyDue()).isEqualTo(LocalDate.of(2027, 11, 4));
        assertThat(book.refusal(new CaseStep(caseId, "demo", CaseAction.CLOSE, "0001", at(2027, 10, 21, 9, 0), "",
                0, 0))).isEqualTo(EvaluationError.WRONG_STATE);

        step(caseId, CaseAction.RECTIFY, at(2027, 10, 25, 9, 0), "已培训窗口人员", 0, 0);
        step(caseId, CaseAction.CALLBACK, at(2027, 10, 26, 9, 0), "群众表示满意", 4, 0);
        step(caseId, CaseAction.CLOSE, at(2027, 10, 26, 10, 0), "", 0, 0);

        FollowUpCase closed = book.followUp(caseId);
        assertThat(closed.state()).isEqualTo(CaseState.CLOSED);
        assertThat(closed.steps()).extracting(CaseStep::action).containsExactly(CaseAction.VERIFY, CaseAction.EXTEND,
                CaseAction.RECTIFY, CaseAction.CALLBACK, CaseAction.CLOSE);
        assertThat(closed.steps()).allSatisfy(st -> assertThat(st.by()).isEqualTo("0001"));
        assertThat(closed.steps().get(3).satisfaction()).isEqualTo(4);
    }

    @Test
    void shouldDecideAnAppealByAManager() {
        long t = at(2027, 3, 2, 9, 0);
        ServiceRecord s = open(5, "1", t, null);
        Evaluation bad = rateAndStore(book.decidePad(rating(s.serviceId(), 2, "等候时间长"), "demo", "1", t + 1000));
        String caseId = book.caseOf(bad.evaluationId());

        assertThat(book.refusal(new CaseStep(caseId, "demo", CaseAction.APPEAL, "0571", t + 2000, "", 0, 0)))
                .isEqualTo(EvaluationError.MISSING_FIELD);
        step(caseId, CaseAction.APPEAL, t + 2000, "群众误评：业务由其他部门办理", 0, 0);
        step(caseId, CaseAction.APPROVE, t + 3000, "属实", 0, 0);

        assertThat(book.followUp(caseId).state()).isEqualTo(CaseState.CLOSED);
        assertThat(book.followUp(caseId).appealUpheld()).isTrue();
        assertThat(book.ratingOf(s.serviceId()).level()).isEqualTo(Level.DISSATISFIED); // the rating stays
    }

    @Test
    void shouldCountFiguresByWindowWithUnratedServicesAndCases() {
        long t = at(2027, 3, 2, 9, 0);
        ServiceRecord a = open(1, "1", t, null);
        ServiceRecord b = open(2, "1", t, null);
        open(3, "1", t, null); // never rated
        ServiceRecord d = open(4, "2", t, null);
        rateAndStore(book.decidePad(rating(a.serviceId(), 5), "demo", "1", t + 1000));
        rateAndStore(book.decidePad(rating(b.serviceId(), 1, "态度不好"), "demo", "1", t + 1000));
        rateAndStore(book.decidePad(rating(d.serviceId(), 3), "demo", "2", t + 1000));

        List<Figures.Row> rows = Figures.summary(book, "demo", LocalDate.of(2027, 3, 2), LocalDate.of(2027, 3, 2),
                Figures.By.WINDOW, LocalDate.of(2027, 3, 2));

        assertThat(rows).extracting(Figures.Row::key).containsExactly("1", "2");
        Figures.Row w1 = rows.get(0);
        assertThat(w1.served()).isEqualTo(3);
        assertThat(w1.rated()).isEqualTo(2);
        assertThat(w1.levels()).containsExactly(1, 0, 0, 0, 1);
        assertThat(w1.goodRate()).isEqualTo(0.5);
        assertThat(w1.unratedRate()).isEqualTo(1.0 / 3);
        assertThat(w1.badRate()).isEqualTo(0.5);
        assertThat(w1.cases()).isEqualTo(1);
        assertThat(w1.rectifyRate()).isEqualTo(0.0);
        assertThat(rows.get(1).goodRate()).isEqualTo(1.0);
    }

    @Test
    void shouldExportTheNationalRecordWithLevelsAndChannelsConverted() {
        long t = at(2027, 3, 2, 9, 41);
        ServiceRecord s = open(42, "1", t, null);
        rateAndStore(book.decidePad(new RatingRequest("aaaaaaaa-1", s.serviceId(), 5, List.of(), "=1+1,很好"), "demo",
                "1", t + 7000));

        String csv = NationalExport.csv(book, "demo", LocalDate.of(2027, 3, 2), LocalDate.of(2027, 3, 2));

        assertThat(csv.split("\r\n")).containsExactly(NationalExport.HEADER,
                "demo.42,4,A42,2027-03-02 09:41:07,1,非常满意,1,\"'=1+1,很好\",,330102");
    }

    @Test
    void shouldLetThePadRateOnlyWhileTheStaffWhoServedIsSignedInAtTheWindow() {
        long t = at(2027, 3, 2, 9, 0);
        ServiceRecord s = open(5, "1", t, null); // served by 0571, signed in at window 1 as of event 5
        book.staffAt("demo", "1", 3, "0999"); // an older sign-in, learned late: changes nothing

        EvaluationBook.Decision whileSignedIn = book.decidePad(rating(s.serviceId(), 5), "demo", "1", t + 1000);
        book.release(((EvaluationBook.Decision.Accepted) whileSignedIn).evaluation());
        book.staffAt("demo", "1", 6, null); // WindowClosed: 0571 signed out
        EvaluationBook.Decision afterSignOut = book.decidePad(rating(s.serviceId(), 5), "demo", "1", t + 2000);
        ServiceRecord pendingAfterSignOut = book.pendingAt("demo", "1", t + 2000);
        book.staffAt("demo", "1", 7, "0572"); // WindowOpened by another staff member
        EvaluationBook.Decision otherStaff = book.decidePad(rating(s.serviceId(), 5), "demo", "1", t + 3000);
        book.staffAt("demo", "1", 8, null);
        book.staffAt("demo", "1", 9, "0571"); // the one who served signs in again
        EvaluationBook.Decision signedInAgain = book.decidePad(rating(s.serviceId(), 5), "demo", "1", t + 4000);

        assertThat(whileSignedIn).isInstanceOf(EvaluationBook.Decision.Accepted.class);
        assertThat(afterSignOut).isEqualTo(new EvaluationBook.Decision.Refused(EvaluationError.EXPIRED));
        assertThat(pendingAfterSignOut).isNull();
        assertThat(otherStaff).isEqualTo(new EvaluationBook.Decision.Refused(EvaluationError.EXPIRED));
        assertThat(signedInAgain).isInstanceOf(EvaluationBook.Decision.Accepted.class);
        assertThat(book.evaluations("demo")).isEmpty();
    }

    @Test
    void shouldLetThePhoneRateAfterTheStaffSignedOut() {
        long t = at(2027, 3, 2, 9, 0);
        open(5, "1", t, "link-token-of-ticket-5x");
        book.staffAt("demo", "1", 6, null);

        assertThat(book.decidePhone(rating(null, 4), "link-token-of-ticket-5x", t + 3_600_000))
                .isInstanceOf(EvaluationBook.Decision.Accepted.class);
        assertThat(book.pendingAt("demo", "1", t + 1000)).isNull(); // but the pad no longer offers it
    }

    @Test
    void shouldGiveTheDefaultRatingOnlyPastThePeriodOnlyToAnUnratedServiceAndOnlyWhereTheHallHasOne() {
        long t = at(2027, 3, 2, 9, 0);
        EvaluationBook withDefault = new EvaluationBook(List.of(DEMO.withDefaultLevel(Level.VERY_SATISFIED)));
        ServiceRecord unrated = new ServiceRecord("demo.1", "demo", 1, 1, "A1", "A", "1", "0571", "王营定", t, null);
        ServiceRecord rated = new ServiceRecord("demo.2", "demo", 2, 2, "A2", "A", "1", "0571", "王营定", t, null);
        withDefault.apply(new Entry.Opened(unrated));
        withDefault.apply(new Entry.Opened(rated));
        EvaluationBook.Decision d = withDefault.decidePad(rating(rated.serviceId(), 4), "demo", "1", t + 1000);
        withDefault.apply(new Entry.Rated(((EvaluationBook.Decision.Accepted) d).evaluation()));
        book.apply(new Entry.Opened(unrated));
        long afterPeriod = t + 7 * 86_400_000L + 1;

        Evaluation early = withDefault.decideDefault(unrated, afterPeriod - 2);
        Evaluation e = withDefault.decideDefault(unrated, afterPeriod);
        Evaluation twice = withDefault.decideDefault(unrated, afterPeriod);
        Evaluation ofRated = withDefault.decideDefault(rated, afterPeriod);
        Evaluation noDefault = book.decideDefault(unrated, afterPeriod);

        assertThat(early).isNull();
        assertThat(e.channel()).isEqualTo(EvaluationChannel.SYSTEM_DEFAULT);
        assertThat(e.level()).isEqualTo(Level.VERY_SATISFIED);
        assertThat(e.requestId()).isEqualTo("default:demo.1");
        assertThat(Rules.validRequestId(e.requestId())).isFalse(); // no submitter can send it
        assertThat(twice).isNull();
        assertThat(ofRated).isNull();
        assertThat(noDefault).isNull();
    }

    @Test
    void shouldCountADefaultAsRatedButNeverAsActiveAndExportItWithChannelSeven() {
        long t = at(2027, 3, 2, 9, 0);
        EvaluationBook b = new EvaluationBook(List.of(DEMO.withDefaultLevel(Level.VERY_SATISFIED)));
        ServiceRecord byPad = new ServiceRecord("demo.1", "demo", 1, 1, "A1", "A", "1", "0571", "王营定", t, null);
        ServiceRecord left = new ServiceRecord("demo.2", "demo", 2, 2, "A2", "A", "1", "0571", "王营定", t, null);
        ServiceRecord expired = new ServiceRecord("demo.3", "demo", 3, 3, "A3", "A", "1", "0571", "王营定",
                t + 8 * 86_400_000L, null);
        b.apply(new Entry.Opened(byPad));
        b.apply(new Entry.Opened(left));
        b.apply(new Entry.Opened(expired));
        EvaluationBook.Decision d = b.decidePad(rating(byPad.serviceId(), 2, "态度不好"), "demo", "1", t + 1000);
        b.apply(new Entry.Rated(((EvaluationBook.Decision.Accepted) d).evaluation()));
        b.apply(new Entry.Rated(b.decideDefault(left, t + 7 * 86_400_000L + 60_000)));
        assertThat(b.decidePad(rating(expired.serviceId(), 5), "demo", "1", expired.completedAtMillis() + 61_000))
                .isEqualTo(new EvaluationBook.Decision.Refused(EvaluationError.EXPIRED));

        Figures.Row all = Figures.summary(b, "demo", LocalDate.of(2027, 3, 1), LocalDate.of(2027, 3, 31),
                Figures.By.HALL, LocalDate.of(2027, 3, 20)).get(0);
        String csv = NationalExport.csv(b, "demo", LocalDate.of(2027, 3, 1), LocalDate.of(2027, 3, 31));

        assertThat(all.served()).isEqualTo(3);
        assertThat(all.rated()).isEqualTo(2);
        assertThat(all.activeRated()).isEqualTo(1);
        assertThat(all.systemDefault()).isEqualTo(1);
        assertThat(all.unrated()).isEqualTo(1); // the expired pad request: unrated, never satisfied
        assertThat(all.activeGoodRate()).isEqualTo(0.0); // the one active rating was a 差评; the default is not in it
        assertThat(all.goodRate()).isEqualTo(0.5);
        assertThat(csv.split("\r\n")).hasSize(3).anySatisfy(line -> assertThat(line)
                .startsWith("demo.2,7,A2,2027-03-09 09:01:00,1,非常满意,1,"));
    }

    private void step(String caseId, CaseAction action, long at, String note, int satisfaction, int days) {
        CaseStep st = new CaseStep(caseId, "demo", action, "0001", at, note, satisfaction, days);
        assertThat(book.refusal(st)).isNull();
        book.apply(new Entry.CaseStepped(st));
    }
}
