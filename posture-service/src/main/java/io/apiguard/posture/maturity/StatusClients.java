package io.apiguard.posture.maturity;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.apiguard.support.security.WorkloadTokenFilter;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;

/**
 * The other services' {@code GET /api/v1/status}, each bounded by a timeout, retried once, and behind a circuit
 * breaker of its own (one dead service must not trip the breaker of the others). A call that still fails fails its
 * {@link Uni}; {@link MaturityService} turns that into a level that does not hold, never into an error. Timeouts and
 * breaker settings are overridable per method with MicroProfile Fault Tolerance configuration, e.g.
 * {@code io.apiguard.posture.maturity.StatusClients/discovery/Timeout/value=1500}. Every call carries posture-service's
 * own workload token ({@link WorkloadTokenFilter}): the status endpoints admit viewers only, so each service lists
 * posture's service account in {@code apiguard.security.workloads.viewers}.
 */
@ApplicationScoped
public class StatusClients {

    private final DiscoveryStatus discoveryClient;
    private final LoggingStatus loggingClient;
    private final DetectionStatus detectionClient;
    private final EnforcementStatus enforcementClient;

    StatusClients(@RestClient DiscoveryStatus discovery, @RestClient LoggingStatus logging,
            @RestClient DetectionStatus detection, @RestClient EnforcementStatus enforcement) {
        this.discoveryClient = discovery;
        this.loggingClient = logging;
        this.detectionClient = detection;
        this.enforcementClient = enforcement;
    }

    @Timeout(value = 1500, unit = ChronoUnit.MILLIS)
    @Retry(maxRetries = 1, delay = 50)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 10, delayUnit = ChronoUnit.SECONDS)
    @CircuitBreakerName("discovery-status")
    public Uni<RemoteStatus> discovery() {
        return discoveryClient.status();
    }

    @Timeout(value = 1500, unit = ChronoUnit.MILLIS)
    @Retry(maxRetries = 1, delay = 50)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 10, delayUnit = ChronoUnit.SECONDS)
    @CircuitBreakerName("logging-status")
    public Uni<RemoteStatus> logging() {
        return loggingClient.status();
    }

    @Timeout(value = 1500, unit = ChronoUnit.MILLIS)
    @Retry(maxRetries = 1, delay = 50)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 10, delayUnit = ChronoUnit.SECONDS)
    @CircuitBreakerName("detection-status")
    public Uni<RemoteStatus> detection() {
        return detectionClient.status();
    }

    @Timeout(value = 1500, unit = ChronoUnit.MILLIS)
    @Retry(maxRetries = 1, delay = 50)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 10, delayUnit = ChronoUnit.SECONDS)
    @CircuitBreakerName("enforcement-status")
    public Uni<RemoteStatus> enforcement() {
        return enforcementClient.status();
    }

    /** discovery-service (Level 1). */
    @RegisterRestClient(configKey = "discovery")
    @RegisterProvider(WorkloadTokenFilter.class)
    @Path("/api/v1/status")
    interface DiscoveryStatus {
        @GET
        @Produces(MediaType.APPLICATION_JSON)
        Uni<RemoteStatus> status();
    }

    /** logging-service (Level 2). */
    @RegisterRestClient(configKey = "logging")
    @RegisterProvider(WorkloadTokenFilter.class)
    @Path("/api/v1/status")
    interface LoggingStatus {
        @GET
        @Produces(MediaType.APPLICATION_JSON)
        Uni<RemoteStatus> status();
    }

    /** detection-service (Level 4). */
    @RegisterRestClient(configKey = "detection")
    @RegisterProvider(WorkloadTokenFilter.class)
    @Path("/api/v1/status")
    interface DetectionStatus {
        @GET
        @Produces(MediaType.APPLICATION_JSON)
        Uni<RemoteStatus> status();
    }

    /** enforcement-service (Level 5). */
    @RegisterRestClient(configKey = "enforcement")
    @RegisterProvider(WorkloadTokenFilter.class)
    @Path("/api/v1/status")
    interface EnforcementStatus {
        @GET
        @Produces(MediaType.APPLICATION_JSON)
        Uni<RemoteStatus> status();
    }
}
