package io.apiguard.posture.rules;

import java.util.List;
import java.util.Locale;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.apiguard.common.events.Severity;
import io.apiguard.support.security.Roles;

/** {@code GET /api/v1/checks}: the rule catalogue. */
@RolesAllowed(Roles.VIEWER)
@Path("/api/v1/checks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "checks", description = "The posture rule catalogue")
public class CheckResource {

    /**
     * A rule as the catalogue shows it.
     *
     * @param id            rule id
     * @param title         one line
     * @param severity      severity of its findings
     * @param input         {@code inventory} or {@code traffic}
     * @param owaspCategory OWASP API Security Top 10 2023 category
     * @param owaspName     its name
     * @param nistCsf       NIST CSF 2.0 subcategory
     * @param rationale     why it matters
     * @param remediation   what to do
     */
    public record Check(
            String id,
            String title,
            Severity severity,
            String input,
            String owaspCategory,
            String owaspName,
            String nistCsf,
            String rationale,
            String remediation) {}

    @GET
    @Operation(
            summary = "The rule catalogue",
            description = "Every rule with severity, rationale, remediation, OWASP "
                    + "API Security Top 10 2023 category and NIST CSF 2.0 subcategory.")
    public List<Check> checks() {
        return RuleCatalogue.rules().stream()
                .map(rule -> new Check(
                        rule.id(),
                        rule.title(),
                        rule.severity(),
                        rule.input().name().toLowerCase(Locale.ROOT),
                        rule.owaspCategory(),
                        rule.owaspName(),
                        rule.nistCsf(),
                        rule.rationale(),
                        rule.remediation()))
                .toList();
    }
}
