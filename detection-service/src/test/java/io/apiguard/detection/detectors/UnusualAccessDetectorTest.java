package io.apiguard.detection.detectors;

import static io.apiguard.detection.TestCalls.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.AuthMethod;
import io.apiguard.common.events.Identity;
import io.apiguard.common.events.PrincipalType;
import io.apiguard.common.events.Severity;
import io.apiguard.common.json.EventJson;
import io.apiguard.detection.TestCalls;
import io.apiguard.detection.engine.BoundedHashSet;
import io.apiguard.detection.engine.Signal;

/**
 * The mission's case, on the default settings: an accountant who learned her own few records starts reading a
 * colleague's, slowly (one record every two minutes, far below the enumeration thresholds), and is detected within
 * minutes with the records, their owner and her baseline; the same pace on her own records, or by a colleague whose
 * baseline is not ready, raises nothing.
 */
class UnusualAccessDetectorTest {

    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;
    /** The day after the baselines were learned, 09:00. */
    private static final long NEXT_MORNING = T0 + 33 * HOUR;

    private final UnusualAccessDetector detector = new UnusualAccessDetector(UnusualAccessDetector.Settings.defaults());
    private final Replay replay = new Replay(detector);

    /** {@code person} reads their {@code records} own accounts every five minutes for {@code hours} hours. */
    private void workOwnRecords(Replay replay, String person, int records, long from, int hours) {
        for (int i = 0; i < hours * 12; i++) {
            replay.run(TestCalls.by(person).at(from + i * 5 * MINUTE).account(person + "-" + (i % records)));
        }
    }

    /** A working day (08:00 to 16:00) of alex, bob and carol, each on their own accounts: 96 calls in 8 hours each. */
    private void learnAWorkingDay(Replay replay) {
        for (String person : List.of("alex", "bob", "carol")) {
            workOwnRecords(replay, person, person.equals("bob") ? 8 : 5, T0 + 8 * HOUR, 8);
        }
    }

    @Test
    void readingAColleaguesRecordsSlowlyIsDetectedWithinMinutesWithTheRecordsTheirOwnerAndTheBaseline() {
        // Given a learned working day
        learnAWorkingDay(replay);
        int before = replay.signals.size();

        // When alex reads bob's accounts the next morning, one every two minutes for half an hour
        long detectedAt = -1;
        for (int i = 0; i < 15; i++) {
            long at = NEXT_MORNING + i * 2 * MINUTE;
            replay.run(TestCalls.by("alex").at(at).account("bob-" + (i % 8)));
            if (detectedAt < 0 && !replay.about("alex").isEmpty()) {
                detectedAt = at;
            }
        }

        // Then she is detected by the fifth record, eight minutes in, and the detection says what she read and whose
        assertThat(before).isZero();
        List<Signal> aboutAlex = replay.about("alex");
        assertThat(aboutAlex).isNotEmpty();
        Signal first = aboutAlex.get(0);
        assertThat(first.type()).isEqualTo(UnusualAccessDetector.TYPE);
        assertThat(first.subject()).isEqualTo("alex");
        assertThat(first.owaspCategory()).isEqualTo("API1:2023");
        assertThat(first.severity()).isEqualTo(Severity.HIGH);
        assertThat(first.recommendedAction()).isEqualTo("rate-limit-subject");
        assertThat(first.confidence()).isEqualTo(0.7, offset(1e-9));
        assertThat(first.figures())
                .containsEntry("foreignObjects", 5.0)
                .containsEntry("foreignOwners", 1.0)
                .containsEntry("learnedObjects", 5.0)
                .containsEntry("learnedResourceTypes", 1.0)
                .containsEntry("baselinePeriods", 8.0)
                .containsEntry("baselineDays", 1.0)
                .containsEntry("minForeignObjects", 5.0);
        assertThat(first.figures()).containsEntry("baselineCalls", 96.0);
        assertThat(first.summary())
                .startsWith("alex read 5 record(s) other people usually handle")
                .contains("accounts/bob-0 (bob's)", "accounts/bob-4 (bob's)")
                .contains(
                        "their baseline: 5 object(s) of 1 type(s), 96 calls in 8 distinct 60-min period(s) over 1 day(s)");
        assertThat(Duration.ofMillis(detectedAt - NEXT_MORNING)).isEqualTo(Duration.ofMinutes(8));
        assertThat(replay.about("bob")).isEmpty();
    }

