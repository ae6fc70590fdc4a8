package io.apiguard.enforcement.sidecars;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

import io.apiguard.common.rules.RuleSetSignature;
import io.apiguard.enforcement.ruleset.SignedRuleSet;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;

/**
 * One push of a rule set to one sidecar, retried with exponential backoff when the sidecar is unreachable, slow or
 * failing (5xx). A refusal (4xx: a bad signature, an invalid set, or a newer set already there) is final: retrying
 * would be refused again. Each attempt is signed afresh, so a retry never carries a stale timestamp.
 */
@ApplicationScoped
public class SidecarDelivery {

    private final Map<String, SidecarAdminClient> clients = new ConcurrentHashMap<>();

    /** Pushes {@code set} to the sidecar at {@code adminUrl}; fails with {@link PushRefusedException} on a 4xx. */
    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 5, delay = 200, maxDuration = 60, durationUnit = ChronoUnit.SECONDS,
            abortOn = PushRefusedException.class)
    @ExponentialBackoff(maxDelay = 10, maxDelayUnit = ChronoUnit.SECONDS)
    public Uni<SidecarAdminClient.Ack> deliver(String adminUrl, SignedRuleSet set, RuleSetSignature signature) {
        Map<String, String> headers = set.headers(signature, Instant.now());
        return client(adminUrl)
                .push(set.body(), headers.get(RuleSetSignature.TIMESTAMP_HEADER),
                        headers.get(RuleSetSignature.SIGNATURE_HEADER))
                .onFailure(WebApplicationException.class).transform(failure -> {
                    int status = ((WebApplicationException) failure).getResponse().getStatus();
                    return status >= 400 && status < 500 ? new PushRefusedException(status) : failure;
                });
    }

    private SidecarAdminClient client(String adminUrl) {
        return clients.computeIfAbsent(adminUrl, url -> QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(url))
                .connectTimeout(1, TimeUnit.SECONDS)
                .readTimeout(3, TimeUnit.SECONDS)
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
