package io.apiguard.detection.detectors;

import static io.apiguard.detection.TestCalls.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

import io.apiguard.common.events.Severity;
import io.apiguard.detection.TestCalls;

class ObjectEnumerationDetectorTest {

    private static final long MINUTE = 60_000;

    private final ObjectEnumerationDetector detector =
            new ObjectEnumerationDetector(ObjectEnumerationDetector.Settings.defaults());
    private final Replay replay = new Replay(detector);

    /** Four quiet 5-minute windows in which both users touch their own three accounts. */
    private void learn(String... subjects) {
        for (int window = 0; window < 4; window++) {
            for (int i = 0; i < 20; i++) {
                for (String subject : subjects) {
                    replay.run(TestCalls.by(subject)
                            .at(T0 + window * 5 * MINUTE + i * 1000)
                            .account(subject + "-" + (i % 3)));
                }
            }
        }
    }

    @Test
    void manyDistinctObjectsFarAboveTheBaselinesFireWhileABusyHonestTwinStaysSilent() {
        // Given
        learn("mallory", "alice");
        Random random = new Random(7);
        long attack = T0 + 20 * MINUTE;

        // When both make 200 calls in one window: mallory on 200 random accounts, alice on her own three
        for (int i = 0; i < 200; i++) {
            replay.run(
                    TestCalls.by("mallory").at(attack + i * 1000).account(String.valueOf(random.nextInt(1_000_000))));
            replay.run(TestCalls.by("alice").at(attack + i * 1000).account("alice-" + (i % 3)));
        }

        // Then
        assertThat(replay.about("alice")).isEmpty();
        assertThat(replay.about("mallory")).isNotEmpty().allSatisfy(signal -> {
            assertThat(signal.type()).isEqualTo(ObjectEnumerationDetector.TYPE);
            assertThat(signal.owaspCategory()).isEqualTo("API1:2023");
            assertThat(signal.recommendedAction()).isEqualTo("block-subject");
        });
        var first = replay.about("mallory").get(0);
        assertThat(first.figures().get("distinctObjects")).isGreaterThanOrEqualTo(30.0);
        assertThat(first.figures().get("subjectThreshold")).isGreaterThan(0.0);
        assertThat(detector.baseline("mallory", "/accounts/{id}").mean()).isEqualTo(3.0);
    }

    @Test
    void sequentialIdWalkingFiresBelowTheDistinctThreshold() {
        // When mallory walks 20 ids in a row; alice makes 20 calls on one account
        for (int i = 0; i < 20; i++) {
            replay.run(TestCalls.by("mallory").at(T0 + i * 1000).account(String.valueOf(88_400 + i)));
            replay.run(TestCalls.by("alice").at(T0 + i * 1000).account("88400"));
        }

        // Then
        assertThat(replay.about("alice")).isEmpty();
        assertThat(replay.about("mallory"))
                .singleElement()
                .satisfies(signal ->
                        assertThat(signal.figures().get("sequentialRun")).isEqualTo(20.0));
    }

    @Test
    void aNewSubjectFarAboveTheLearnedEndpointBaselineFires() {
        learn("alice", "bob");
        Random random = new Random(5);
        for (int i = 0; i < 60; i++) {
            replay.run(
                    TestCalls.by("newcomer").at(T0 + 20 * MINUTE + i * 1000).account(String.valueOf(random.nextInt())));
        }
        assertThat(replay.about("newcomer")).isNotEmpty();
    }

    @Test
    void manyNotFoundAnswersOnObjectIdsFire() {
        Random random = new Random(3);
        for (int i = 0; i < 25; i++) {
            replay.run(TestCalls.by("mallory")
                    .at(T0 + i * 1000)
                    .status(404)
                    .account(Integer.toString(random.nextInt(100_000), 36)));
            replay.run(TestCalls.by("alice").at(T0 + i * 1000).account("a" + (i % 2)));
        }

        assertThat(replay.about("alice")).isEmpty();
        assertThat(replay.about("mallory"))
                .isNotEmpty()
                .allSatisfy(
                        signal -> assertThat(signal.figures().get("notFound")).isGreaterThanOrEqualTo(20.0));
    }

    @Test
    void aSubjectWhoseBaselineIsHighIsNotAnAttackerForTouchingManyObjects() {
        // Given a support agent who always touches about 100 accounts per window
        for (int window = 0; window < 5; window++) {
            for (int i = 0; i < 100; i++) {
                replay.run(TestCalls.by("agent")
                        .at(T0 + window * 5 * MINUTE + i * 1000)
                        .account(String.valueOf(window * 1000 + i * 7)));
            }
        }
        assertThat(replay.about("agent")).isEmpty();

        // When the sixth window looks the same
        for (int i = 0; i < 100; i++) {
            replay.run(TestCalls.by("agent").at(T0 + 25 * MINUTE + i * 1000).account(String.valueOf(90_000 + i * 7)));
        }

        // Then
        assertThat(replay.about("agent")).isEmpty();
    }

    @Test
    void flaggedWindowsAreNotLearned() {
        learn("mallory");
        Random random = new Random(11);
        for (int i = 0; i < 300; i++) {
            replay.run(
                    TestCalls.by("mallory").at(T0 + 20 * MINUTE + i * 500).account(String.valueOf(random.nextInt())));
        }
        // Next window closes the attack window
        replay.run(TestCalls.by("mallory").at(T0 + 25 * MINUTE).account("mallory-0"));

        assertThat(detector.baseline("mallory", "/accounts/{id}").mean()).isEqualTo(3.0);
        assertThat(replay.about("mallory").stream().map(s -> s.severity())).contains(Severity.CRITICAL);
    }
}
