package io.apiguard.detection.detectors;

import static io.apiguard.detection.TestCalls.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.apiguard.common.events.Severity;
import io.apiguard.common.inspect.DataClass;
import io.apiguard.detection.TestCalls;
import io.apiguard.detection.engine.Signal;

class SensitiveDataDetectorTest {

    private static final long WINDOW = 5 * 60_000;

    private final SensitiveDataDetector detector = new SensitiveDataDetector(settings(100));
    private final Replay replay = new Replay(detector);

    private static SensitiveDataDetector.Settings settings(long baselineCalls) {
        SensitiveDataDetector.Settings d = SensitiveDataDetector.Settings.defaults();
        return new SensitiveDataDetector.Settings(
                baselineCalls,
                d.sensitiveClasses(),
                d.window(),
                d.deviations(),
                d.factor(),
                d.minBaselineWindows(),
                d.alpha(),
                20,
                d.maxApis(),
                d.maxSubjects());
    }

    @Test
    void anApiThatSuddenlyReturnsCardNumbersAfterItsBaselineIsDetectedOnceNamingApiClassAndCaller() {
        // Given 100 calls of an API that never returned a card number
        for (int i = 0; i < 100; i++) {
            replay.run(TestCalls.by("alice").at(T0 + i).plain("GET", "/orders"));
        }
        assertThat(replay.signals).isEmpty();

        // When one response carries card numbers, and then another
        replay.run(TestCalls.by("bob").at(T0 + 200).dataClasses("card-number").plain("GET", "/orders"));
        replay.run(TestCalls.by("carol").at(T0 + 201).dataClasses("card-number").plain("GET", "/orders"));

        // Then once, about the caller who got it, naming the API and the class
        List<Signal> signals = signalsOf(SensitiveDataDetector.NEW_CLASS_TYPE);
        assertThat(signals).hasSize(1);
        Signal signal = signals.get(0);
        assertThat(signal.incidentKey()).isEqualTo("bob");
        assertThat(signal.severity()).isEqualTo(Severity.HIGH);
        assertThat(signal.owaspCategory()).isEqualTo("API3:2023");
        assertThat(signal.callId()).isNotNull();
        assertThat(signal.apiId()).isNotNull();
        assertThat(signal.summary())
                .contains(signal.apiId())
                .contains("card-number")
                .contains("bob");
        assertThat(signal.figures()).containsEntry("callsWithoutClass", 100.0);
    }

    @Test
    void aClassSeenBeforeTheBaselineIsFullIsLearnedNotRaised() {
        // Given an API that returns tokens from its 10th call (a login endpoint)
        for (int i = 0; i < 300; i++) {
            TestCalls call = TestCalls.by("alice").at(T0 + i);
            if (i >= 10) {
                call.dataClasses("token");
            }
            replay.run(call.plain("POST", "/login"));
        }
        // Then nothing: returning tokens is what it always did
        assertThat(replay.signals).isEmpty();
    }

    @Test
    void eMailAloneIsLowSeverityNews() {
        for (int i = 0; i < 100; i++) {
            replay.run(TestCalls.by("alice").at(T0 + i).plain("GET", "/profile"));
        }
        replay.run(TestCalls.by("alice").at(T0 + 100).dataClasses("email").plain("GET", "/profile"));
        assertThat(signalsOf(SensitiveDataDetector.NEW_CLASS_TYPE))
                .singleElement()
                .extracting(Signal::severity)
                .isEqualTo(Severity.LOW);
    }

    @Test
    void eachApiLearnsOnItsOwn() {
        // Given /orders has a baseline and /cards has not
        for (int i = 0; i < 100; i++) {
            replay.run(TestCalls.by("alice").at(T0 + i).plain("GET", "/orders"));
        }
        // When /cards returns card numbers on its first call
        replay.run(TestCalls.by("alice").at(T0 + 200).dataClasses("card-number").plain("GET", "/cards"));
        // Then nothing: a new API has no baseline to break
        assertThat(replay.signals).isEmpty();
    }

