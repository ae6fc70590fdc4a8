package io.apiguard.enforcement.sidecars;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.apiguard.enforcement.EnforcementConfig;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Finds sidecars in the cluster by pod label ({@code apiguard.io/sidecar=enabled}) with a Fabric8 informer: get, list
 * and watch pods, nothing else. A running pod with an address becomes a known sidecar (pushed to at once, at its
 * {@code apiguard-admin} port); a deleted pod is forgotten unless it registered itself. It is also where a
 * registering sidecar's address comes from: the pod its token names, as the Kubernetes API describes it. Without a
 * reachable cluster the informer keeps retrying in the background.
 */
@ApplicationScoped
public class PodDiscovery {

    private static final Logger LOGGER = Logger.getLogger(PodDiscovery.class);
    private static final String ADMIN_PORT_NAME = "apiguard-admin";

    private final KubernetesClient client;
    private final SidecarRepository sidecars;
    private final SidecarPusher pusher;
    private final EnforcementConfig config;
    private volatile SharedIndexInformer<Pod> informer;

    PodDiscovery(KubernetesClient client, SidecarRepository sidecars, SidecarPusher pusher, EnforcementConfig config) {
        this.client = client;
        this.sidecars = sidecars;
        this.pusher = pusher;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        if (!config.discovery().enabled()) {
            return;
        }
        informer = client.pods()
                .inAnyNamespace()
                .withLabelSelector(config.discovery().labelSelector())
                .runnableInformer(0);
        informer.addEventHandler(new Handler());
        informer.start().whenComplete((ignored, failure) -> {
            if (failure != null) {
                LOGGER.warnf(
                        "Sidecar pods cannot be watched (%s); sidecars are found by registration only",
                        failure.getMessage());
            } else {
                LOGGER.infof("Watching pods labelled %s", config.discovery().labelSelector());
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        if (informer != null) {
            informer.stop();
        }
    }

    /** True once the pod listing is in (always true when discovery is off). */
    public boolean isSynced() {
        return informer == null || informer.hasSynced();
    }

    /** True when sidecars are found in, and checked against, the Kubernetes API. */
    public boolean watching() {
        return config.discovery().enabled();
    }

    /**
     * The admin address of the pod a sidecar's token names, from the Kubernetes API: the informer's copy, else a
     * direct read (the watch may not have delivered a pod that just started). Empty unless it is a running pod with
     * the sidecar label and the same uid as the token's.
     */
    public Uni<Optional<String>> adminUrlOf(String namespace, String name, String uid) {
        SharedIndexInformer<Pod> watched = informer;
        Pod cached = watched == null ? null : watched.getIndexer().getByKey(namespace + "/" + name);
        Uni<Pod> pod = cached != null
                ? Uni.createFrom().item(cached)
                : Uni.createFrom()
                        .item(() -> client.pods()
                                .inNamespace(namespace)
                                .withName(name)
                                .get())
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        return pod.map(found -> found != null && uid.equals(found.getMetadata().getUid()) && labelled(found)
                ? adminUrl(found)
                : Optional.<String>empty());
    }

    private boolean labelled(Pod pod) {
        String[] selector = config.discovery().labelSelector().split("=", 2);
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels != null && selector.length == 2 && selector[1].equals(labels.get(selector[0]));
    }

    private Optional<String> adminUrl(Pod pod) {
        String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        boolean running =
                pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase());
        if (ip == null || !running || pod.getMetadata().getDeletionTimestamp() != null) {
            return Optional.empty();
        }
        return Optional.of(adminUrl(ip, adminPort(pod)));
    }

    /** The admin URL of a sidecar at address {@code ip} (IPv4 or IPv6, bracketed in the URL) and {@code port}. */
    static String adminUrl(String ip, int port) {
        String host = ip.contains(":") ? "[" + ip + "]" : ip;
        return "http://" + host + ":" + port;
    }

    private void seen(Pod pod) {
        Optional<String> adminUrl = adminUrl(pod);
        if (adminUrl.isEmpty()) {
            return;
        }
        String namespace = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        sidecars.discovered(namespace, name, pod.getMetadata().getUid(), adminUrl.get(), Instant.now())
                .flatMap(ignored -> pusher.pushTo(new Sidecar(
                        namespace + "/" + name,
                        namespace,
                        name,
                        null,
                        adminUrl.get(),
                        "unknown",
                        false,
                        true,
                        0,
                        null,
                        null,
                        null)))
                .subscribe()
                .with(
                        ignored -> {},
                        failure -> LOGGER.warnf(
                                "Sidecar pod %s/%s not recorded: %s", namespace, name, failure.getMessage()));
    }

    private int adminPort(Pod pod) {
        if (pod.getSpec() != null && pod.getSpec().getContainers() != null) {
            for (var container : pod.getSpec().getContainers()) {
                if (container.getPorts() != null) {
                    for (ContainerPort port : container.getPorts()) {
                        if (ADMIN_PORT_NAME.equals(port.getName()) && port.getContainerPort() != null) {
                            return port.getContainerPort();
                        }
                    }
                }
            }
        }
        return config.discovery().adminPort();
    }

    private final class Handler implements ResourceEventHandler<Pod> {

        @Override
        public void onAdd(Pod pod) {
            seen(pod);
        }

        @Override
        public void onUpdate(Pod before, Pod after) {
            boolean becameReady = before.getStatus() == null
                    || before.getStatus().getPodIP() == null
                    || !"Running".equals(before.getStatus().getPhase());
            if (becameReady) {
                seen(after);
            }
        }

        @Override
        public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
            Uni<Void> gone = sidecars.podGone(
                    pod.getMetadata().getNamespace(), pod.getMetadata().getName());
            gone.subscribe()
                    .with(
                            ignored -> {},
                            failure -> LOGGER.warnf(
                                    "Sidecar pod %s/%s not removed: %s",
                                    pod.getMetadata().getNamespace(),
                                    pod.getMetadata().getName(),
                                    failure.getMessage()));
        }
    }
}
