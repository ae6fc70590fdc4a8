package io.apiguard.enforcement.sidecars;

import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

import io.apiguard.support.security.WorkloadTokenFilter;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;

/**
 * One push of a signed rule set to one sidecar, retried with exponential backoff when the sidecar is unreachable, slow
 * or failing (5xx). A refusal (4xx: a signature it does not trust, an invalid set, or a newer set already there) is
 * final: retrying would be refused again. Every push carries enforcement-service's own service-account token, which
 * the sidecar checks before it reads the body.
 */
@ApplicationScoped
public class SidecarDelivery {

    private final Map<String, SidecarAdminClient> clients = new ConcurrentHashMap<>();
    private final WorkloadTokenFilter token;

    SidecarDelivery(WorkloadTokenFilter token) {
        this.token = token;
    }

    /** Pushes {@code signedRuleSet} to the sidecar at {@code adminUrl}; fails with {@link PushRefusedException} on a 4xx. */
    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(
            maxRetries = 5,
            delay = 200,
            maxDuration = 60,
            durationUnit = ChronoUnit.SECONDS,
            abortOn = PushRefusedException.class)
    @ExponentialBackoff(maxDelay = 10, maxDelayUnit = ChronoUnit.SECONDS)
    public Uni<SidecarAdminClient.Ack> deliver(String adminUrl, String signedRuleSet) {
        return client(adminUrl)
                .push(signedRuleSet)
                .onFailure(WebApplicationException.class)
                .transform(failure -> {
                    int status =
                            ((WebApplicationException) failure).getResponse().getStatus();
                    return status >= 400 && status < 500 ? new PushRefusedException(status) : failure;
                });
    }

    private SidecarAdminClient client(String adminUrl) {
        return clients.computeIfAbsent(
                adminUrl,
                url -> QuarkusRestClientBuilder.newBuilder()
                        .baseUri(URI.create(url))
                        .connectTimeout(1, TimeUnit.SECONDS)
                        .readTimeout(3, TimeUnit.SECONDS)
                        .register(token)
                        .build(SidecarAdminClient.class));
    }

    /** The sidecar refused the push (4xx); not retried. */
    public static final class PushRefusedException extends RuntimeException {

        private final int status;

        PushRefusedException(int status) {
            super("the sidecar refused the push with " + status);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
