package io.apiguard.detection.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.Detection;
import io.apiguard.common.events.Topics;
import io.apiguard.detection.DetectionConfig;
import io.apiguard.detection.TestCalls;
import io.apiguard.detection.engine.Allowlist;
import io.apiguard.detection.engine.DetectionEngine;
import io.apiguard.detection.engine.DetectorDefinition;
import io.apiguard.detection.engine.Windows;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.oidc.OidcIssuerResource;
import io.apiguard.testing.postgres.PostgresResource;
import io.quarkus.arc.All;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;

/**
 * The app runs two consumers of the call stream in one group (as two replicas would); what it raises must be exactly
 * what one engine holding every partition raises for the same calls.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcIssuerResource.class, scope = TestResourceScope.GLOBAL)
class ConsumerGroupTest {

    private static final long MINUTE = 60_000;

    @Inject
    @All
    List<DetectorDefinition> definitions;

    @Inject
    DetectionConfig config;

    @Inject
    KafkaClientService kafka;

    @Test
    void twoConsumersInOneGroupRaiseWhatOneConsumerRaises() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        // All event times within one idle-timeout bucket two hours ago, so incident ids do not depend on sweeps.
        long base = Windows.start(System.currentTimeMillis() - 2 * 3_600_000, 30 * MINUTE);
        List<ApiCallRecord> calls = scenario(run, base);

        try (StreamSupport stream = new StreamSupport()) {
            // Given
            assertThat(kafka.getConsumers(Topics.CALLS_NORMALIZED)).hasSize(2);
            int partitions = stream.callPartitions();
            assertThat(partitions).isGreaterThan(1);
            DetectionEngine single =
                    new DetectionEngine(definitions, DetectionPipeline.incidentSettings(config), new Allowlist());
            Set<String> expected = new HashSet<>();
            Set<Integer> partitionsUsed = new HashSet<>();
            for (ApiCallRecord call : calls) {
                int partition =
                        Utils.toPositive(Utils.murmur2(StreamSupport.key(call).getBytes(StandardCharsets.UTF_8)))
                                % partitions;
                partitionsUsed.add(partition);
                single.process(partition, call)
                        .forEach(keyed -> expected.add(keyed.detection().id()));
            }
            assertThat(partitionsUsed).hasSizeGreaterThan(1);
            assertThat(expected).hasSizeGreaterThanOrEqualTo(9);

            // When
            stream.publishAll(calls);

            // Then
            Set<String> published = new HashSet<>();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                stream.all(Duration.ofMillis(200)).stream()
                        .filter(d -> mentions(d, run))
                        .forEach(d -> published.add(d.id()));
                assertThat(published).containsAll(expected);
            });
            stream.all(Duration.ofSeconds(1)).stream()
                    .filter(d -> mentions(d, run))
                    .forEach(d -> published.add(d.id()));
            assertThat(published).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    private static boolean mentions(Detection detection, String run) {
        return (detection.subject() != null && detection.subject().endsWith(run))
                || detection.clientIps().stream().anyMatch(ip -> ip.startsWith("10.5"));
    }

    /** Attackers and their benign twins of the same volume, three of each kind. */
    private static List<ApiCallRecord> scenario(String run, long base) {
        List<ApiCallRecord> calls = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            String walker = "walker" + k + "-" + run;
            String reader = "reader" + k + "-" + run;
            for (int i = 0; i < 25; i++) {
                long at = base + 8 * MINUTE + i * 100;
                calls.add(TestCalls.by(walker).ip("10.51.0." + k).at(at).account(String.valueOf(7000 + i)));
                calls.add(TestCalls.by(reader).ip("10.52.0." + k).at(at).account("7000"));
            }
            calls.add(TestCalls.by("injector" + k + "-" + run)
                    .ip("10.53.0." + k)
                    .at(base + 9 * MINUTE)
                    .query("id=1;%20DROP%20TABLE%20accounts")
                    .raw("GET", "/accounts"));
            calls.add(TestCalls.by("searcher" + k + "-" + run)
                    .ip("10.54.0." + k)
                    .at(base + 9 * MINUTE)
                    .query("q=drop+shipping")
                    .raw("GET", "/accounts"));
            calls.add(TestCalls.by("intruder" + k + "-" + run)
                    .roles("teller")
                    .ip("10.55.0." + k)
                    .at(base + 9 * MINUTE)
                    .plain("GET", "/admin/users"));
            calls.add(TestCalls.by("root" + k + "-" + run)
                    .roles("admin")
                    .ip("10.56.0." + k)
                    .at(base + 9 * MINUTE)
                    .plain("GET", "/admin/users"));
            String flooder = "flooder" + k + "-" + run;
            String busy = "busy" + k + "-" + run;
            for (int minute = 0; minute < 7; minute++) {
                for (int i = 0; i < 300; i++) {
                    long at = base + minute * MINUTE + i * 150;
                    if (minute == 6 || i < 30) {
                        calls.add(
                                TestCalls.by(flooder).ip("10.57.0." + k).at(at).plain("GET", "/accounts"));
                    }
                    calls.add(TestCalls.by(busy).ip("10.58.0." + k).at(at).plain("GET", "/accounts"));
                }
            }
        }
        calls.sort(Comparator.comparing(ApiCallRecord::timestamp));
        return calls;
    }
}
