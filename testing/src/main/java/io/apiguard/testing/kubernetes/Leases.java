package io.apiguard.testing.kubernetes;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The coordination Leases of leader-election tests, as another replica would leave them: held and renewed, or given
 * up by a replica that died. Works on the Kubernetes test server in CRUD mode as on a real API server.
 */
public final class Leases {

    private Leases() {}

    /**
     * Creates lease {@code name} held by {@code holder}, renewed an hour from now: it stays held however long the app
     * under test takes to start, as a live leader's would.
     */
    public static void heldBy(KubernetesClient client, String namespace, String name, String holder) {
        ZonedDateTime renewed = ZonedDateTime.now(ZoneOffset.UTC).plusHours(1);
        client.leases()
                .inNamespace(namespace)
                .resource(new LeaseBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .withNewSpec()
                        .withHolderIdentity(holder)
                        .withLeaseDurationSeconds(10)
                        .withAcquireTime(renewed)
                        .withRenewTime(renewed)
                        .withLeaseTransitions(0)
                        .endSpec()
                        .build())
                .create();
    }

    /** The holder stops renewing, as a killed replica does: its last renewal is dated a minute ago. */
    public static void abandoned(KubernetesClient client, String namespace, String name) {
        client.leases().inNamespace(namespace).withName(name).edit(lease -> {
            lease.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC).minusMinutes(1));
            return lease;
        });
    }

    /** Who holds lease {@code name} now; null when nobody does or it does not exist. */
    public static String holder(KubernetesClient client, String namespace, String name) {
        var lease = client.leases().inNamespace(namespace).withName(name).get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }
}
