package io.apiguard.logging.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;

import io.apiguard.logging.LoggingConfig;
import io.apiguard.logging.pipeline.CallPipeline;
import io.apiguard.logging.pipeline.Sender;
import io.apiguard.support.security.Roles;
import io.apiguard.support.security.WorkloadIdentity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;

/**
 * {@code POST /api/v1/calls:batch}: where sidecars deliver call records. Partial acceptance: every valid record is
 * stored even when others are not, and the answer lists the refused ones by index (400 problem+json), so a sender
 * never has to resend good records and never loses them to a neighbour's fault. Limits are checked before anything
 * is stored: a batch over them is refused whole (413) for the sender to split. Only workloads of the cluster deliver
 * (sidecars and gateways, with their projected service-account tokens): people read the trail, never write it, so an
 * operator's token, even an admin's, is refused (403). What a batch's records say about their callers is believed only
 * from the sidecar of the pod that served them ({@link Sender}): the sender is the verified token of the request and
 * the address of its connection, never a field of a record.
 */
@Path("/api/v1/calls:batch")
public class CallBatchResource {

    /** NDJSON: one JSON record per line. */
    public static final String NDJSON = "application/x-ndjson";

    /** Longest a batch may take to be stored and published before the sender gets an error and resends. */
    static final java.time.Duration INGEST_TIMEOUT = java.time.Duration.ofSeconds(30);

    private static final Logger LOGGER = Logger.getLogger(CallBatchResource.class);

    private final CallBatchParser parser;
    private final CallPipeline pipeline;
    private final LoggingConfig.Ingest limits;
    private final SecurityIdentity caller;
    private final Counter refused;

    CallBatchResource(
            CallBatchParser parser,
            CallPipeline pipeline,
            LoggingConfig config,
            SecurityIdentity caller,
            MeterRegistry registry) {
        this.parser = parser;
        this.pipeline = pipeline;
        this.limits = config.ingest();
        this.caller = caller;
        this.refused = Counter.builder("apiguard.logging.calls.refused")
                .tag("source", "http")
                .description("Invalid call records refused by index")
                .register(registry);
    }

    @POST
    @RolesAllowed(Roles.WORKLOAD)
    @Consumes({MediaType.APPLICATION_JSON, NDJSON})
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking // parsing thousands of records must not hold an event loop
    @Operation(summary = "Ingest a batch of call records (JSON array or NDJSON)")
    @APIResponse(responseCode = "202", description = "Every record is valid; new ones stored, repeats ignored")
    @APIResponse(
            responseCode = "400",
            description = "Some records are invalid: listed by index; the valid ones were stored")
    @APIResponse(responseCode = "413", description = "The batch is over the limits; nothing was stored")
    @APIResponse(responseCode = "503", description = "The store is unavailable; nothing was stored or published")
    public Response ingest(
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @Context HttpServerRequest request,
            byte[] body) {
        if (body.length > limits.maxBatchBytes()) {
            throw tooLarge(body.length + " bytes exceed the limit of " + limits.maxBatchBytes());
        }
        CallBatchParser.Batch batch;
        try {
            batch = contentType != null && contentType.startsWith(NDJSON)
                    ? parser.parseLines(body)
                    : parser.parseArray(body);
        } catch (CallBatchParser.MalformedBatchException e) {
            throw HttpProblem.builder()
                    .withStatus(Response.Status.BAD_REQUEST)
                    .withTitle("Malformed batch")
                    .withDetail(e.getMessage() + "; nothing was stored")
                    .build();
        }
        // the parser read no record beyond the limit, only counted them, so this costs no more than the limit allows
        if (batch.size() > limits.maxBatchRecords()) {
            throw tooLarge(batch.size() + " records exceed the limit of " + limits.maxBatchRecords());
        }
        // Awaited on this worker thread: the pipeline completes on the Kafka producer's and the database's threads,
        // where resuming the request asynchronously found no request context (an intermittent 500).
        CallPipeline.Outcome outcome;
        try {
            outcome = pipeline.ingest(batch.records(), sender(request)).await().atMost(INGEST_TIMEOUT);
        } catch (RuntimeException e) {
            // the records were valid: the database is down or slow, which is no fault of the sender's
            LOGGER.warnf(
                    "A batch of %d call records could not be stored: %s",
                    batch.records().size(), e.getMessage());
            throw HttpProblem.builder()
                    .withStatus(Response.Status.SERVICE_UNAVAILABLE)
                    .withTitle("Calls not stored")
                    .withDetail("the batch could not be stored now; nothing of it was published, send it again")
                    .withHeader("Retry-After", 5)
                    .build();
        }
        List<CallBatchParser.RecordError> errors = new ArrayList<>(batch.errors());
        outcome.failures()
                .forEach(failure -> errors.add(
                        new CallBatchParser.RecordError(batch.indexOf(failure.position()), failure.reason())));
        if (errors.isEmpty()) {
            return Response.accepted(new Accepted(batch.size(), outcome.stored(), outcome.duplicates()))
                    .build();
        }
        errors.sort(java.util.Comparator.comparingInt(CallBatchParser.RecordError::index));
        int accepted = batch.records().size() - outcome.failures().size();
        refused.increment(errors.size());
        LOGGER.debugf(
                "Refused %d of %d call records; the first, at index %d: %s",
                errors.size(),
                batch.size(),
                errors.get(0).index(),
                errors.get(0).detail());
        throw HttpProblem.builder()
                .withStatus(Response.Status.BAD_REQUEST)
                .withTitle("Invalid call records")
                .withDetail(errors.size() + " of " + batch.size() + " records are invalid; the " + accepted
                        + " valid ones were accepted")
                .with("accepted", accepted)
                .with("stored", outcome.stored())
                .with("errors", errors(errors))
                .build();
    }

    /**
     * Who sent this batch: the workload of the verified token, and the TCP peer of the connection (the HTTP server does
     * not rewrite it from forwarding headers: {@code quarkus.http.proxy.proxy-address-forwarding} is off), which is what
     * the trusted-proxy check of identity resolution goes by.
     */
    private Sender sender(HttpServerRequest request) {
        String peer =
                request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        return new Sender(WorkloadIdentity.of(caller).orElse(null), peer);
    }

    /**
     * The answer to a batch whose records were all valid.
     *
     * @param accepted   records in the batch
     * @param stored     records stored for the first time
     * @param duplicates records already stored (a resend)
     */
    public record Accepted(int accepted, int stored, int duplicates) {}

    private static List<Map<String, Object>> errors(List<CallBatchParser.RecordError> errors) {
        return errors.stream()
                .map(error -> Map.<String, Object>of("index", error.index(), "detail", error.detail()))
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
