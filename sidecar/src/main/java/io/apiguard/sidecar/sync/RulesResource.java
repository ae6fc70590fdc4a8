package io.apiguard.sidecar.sync;

import java.time.Instant;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.apiguard.common.rules.RuleSet;
import io.apiguard.common.rules.RuleSetDocument;
import io.apiguard.common.rules.RuleSetJws;
import io.apiguard.support.security.Roles;
import io.quarkiverse.resteasy.problem.HttpProblem;

/**
 * The sidecar's rule endpoints on its admin port: enforcement-service pushes the whole signed rule set here, and a
 * viewer may read which set is in force. A push must come with enforcement-service's own service-account token (the
 * {@code rule-publisher} role: 401 without a token, 403 for any other caller), be signed by a trusted key for this
 * sidecar within its validity (403 otherwise, saying which check failed), be valid whole (400 with every error,
 * nothing installed) and be newer than the set in force (409).
 *
 * <p>Threading: blocking JAX-RS methods, so Quarkus runs them on a worker thread, where verifying and compiling the
 * pushed set may take the milliseconds they need; a push racing a pull is serialized by {@link SidecarEnforcement}.
 */
@Path("/api/v1/rules")
@RolesAllowed(Roles.VIEWER)
@Tag(name = "rules", description = "The rule set in force at this sidecar")
public class RulesResource {

    private final RuleSetReceiver receiver;
    private final SidecarEnforcement enforcement;

    RulesResource(RuleSetReceiver receiver, SidecarEnforcement enforcement) {
        this.receiver = receiver;
        this.enforcement = enforcement;
    }

    /** Installs a pushed rule set. */
    @PUT
    @Consumes(RuleSetJws.MEDIA_TYPE)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.RULE_PUBLISHER)
    @Operation(
            summary = "Install a pushed rule set",
            description = "A JWS signed for this sidecar by "
                    + "enforcement-service's key; only enforcement-service's service account may push.")
    public Response push(String signed) {
        if (!receiver.canVerify()) {
            throw problem(403, "Forbidden", "this sidecar has no rule-set public key configured and accepts no push");
        }
        RuleSetReceiver.Received received = receiver.receive(signed == null ? "" : signed, "push");
        switch (received.verdict()) {
            case VALID -> {
                // checked further below
            }
            case MISSING, MALFORMED -> throw problem(400, "Bad Request", "the body is not a signed rule set");
            case UNKNOWN_KEY ->
                throw problem(403, "Forbidden", "the rule set is signed with a key this sidecar " + "does not trust");
            case BAD_SIGNATURE -> throw problem(403, "Forbidden", "the rule-set signature does not verify");
            case WRONG_AUDIENCE -> throw problem(403, "Forbidden", "the rule set is signed for another sidecar");
            case EXPIRED -> throw problem(403, "Forbidden", "the signed rule set is past its validity");
        }
        if (!received.errors().isEmpty()) {
            throw HttpProblem.builder()
                    .withStatus(400)
                    .withTitle("Bad Request")
                    .withDetail(received.errors().size() + " problems in the rule set; nothing was installed")
                    .with(
                            "errors",
                            received.errors().stream().map(RulesResource::error).toList())
                    .build();
        }
        SidecarEnforcement.InstallResult install = received.install();
        return switch (install.status()) {
            case INSTALLED, UNCHANGED ->
                Response.ok(Ack.of(install, enforcement)).build();
            case STALE, CONFLICT ->
                throw HttpProblem.builder()
                        .withStatus(409)
                        .withTitle("Conflict")
                        .withDetail("version " + install.active().version() + " ("
                                + install.active().hash() + ") is in force; a push must be newer")
                        .with("activeVersion", install.active().version())
                        .build();
            case INVALID ->
                throw problem(400, "Bad Request", "the rule set could not be compiled: " + install.detail());
        };
    }

    /** The rule set in force. */
    @GET
    @Path("/active")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The rule set in force")
    public ActiveRuleSet active() {
        RuleSet set = enforcement.activeSet();
        return new ActiveRuleSet(
                set.version(),
                set.hash(),
                enforcement.rulesActive(),
                set.issuedAt(),
                enforcement.installedAt(),
                enforcement.installedFrom(),
                enforcement.enforcing(),
                enforcement.declaredMode());
    }

    private static HttpProblem problem(int status, String title, String detail) {
        return HttpProblem.builder()
                .withStatus(status)
                .withTitle(title)
                .withDetail(detail)
                .build();
    }

    private static RuleProblem error(RuleSetDocument.RuleError error) {
        return new RuleProblem(error.index() < 0 ? null : error.index(), error.ruleId(), error.message());
    }

    /**
     * One reason a push was refused.
     *
     * @param index   position in {@code rules}; absent for a problem of the document itself
     * @param ruleId  the rule's id, when readable
     * @param message what is wrong
     */
    public record RuleProblem(Integer index, String ruleId, String message) {}

    /**
     * The answer to an accepted push: the version now in force, which enforcement-service records as acknowledged.
     *
     * @param version   the version in force
     * @param hash      its content hash
     * @param rules     its number of rules
     * @param status    {@code installed}, or {@code unchanged} when it was already in force
     * @param enforcing whether this sidecar blocks (enforce mode) or only monitors
     */
    public record Ack(long version, String hash, int rules, String status, boolean enforcing) {

        static Ack of(SidecarEnforcement.InstallResult install, SidecarEnforcement enforcement) {
            return new Ack(
                    install.active().version(),
                    install.active().hash(),
                    install.active().rules().size(),
                    install.status().name().toLowerCase(),
                    enforcement.enforcing());
        }
    }

    /**
     * The rule set in force.
     *
     * @param version     its version (0: none received yet)
     * @param hash        its content hash
     * @param rules       number of rules
     * @param issuedAt    when enforcement-service built it
     * @param installedAt when this sidecar installed it
     * @param source      how it arrived: push, pull or state-file
     * @param enforcing   whether this sidecar blocks
     * @param mode        the sidecar-wide mode, enforce or monitor
     */
    public record ActiveRuleSet(
            long version,
            String hash,
            int rules,
            Instant issuedAt,
            Instant installedAt,
            String source,
            boolean enforcing,
            String mode) {}
}