    @Test
    void theSamePaceOnOnesOwnRecordsOrWithoutAReadyBaselineRaisesNothing() {
        // Given a learned working day, and dave, who joins the next morning
        learnAWorkingDay(replay);

        // When, at the attacker's pace, carol reads her own accounts and dave reads bob's on his first morning
        for (int i = 0; i < 15; i++) {
            long at = NEXT_MORNING + i * 2 * MINUTE;
            replay.run(TestCalls.by("carol").at(at).account("carol-" + (i % 5)));
            replay.run(TestCalls.by("dave").at(at).account("bob-" + (i % 8)));
        }

        // Then
        assertThat(replay.signals).isEmpty();
    }

    @Test
    void aBaselineIsReadyByItsCallsAndPeriodsNotByItsCalendarAge() {
        // Given erin's baseline: 60 calls in six distinct hours, all within her first six hours (ready);
        // frank's: 300 calls in a single hour (not ready); gina's: one call a day for 30 days (too few calls)
        learnAWorkingDay(replay);
        for (int i = 0; i < 60; i++) {
            replay.run(TestCalls.by("erin")
                    .at(NEXT_MORNING - 6 * HOUR + i * 6 * MINUTE)
                    .account("erin-" + (i % 5)));
        }
        for (int i = 0; i < 300; i++) {
            replay.run(
                    TestCalls.by("frank").at(NEXT_MORNING - HOUR + i * 10_000).account("frank-" + (i % 5)));
        }
        for (int day = 0; day < 30; day++) {
            replay.run(TestCalls.by("gina")
                    .at(NEXT_MORNING - (30 - day) * 24 * HOUR)
                    .account("gina-1"));
        }

        // When each reads 12 of bob's accounts and 12 nobody touched, one every two minutes
        for (int i = 0; i < 24; i++) {
            long at = NEXT_MORNING + i * 2 * MINUTE;
            String account = i % 2 == 0 ? "bob-" + (i / 2 % 8) : "archive-" + i;
            for (String person : List.of("erin", "frank", "gina")) {
                replay.run(TestCalls.by(person).at(at).account(account));
            }
        }

        // Then only erin, six hours after her first call, is judged
        assertThat(replay.about("erin"))
                .isNotEmpty()
                .allSatisfy(signal ->
                        assertThat(signal.figures().get("baselinePeriods")).isEqualTo(6.0));
        assertThat(replay.about("frank")).isEmpty();
        assertThat(replay.about("gina")).isEmpty();
    }

    @Test
    void recordsNobodyInParticularHandlesCountOnlyInNumberAndAreAbsorbedWhenFew() {
        // Given a learned day in which the whole team also reads shared reference records
        learnAWorkingDay(replay);
        for (int i = 0; i < 20; i++) {
            for (String person : List.of("bob", "carol")) {
                replay.run(TestCalls.by(person).at(T0 + 17 * HOUR + i * MINUTE).account("shared-" + (i % 6)));
            }
        }

        // When alex reads six shared records in an hour, then, after a quiet hour, her own
        for (int i = 0; i < 6; i++) {
            replay.run(TestCalls.by("alex").at(NEXT_MORNING + i * 5 * MINUTE).account("shared-" + i));
        }
        replay.run(TestCalls.by("alex").at(NEXT_MORNING + 2 * HOUR).account("alex-1"));
        for (int i = 0; i < 6; i++) {
            replay.run(TestCalls.by("alex")
                    .at(NEXT_MORNING + 2 * HOUR + i * MINUTE)
                    .account("shared-" + i));
        }

        // Then nothing: shared records are nobody's, six are below the window's ten, and then they are hers
        assertThat(replay.signals).isEmpty();
    }

    @Test
    void aSharedAccountOrABatchJobReadingEveryRecordOwnsNone() {
        // Given a learned day, and a nightly job through a shared account that reads the archive many times over
        learnAWorkingDay(replay);
        for (int i = 0; i < 200; i++) {
            replay.run(asSharedAccount(
                    "FinTech_User_01",
                    TestCalls.by("FinTech_User_01")
                            .at(T0 + 20 * HOUR + i * 1000)
                            .account("archive-" + (i % 8))));
        }

        // When alex reads six archived records in an hour
        for (int i = 0; i < 6; i++) {
            replay.run(TestCalls.by("alex").at(NEXT_MORNING + i * 5 * MINUTE).account("archive-" + i));
        }

        // Then they are nobody's: below the window's ten objects, nothing is raised
        assertThat(replay.about("alex")).isEmpty();
    }

