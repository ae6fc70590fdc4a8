package io.apiguard.enforcement.sidecars;

import io.apiguard.support.security.WorkloadIdentity;
import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The sidecar a call comes from, as its pod-bound service-account token says: never a URL or a body.
 *
 * @param namespace its pod's namespace
 * @param pod       its pod's name
 * @param podUid    its pod's uid
 */
record SidecarIdentity(String namespace, String pod, String podUid) {

    /** {@code namespace/pod}: the sidecar's id and the audience of what is signed for it. */
    String id() {
        return namespace + "/" + pod;
    }

    /** The calling sidecar; 403 for a workload whose token names no pod. */
    static SidecarIdentity of(SecurityIdentity identity) {
        WorkloadIdentity workload = WorkloadIdentity.of(identity)
                .filter(WorkloadIdentity::boundToPod)
                .orElseThrow(() -> HttpProblem.builder()
                        .withStatus(403)
                        .withTitle("Forbidden")
                        .withDetail("a sidecar authenticates with a pod-bound service-account token")
                        .build());
        return new SidecarIdentity(workload.namespace(), workload.pod(), workload.podUid());
    }
}
