package io.apiguard.detection.detectors;

import static io.apiguard.detection.TestCalls.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.AuthMethod;
import io.apiguard.common.events.Identity;
import io.apiguard.common.events.PrincipalType;
import io.apiguard.detection.TestCalls;
import io.apiguard.detection.engine.Allowlist;
import io.apiguard.detection.engine.IncidentTracker;
import io.apiguard.detection.engine.KeyedDetection;
import io.apiguard.detection.engine.PartitionPipeline;
import io.apiguard.detection.engine.Signal;

/**
 * Callers apiguard could not verify are known by their credential and their address, never by the subject their
 * token claims: rotating the claimed subject (and with it the token) from one address is one address, one unverified
 * credential from many addresses is one credential, and a verified caller keeps its subject.
 */
class UnverifiedCallersTest {

    private static final long MINUTE = 60_000;
    private static final String ATTACKER_IP = "203.0.113.50";
    private static final String API_KEY = "sha256:feedfacefeedface";
    private static final Set<String> CALLER_ACTIONS =
            Set.of("block-ip", "block-credential", "rate-limit-ip", "rate-limit-credential", "monitor");

    /** Call {@code i} of an attacker who signs nothing and names a new victim, so also a new token, every time. */
    private static TestCalls rotating(int i) {
        return TestCalls.unverified(String.format("sha256:%016x", 0xa0000L + i), "victim-" + i)
                .ip(ATTACKER_IP);
    }

    /** Call {@code i} of one unknown API key, each time from another address. */
    private static TestCalls reused(int i) {
        return TestCalls.unverified(API_KEY, null)
                .authMethod(AuthMethod.API_KEY)
                .ip("198.51.100." + (i % 250 + 1));
    }

    @Test
    void anAttackerRotatingItsClaimedSubjectOnEveryCallIsDetectedByItsAddressAndNamesNoSubject() {
        // Given
        ObjectEnumerationDetector detector =
                new ObjectEnumerationDetector(ObjectEnumerationDetector.Settings.defaults());
        Replay replay = new Replay(detector);

        // When it walks 40 account ids, each call with a fresh unsigned token naming someone else
        for (int i = 0; i < 40; i++) {
            replay.run(rotating(i).at(T0 + i * 1000).account(String.valueOf(1000 + i)));
        }

        // Then the address is the enumerator; no victim and no one-call credential is
        assertThat(replay.about(Signal.ipKey(ATTACKER_IP))).isNotEmpty().allSatisfy(signal -> {
            assertThat(signal.type()).isEqualTo(ObjectEnumerationDetector.TYPE);
            assertThat(signal.subject()).isNull();
            assertThat(signal.clientIp()).isEqualTo(ATTACKER_IP);
            assertThat(signal.credentialFingerprint()).startsWith("sha256:");
            assertThat(signal.recommendedAction()).isEqualTo("block-ip");
            assertThat(signal.summary()).startsWith("address " + ATTACKER_IP);
        });
        assertThat(replay.signals).allSatisfy(signal -> {
            assertThat(signal.incidentKey()).isEqualTo(Signal.ipKey(ATTACKER_IP));
            assertThat(signal.subject()).isNull();
        });
        assertThat(detector.baseline("victim-0", "/accounts/{id}")).isNull();
    }

    @Test
    void oneUnverifiedCredentialReusedFromRotatingAddressesIsDetectedByItsFingerprint() {
        // Given
        Replay replay = new Replay(new ObjectEnumerationDetector(ObjectEnumerationDetector.Settings.defaults()));

        // When one unknown API key walks 40 ids, each call from another address
        for (int i = 0; i < 40; i++) {
            replay.run(reused(i).at(T0 + i * 1000).account(String.valueOf(5000 + i)));
        }

        // Then the credential is the enumerator, with every address it came from; no single address is
        assertThat(replay.about(Signal.fingerprintKey(API_KEY))).isNotEmpty().allSatisfy(signal -> {
            assertThat(signal.subject()).isNull();
            assertThat(signal.credentialFingerprint()).isEqualTo(API_KEY);
            assertThat(signal.recommendedAction()).isEqualTo("block-credential");
            assertThat(signal.summary()).startsWith("unverified credential " + API_KEY);
        });
        assertThat(replay.signals)
                .allSatisfy(signal -> assertThat(signal.incidentKey()).isEqualTo(Signal.fingerprintKey(API_KEY)));
    }

