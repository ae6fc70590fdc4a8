package io.apiguard.posture.maturity;

import java.time.Clock;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import io.apiguard.common.status.ServiceStatus;
import io.apiguard.common.status.StatusEvidence;
import io.apiguard.posture.PostureConfig;
import io.apiguard.posture.evaluation.PostureService;
import io.smallrye.mutiny.Uni;

/**
 * Asks every service for its status at once and assesses the maturity level. Never fails: a service that does not
 * answer, answers an error or answers something unreadable makes its level not hold, with the reason.
 */
@ApplicationScoped
public class MaturityService {

    private final StatusClient client;
    private final PostureService posture;
    private final MaturityAssessor assessor;
    private final Clock clock = Clock.systemUTC();

    MaturityService(StatusClient client, PostureService posture, PostureConfig config) {
        this.client = client;
        this.posture = posture;
        this.assessor = new MaturityAssessor(config.maturity());
    }

    /** The current maturity report. */
    public Uni<MaturityReport> assess() {
        return Uni.combine()
                .all()
                .unis(
                        probe(StatusSource.DISCOVERY),
                        probe(StatusSource.LOGGING),
                        probe(StatusSource.DETECTION),
                        probe(StatusSource.ENFORCEMENT))
                .with((discovery, logging, detection, enforcement) -> assessor.assess(
                        discovery, logging, posture.figures(), detection, enforcement, clock.instant()));
    }

    private Uni<ServiceProbe> probe(StatusSource source) {
        String service = source.service();
        long start = System.nanoTime();
        return Uni.createFrom()
                .<ServiceStatus<StatusEvidence>>deferred(() -> client.status(source))
                .map(status -> status == null
                        ? ServiceProbe.failed(service, "empty answer", millisSince(start))
                        : ServiceProbe.answered(service, status, millisSince(start)))
                .onFailure()
                .recoverWithItem(failure -> ServiceProbe.failed(service, describe(failure), millisSince(start)));
    }

    /** One line saying why a status call failed. */
    static String describe(Throwable failure) {
        if (failure instanceof CircuitBreakerOpenException) {
            return "circuit breaker open after repeated failures; not asked again yet";
        }
        if (failure instanceof org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException) {
            return "no answer in time (" + failure.getMessage() + ")";
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof com.fasterxml.jackson.core.JacksonException json) {
                return "unreadable status document: " + json.getOriginalMessage();
            }
            if (cause instanceof TimeoutException || cause instanceof io.netty.handler.timeout.TimeoutException) {
                return "no answer in time (" + cause.getMessage() + ")";
            }
            if (cause instanceof java.net.ConnectException) {
                return "unreachable: " + cause.getMessage();
            }
        }
        if (failure instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            return status < 300 ? "unreadable status document: " + failure.getMessage() : "answered HTTP " + status;
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
