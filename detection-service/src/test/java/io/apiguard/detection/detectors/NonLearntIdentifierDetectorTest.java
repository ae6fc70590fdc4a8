package io.apiguard.detection.detectors;

import static io.apiguard.detection.TestCalls.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.apiguard.common.events.Severity;
import io.apiguard.common.identity.Fingerprints;
import io.apiguard.detection.TestCalls;
import io.apiguard.detection.engine.Signal;

/**
 * A caller who opens the accounts a list returned to them raises nothing, however many; a caller of the same volume who
 * opens account ids never returned to them is detected with the ids, the API and the shares; an API whose ids never
 * come from its responses, and a detector without the key, judge nobody.
 */
class NonLearntIdentifierDetectorTest {

    private static final long MINUTE = 60_000;
    private static final byte[] KEY = "the deployment's object-id key".getBytes(StandardCharsets.UTF_8);
    /** Past the warm-up, with ten learned windows behind. */
    private static final long LATER = T0 + 3 * 60 * MINUTE;

    private final NonLearntIdentifierDetector detector =
            new NonLearntIdentifierDetector(NonLearntIdentifierDetector.Settings.defaults(), KEY);
    private final Replay replay = new Replay(detector);

    private static List<String> fingerprints(List<String> ids) {
        return ids.stream().map(id -> Fingerprints.keyed(KEY, id)).toList();
    }

