package io.apiguard.enforcement.sidecars;

import java.time.Instant;

/**
 * A sidecar as enforcement-service knows it.
 *
 * @param id           {@code namespace/pod}
 * @param namespace    its pod's namespace
 * @param pod          its pod
 * @param service      the Kubernetes Service of the API it fronts, when it declared one
 * @param adminUrl     where rule sets are pushed
 * @param mode         {@code enforce}, {@code monitor}, or {@code unknown} until it registers
 * @param registered   it registered itself (heartbeats)
 * @param discovered   its pod carries the sidecar label
 * @param ackedVersion the last rule-set version it acknowledged (push answer, or a heartbeat claiming a version it was
 *                     delivered)
 * @param ackedAt      when
 * @param lastContact  last heartbeat or acknowledged push
 * @param lastError    the last push failure, cleared by a success
 */
public record Sidecar(
        String id,
        String namespace,
        String pod,
        String service,
        String adminUrl,
        String mode,
        boolean registered,
        boolean discovered,
        long ackedVersion,
        Instant ackedAt,
        Instant lastContact,
        String lastError) {

    /** True when it was heard from within {@code staleAfter} of {@code now}. */
    public boolean live(Instant now, java.time.Duration staleAfter) {
        return lastContact != null && !lastContact.isBefore(now.minus(staleAfter));
    }

    /** True when it declared enforce mode. */
    public boolean enforces() {
        return "enforce".equals(mode);
    }
}
