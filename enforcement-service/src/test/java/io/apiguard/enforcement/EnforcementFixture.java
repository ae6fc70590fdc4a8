package io.apiguard.enforcement;

import static io.apiguard.testing.oidc.Tokens.asWorkload;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import io.apiguard.common.events.ApiEndpoint;
import io.apiguard.common.events.ApiSource;
import io.apiguard.common.events.ApiState;
import io.apiguard.common.events.Backend;
import io.apiguard.common.events.Detection;
import io.apiguard.common.events.DetectionState;
import io.apiguard.common.events.Exposure;
import io.apiguard.common.events.Severity;
import io.apiguard.common.json.EventJson;
import io.apiguard.testing.kafka.KafkaBrokerResource;
import io.apiguard.testing.oidc.LocalIssuer.Workload;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.arc.Unremovable;
import io.restassured.http.ContentType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * What the enforcement tests set up the same way, in one place: the wait for the app's reactive calls, the sidecar
 * every flow test pushes to and its heartbeat, sidecar pods for the Kubernetes test server, detections, events
 * published on the real broker, and the rows a test made and forgets. The static helpers serve plain unit tests too;
 * the instance (a bean of the test app, injected into {@code @QuarkusTest}s) holds the database pool and one Kafka
 * producer, closed when the app stops.
 */
@ApplicationScoped
@Unremovable
public class EnforcementFixture {

    /** How long a test waits for the app: a reactive call's answer, or what the app does on its own. */
    public static final Duration WAIT = Duration.ofSeconds(20);

    /** The namespace of the sidecar the flow tests register, {@link FakeSidecar} standing in for it. */
    public static final String SIDECAR_NAMESPACE = "payments";

    /** That sidecar's pod. */
    public static final String SIDECAR_POD = "accounts-7d9f-1";

    private final Pool pool;
    private KafkaProducer<String, String> producer;

    EnforcementFixture(Pool pool) {
        this.pool = pool;
    }

    /** {@code uni}'s item, waiting at most {@link #WAIT}. */
    public static <T> T await(Uni<T> uni) {
        return uni.await().atMost(WAIT);
    }

    /** The workload identity of the sidecar in {@code pod} of {@code namespace} (its pod's projected token). */
    public static Workload sidecar(String namespace, String pod) {
        return Workload.pod(namespace, "default", pod);
    }

    /** A heartbeat of that sidecar over HTTP, with its own token; asserts it is accepted. */
    public static void heartbeat(String namespace, String pod, String service, String mode, long version) {
        asWorkload(sidecar(namespace, pod))
                .contentType(ContentType.JSON)
                .body(Map.of("service", service, "mode", mode, "ruleSetVersion", version))
                .put("/api/v1/sidecars/{namespace}/{pod}", namespace, pod)
                .then()
                .statusCode(200)
                .body("currentVersion", greaterThanOrEqualTo(1));
    }

    /** Registers the flow tests' sidecar ({@link #SIDECAR_NAMESPACE}/{@link #SIDECAR_POD}, enforcing). */
    public static void registerTheSidecar() {
        heartbeat(SIDECAR_NAMESPACE, SIDECAR_POD, "accounts", "enforce", 0);
    }

    /**
     * Creates, through {@code client}, a running pod named {@code name} in {@code payments} with an API container and a
     * sidecar container whose admin port is {@link FakeSidecar}'s, at 127.0.0.1; {@code labelled} says whether it
     * carries {@code apiguard.io/sidecar=enabled}.
     *
     * @return the pod as the Kubernetes API stored it (with its uid)
     */
    public static Pod startSidecarPod(KubernetesClient client, String name, boolean labelled) {
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("payments")
                .withUid(UUID.randomUUID().toString())
                .addToLabels("app", name)
                .addToLabels(labelled ? Map.of("apiguard.io/sidecar", "enabled") : Map.of())
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("api")
                .withImage("accounts:1")
                .endContainer()
                .addNewContainer()
                .withName("apiguard-sidecar")
                .withImage("sidecar:1")
                .addNewPort()
                .withName("apiguard-admin")
                .withContainerPort(FakeSidecar.port())
                .endPort()
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .withPodIP("127.0.0.1")
                .endStatus()
                .build();
        return client.pods().inNamespace("payments").resource(pod).create();
    }

    /**
     * An object-enumeration detection of {@code subject} and {@code ips} (on {@code api-accounts}), last seen and
     * updated at {@code at}, a minute after it was first seen.
     */
    public static Detection detection(
            String id,
            String subject,
            List<String> ips,
            List<String> fingerprints,
            String action,
            Severity severity,
            double confidence,
            DetectionState state,
            Instant at) {
        return new Detection(
                id,
                "object-enumeration",
                severity,
                confidence,
                subject,
                ips,
                List.of("api-accounts"),
                at.minusSeconds(60),
                at,
                new Detection.Evidence(List.of(), Map.of("distinctObjects", 412.0), "412 accounts in 60 s"),
                "API1:2023",
                action,
                state,
                at,
                fingerprints);
    }

    /**
     * An active API {@code id} at {@code /id} of {@code api.example.com} in {@code namespace}, found through an Ingress,
     * whose backend is {@code service} (none when null) and whose exposure is {@code exposure}.
     */
    public static ApiEndpoint api(String id, String service, String namespace, Exposure exposure) {
        Instant now = Instant.now();
        return new ApiEndpoint(
                id,
                "api.example.com",
                "/" + id,
                "/" + id,
                null,
                List.of("GET"),
                service == null ? null : new Backend(service, "8080"),
                namespace,
                List.of(),
                exposure,
                true,
                Map.of(),
                ApiSource.INGRESS,
                ApiState.ACTIVE,
                now,
                now,
                0,
                List.of());
    }

    /** Publishes {@code payload} as event JSON on {@code topic} of the test broker, and waits for the broker's ack. */
    public synchronized void publish(String topic, String key, Object payload) throws Exception {
        if (producer == null) {
            producer = new KafkaProducer<>(
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers()),
                    new StringSerializer(),
                    new StringSerializer());
        }
        producer.send(new ProducerRecord<>(topic, key, EventJson.mapper().writeValueAsString(payload)))
                .get();
    }

    /** The rows {@code sql} finds with {@code parameters}, or what it changed. */
    public RowSet<Row> query(String sql, Object... parameters) {
        return await(pool.preparedQuery(sql).execute(Tuple.from(Arrays.asList(parameters))));
    }

    /** Forgets the sidecars of {@code namespace} (a test's own namespace). */
    public void forgetSidecarsOf(String namespace) {
        query("delete from sidecar where namespace = $1", namespace);
    }

    /** Forgets the API exposures and the sidecars of {@code namespace} (a test's own namespace). */
    public void forgetExposuresAndSidecarsOf(String namespace) {
        query("delete from api_exposure where namespace = $1", namespace);
        forgetSidecarsOf(namespace);
    }

    @PreDestroy
    synchronized void closeProducer() {
        if (producer != null) {
            producer.close();
        }
    }
}