    @Test
    void aBurstOfReadsThatFlaggedItsReaderClaimsNoRecordsForHer() {
        // Given a learned day, then mallory hammering 20 archived records six times each (which flags her)
        learnAWorkingDay(replay);
        workOwnRecords(replay, "mallory", 5, T0 + 8 * HOUR, 8);
        for (int i = 0; i < 120; i++) {
            replay.run(TestCalls.by("mallory").at(NEXT_MORNING + i * 1000).account("archive-" + (i % 20)));
        }
        assertThat(replay.about("mallory")).isNotEmpty();

        // When alex reads six of those records later that morning
        for (int i = 0; i < 6; i++) {
            replay.run(TestCalls.by("alex")
                    .at(NEXT_MORNING + 2 * HOUR + i * 5 * MINUTE)
                    .account("archive-" + i));
        }

        // Then they are not mallory's: alex is below the window's ten objects and nothing is raised about her
        assertThat(replay.about("alex")).isEmpty();
    }

    @Test
    void aLongObjectIdIsCutShortInTheSummary() {
        learnAWorkingDay(replay);
        String id = "x".repeat(3000);

        for (int i = 0; i < 10; i++) {
            replay.run(TestCalls.by("alex").at(NEXT_MORNING + i * MINUTE).account(id + i));
        }

        assertThat(replay.about("alex"))
                .singleElement()
                .satisfies(signal -> assertThat(signal.summary().length()).isLessThan(1000));
    }

    @Test
    void anObjectReadOnceEachByManyPeopleIsNobodysAndOneMostlyReadByOnePersonIsTheirs() {
        ObjectOwners owners = new ObjectOwners(100, 5, 0.7);
        for (int i = 0; i < 2; i++) {
            owners.touch(1, "bob");
        }
        for (int i = 0; i < 8; i++) {
            owners.touch(1, "reader-" + i);
        }
        for (int i = 0; i < 9; i++) {
            owners.touch(2, "bob");
        }
        owners.touch(2, "alex");
        owners.touch(2, "carol");
        for (int i = 0; i < 4; i++) {
            owners.touch(3, "dave");
        }

        assertThat(owners.owner(1)).isNull();
        assertThat(owners.owner(2)).isEqualTo("bob");
        assertThat(owners.owner(3)).as("four touches are too few").isNull();
        assertThat(owners.owner(4)).isNull();
    }

    @Test
    void aReassignedRecordStopsBeingAColleaguesOnceItsNewReaderLeads() {
        // Given a learned day, then alex taking over bob's first five accounts for a week's worth of reads
        learnAWorkingDay(replay);
        for (int i = 0; i < 150; i++) {
            replay.run(TestCalls.by("alex")
                    .at(NEXT_MORNING + 24 * HOUR + i * 10 * MINUTE)
                    .account("bob-" + (i % 5)));
        }
        int raised = replay.about("alex").size();

        // When she reads them again on a later day
        for (int i = 0; i < 10; i++) {
            replay.run(TestCalls.by("alex")
                    .at(NEXT_MORNING + 72 * HOUR + i * 2 * MINUTE)
                    .account("bob-" + (i % 5)));
        }

        // Then the takeover was reported while it was new, and is hers now
        assertThat(raised).isPositive();
        assertThat(replay.about("alex")).hasSize(raised);
    }

    @Test
    void tenObjectsOutsideTheBaselineInAWindowFireWithoutAnOwner() {
        learnAWorkingDay(replay);

        for (int i = 0; i < 10; i++) {
            replay.run(TestCalls.by("alex").at(NEXT_MORNING + i * 3 * MINUTE).account("archive-" + i));
        }

        assertThat(replay.about("alex")).singleElement().satisfies(signal -> {
            assertThat(signal.figures()).containsEntry("novelObjects", 10.0).containsEntry("foreignObjects", 0.0);
            assertThat(signal.severity()).isEqualTo(Severity.MEDIUM);
            assertThat(signal.recommendedAction()).isEqualTo("rate-limit-subject");
            assertThat(signal.summary()).contains("touched 10 object(s) outside their baseline within 60 min");
        });
    }

    @Test
    void anObjectTypeOutsideTheBaselineFiresAndIsOnlyMonitored() {
        learnAWorkingDay(replay);

        for (int i = 0; i < 3; i++) {
            replay.run(
                    TestCalls.by("carol").at(NEXT_MORNING + i * MINUTE).call("GET", "/payroll/{id}", "payroll", "7"));
        }

        assertThat(replay.about("carol")).singleElement().satisfies(signal -> {
            assertThat(signal.figures()).containsEntry("novelResourceTypes", 1.0);
            assertThat(signal.recommendedAction()).isEqualTo("monitor");
            assertThat(signal.summary()).contains("3 call(s) on 1 object type(s) they never used");
        });
    }