    private static List<String> accounts(String owner, int from, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            ids.add(owner.hashCode() % 1000 + "" + i);
        }
        return ids.stream().map(id -> id.replace("-", "")).toList();
    }

    /** {@code caller} lists their accounts at {@code at}, then opens each one a minute apart. */
    private void listThenOpen(Replay replay, String caller, List<String> ids, long at) {
        replay.run(TestCalls.by(caller).at(at).returned(fingerprints(ids)).plain("GET", "/accounts"));
        for (int i = 0; i < ids.size(); i++) {
            replay.run(TestCalls.by(caller).at(at + (i + 1) * 20_000L).account(ids.get(i)));
        }
    }

    /** Twelve people list and open their own accounts in two windows each: the endpoint learns ids are given first. */
    private void learnThatIdsAreGivenFirst(Replay replay) {
        for (int person = 0; person < 12; person++) {
            String name = "user-" + person;
            List<String> own = accounts(name, 0, 5);
            listThenOpen(replay, name, own, T0 + person * MINUTE);
            listThenOpen(replay, name, own, T0 + 15 * MINUTE + person * MINUTE);
        }
    }

    @Test
    void aCallerWhoOpensTheAccountsReturnedToThemRaisesNothing() {
        // Given an endpoint where ids are given first
        learnThatIdsAreGivenFirst(replay);
        assertThat(detector.endpoint("/accounts/{id}", "accounts").mean()).isEqualTo(1.0);

        // When alex lists 40 accounts and opens each of them (the attacker's volume below)
        List<String> listed = accounts("alex", 100, 40);
        listThenOpen(replay, "alex", listed, LATER);

        // Then
        assertThat(replay.signals).isEmpty();
    }

    @Test
    void aCallerWhoOpensAccountIdsNeverReturnedToThemIsDetectedWithTheEvidence() {
        // Given an endpoint where ids are given first, and mallory listing her own two accounts
        learnThatIdsAreGivenFirst(replay);
        List<String> own = List.of("5001", "5002");
        replay.run(TestCalls.by("mallory").at(LATER).returned(fingerprints(own)).plain("GET", "/accounts"));

        // When she opens her own two, then 38 account ids nobody gave her (the same 40 calls as alex's)
        for (int i = 0; i < 40; i++) {
            String id = i < 2 ? own.get(i) : Integer.toString(7000 + i);
            replay.run(TestCalls.by("mallory").at(LATER + (i + 1) * 10_000L).account(id));
        }

        // Then one incident key, first raised at the tenth id never given, naming ids, API and shares
        List<Signal> raised = replay.about("mallory");
        assertThat(raised).isNotEmpty().allMatch(s -> s.type().equals(NonLearntIdentifierDetector.TYPE));
        Signal first = raised.get(0);
        assertThat(first.figures())
                .containsEntry("neverGivenObjects", 10.0)
                .containsEntry("distinctObjects", 12.0)
                .containsEntry("endpointGivenShare", 1.0);
        assertThat(first.figures().get("neverGivenShare")).isEqualTo(0.83);
        assertThat(first.subject()).isEqualTo("mallory");
        assertThat(first.owaspCategory()).isEqualTo("API1:2023");
        assertThat(first.summary())
                .contains("mallory used 10 of 12 object ids on GET /accounts/{id}")
                .contains("never returned to them")
                .contains("accounts/7002", "accounts/7006")
                .doesNotContain("accounts/5001");
        Signal last = raised.get(raised.size() - 1);
        assertThat(last.figures()).containsEntry("neverGivenObjects", 38.0);
        assertThat(last.severity()).isEqualTo(Severity.HIGH);
        assertThat(last.apiId()).isNotNull();
        assertThat(first.summary()).contains("(API " + last.apiId() + ")");
    }

    @Test
    void anApiWhoseIdsNeverComeFromItsResponsesRaisesNothing() {
        // Given twelve people who open account ids they bring from elsewhere (typed in, on a card): no list first
        for (int person = 0; person < 12; person++) {
            for (int window = 0; window < 2; window++) {
                for (String id : accounts("user-" + person, 0, 5)) {
                    replay.run(TestCalls.by("user-" + person)
                            .at(T0 + window * 15 * MINUTE + person * MINUTE)
                            .account(id));
                }
            }
        }
        assertThat(detector.endpoint("/accounts/{id}", "accounts").mean()).isZero();

        // When one of them opens 40 more ids nobody returned
        for (int i = 0; i < 40; i++) {
            replay.run(TestCalls.by("user-0").at(LATER + i * 10_000L).account(Integer.toString(9000 + i)));
        }

        // Then
        assertThat(replay.signals).isEmpty();
    }

    @Test
    void beforeTheWarmUpAndWithoutTheKeyNobodyIsJudged() {
        // Given a detector that just started (no warm-up passed) and one without the key
        NonLearntIdentifierDetector keyless =
                new NonLearntIdentifierDetector(NonLearntIdentifierDetector.Settings.defaults(), null);
        Replay withoutKey = new Replay(keyless);
        learnThatIdsAreGivenFirst(replay);
        learnThatIdsAreGivenFirst(withoutKey);

        // When mallory guesses 40 ids within the first hour, and the same on the keyless detector later
        for (int i = 0; i < 40; i++) {
            replay.run(
                    TestCalls.by("mallory").at(T0 + 30 * MINUTE + i * 10_000L).account(Integer.toString(7000 + i)));
            withoutKey.run(TestCalls.by("mallory").at(LATER + i * 10_000L).account(Integer.toString(7000 + i)));
        }

        // Then
        assertThat(replay.signals).isEmpty();
        assertThat(withoutKey.signals).isEmpty();
        assertThat(keyless.endpoint("/accounts/{id}", "accounts")).isNull();
    }

    @Test
    void idsGivenLongerAgoThanTwoHorizonsAreNoLongerGivenAndTheLearnedShareSurvivesARestore() {
        // Given an endpoint where ids are given first, and alex given 20 ids three days before he opens them
        learnThatIdsAreGivenFirst(replay);
        List<String> listed = accounts("alex", 100, 20);
        replay.run(TestCalls.by("alex").at(LATER).returned(fingerprints(listed)).plain("GET", "/accounts"));

        // When he opens them three days later
        for (int i = 0; i < listed.size(); i++) {
            replay.run(TestCalls.by("alex")
                    .at(LATER + 3 * 24 * 60 * MINUTE + i * 10_000L)
                    .account(listed.get(i)));
        }

        // Then they count as never given; and a detector restored from the baselines knows the endpoint's share
        assertThat(replay.about("alex")).isNotEmpty();
        NonLearntIdentifierDetector restored =
                new NonLearntIdentifierDetector(NonLearntIdentifierDetector.Settings.defaults(), KEY);
        restored.restore(io.apiguard.common.json.EventJson.mapper().valueToTree(detector.baselines()));
        assertThat(restored.endpoint("/accounts/{id}", "accounts").samples())
                .isEqualTo(detector.endpoint("/accounts/{id}", "accounts").samples());
    }
}
