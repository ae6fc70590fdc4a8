package io.apiguard.logging.ingest;

import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.apiguard.logging.LoggingConfig;
import io.apiguard.logging.pipeline.CallPipeline;
import io.apiguard.support.security.Roles;
import io.quarkiverse.resteasy.problem.HttpProblem;
import io.smallrye.common.annotation.Blocking;

/**
 * {@code POST /api/v1/calls:batch}: where sidecars deliver call records. Partial acceptance: every valid record is
 * stored even when others are not, and the answer lists the refused ones by index (400 problem+json), so a sender
 * never has to resend good records and never loses them to a neighbour's fault. Limits are checked before anything
 * is stored: a batch over them is refused whole (413) for the sender to split. Only workloads of the cluster deliver
 * (sidecars and gateways, with their projected service-account tokens): people read the trail, never write it, so an
 * operator's token, even an admin's, is refused (403).
 */
@Path("/api/v1/calls:batch")
public class CallBatchResource {

    /** NDJSON: one JSON record per line. */
    public static final String NDJSON = "application/x-ndjson";

    /** Longest a batch may take to be stored and published before the sender gets an error and resends. */
    static final java.time.Duration INGEST_TIMEOUT = java.time.Duration.ofSeconds(30);

    private final CallBatchParser parser;
    private final CallPipeline pipeline;
    private final LoggingConfig.Ingest limits;

    CallBatchResource(CallBatchParser parser, CallPipeline pipeline, LoggingConfig config) {
        this.parser = parser;
        this.pipeline = pipeline;
        this.limits = config.ingest();
    }

    @POST
    @RolesAllowed(Roles.WORKLOAD)
    @Consumes({ MediaType.APPLICATION_JSON, NDJSON })
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking // parsing thousands of records must not hold an event loop
    @Operation(summary = "Ingest a batch of call records (JSON array or NDJSON)")
    @APIResponse(responseCode = "202", description = "Every record is valid; new ones stored, repeats ignored")
    @APIResponse(responseCode = "400", description = "Some records are invalid: listed by index; the valid ones were stored")
    @APIResponse(responseCode = "413", description = "The batch is over the limits; nothing was stored")
    public Response ingest(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) {
        if (body.length > limits.maxBatchBytes()) {
            throw tooLarge(body.length + " bytes exceed the limit of " + limits.maxBatchBytes());
        }
        CallBatchParser.Batch batch;
        try {
            batch = contentType != null && contentType.startsWith(NDJSON) ? parser.parseLines(body)
                    : parser.parseArray(body);
        } catch (CallBatchParser.MalformedBatchException e) {
            throw HttpProblem.builder()
                    .withStatus(Response.Status.BAD_REQUEST)
                    .withTitle("Malformed batch")
                    .withDetail(e.getMessage() + "; nothing was stored")
                    .build();
        }
        if (batch.size() > limits.maxBatchRecords()) {
            throw tooLarge(batch.size() + " records exceed the limit of " + limits.maxBatchRecords());
        }
        // Awaited on this worker thread: the pipeline completes on the Kafka producer's and the database's threads,
        // where resuming the request asynchronously found no request context (an intermittent 500).
        CallPipeline.Outcome outcome = pipeline.ingest(batch.records()).await().atMost(INGEST_TIMEOUT);
        if (batch.errors().isEmpty()) {
            return Response.accepted(new Accepted(batch.size(), outcome.stored(), outcome.duplicates())).build();
        }
        throw HttpProblem.builder()
                .withStatus(Response.Status.BAD_REQUEST)
                .withTitle("Invalid call records")
                .withDetail(batch.errors().size() + " of " + batch.size() + " records are invalid; the "
                        + batch.records().size() + " valid ones were accepted")
                .with("accepted", batch.records().size())
                .with("stored", outcome.stored())
                .with("errors", errors(batch.errors()))
                .build();
    }

    /**
     * The answer to a batch whose records were all valid.
     *
     * @param accepted   records in the batch
     * @param stored     records stored for the first time
     * @param duplicates records already stored (a resend)
     */
    public record Accepted(int accepted, int stored, int duplicates) {
    }

    private static List<Map<String, Object>> errors(List<CallBatchParser.RecordError> errors) {
        return errors.stream().map(error -> Map.<String, Object>of("index", error.index(), "detail", error.detail()))
                .toList();
    }

    private static HttpProblem tooLarge(String why) {
        return HttpProblem.builder()
                .withStatus(Response.Status.REQUEST_ENTITY_TOO_LARGE)
                .withTitle("Batch too large")
                .withDetail(why + "; nothing was stored, send it in smaller batches")
                .build();
    }
}