    @Test
    void readingManyOfAColleaguesRecordsIsHeavyAndRecommendsABlock() {
        // Given bob, who handles 30 accounts (six reads each in his first day), and the others' learned day
        for (int i = 0; i < 180; i++) {
            replay.run(TestCalls.by("bob").at(T0 + 8 * HOUR + i * 150_000).account("bob-" + (i % 30)));
        }
        learnAWorkingDay(replay);

        // When alex reads all 30 the next morning, one a minute
        for (int i = 0; i < 30; i++) {
            replay.run(TestCalls.by("alex").at(NEXT_MORNING + i * MINUTE).account("bob-" + i));
        }

        // Then
        Signal last = replay.about("alex").get(replay.about("alex").size() - 1);
        assertThat(last.figures().get("foreignObjects")).isGreaterThanOrEqualTo(25.0);
        assertThat(last.recommendedAction()).isEqualTo("block-subject");
        assertThat(last.confidence()).isGreaterThanOrEqualTo(0.8);
    }

    private static ApiCallRecord asSharedAccount(String account, ApiCallRecord call) {
        return new ApiCallRecord(
                call.id(),
                call.timestamp(),
                call.durationMicros(),
                call.api(),
                call.source(),
                call.destination(),
                new Identity(
                        account,
                        null,
                        PrincipalType.SERVICE,
                        AuthMethod.API_KEY,
                        account,
                        "example",
                        List.of(),
                        "fp-" + account,
                        true),
                call.status(),
                call.requestBytes(),
                call.responseBytes(),
                call.objects(),
                call.decision(),
                call.traceId());
    }

    @Test
    void theBaselinesAndTheOwnersSurviveARestart() throws Exception {
        // Given a learned day, written as the baseline store writes it and read back into a fresh detector
        learnAWorkingDay(replay);
        String json = EventJson.mapper().writeValueAsString(detector.baselines());
        UnusualAccessDetector restarted = new UnusualAccessDetector(UnusualAccessDetector.Settings.defaults());
        JsonNode stored = EventJson.mapper().readTree(json);
        restarted.restore(stored);
        Replay after = new Replay(restarted);

        // When alex reads bob's records and carol her own after the restart
        for (int i = 0; i < 6; i++) {
            after.run(TestCalls.by("alex").at(NEXT_MORNING + i * 2 * MINUTE).account("bob-" + i));
            after.run(TestCalls.by("carol").at(NEXT_MORNING + i * 2 * MINUTE).account("carol-" + i % 5));
        }

        // Then the restarted detector knows both baselines and whose the records are
        assertThat(EventJson.mapper().valueToTree(restarted.baselines()).get("people"))
                .hasSize(3);
        assertThat(after.about("carol")).isEmpty();
        assertThat(after.about("alex")).isNotEmpty().first().satisfies(signal -> {
            assertThat(signal.figures()).containsEntry("foreignObjects", 5.0).containsEntry("baselinePeriods", 8.0);
            assertThat(signal.summary()).contains("(bob's)");
        });
    }

    @Test
    void baselinesOfTheFirstFormatKeepTheirObjectsAndEarnTheirPeriodsAgain() throws Exception {
        // Given a baseline written before readiness was measured in periods: alex and her five accounts
        long type = BoundedHashSet.hash("accounts");
        String accounts = String.join(
                ",",
                List.of(0, 1, 2, 3, 4).stream()
                        .map(i -> String.valueOf(type * 31 + BoundedHashSet.hash("alex-" + i)))
                        .toList());
        String old =
                "{\"alex\":{\"firstSeen\":0,\"calls\":500,\"types\":[" + type + "],\"objects\":[" + accounts + "]}}";
        UnusualAccessDetector restarted = new UnusualAccessDetector(UnusualAccessDetector.Settings.defaults());
        restarted.restore(EventJson.mapper().readTree(old));
        Replay after = new Replay(restarted);

        // When she works six more hours on her own records, then reads ten archived ones
        workOwnRecords(after, "alex", 5, NEXT_MORNING, 6);
        for (int i = 0; i < 10; i++) {
            after.run(TestCalls.by("alex")
                    .at(NEXT_MORNING + 7 * HOUR + i * MINUTE)
                    .account("archive-" + i));
        }

        // Then her own records were never new, and the archive fires once the periods are there
        assertThat(after.about("alex"))
                .isNotEmpty()
                .allSatisfy(signal ->
                        assertThat(signal.figures().get("learnedObjects")).isEqualTo(5.0));
    }
}
