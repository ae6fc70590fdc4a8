package io.apiguard.posture.maturity;

import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;

import org.eclipse.microprofile.config.Config;

import io.apiguard.common.status.ServiceStatus;
import io.apiguard.common.status.StatusEvidence;
import io.apiguard.posture.PostureConfig;
import io.apiguard.support.security.WorkloadTokenFilter;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;

/**
 * The other services' {@code GET /api/v1/status}, read into the common contract ({@link ServiceStatus} of
 * {@link StatusEvidence}). Each service has a REST client and a guard of its own: a timeout, one retry, and a circuit
 * breaker named {@code <key>-status}, e.g. {@code discovery-status} (one dead service must not trip the breaker of the others), all set by
 * {@link PostureConfig.StatusCalls}. A call that still fails fails its {@link Uni}; {@link MaturityService} turns that
 * into a level that does not hold, never into an error. Every call carries posture-service's own workload token
 * ({@link WorkloadTokenFilter}): the status endpoints admit viewers only, so each service lists posture's service
 * account in {@code apiguard.security.workloads.viewers}.
 *
 * <p>Thread-safe; built once at startup. The guards are SmallRye Fault Tolerance's programmatic API because the
 * annotations give one circuit breaker per method, and this class has one method for every service.
 */
@ApplicationScoped
public class StatusClient {

    private static final TypeLiteral<Uni<ServiceStatus<StatusEvidence>>> STATUS = new TypeLiteral<>() {};

    private final Map<StatusSource, Supplier<Uni<ServiceStatus<StatusEvidence>>>> calls =
            new EnumMap<>(StatusSource.class);

    StatusClient(Config config, PostureConfig posture, WorkloadTokenFilter token) {
        PostureConfig.StatusCalls settings = posture.maturity().statusCalls();
        for (StatusSource source : StatusSource.values()) {
            StatusApi api = QuarkusRestClientBuilder.newBuilder()
                    .baseUri(config.getValue(source.urlProperty(), URI.class))
                    .connectTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .readTimeout(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .register(token)
                    .build(StatusApi.class);
            TypedGuard<Uni<ServiceStatus<StatusEvidence>>> guard = TypedGuard.create(STATUS)
                    .withDescription(source.service() + " status")
                    .withTimeout()
                    .duration(settings.timeout().toMillis(), ChronoUnit.MILLIS)
                    .done()
                    .withRetry()
                    .maxRetries(settings.maxRetries())
                    .delay(settings.retryDelay().toMillis(), ChronoUnit.MILLIS)
                    .done()
                    .withCircuitBreaker()
                    .name(source.clientKey() + "-status")
                    .requestVolumeThreshold(settings.breakerRequestVolume())
                    .failureRatio(settings.breakerFailureRatio())
                    .delay(settings.breakerDelay().toMillis(), ChronoUnit.MILLIS)
                    .done()
                    .build();
            calls.put(source, guard.adaptSupplier(api::status));
        }
    }

    /** The status of {@code source}; fails when it does not answer in time, answers an error or is unreadable. */
    public Uni<ServiceStatus<StatusEvidence>> status(StatusSource source) {
        return calls.get(source).get();
    }
}
