package io.apiguard.logging.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.apiguard.logging.LoggingConfig;
import io.apiguard.support.edge.QueryParameters;
import io.apiguard.support.security.Roles;
import io.quarkiverse.resteasy.problem.HttpProblem;
import io.smallrye.mutiny.Uni;

/** {@code GET /api/v1/audit/subjects/{subject}}: the audit trail of one person. */
@RolesAllowed(Roles.VIEWER)
@Path("/api/v1/audit/subjects/{subject}")
public class SubjectAuditResource {

    private final SubjectAuditRepository repository;
    private final Duration defaultPeriod;
    private final Clock clock = Clock.systemUTC();

    SubjectAuditResource(SubjectAuditRepository repository, LoggingConfig config) {
        this.repository = repository;
        this.defaultPeriod = Duration.ofDays(config.retention().days());
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The audit trail of one person: APIs and objects touched, first and last seen, counts")
    public Uni<SubjectAudit> audit(
            @PathParam("subject") String subject, @QueryParam("from") String from, @QueryParam("to") String to) {
        Instant toInstant = QueryParameters.instant("to", to);
        toInstant = toInstant == null ? clock.instant().plusSeconds(1) : toInstant;
        Instant fromInstant = QueryParameters.instant("from", from);
        fromInstant = fromInstant == null ? toInstant.minus(defaultPeriod) : fromInstant;
        if (!fromInstant.isBefore(toInstant)) {
            throw QueryParameters.badRequest("from must lie before to");
        }
        Instant start = fromInstant;
        Instant end = toInstant;
        return repository.audit(subject, start, end).map(audit -> {
            if (audit.calls() == 0) {
                throw HttpProblem.builder()
                        .withStatus(Response.Status.NOT_FOUND)
                        .withTitle("No calls for this subject")
                        .withDetail("No call by '" + subject + "' is recorded between " + start + " and " + end)
                        .build();
            }
            return audit;
        });
    }
}
