package io.apiguard.enforcement.sidecars;

import java.time.Instant;

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

/**
 * Finds sidecars in the cluster by pod label ({@code apiguard.io/sidecar=enabled}) with a Fabric8 informer: list and
 * watch pods, nothing else. A running pod with an address becomes a known sidecar (pushed to at once, at its
 * {@code apiguard-admin} port); a deleted pod is forgotten unless it registered itself. Without a reachable cluster the
 * informer keeps retrying in the background and registration alone finds sidecars.
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
        informer = client.pods().inAnyNamespace().withLabelSelector(config.discovery().labelSelector())
                .runnableInformer(0);
        informer.addEventHandler(new Handler());
        informer.start().whenComplete((ignored, failure) -> {
            if (failure != null) {
                LOGGER.warnf("Sidecar pods cannot be watched (%s); sidecars are found by registration only",
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

    private void seen(Pod pod) {
        String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        boolean running = pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase());
        if (ip == null || !running || pod.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        String namespace = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        String host = ip.contains(":") ? "[" + ip + "]" : ip;
        String adminUrl = "http://" + host + ":" + adminPort(pod);
        sidecars.discovered(namespace, name, adminUrl, Instant.now())
                .flatMap(ignored -> pusher.pushTo(new Sidecar(namespace + "/" + name, namespace, name, null, adminUrl,
                        "unknown", false, true, 0, null, null, null)))
                .subscribe().with(ignored -> { },
                        failure -> LOGGER.warnf("Sidecar pod %s/%s not recorded: %s", namespace, name,
                                failure.getMessage()));
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
            boolean becameReady = before.getStatus() == null || before.getStatus().getPodIP() == null
                    || !"Running".equals(before.getStatus().getPhase());
            if (becameReady) {
                seen(after);
            }
        }

        @Override
        public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
            Uni<Void> gone = sidecars.podGone(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
            gone.subscribe().with(ignored -> { }, failure -> LOGGER.warnf("Sidecar pod %s/%s not removed: %s",
                    pod.getMetadata().getNamespace(), pod.getMetadata().getName(), failure.getMessage()));
        }
    }
}
