package io.apiguard.detection.engine;

import static io.apiguard.detection.TestCalls.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.detection.TestCalls;
import io.apiguard.detection.detectors.Detectors;
import io.apiguard.detection.stream.StreamSupport;

/**
 * The same calls raise the same detections (same ids, types and keys) whether the call stream and its repartition
 * have 1, 3 or 12 partitions: each record goes where Kafka's default partitioner puts its key, the call stream keyed
 * as logging-service keys it and the repartition by actor.
 */
class PartitionInvarianceTest {

    private static final IncidentTracker.Settings INCIDENTS =
            new IncidentTracker.Settings(Duration.ofMinutes(30), Duration.ofSeconds(10), 1000);

    @Test
    void oneThreeAndTwelvePartitionsRaiseTheSameDetections() {
        // Given attacks whose calls spread over many subjects and addresses, and their benign twins
        List<ApiCallRecord> calls = scenario();

        // When
        Set<String> one = detections(calls, 1);
        Set<String> three = detections(calls, 3);
        Set<String> twelve = detections(calls, 12);

        // Then
        assertThat(three).isEqualTo(one);
        assertThat(twelve).isEqualTo(one);
        assertThat(one)
                .anyMatch(d -> d.startsWith("credential-stuffing|ip:203.0.113.70|"))
                .anyMatch(d -> d.startsWith("login-failure-surge|login:"))
                .anyMatch(d -> d.startsWith("object-enumeration|walker|"))
                .anyMatch(d -> d.startsWith("account-login-failures|acct:" + signinApi() + "|hmac:0123456789abcdef|"))
                .noneMatch(d -> d.contains("|ip:198.51.100.70|"))
                .noneMatch(d -> d.contains("reader"))
                .noneMatch(d -> d.contains("login:" + signinApi()));
    }

    /** {@code type|incidentKey|id} of every detection raised with {@code partitions} partitions of each topic. */
    private static Set<String> detections(List<ApiCallRecord> calls, int partitions) {
        DetectionEngine engine = new DetectionEngine(Detectors.defaults(), INCIDENTS, new Allowlist());
        ActorRouting routing = ActorRouting.defaults();
        Set<String> raised = new TreeSet<>();
        for (ApiCallRecord call : calls) {
            List<KeyedDetection> found =
                    new ArrayList<>(engine.process(partition(StreamSupport.key(call), partitions), call));
            for (String key : routing.keys(call)) {
                found.addAll(engine.processActor(partition(key, partitions), key, call));
            }
            found.forEach(keyed -> raised.add(keyed.detection().type()
                    + '|'
                    + keyed.incidentKey()
                    + '|'
                    + keyed.detection().id()));
        }
        return raised;
    }

    private static int partition(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private static String signinApi() {
        return TestCalls.by("x").plain("POST", "/signin").api().apiId();
    }

    private static List<ApiCallRecord> scenario() {
        List<ApiCallRecord> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            long at = T0 + i * 1000L;
            // One address spraying 40 subjects, each refused; a proxy of 40 honest subjects
            calls.add(TestCalls.by("victim-" + i)
                    .ip("203.0.113.70")
                    .at(at)
                    .status(403)
                    .plain("GET", "/accounts"));
            calls.add(TestCalls.by("employee-" + i).ip("198.51.100.70").at(at).plain("GET", "/accounts"));
            // A first-time walker and a reader of his own account, the same volume
            calls.add(TestCalls.by("walker").ip("10.70.0.1").at(at).account(String.valueOf(5000 + i)));
            calls.add(TestCalls.by("reader").ip("10.70.0.2").at(at).account("5000"));
        }
        for (int i = 0; i < 12; i++) {
            // One account tried from 12 rotating addresses on /signin (below the API's surge thresholds)
            calls.add(TestCalls.by(null)
                    .fingerprint("tries-" + i)
                    .targetAccount("hmac:0123456789abcdef")
                    .ip("10.73.0." + i)
                    .at(T0 + i * 2000L + 7)
                    .status(401)
                    .plain("POST", "/signin"));
        }
        for (int i = 0; i < 300; i++) {
            long at = T0 + i * 190L;
            // Stuffing over rotating addresses on /login; honest logins of the same volume on /signin
            calls.add(TestCalls.by(null)
                    .fingerprint("basic-" + i)
                    .ip("10.71." + (i / 3 / 250) + "." + (i / 3 % 250))
                    .at(at)
                    .status(i % 21 == 0 ? 200 : 401)
                    .plain("POST", "/login"));
            calls.add(TestCalls.by("user-" + i)
                    .ip("10.72." + (i / 3 / 250) + "." + (i / 3 % 250))
                    .at(at)
                    .status(i % 10 == 0 ? 401 : 200)
                    .plain("POST", "/signin"));
        }
        calls.sort(Comparator.comparing(ApiCallRecord::timestamp));
        return calls;
    }
}
