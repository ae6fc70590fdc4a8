package io.apiguard.sidecar.enforcement;

import java.time.Instant;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.apiguard.common.rules.RuleSet;
import io.apiguard.common.rules.RuleSetDocument;
import io.apiguard.common.rules.RuleSetSignature;
import io.quarkiverse.resteasy.problem.HttpProblem;

/**
 * The sidecar's rule endpoints on its admin port: enforcement-service pushes the whole signed rule set here, and
 * anyone may read which set is in force. A push is authenticated by its HMAC signature (unsigned: 401; wrong or stale
 * signature: 403), validated whole (any invalid rule: 400 with every error, nothing installed) and refused when older
 * than the set in force (409).
 */
@Path("/api/v1/rules")
public class RulesResource {

    private final RuleSetReceiver receiver;
    private final SidecarEnforcement enforcement;

    RulesResource(RuleSetReceiver receiver, SidecarEnforcement enforcement) {
        this.receiver = receiver;
        this.enforcement = enforcement;
    }

    /** Installs a pushed rule set. */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response push(byte[] body,
            @HeaderParam(RuleSetSignature.TIMESTAMP_HEADER) String timestamp,
            @HeaderParam(RuleSetSignature.SIGNATURE_HEADER) String signature) {
        if (!receiver.canVerify()) {
            throw problem(401, "Unauthorized", "this sidecar has no rule-set secret configured and accepts no push");
        }
        RuleSetReceiver.Received received = receiver.receive(body == null ? new byte[0] : body, timestamp, signature,
                "push");
        switch (received.verdict()) {
            case VALID -> {
                // checked further below
            }
            case MISSING -> throw problem(401, "Unauthorized", "the push carries no rule-set signature");
            case STALE -> throw problem(403, "Forbidden", "the rule-set signature is too old (or too far ahead)");
            default -> throw problem(403, "Forbidden", "the rule-set signature does not verify");
        }
        if (!received.errors().isEmpty()) {
            throw HttpProblem.builder().withStatus(400).withTitle("Bad Request")
                    .withDetail(received.errors().size() + " problems in the rule set; nothing was installed")
                    .with("errors", received.errors().stream().map(RulesResource::error).toList())
                    .build();
        }
        SidecarEnforcement.InstallResult install = received.install();
        return switch (install.status()) {
            case INSTALLED, UNCHANGED -> Response.ok(Ack.of(install, enforcement)).build();
            case STALE, CONFLICT -> throw HttpProblem.builder().withStatus(409).withTitle("Conflict")
                    .withDetail("version " + install.active().version() + " (" + install.active().hash()
                            + ") is in force; a push must be newer")
                    .with("activeVersion", install.active().version())
                    .build();
            case INVALID -> throw problem(400, "Bad Request", "the rule set could not be compiled: " + install.detail());
        };
    }

    /** The rule set in force. */
    @GET
    @Path("/active")
    @Produces(MediaType.APPLICATION_JSON)
    public ActiveRuleSet active() {
        RuleSet set = enforcement.activeSet();
        return new ActiveRuleSet(set.version(), set.hash(), enforcement.rulesActive(), set.issuedAt(),
                enforcement.installedAt(), enforcement.installedFrom(), enforcement.enforcing(),
                enforcement.declaredMode());
    }

    private static HttpProblem problem(int status, String title, String detail) {
        return HttpProblem.builder().withStatus(status).withTitle(title).withDetail(detail).build();
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
    public record RuleProblem(Integer index, String ruleId, String message) {
    }

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
            return new Ack(install.active().version(), install.active().hash(), install.active().rules().size(),
                    install.status().name().toLowerCase(), enforcement.enforcing());
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
    public record ActiveRuleSet(long version, String hash, int rules, Instant issuedAt, Instant installedAt,
            String source, boolean enforcing, String mode) {
    }
}