    @Test
    void aVerifiedCallerIsStillKeyedBySubjectAndNeverByItsCredentialOrAddress() {
        // Given
        Replay replay = new Replay(new ObjectEnumerationDetector(ObjectEnumerationDetector.Settings.defaults()));

        // When a verified caller walks 40 ids from one address
        for (int i = 0; i < 40; i++) {
            replay.run(TestCalls.by("mallory")
                    .fingerprint("sha256:00000000000000c3")
                    .ip(ATTACKER_IP)
                    .at(T0 + i * 1000)
                    .account(String.valueOf(7000 + i)));
        }

        // Then
        assertThat(replay.signals).isNotEmpty().allSatisfy(signal -> {
            assertThat(signal.incidentKey()).isEqualTo("mallory");
            assertThat(signal.subject()).isEqualTo("mallory");
            assertThat(signal.recommendedAction()).isEqualTo("block-subject");
        });
    }

    @Test
    void theSameVolumeSpreadOverHonestVerifiedPeopleBehindOneAddressRaisesNothing() {
        // Given
        Replay replay = new Replay(new ObjectEnumerationDetector(ObjectEnumerationDetector.Settings.defaults()));

        // When 40 people behind one corporate address each read their own account (consecutive account numbers)
        for (int i = 0; i < 40; i++) {
            replay.run(TestCalls.by("employee-" + i)
                    .fingerprint(String.format("sha256:%016x", 0xb0000L + i))
                    .ip(ATTACKER_IP)
                    .at(T0 + i * 1000)
                    .account(String.valueOf(1000 + i)));
        }

        // Then
        assertThat(replay.signals).isEmpty();
    }

    @Test
    void injectionFromAnUnverifiedCallerIsRaisedForItsCredentialAndForItsAddress() {
        // When
        Replay replay = new Replay(new InjectionDetector(InjectionDetector.Settings.defaults()))
                .run(reused(7).query("q=1' OR '1'='1").at(T0).raw("GET", "/search"));

        // Then
        assertThat(replay.signals)
                .extracting(Signal::incidentKey)
                .containsExactlyInAnyOrder(Signal.fingerprintKey(API_KEY), "ip:198.51.100.8");
        assertThat(replay.signals)
                .extracting(Signal::recommendedAction)
                .containsExactlyInAnyOrder("block-credential", "block-ip");
        assertThat(replay.signals)
                .allSatisfy(signal -> assertThat(signal.subject()).isNull());
    }

    @Test
    void rolesAndSubjectOfACredentialThatWasNotVerifiedAreNotBelieved() {
        // Given an older producer's identity that still names a subject and an admin role without verifying them
        Identity claimsRoot = new Identity(
                "root",
                null,
                PrincipalType.USER,
                AuthMethod.JWT,
                null,
                null,
                List.of("admin"),
                "sha256:00000000000000d4",
                false);
        ApiCallRecord call = new ApiCallRecord(
                UUID.randomUUID(),
                Instant.ofEpochMilli(T0),
                800,
                new ApiCallRecord.Api("api.example", "POST", "/admin/users", null, "/admin/users", "api-admin"),
                new ApiCallRecord.Source(ATTACKER_IP, List.of(), "test"),
                new ApiCallRecord.Destination("svc", "ns", null),
                claimsRoot,
                200,
                0,
                10,
                List.of(),
                ApiCallRecord.Decision.allowed(),
                null);

        // When it calls an admin endpoint and the API lets it through
        Replay replay = new Replay(new FunctionAbuseDetector(FunctionAbuseDetector.Settings.defaults())).run(call);

        // Then the hole is reported against its credential and its address, not against root
        assertThat(replay.signals)
                .extracting(Signal::incidentKey)
                .containsExactlyInAnyOrder("fp:sha256:00000000000000d4", Signal.ipKey(ATTACKER_IP));
        assertThat(replay.signals).allSatisfy(signal -> {
            assertThat(signal.type()).isEqualTo(FunctionAbuseDetector.ADMIN_ACCESS);
            assertThat(signal.subject()).isNull();
        });
        assertThat(replay.about("root")).isEmpty();
    }

    @Test
    void rotatingTokensFailingFromOneAddressAreStuffingByThatAddress() {
        // When 12 fresh tokens naming 12 people fail from one address
        Replay replay = new Replay(new AuthenticationAttackDetector(AuthenticationAttackDetector.Settings.defaults()));
        for (int i = 0; i < 12; i++) {
            replay.run(rotating(i).at(T0 + i * 1000).status(401).plain("GET", "/accounts"));
        }

        // Then
        assertThat(replay.types(Signal.ipKey(ATTACKER_IP)))
                .containsExactly(AuthenticationAttackDetector.CREDENTIAL_STUFFING);
        assertThat(replay.signals)
                .allSatisfy(signal -> assertThat(signal.subject()).isNull());
    }

