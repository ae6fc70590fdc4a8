package io.apiguard.detection.detectors;

import static io.apiguard.detection.TestCalls.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.RecommendedActions;
import io.apiguard.common.events.Severity;
import io.apiguard.detection.TestCalls;
import io.apiguard.detection.engine.ActorRouting;
import io.apiguard.detection.engine.Signal;

class LoginFailureDetectorTest {

    private final Replay replay = new Replay(new LoginFailureDetector(LoginFailureDetector.Settings.defaults()));
    private final Replay auth =
            new Replay(new AuthenticationAttackDetector(AuthenticationAttackDetector.Settings.defaults()));

    /** 300 logins in a minute, a new address every three attempts, a new username every attempt. */
    static List<ApiCallRecord> stuffing(String net, int failEvery) {
        List<ApiCallRecord> calls = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            boolean failed = failEvery == 0 || i % failEvery != 0;
            calls.add(TestCalls.by(null)
                    .fingerprint("basic-" + net + "-" + i)
                    .ip(net + "." + (i / 3 / 250) + "." + (i / 3 % 250))
                    .at(T0 + i * 190L)
                    .status(failed ? 401 : 200)
                    .plain("POST", "/login"));
        }
        return calls;
    }

    @Test
    void stuffingOverRotatingAddressesIsALoginFailureSurgeAnsweredByARateLimitOnTheLoginApi() {
        // Given credential stuffing, each address and each credential failing at most three times (20 in 21 fail)
        List<ApiCallRecord> calls = stuffing("10.60", 21);

        // When
        replay.run(calls);
        auth.run(calls);

        // Then no address nor credential is seen alone, and the login API is
        String loginKey = ActorRouting.LOGIN_PREFIX + calls.get(0).api().apiId();
        assertThat(auth.signals).isEmpty();
        assertThat(replay.about(loginKey)).isNotEmpty().allSatisfy(signal -> {
            assertThat(signal.type()).isEqualTo(LoginFailureDetector.TYPE);
            assertThat(signal.recommendedAction()).isEqualTo(RecommendedActions.RATE_LIMIT_API);
            assertThat(signal.apiId()).isEqualTo(calls.get(0).api().apiId());
            assertThat(signal.subject()).isNull();
        });
        Signal last = replay.about(loginKey).get(replay.about(loginKey).size() - 1);
        assertThat(last.severity()).isEqualTo(Severity.HIGH);
        assertThat(last.figures().get("failingAddresses")).isGreaterThanOrEqualTo(90.0);
        assertThat(last.confidence()).isGreaterThanOrEqualTo(0.8);
    }

    @Test
    void aBusyLoginApiWithTheUsualMistypedPasswordsRaisesNothing() {
        // Given the same volume of logins over the same rotating addresses, one in ten mistyped
        List<ApiCallRecord> calls = new ArrayList<>();
        for (ApiCallRecord call : stuffing("10.61", 0)) {
            calls.add(call);
        }
        List<ApiCallRecord> honest = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            honest.add(TestCalls.by("user-" + i)
                    .ip(calls.get(i).source().clientIp())
                    .at(calls.get(i).timestamp().toEpochMilli())
                    .status(i % 10 == 0 ? 401 : 200)
                    .plain("POST", "/login"));
        }

        // When
        replay.run(honest);

        // Then
        assertThat(replay.signals).isEmpty();
    }

    @Test
    void anApiIsJudgedAgainstItsOwnFailureRatioOnceLearned() {
        // Given a login API where a third of logins fail every minute for six minutes (an app retrying old tokens)
        for (int minute = 0; minute < 6; minute++) {
            for (int i = 0; i < 120; i++) {
                replay.run(login("/login", minute, i, i % 3 == 0));
            }
        }

        // When it and a login API never seen before both get a minute where 60 % of logins fail
        for (int i = 0; i < 120; i++) {
            replay.run(login("/login", 6, i, i % 5 < 3));
            replay.run(login("/signin", 6, i, i % 5 < 3));
        }

        // Then 60 % is the first API's usual third twice over, under three times its ratio; the new API is judged
        // against the prior (10 %) and raises
        assertThat(replay.signals)
                .isNotEmpty()
                .allSatisfy(signal -> assertThat(signal.incidentKey()).endsWith(apiOf("/signin")));
    }

    private static ApiCallRecord login(String path, int minute, int i, boolean failed) {
        return TestCalls.by("user-" + i)
                .ip("10.62.0." + i)
                .at(T0 + minute * 60_000L + i * 450L)
                .status(failed ? 401 : 200)
                .plain("POST", path);
    }

    private static String apiOf(String path) {
        return TestCalls.by("x").plain("POST", path).api().apiId();
    }

    private static final String ACCOUNT = "hmac:00112233445566aa";

    @Test
    void oneAccountTriedFromRotatingAddressesIsCaughtAndItsOwnerMistypingIsNot() {
        // Given the account tried 12 times from 12 addresses, and another account's owner failing 12 times from his
        // laptop and his phone, on the same login API
        for (int i = 0; i < 12; i++) {
            replay.run(TestCalls.by(null)
                    .fingerprint("basic-" + i)
                    .targetAccount(ACCOUNT)
                    .ip("10.64.0." + i)
                    .at(T0 + i * 2000L)
                    .status(401)
                    .plain("POST", "/login"));
            replay.run(TestCalls.by(null)
                    .fingerprint("basic-owner-" + i)
                    .targetAccount("hmac:00112233445566bb")
                    .ip(i % 2 == 0 ? "10.65.0.1" : "10.65.0.2")
                    .at(T0 + i * 2000L)
                    .status(401)
                    .plain("POST", "/login"));
        }

        // Then
        String api = apiOf("/login");
        assertThat(replay.signals).isNotEmpty().allSatisfy(signal -> {
            assertThat(signal.type()).isEqualTo(LoginFailureDetector.ACCOUNT_TYPE);
            assertThat(signal.incidentKey()).isEqualTo(ActorRouting.ACCOUNT_PREFIX + api + "|" + ACCOUNT);
            assertThat(signal.recommendedAction()).isEqualTo(RecommendedActions.RATE_LIMIT_API);
            assertThat(signal.summary()).contains(ACCOUNT);
        });
    }

    @Test
    void aTargetAccountThatIsNotAKeyedFingerprintIsNotBelieved() {
        // Given a producer writing a raw username where the fingerprint belongs
        ApiCallRecord call = TestCalls.by(null)
                .targetAccount("alice@example.com")
                .ip("10.66.0.1")
                .status(401)
                .plain("POST", "/login");

        // Then it counts for the login API and the address, never for an account named in clear
        assertThat(ActorRouting.defaults().keys(call)).noneMatch(key -> key.startsWith(ActorRouting.ACCOUNT_PREFIX));
    }

    @Test
    void callsToOtherOperationsAreNotLogins() {
        // When the same failures hit an operation that is not a configured login
        for (int i = 0; i < 100; i++) {
            replay.run(TestCalls.by(null)
                    .fingerprint("k-" + i)
                    .ip("10.63.0." + i)
                    .at(T0 + i * 100L)
                    .status(401)
                    .plain("GET", "/accounts"));
        }

        // Then
        assertThat(replay.signals).isEmpty();
    }
}
