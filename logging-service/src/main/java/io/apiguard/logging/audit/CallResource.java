package io.apiguard.logging.audit;

import java.time.Instant;
import java.util.Locale;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import io.apiguard.common.events.DecisionOutcome;
import io.apiguard.common.inspect.DataClass;
import io.apiguard.logging.store.CallRepository;
import io.apiguard.logging.store.PageCursor;
import io.apiguard.support.edge.QueryParameters;
import io.apiguard.support.security.Roles;
import io.smallrye.mutiny.Uni;

/** {@code GET /api/v1/calls}: search the audit trail, newest first, with cursor paging. */
@RolesAllowed(Roles.VIEWER)
@Path("/api/v1/calls")
public class CallResource {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1_000;

    private final CallRepository calls;

    CallResource(CallRepository calls) {
        this.calls = calls;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Search calls, newest first; follow nextCursor for the next page")
    public Uni<CallRepository.Page> search(
            @QueryParam("subject") @Parameter(description = "the individual caller") String subject,
            @QueryParam("serviceAccount") @Parameter(description = "the shared account calls came through")
                    String serviceAccount,
            @QueryParam("apiId") String apiId,
            @QueryParam("object") @Parameter(description = "an object as type/id, e.g. accounts/1044") String object,
            @QueryParam("clientIp") String clientIp,
            @QueryParam("status") @Parameter(description = "status class: 2xx, 4xx, 5xx ...") String statusClass,
            @QueryParam("decision") @Parameter(description = "allowed, blocked or monitored") String decision,
            @QueryParam("dataClass")
                    @Parameter(
                            description =
                                    "a data class the response carried: card-number, iban, national-id, email, token")
                    String dataClass,
            @QueryParam("from") @Parameter(description = "inclusive ISO-8601 instant") String from,
            @QueryParam("to") @Parameter(description = "exclusive ISO-8601 instant") String to,
            @QueryParam("limit")
                    @Parameter(
                            description = "1-1000, default 100",
                            schema =
                                    @Schema(
                                            type = SchemaType.INTEGER,
                                            minimum = "1",
                                            maximum = "1000",
                                            defaultValue = "100"))
                    String limit,
            @QueryParam("cursor") String cursor) {
        int pageSize = QueryParameters.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        String objectKey = QueryParameters.text(object);
        if (objectKey != null && objectKey.indexOf('/') <= 0) {
            throw QueryParameters.badRequest(
                    "object must be type/id, e.g. accounts/1044, not '" + QueryParameters.abbreviated(object) + "'");
        }
        Instant fromInstant = QueryParameters.instant("from", from);
        Instant toInstant = QueryParameters.instant("to", to);
        PageCursor after = QueryParameters.cursor(cursor, PageCursor::decode);
        CallRepository.Filter filter = new CallRepository.Filter(
                QueryParameters.text(subject),
                QueryParameters.text(serviceAccount),
                QueryParameters.text(apiId),
                objectKey,
                QueryParameters.text(clientIp),
                statusClass(statusClass),
                QueryParameters.wire("decision", decision, DecisionOutcome.values()),
                fromInstant,
                toInstant,
                QueryParameters.wire("dataClass", dataClass, DataClass.values()));
        return calls.search(filter, after, pageSize);
    }

    private static Integer statusClass(String value) {
        String text = QueryParameters.text(value);
        if (text == null) {
            return null;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.length() == 3 && lower.endsWith("xx") && lower.charAt(0) >= '1' && lower.charAt(0) <= '5') {
            return lower.charAt(0) - '0';
        }
        throw QueryParameters.badRequest(
                "status must be a status class from 1xx to 5xx, not '" + QueryParameters.abbreviated(value) + "'");
    }
}
