package io.apiguard.sidecar.sync;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;

/**
 * The sidecar's calls to enforcement-service, each bounded by a timeout and retried with backoff. A call that still
 * fails fails its {@link Uni}: the caller keeps the rule set it has, and the next interval tries again.
 *
 * <p>Threading: called from the scheduler and from startup observers; the calls are non-blocking and complete on a
 * Vert.x event loop, so whoever consumes the answer moves CPU work (verifying, compiling) off it first.
 */
@ApplicationScoped
public class ControlPlane {

    private final EnforcementClient client;

    ControlPlane(@RestClient EnforcementClient client) {
        this.client = client;
    }

    /** The current signed rule set. */
    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200)
    @ExponentialBackoff(maxDelay = 2, maxDelayUnit = ChronoUnit.SECONDS)
    public Uni<String> ruleSet() {
        return client.ruleSet();
    }

    /** Registration and heartbeat in one idempotent call; answers enforcement-service's current version. */
    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200)
    @ExponentialBackoff(maxDelay = 2, maxDelayUnit = ChronoUnit.SECONDS)
    public Uni<EnforcementClient.Registered> register(
            String namespace, String pod, EnforcementClient.Registration registration) {
        return client.register(namespace, pod, registration);
    }
}