    @Test
    void aCallerReceivingFarMoreCardRecordsThanItsBaselineIsDetectedWhileItsTwinIsNot() {
        // Given six windows: mallory gets 5 card-carrying records per window, the billing service 500
        for (int window = 0; window < 6; window++) {
            for (int i = 0; i < 5; i++) {
                replay.run(TestCalls.by("mallory")
                        .at(T0 + window * WINDOW + i * 1000)
                        .dataClasses("card-number")
                        .account("a" + i));
            }
            for (int i = 0; i < 500; i++) {
                replay.run(TestCalls.by("billing")
                        .at(T0 + window * WINDOW + i * 100)
                        .dataClasses("card-number")
                        .account("b" + i));
            }
        }
        assertThat(signalsOf(SensitiveDataDetector.EXFILTRATION_TYPE)).isEmpty();

        // When both get 500 in the seventh
        for (int i = 0; i < 500; i++) {
            long at = T0 + 6 * WINDOW + i * 100;
            replay.run(TestCalls.by("mallory").at(at).dataClasses("card-number").account("m" + i));
            replay.run(TestCalls.by("billing").at(at).dataClasses("card-number").account("b" + i));
        }

        // Then mallory, once in the window (at the first crossing, 4x its mean of 5), and never billing
        List<Signal> signals = signalsOf(SensitiveDataDetector.EXFILTRATION_TYPE);
        assertThat(signals).singleElement().satisfies(s -> {
            assertThat(s.incidentKey()).isEqualTo("mallory");
            assertThat(s.severity()).isEqualTo(Severity.HIGH);
            assertThat(s.summary()).contains("card-number");
            assertThat(s.figures()).containsEntry("records", 20.0);
            assertThat(s.recommendedAction()).isEqualTo("rate-limit-subject");
        });
    }

    @Test
    void aCallerWithoutALearnedBaselineAndEmailVolumesAreNotJudged() {
        // Given a newcomer that gets 500 card records at once, and a caller whose e-mail volume jumps
        for (int i = 0; i < 500; i++) {
            replay.run(TestCalls.by("newcomer")
                    .at(T0 + i)
                    .dataClasses("card-number")
                    .account("n" + i));
        }
        for (int window = 0; window < 7; window++) {
            int records = window < 6 ? 5 : 500;
            for (int i = 0; i < records; i++) {
                replay.run(TestCalls.by("crm")
                        .at(T0 + window * WINDOW + i * 100)
                        .dataClasses("email")
                        .account("c" + i));
            }
        }
        assertThat(signalsOf(SensitiveDataDetector.EXFILTRATION_TYPE)).isEmpty();
    }

    @Test
    void wireValuesAreReadAndUnknownOnesIgnored() {
        assertThat(SensitiveDataDetector.classes(List.of("card-number", "from-the-future", "iban")))
                .containsExactlyInAnyOrder(DataClass.CARD_NUMBER, DataClass.IBAN);
    }

    @Test
    void configuredClassesAreWireValuesAndAnUnknownOneFailsStartup() {
        assertThat(SensitiveDataDefinition.classes(Set.of("card-number", " token")))
                .containsExactlyInAnyOrder(DataClass.CARD_NUMBER, DataClass.TOKEN);
        assertThatThrownBy(() -> SensitiveDataDefinition.classes(Set.of("cards")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cards");
    }

    @Test
    void learnedApisSurviveARestart() {
        // Given a baseline of 100 calls without cards, kept and restored into a new detector
        for (int i = 0; i < 100; i++) {
            replay.run(TestCalls.by("alice").at(T0 + i).plain("GET", "/orders"));
        }
        SensitiveDataDetector restarted = new SensitiveDataDetector(settings(100));
        restarted.restore(io.apiguard.common.json.EventJson.mapper().valueToTree(detector.baselines()));
        Replay after = new Replay(restarted);

        // When the first card number comes after the restart
        after.run(TestCalls.by("bob").at(T0 + 500).dataClasses("card-number").plain("GET", "/orders"));

        // Then it is news
        assertThat(after.signals).extracting(Signal::type).containsExactly(SensitiveDataDetector.NEW_CLASS_TYPE);
    }

    @Test
    void aCallersLearnedBaselineSurvivesARestart() {
        // Given mallory's baseline of 5 card records per window over six windows, kept and restored
        for (int window = 0; window < 6; window++) {
            for (int i = 0; i < 5; i++) {
                replay.run(TestCalls.by("mallory")
                        .at(T0 + window * WINDOW + i * 1000)
                        .dataClasses("card-number")
                        .account("a" + i));
            }
        }
        // (the sixth window is learned when the next one starts)
        replay.run(TestCalls.by("mallory").at(T0 + 6 * WINDOW).plain("GET", "/health"));
        SensitiveDataDetector restarted = new SensitiveDataDetector(settings(100));
        restarted.restore(io.apiguard.common.json.EventJson.mapper().valueToTree(detector.baselines()));
        Replay after = new Replay(restarted);

        // When she gets 500 in the seventh window, after the restart
        for (int i = 0; i < 500; i++) {
            after.run(TestCalls.by("mallory")
                    .at(T0 + 6 * WINDOW + 1 + i)
                    .dataClasses("card-number")
                    .account("m" + i));
        }

        // Then she is judged against what was learned before
        assertThat(after.signals).extracting(Signal::type).contains(SensitiveDataDetector.EXFILTRATION_TYPE);
    }

    private List<Signal> signalsOf(String type) {
        return replay.signals.stream().filter(s -> s.type().equals(type)).toList();
    }
}