    @Test
    void oneUnverifiedCredentialFromManyAddressesIsBlockedAsACredential() {
        // When one unknown API key is used from 30 addresses within a minute
        Replay replay = new Replay(new AuthenticationAttackDetector(AuthenticationAttackDetector.Settings.defaults()));
        for (int i = 0; i < 30; i++) {
            replay.run(reused(i).at(T0 + i * 1000).plain("GET", "/accounts"));
        }

        // Then
        assertThat(replay.about(Signal.fingerprintKey(API_KEY))).isNotEmpty().allSatisfy(signal -> {
            assertThat(signal.type()).isEqualTo(AuthenticationAttackDetector.SUBJECT_MANY_IPS);
            assertThat(signal.recommendedAction()).isEqualTo("block-credential");
        });
        assertThat(replay.about(Signal.fingerprintKey(API_KEY))
                        .get(replay.about(Signal.fingerprintKey(API_KEY)).size() - 1)
                        .severity())
                .isEqualTo(io.apiguard.common.events.Severity.HIGH);
    }

    @Test
    void anUnverifiedCredentialFloodingFromRotatingAddressesIsRateLimitedAsACredential() {
        // When one unknown API key makes 3,100 calls in a minute, never more than 13 from one address
        Replay replay = new Replay(new RateAnomalyDetector(RateAnomalyDetector.Settings.defaults()));
        for (int i = 0; i < 3100; i++) {
            replay.run(reused(i).at(T0 + i * 15L).plain("GET", "/accounts"));
        }

        // Then
        assertThat(replay.about(Signal.fingerprintKey(API_KEY)))
                .isNotEmpty()
                .allSatisfy(signal -> assertThat(signal.recommendedAction()).isEqualTo("rate-limit-credential"));
        assertThat(replay.signals)
                .allSatisfy(signal -> assertThat(signal.incidentKey()).isEqualTo(Signal.fingerprintKey(API_KEY)));
    }

    @Test
    void anUnverifiedCallersVolumeIsJudgedAgainstItsCredentialsAndItsAddresssOwnBaselines() {
        // Given one unknown API key from one address, learned over six quiet 5-minute windows of 20 kB
        Replay replay = new Replay(new VolumeExfiltrationDetector(VolumeExfiltrationDetector.Settings.defaults()));
        for (int window = 0; window < 6; window++) {
            for (int i = 0; i < 10; i++) {
                replay.run(TestCalls.unverified(API_KEY, "alice")
                        .ip(ATTACKER_IP)
                        .bytes(2_000)
                        .at(T0 + window * 5 * MINUTE + i * 1000)
                        .plain("GET", "/accounts"));
            }
        }

        // When it takes 5 MB in the seventh
        for (int i = 0; i < 10; i++) {
            replay.run(TestCalls.unverified(API_KEY, "alice")
                    .ip(ATTACKER_IP)
                    .bytes(500_000)
                    .at(T0 + 30 * MINUTE + i * 1000)
                    .plain("GET", "/accounts"));
        }

        // Then both keys fire, alice is never mentioned
        assertThat(replay.signals)
                .extracting(Signal::incidentKey)
                .contains(Signal.fingerprintKey(API_KEY), Signal.ipKey(ATTACKER_IP))
                .doesNotContain("alice");
        assertThat(replay.about(Signal.fingerprintKey(API_KEY)))
                .allSatisfy(signal ->
                        assertThat(signal.recommendedAction()).isIn("block-credential", "rate-limit-credential"));
        assertThat(replay.about(Signal.ipKey(ATTACKER_IP)))
                .allSatisfy(signal -> assertThat(signal.recommendedAction()).isIn("block-ip", "rate-limit-ip"));
    }

    @Test
    void anUnverifiedCredentialLearnsItsOwnObjectsAndIsJudgedOnNovelOnes() {
        // Given one unknown API key that reads its own five accounts for 25 hours
        Replay replay = new Replay(new UnusualAccessDetector(UnusualAccessDetector.Settings.defaults()));
        for (int i = 0; i < 100; i++) {
            replay.run(TestCalls.unverified(API_KEY, "alice")
                    .ip(ATTACKER_IP)
                    .at(T0 + i * 15 * MINUTE)
                    .account("own-" + (i % 5)));
        }

        // When it touches 12 accounts it never touched
        long later = T0 + Duration.ofHours(26).toMillis();
        for (int i = 0; i < 12; i++) {
            replay.run(TestCalls.unverified(API_KEY, "alice")
                    .ip(ATTACKER_IP)
                    .at(later + i * 1000)
                    .account("other-" + i));
        }

        // Then
        assertThat(replay.about(Signal.fingerprintKey(API_KEY)))
                .isNotEmpty()
                .allSatisfy(signal -> assertThat(signal.recommendedAction()).isEqualTo("rate-limit-credential"));
        assertThat(replay.about("alice")).isEmpty();
    }

