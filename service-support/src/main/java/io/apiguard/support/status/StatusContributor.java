package io.apiguard.support.status;

import io.apiguard.common.status.ServiceStatus;
import io.smallrye.mutiny.Uni;

/**
 * A source of service-specific evidence for the status document (the share of traffic mapped to an inventoried API,
 * the share of calls with an individual identity, consumer lag, ...).
 *
 * <p>Implementations are CDI beans; the status service discovers every one. {@link #evidence()} is subscribed on a
 * Vert.x event-loop thread for each status request, so it must not block. A failed or slow contributor does not fail
 * the status document: it has no entry in {@link ServiceStatus#evidence()} but one in
 * {@link ServiceStatus#evidenceErrors()}, saying why.
 */
public interface StatusContributor {

    /**
     * The key of this contributor's entry in {@link ServiceStatus#evidence()}, e.g. {@code discovery}: the name of the
     * {@link io.apiguard.common.status.StatusEvidence} component its record fills.
     */
    String name();

    /**
     * The figures of this contributor: the record of {@code io.apiguard.common.status} that readers parse its entry
     * into (a {@code DiscoveryFigures} for {@code discovery}, ...). Implementations declare that record as their return
     * type, so the contract is in the signature.
     */
    Uni<?> evidence();
}
