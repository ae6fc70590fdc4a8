package io.apiguard.bench.discovery;

import static io.apiguard.bench.BenchSupport.intOption;
import static io.apiguard.bench.BenchSupport.option;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.apiguard.bench.BenchApp;
import io.apiguard.common.events.Topics;
import io.apiguard.testing.oidc.LocalIssuer;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

/**
 * Discovery's sync and change targets, end to end on real processes: a Kubernetes API (Fabric8's mock server in CRUD
 * mode, the one stand-in) holding {@code --ingresses N} Ingresses, a real Kafka broker, a fresh PostgreSQL database,
 * and discovery-service started from its jar. Reports (1) the initial sync as discovery logs it (informer listing plus
 * inventory reconcile, rows written and events published) and (2) the time from an Ingress update accepted by the
 * API server to its inventory event consumed from Kafka, over {@code --changes M} updates, p50 / p99 / max.
 * Targets: 10,000 Ingresses in under 10 s; p99 change-to-event under 1 s.
 */
public final class DiscoverySyncBenchmark {

    private static final Pattern SYNCED =
            Pattern.compile("synced (\\d+) Ingresses in (\\d+) ms \\(listing (\\d+) ms, inventory (\\d+) ms\\)");

    private DiscoverySyncBenchmark() {}

    public static void main(String[] args) throws Exception {
        int ingresses = intOption(args, "--ingresses", 10_000);
        int changes = intOption(args, "--changes", 200);
        KubernetesMockServer cluster = new KubernetesMockServer(
                new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        cluster.init(InetAddress.getLoopbackAddress(), 0);
        KubernetesClient client = cluster.createClient();
        long created = System.nanoTime();
        for (int i = 0; i < ingresses; i++) {
            client.network()
                    .v1()
                    .ingresses()
                    .inNamespace("ns" + (i % 100))
                    .resource(ingress(i, "/v1/items"))
                    .create();
        }
        System.out.printf(
                "mock cluster: %d Ingresses created in %d ms%n", ingresses, (System.nanoTime() - created) / 1_000_000);

        try (BenchApp discovery = BenchApp.start(
                Path.of(option(args, "--root", ".")),
                "discovery-service",
                LocalIssuer.Workload.pod("apiguard", "apiguard-discovery", "discovery-0"),
                List.of(
                        "-Dapiguard.discovery.source=cluster",
                        "-Dquarkus.kubernetes-client.api-server-url=" + client.getMasterUrl(),
                        "-Dquarkus.kubernetes-client.trust-certs=true",
                        // the sync line below is logged at INFO
                        "-Dquarkus.log.level=INFO"))) {
            Matcher synced = discovery.awaitLog(SYNCED, Duration.ofMinutes(5));
            System.out.printf(
                    "initial sync: %s Ingresses in %s ms (listing %s ms, inventory rows + events %s ms); "
                            + "process start to ready %d ms%n",
                    synced.group(1),
                    synced.group(2),
                    synced.group(3),
                    synced.group(4),
                    discovery.launchedToReady().toMillis());
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            // a group of its own reading from the earliest offset: the events published before it subscribed count
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                    Map.of(
                            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            discovery.bootstrapServers(),
                            ConsumerConfig.GROUP_ID_CONFIG,
                            "bench-" + UUID.randomUUID(),
                            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                            "earliest"),
                    new StringDeserializer(),
                    new StringDeserializer())) {
                consumer.subscribe(Set.of(Topics.INVENTORY));
                int initialEvents = drain(consumer, ingresses, Duration.ofMinutes(2));
                System.out.printf("initial events consumed: %d%n", initialEvents);

                for (int i = 0; i < changes; i++) {
                    int target = i * (ingresses / changes);
                    String newPath = "/v2/items-" + i;
                    long before = System.nanoTime();
                    client.network()
                            .v1()
                            .ingresses()
                            .inNamespace("ns" + (target % 100))
                            .resource(ingress(target, newPath))
                            .update();
                    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                    boolean seen = false;
                    while (!seen && System.nanoTime() < deadline) {
                        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(5))) {
                            if (record.value().contains("\"path\":\"" + newPath + "\"")) {
                                latencies.add(System.nanoTime() - before);
                                seen = true;
                            }
                        }
                    }
                    if (!seen) {
                        System.out.printf("change %d: no event within 10 s%n", i);
                    }
                }
            }
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            if (!sorted.isEmpty()) {
                System.out.printf(
                        "change to event (%d changes): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                        sorted.size(),
                        percentile(sorted, 0.50),
                        percentile(sorted, 0.99),
                        sorted.get(sorted.size() - 1) / 1e6);
            }
        } finally {
            client.close();
            cluster.destroy();
        }
    }

    private static Ingress ingress(int i, String path) {
        return new IngressBuilder()
                .withNewMetadata()
                .withName("ing" + i)
                .withNamespace("ns" + (i % 100))
                .endMetadata()
                .withNewSpec()
                .withIngressClassName("nginx")
                .addNewRule()
                .withHost("api" + i + ".example.com")
                .withNewHttp()
                .addNewPath()
                .withPath(path)
                .withPathType("Prefix")
                .withNewBackend()
                .withNewService()
                .withName("svc" + i)
                .withNewPort()
                .withNumber(8080)
                .endPort()
                .endService()
                .endBackend()
                .endPath()
                .endHttp()
                .endRule()
                .endSpec()
                .build();
    }

    private static int drain(KafkaConsumer<String, String> consumer, int expected, Duration timeout) {
        int count = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count < expected && System.nanoTime() < deadline) {
            count += consumer.poll(Duration.ofMillis(200)).count();
        }
        return count;
    }

    private static double percentile(List<Long> sorted, double p) {
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1))) / 1e6;
    }
}
