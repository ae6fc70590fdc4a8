package io.apiguard.support.leader;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.arc.Arc;

/**
 * Builds the election of a running app, with the app's Kubernetes client. Kept apart from {@link Leadership} so that
 * only an app that elects a leader loads Fabric8's classes: the dependency is optional in service-support.
 */
final class LeaseElections {

    private LeaseElections() {}

    static LeaseElection inCluster(
            LeaderConfig config, String leaseName, String identity, LeaseElection.Listener listener) {
        var handle = Arc.container().instance(KubernetesClient.class);
        if (!handle.isAvailable()) {
            throw new IllegalStateException("apiguard.leader.enabled=true needs a Kubernetes client "
                    + "(quarkus-kubernetes-client) in the app");
        }
        KubernetesClient client = handle.get();
        String namespace = config.namespace()
                .filter(value -> !value.isBlank())
                .or(() -> java.util.Optional.ofNullable(System.getenv("POD_NAMESPACE"))
                        .filter(value -> !value.isBlank()))
                .or(() -> java.util.Optional.ofNullable(client.getNamespace()).filter(value -> !value.isBlank()))
                .orElse("default");
        return new LeaseElection(
                client,
                new LeaseElection.Settings(
                        namespace,
                        leaseName,
                        identity,
                        config.leaseDuration(),
                        config.renewDeadline(),
                        config.retryPeriod(),
                        config.releaseOnShutdown()),
                listener);
    }
}
