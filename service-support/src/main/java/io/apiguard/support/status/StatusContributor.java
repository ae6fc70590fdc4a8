package io.apiguard.support.status;

import java.util.Map;

import io.smallrye.mutiny.Uni;

/**
 * A source of service-specific evidence for the status document (the share of traffic mapped to an inventoried API,
 * the share of calls with an individual identity, consumer lag, ...).
 *
 * <p>Implementations are CDI beans; the status service discovers every one. {@link #evidence()} is subscribed on a
 * Vert.x event-loop thread for each status request, so it must not block. A failed or slow contributor does not fail
 * the status document: its entry reports the error instead.
 */
public interface StatusContributor {

    /** The key of this contributor's entry in {@link ServiceStatus#evidence()}, e.g. {@code inventory}. */
    String name();

    /** The figures of this contributor, keyed by figure name; values must serialize to JSON. */
    Uni<Map<String, Object>> evidence();
}