    @Test
    void credentialsMintedPerCallNeverEvictTheLearnedStateOfVerifiedSubjects() {
        // Given alice's learned baseline in a detector that keeps ten keys
        ObjectEnumerationDetector.Settings defaults = ObjectEnumerationDetector.Settings.defaults();
        ObjectEnumerationDetector detector = new ObjectEnumerationDetector(new ObjectEnumerationDetector.Settings(
                defaults.window(),
                defaults.minDistinct(),
                defaults.deviations(),
                defaults.factor(),
                defaults.minBaselineWindows(),
                defaults.alpha(),
                defaults.sequentialRun(),
                defaults.notFoundMin(),
                defaults.notFoundRatio(),
                defaults.maxObjectsPerKey(),
                10));
        for (int window = 0; window < 4; window++) {
            for (int i = 0; i < 5; i++) {
                detector.inspect(
                        TestCalls.by("alice")
                                .at(T0 + window * 5 * MINUTE + i * 1000)
                                .account("a-" + i),
                        T0 + window * 5 * MINUTE + i * 1000,
                        new ArrayList<>());
            }
        }

        // When 1,000 calls come with a credential minted for each, from 1,000 addresses
        for (int i = 0; i < 1000; i++) {
            ApiCallRecord call = TestCalls.unverified(String.format("sha256:%016x", i), "alice")
                    .ip("10.9." + (i / 250) + "." + (i % 250))
                    .at(T0 + 20 * MINUTE + i)
                    .account(String.valueOf(i));
            detector.inspect(call, call.timestamp().toEpochMilli(), new ArrayList<>());
        }

        // Then alice's baseline is still there
        assertThat(detector.baseline("alice", "/accounts/{id}"))
                .isNotNull()
                .satisfies(baseline -> assertThat(baseline.mean()).isEqualTo(5.0));
    }

    @Test
    void noDetectionOfAnUnverifiedCallerNamesASubjectAcrossEveryDetector() {
        // Given every detector of a partition
        PartitionPipeline pipeline = new PartitionPipeline(
                0,
                Detectors.defaults(),
                new IncidentTracker.Settings(Duration.ofMinutes(30), Duration.ofSeconds(10), 1000),
                new Allowlist());
        Random random = new Random(3);
        List<KeyedDetection> raised = new ArrayList<>();

        // When the rotating attacker enumerates, probes admin endpoints, injects and fails authentication, and the
        // reused key does the same from rotating addresses
        for (int i = 0; i < 200; i++) {
            long at = T0 + i * 200L;
            raised.addAll(pipeline.process(rotating(i).at(at).account(String.valueOf(1000 + i))));
            raised.addAll(pipeline.process(reused(i).at(at).status(404).account(String.valueOf(random.nextInt()))));
            if (i % 10 == 0) {
                raised.addAll(pipeline.process(rotating(i).at(at).status(401).plain("GET", "/admin/users")));
                raised.addAll(pipeline.process(
                        reused(i).at(at).query("file=../../etc/passwd").raw("GET", "/files")));
            }
        }

        // Then there are detections, each about an address or a credential, none naming any of the claimed victims
        assertThat(raised).isNotEmpty().allSatisfy(keyed -> {
            assertThat(Signal.isCallerKey(keyed.incidentKey()))
                    .as(keyed.incidentKey())
                    .isTrue();
            assertThat(keyed.detection().subject()).isNull();
            assertThat(keyed.detection().clientIps()).isNotEmpty();
            assertThat(keyed.detection().credentialFingerprints()).isNotEmpty();
            assertThat(keyed.detection().recommendedAction()).isIn(CALLER_ACTIONS);
        });
        assertThat(raised)
                .extracting(KeyedDetection::incidentKey)
                .contains(Signal.ipKey(ATTACKER_IP), Signal.fingerprintKey(API_KEY));
        assertThat(raised)
                .filteredOn(keyed -> keyed.incidentKey().equals(Signal.fingerprintKey(API_KEY)))
                .allSatisfy(keyed ->
                        assertThat(keyed.detection().credentialFingerprints()).containsExactly(API_KEY));
    }

    @Test
    void anAllowlistEntryForACredentialSuppressesThatCredentialOnly() {
        // Given a verdict on the reused key's path traversal
        Allowlist allowlist = new Allowlist(Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC));
        allowlist.allow(new Allowlist.Entry(
                "e1",
                "path-traversal",
                Signal.fingerprintKey(API_KEY),
                Instant.ofEpochMilli(T0).plus(Duration.ofDays(7))));
        PartitionPipeline pipeline = new PartitionPipeline(
                0,
                Detectors.defaults(),
                new IncidentTracker.Settings(Duration.ofMinutes(30), Duration.ofSeconds(10), 1000),
                allowlist);

        // When it sends the payload again
        List<KeyedDetection> raised =
                pipeline.process(reused(0).query("file=../../etc/passwd").at(T0).raw("GET", "/files"));

        // Then only its address is raised
        assertThat(raised).extracting(KeyedDetection::incidentKey).containsExactly("ip:198.51.100.1");
    }
}
