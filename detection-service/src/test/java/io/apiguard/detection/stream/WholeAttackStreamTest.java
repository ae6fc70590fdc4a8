package io.apiguard.detection.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.Detection;
import io.apiguard.common.events.NormalizedCall;
import io.apiguard.common.events.RecommendedActions;
import io.apiguard.common.events.Topics;
import io.apiguard.common.json.EventJson;
import io.apiguard.detection.TestCalls;
import io.apiguard.detection.detectors.AuthenticationAttackDetector;
import io.apiguard.detection.detectors.LoginFailureDetector;
import io.apiguard.detection.engine.Windows;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.kafka.TopicReader;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Attacks whose calls the call stream's partitioning by subject splits, on the real broker: the repartition by actor
 * ({@code apiguard.detection.calls}) counts them whole; their benign twins of the same volume raise nothing.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
class WholeAttackStreamTest {

    private StreamSupport stream;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    /** A window start within the last minute: every call of a scenario falls in one window. */
    private final long base = Windows.start(System.currentTimeMillis(), 60_000);

    @BeforeEach
    void connect() {
        stream = new StreamSupport();
    }

    @AfterEach
    void disconnect() {
        stream.close();
    }

    @Test
    void anAddressSprayingSubjectsAcrossPartitionsIsCaughtAndAProxyOfHonestUsersIsNot() throws Exception {
        // Given one address whose 15 subjects are each refused once, and a proxy of 15 honest subjects
        String sprayer = "10.81.0.1";
        String proxy = "10.81.0.2";
        List<ApiCallRecord> calls = new ArrayList<>();
        Set<Integer> partitions = new HashSet<>();
        int callPartitions = stream.callPartitions();
        for (int i = 0; i < 15; i++) {
            ApiCallRecord refused = TestCalls.by("victim-" + i + "-" + run)
                    .ip(sprayer)
                    .at(base + i * 10L)
                    .status(403)
                    .plain("GET", "/accounts");
            partitions.add(
                    Utils.toPositive(Utils.murmur2(StreamSupport.key(refused).getBytes(StandardCharsets.UTF_8)))
                            % callPartitions);
            calls.add(refused);
            calls.add(TestCalls.by("employee-" + i + "-" + run)
                    .ip(proxy)
                    .at(base + i * 10L)
                    .plain("GET", "/accounts"));
        }
        assertThat(partitions).as("the sprayed subjects' partitions").hasSizeGreaterThan(1);

        // When
        stream.publishAll(calls);

        // Then the address is caught with every one of its refusals counted, in no partition's share
        Detection stuffing = stream.await(d ->
                d.clientIps().contains(sprayer) && AuthenticationAttackDetector.CREDENTIAL_STUFFING.equals(d.type()));
        assertThat(stuffing.evidence().figures().get("failingPrincipals")).isGreaterThanOrEqualTo(10.0);
        assertThat(stuffing.recommendedAction()).isEqualTo(RecommendedActions.BLOCK_IP);
        assertThat(stuffing.subject()).isNull();
        assertThat(stream.all(Duration.ofSeconds(2)))
                .noneMatch(d -> d.clientIps().contains(proxy)
                        && (d.subject() == null || d.subject().endsWith(run)));
    }

    @Test
    void stuffingOverRotatingAddressesIsCaughtOnTheLoginApiAndHonestLoginsOfTheSameVolumeAreNot() throws Exception {
        // Given 300 logins, a new address every three attempts and a new credential every attempt, 20 in 21 refused;
        // and as many honest logins to another login API, one in ten mistyped
        String attacked = "/login";
        String honest = "/signin";
        List<ApiCallRecord> calls = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            long at = base + i * 50L;
            calls.add(TestCalls.by(null)
                    .fingerprint("basic-" + run + "-" + i)
                    .ip("10.82." + (i / 3 / 250) + "." + (i / 3 % 250))
                    .at(at)
                    .status(i % 21 == 0 ? 200 : 401)
                    .plain("POST", attacked));
            calls.add(TestCalls.by("user-" + i + "-" + run)
                    .ip("10.83." + (i / 3 / 250) + "." + (i / 3 % 250))
                    .at(at)
                    .status(i % 10 == 0 ? 401 : 200)
                    .plain("POST", honest));
        }
        String attackedApi = calls.get(0).api().apiId();
        String honestApi = calls.get(1).api().apiId();

        // When
        stream.publishAll(calls);

        // Then the login API is rate-limited, whatever partitions the addresses went to
        Detection surge = stream.await(d -> LoginFailureDetector.TYPE.equals(d.type())
                && d.apiIds().contains(attackedApi)
                && d.windowStart().equals(Instant.ofEpochMilli(base)));
        assertThat(surge.recommendedAction()).isEqualTo(RecommendedActions.RATE_LIMIT_API);
        assertThat(surge.subject()).isNull();
        assertThat(stream.all(Duration.ofSeconds(2)))
                .noneMatch(d -> d.apiIds().contains(honestApi) && LoginFailureDetector.TYPE.equals(d.type()));
    }

    @Test
    void aPoisonRecordOnTheRepartitionedStreamGoesToItsDeadLetterTopic() throws Exception {
        // Given
        try (TopicReader deadLetters = new TopicReader(Topics.DETECTION_CALLS_DLQ)) {
            String badKey = "not-an-actor-" + run;
            String badValueKey = "ip:10.84.0." + (Math.abs(run.hashCode()) % 250);
            String call = EventJson.mapper()
                    .writeValueAsString(new NormalizedCall(
                            TestCalls.by("x-" + run).at(base).plain("GET", "/accounts"), List.of(), Instant.now()));

            // When a call under a key that names no actor, and a record that is not a call, arrive
            stream.publishRaw(Topics.DETECTION_CALLS, badKey, call);
            stream.publishRaw(Topics.DETECTION_CALLS, badValueKey, "{\"call\": \"not a call\"");

            // Then both are dead-lettered with their reasons
            List<TopicReader.Received> dead = deadLetters.await(
                    received -> badKey.equals(received.key()) || badValueKey.equals(received.key()),
                    2,
                    Duration.ofSeconds(30));
            assertThat(dead)
                    .extracting(received -> received.header("dead-letter-reason"))
                    .allSatisfy(reason -> assertThat(reason).isNotBlank());
            assertThat(dead)
                    .filteredOn(received -> badKey.equals(received.key()))
                    .singleElement()
                    .satisfies(received ->
                            assertThat(received.header("dead-letter-reason")).contains("not an actor key"));
        }
    }
}
