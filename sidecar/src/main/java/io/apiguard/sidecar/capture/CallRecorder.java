package io.apiguard.sidecar.capture;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.Identity;
import io.apiguard.common.paths.PathTemplates;

/**
 * Turns what the proxy saw of one call into its {@link ApiCallRecord} and hands it to the {@link CallShipper}. Runs on
 * the event loop when the response has been written: allocation is a record and its few parts, nothing blocks.
 */
@ApplicationScoped
public class CallRecorder {

    private final CallShipper shipper;
    private final CaptureConfig config;
    private final ApiCallRecord.Destination destination;

    CallRecorder(CallShipper shipper, CaptureConfig config) {
        this.shipper = shipper;
        this.config = config;
        this.destination = config.service().isPresent()
                        || config.namespace().isPresent()
                        || config.pod().isPresent()
                ? new ApiCallRecord.Destination(
                        config.service().orElse(null),
                        config.namespace().orElse(null),
                        config.pod().orElse(null))
                : null;
    }

    /** Whether calls are recorded. */
    public boolean enabled() {
        return config.enabled();
    }

    /** Records one finished call. */
    public void record(Observed call) {
        if (!config.enabled()) {
            return;
        }
        ApiCallRecord record = new ApiCallRecord(
                call.id(),
                call.arrivedAt(),
                call.durationMicros(),
                // null when the route table knows none: logging-service then fills both from its own catalog
                new ApiCallRecord.Api(
                        call.host(), call.method(), call.path(), call.query(), call.pathTemplate(), call.apiId()),
                new ApiCallRecord.Source(call.clientIp(), call.forwardedFor(), call.userAgent()),
                destination,
                call.identity(),
                call.status(),
                call.requestBytes(),
                call.responseBytes(),
                PathTemplates.objects(call.path()),
                call.decision(),
                call.traceId(),
                Map.of(),
                call.inspection(),
                call.dataClasses(),
                call.returnedObjects());
        shipper.offer(record);
    }

    /**
     * What the proxy saw of one call.
     *
     * @param id             the call id (also sent upstream and back as {@code X-Request-Id} when the client sent none)
     * @param forwardedFor   the X-Forwarded-For hops as received
     * @param clientIp       the client after trusted proxies
     * @param apiId          the inventoried API by the rule set's route table; null when none serves the call
     * @param pathTemplate   the operation template by the route table; null when none fits
     * @param inspection     what inspection read of the call beyond its URI; null when inspection is off
     * @param dataClasses    wire values of the data classes found in the response; empty when none or not searched
     */
    public record Observed(
            UUID id,
            Instant arrivedAt,
            long durationMicros,
            String host,
            String method,
            String path,
            String query,
            String clientIp,
            List<String> forwardedFor,
            String userAgent,
            Identity identity,
            int status,
            long requestBytes,
            long responseBytes,
            ApiCallRecord.Decision decision,
            String apiId,
            String pathTemplate,
            String traceId,
            ApiCallRecord.Inspection inspection,
            List<String> dataClasses,
            List<String> returnedObjects) {

        /** This call with what its response carried: the data classes and the fingerprints of the ids it returned. */
        public Observed withResponse(List<String> found, List<String> returned) {
            return new Observed(
                    id,
                    arrivedAt,
                    durationMicros,
                    host,
                    method,
                    path,
                    query,
                    clientIp,
                    forwardedFor,
                    userAgent,
                    identity,
                    status,
                    requestBytes,
                    responseBytes,
                    decision,
                    apiId,
                    pathTemplate,
                    traceId,
                    inspection,
                    found,
                    returned);
        }
    }

    /** The W3C trace id of a {@code traceparent} header ({@code 00-<32 hex>-<16 hex>-<2 hex>}), else null. */
    public static String traceId(String traceparent, String b3TraceId) {
        if (traceparent != null
                && traceparent.length() >= 55
                && traceparent.charAt(2) == '-'
                && traceparent.charAt(35) == '-') {
            String id = traceparent.substring(3, 35);
            if (isHex(id) && !id.equals("00000000000000000000000000000000")) {
                return id;
            }
        }
        if (b3TraceId != null && (b3TraceId.length() == 32 || b3TraceId.length() == 16) && isHex(b3TraceId)) {
            return b3TraceId;
        }
        return null;
    }

    private static boolean isHex(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
