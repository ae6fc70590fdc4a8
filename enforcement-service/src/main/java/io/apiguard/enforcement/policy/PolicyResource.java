package io.apiguard.enforcement.policy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.apiguard.common.events.RateKey;
import io.apiguard.common.events.RuleMode;
import io.apiguard.common.rules.RuleSet;
import io.apiguard.support.security.Roles;

/** The policy in force: which detections become rules, how, and what is never blocked. */
@Path("/api/v1/policy")
@RolesAllowed(Roles.VIEWER)
@Tag(name = "policy", description = "How detections become rules")
public class PolicyResource {

    private final Policy policy;

    PolicyResource(Policy policy) {
        this.policy = policy;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The policy in force", description = "Set by configuration (admins own it), read here.")
    public PolicyView get() {
        PolicyConfig config = policy.config();
        return new PolicyView(
                config.enabled(),
                policy.mode(),
                policy.namespaceModes(),
                config.types().orElse(Set.of()),
                config.minSeverity(),
                config.minConfidence(),
                config.defaultTtl(),
                config.rateLimitPerSecond(),
                Policy.ACTIONS,
                config.maxAddressesPerDetection(),
                config.maxFingerprintsPerDetection(),
                policy.allowlist(),
                new ApiRateLimitView(
                        config.apiRateLimit().ratePerSecond(),
                        config.apiRateLimit().key(),
                        config.apiRateLimit().operations()));
    }

    /**
     * The policy.
     *
     * @param enabled            whether detections become rules
     * @param mode               the mode of policy-made rules
     * @param namespaceModes     per sidecar namespace, the mode they run in there
     * @param types              detection types that qualify; empty: all
     * @param minSeverity        lowest qualifying severity
     * @param minConfidence      lowest qualifying confidence
     * @param defaultTtl         how long a policy-made rule lives (ISO-8601)
     * @param rateLimitPerSecond the rate of a rate-limit recommendation
     * @param actions            the recommended actions understood
     * @param maxAddressesPerDetection    address rules one detection makes at most
     * @param maxFingerprintsPerDetection credential rules one detection makes at most
     * @param allowlist          never blocked
     * @param apiRateLimit       how a {@code rate-limit-api} recommendation is answered
     */
    public record PolicyView(
            boolean enabled,
            RuleMode mode,
            Map<String, RuleMode> namespaceModes,
            Set<String> types,
            String minSeverity,
            double minConfidence,
            Duration defaultTtl,
            int rateLimitPerSecond,
            List<String> actions,
            int maxAddressesPerDetection,
            int maxFingerprintsPerDetection,
            RuleSet.Allowlist allowlist,
            ApiRateLimitView apiRateLimit) {}

    /**
     * The rules of a {@code rate-limit-api} recommendation.
     *
     * @param ratePerSecond calls per second every caller together may make
     * @param key           {@code operation}: per login operation of the API; {@code api}: the whole API
     * @param operations    the login operations, with {@code key=operation}
     */
    public record ApiRateLimitView(int ratePerSecond, RateKey key, List<String> operations) {}
}
